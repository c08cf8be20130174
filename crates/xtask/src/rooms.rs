//! Import circles inside a crate. Each top-level module of a crate (a file, or a
//! folder with its files) is a room; a room may use another only if that one does not
//! use it back, directly or through others. Circles between crates cargo refuses by
//! itself; this check refuses them inside one.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

/// The rooms a crate's source refers to, room by room: `crate::x` anywhere, and the
/// names inside `use crate::{…}` at the first level.
pub fn graph(src: &Path) -> std::io::Result<BTreeMap<String, BTreeSet<String>>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("under src");
            let first = relative.components().next().expect("a file").as_os_str().to_string_lossy().into_owned();
            let room = first.trim_end_matches(".rs").to_owned();
            if room == "lib" || room == "main" {
                continue;
            }
            // A top-level file's `super::` is the crate root.
            let top_level = relative.components().count() == 1;
            let text = std::fs::read_to_string(&path)?;
            let targets = edges.entry(room.clone()).or_default();
            for name in referenced_rooms(&text, top_level) {
                if name != room {
                    targets.insert(name);
                }
            }
        }
    }
    // Only rooms that exist count (`crate::Core` names a type of the root, not a room).
    let rooms: BTreeSet<String> = edges.keys().cloned().collect();
    for targets in edges.values_mut() {
        targets.retain(|t| rooms.contains(t));
    }
    Ok(edges)
}

fn referenced_rooms(text: &str, top_level: bool) -> BTreeSet<String> {
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut out = BTreeSet::new();
    let prefixes: &[&str] = if top_level { &["crate::", "super::"] } else { &["crate::"] };
    for prefix in prefixes {
        for (at, _) in code.match_indices(prefix) {
            // `foo::crate::` cannot occur; skip identifiers that merely end in the prefix.
            if at > 0 && code[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::{c, d}, e}`: the names at depth one.
                let mut depth = 1;
                let mut name = String::new();
                let mut at_start = true;
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        ',' if depth == 1 => {
                            if !name.is_empty() {
                                out.insert(std::mem::take(&mut name));
                            }
                            at_start = true;
                        }
                        c if depth == 1 && at_start && (c.is_alphanumeric() || c == '_') => name.push(c),
                        _ if depth == 1 && at_start && !name.is_empty() => {
                            out.insert(std::mem::take(&mut name));
                            at_start = false;
                        }
                        _ => {}
                    }
                }
                if !name.is_empty() {
                    out.insert(name);
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// The circles of a graph: its strongly connected components of more than one room.
pub fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's algorithm; the graphs are a few dozen rooms.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_and_plain_references_are_read() {
        let text = "use crate::{a, b::{c, d}, e::F};\nfn x() { crate::g::h(); super::i(); }\n// crate::comment\n";
        let found: Vec<String> = referenced_rooms(text, false).into_iter().collect();
        assert_eq!(found, ["a", "b", "e", "g"]);
        assert!(referenced_rooms(text, true).contains("i"));
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut edge = |a: &str, b: &str| {
            edges.entry(a.into()).or_default().insert(b.into());
            edges.entry(b.into()).or_default();
        };
        edge("a", "b");
        edge("b", "c");
        assert!(circles(&edges).is_empty());
        edges.get_mut("c").unwrap().insert("a".into());
        assert_eq!(circles(&edges), vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]);
    }
}
