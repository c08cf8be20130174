//! Bounds a GraphQL document *before* async-graphql validates or executes it.
//!
//! async-graphql 7.2's validation walks fragment spreads again for every use, so a
//! 1.3 KB document of 30 fragments that each spread the previous one twice would keep
//! a worker busy for minutes. Here the document is measured once, each fragment's
//! expanded size memoised, so the measurement itself costs time linear in the text:
//!
//! - nesting of braces in the raw text (checked before parsing, so the parser never
//!   recurses deeply),
//! - selections after expanding every spread, aliases, fields at the root,
//! - a cost budget: every field costs 1, a list field costs its page size, and the
//!   fields that run whole computations (`networkOverview`, the month calendar, CSV
//!   exports) cost what they do; repeating a costly field therefore adds up.

use std::collections::HashMap;

use async_graphql::{
    Name, Positioned, Value,
    parser::{
        parse_query,
        types::{DocumentOperations, ExecutableDocument, Field, FragmentDefinition, Selection, SelectionSet},
    },
};

/// The bounds a document must keep.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Deepest nesting of `{` in the text.
    pub max_nesting: usize,
    /// Names (fields, arguments, types) in the text: a document of thousands is
    /// refused before it is parsed at all.
    pub max_names: usize,
    /// Selections after every fragment spread is expanded.
    pub max_selections: u64,
    /// Aliases after expansion.
    pub max_aliases: u64,
    /// Fields directly under the operation.
    pub max_root_fields: u64,
    /// The cost budget of one document (see the module docs).
    pub max_cost: u64,
    /// Fragment definitions in one document.
    pub max_fragments: usize,
}

/// The bounds of migraup's API: the web app's largest document uses well under half.
pub const BOUNDS: Bounds = Bounds {
    max_nesting: 14,
    max_names: 2_000,
    max_selections: 600,
    max_aliases: 5,
    max_root_fields: 12,
    max_cost: 3_000,
    max_fragments: 40,
};

/// Why a document was refused (`extensions.reason`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a GraphQL document.
    Syntax,
    /// Too many names to be worth parsing.
    TooLong,
    TooDeep,
    TooManySelections,
    TooManyAliases,
    TooManyRootFields,
    TooCostly {
        cost: u64,
    },
    TooManyFragments,
    /// A fragment that spreads itself, or an unknown fragment.
    BadFragment,
}

impl Refusal {
    /// The machine-readable reason.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Syntax => "SYNTAX",
            Refusal::TooLong => "TOO_LONG",
            Refusal::TooDeep => "TOO_DEEP",
            Refusal::TooManySelections => "TOO_MANY_SELECTIONS",
            Refusal::TooManyAliases => "TOO_MANY_ALIASES",
            Refusal::TooManyRootFields => "TOO_MANY_ROOT_FIELDS",
            Refusal::TooCostly { .. } => "TOO_COSTLY",
            Refusal::TooManyFragments => "TOO_MANY_FRAGMENTS",
            Refusal::BadFragment => "BAD_FRAGMENT",
        }
    }
}

/// What a field costs by itself (its sub-selections are added, times its page size).
fn own_cost(field: &Field) -> u64 {
    match field.name.node.as_str() {
        // Betweenness, communities and layout over the whole network.
        "networkOverview" => 1_000,
        // One month of events with their organisers.
        // A whole uploaded file against the whole directory.
        "previewImport" | "commitImport" => 500,
        "calendar" | "registrationsCsv" | "metricsCsv" | "coverageCsv" | "metricsXlsx" | "graphml" | "gexf" => 200,
        _ => 1,
    }
}

/// A list field's page size: `first` when given as a literal (variables count as the
/// largest page), else 1 for plain fields.
fn multiplier(field: &Field) -> u64 {
    let Some((_, value)) = field.arguments.iter().find(|(name, _)| name.node == "first") else { return 1 };
    // A variable (not constant) counts as the largest page.
    match value.node.clone().into_const() {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(50).clamp(1, 50),
        _ => 50,
    }
}

#[derive(Clone, Copy, Default)]
struct Measure {
    selections: u64,
    aliases: u64,
    cost: u64,
    /// Fields at this level, spreads and inline fragments looked through (for the root).
    top: u64,
}

impl Measure {
    fn add(self, other: Measure) -> Measure {
        Measure {
            selections: self.selections.saturating_add(other.selections),
            aliases: self.aliases.saturating_add(other.aliases),
            cost: self.cost.saturating_add(other.cost),
            top: self.top.saturating_add(other.top),
        }
    }
}

struct Measurer<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    memo: HashMap<&'a str, Measure>,
    visiting: Vec<&'a str>,
}

impl<'a> Measurer<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> Result<Measure, Refusal> {
        let mut total = Measure::default();
        for item in &set.items {
            let m = match &item.node {
                Selection::Field(f) => {
                    let field = &f.node;
                    let inner = self.set(&field.selection_set.node)?;
                    let mul = multiplier(field);
                    Measure {
                        selections: 1u64.saturating_add(inner.selections),
                        aliases: u64::from(field.alias.is_some()).saturating_add(inner.aliases),
                        cost: own_cost(field).saturating_add(inner.cost.saturating_mul(mul)),
                        top: 1,
                    }
                }
                Selection::InlineFragment(f) => self.set(&f.node.selection_set.node)?,
                Selection::FragmentSpread(s) => self.fragment(s.node.fragment_name.node.as_str())?,
            };
            total = total.add(m);
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a str) -> Result<Measure, Refusal> {
        if let Some(m) = self.memo.get(name) {
            return Ok(*m);
        }
        if self.visiting.contains(&name) {
            return Err(Refusal::BadFragment);
        }
        let (key, definition) = self.fragments.get_key_value(name).ok_or(Refusal::BadFragment)?;
        self.visiting.push(key.as_str());
        let m = self.set(&definition.node.selection_set.node)?;
        self.visiting.pop();
        self.memo.insert(key.as_str(), m);
        Ok(m)
    }
}

/// Deepest `{` nesting and the number of names, outside strings and comments: one
/// pass over the text, before any parsing.
fn scan(query: &str) -> (usize, usize) {
    let (mut depth, mut max, mut names) = (0usize, 0usize, 0usize);
    let mut in_name = false;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        let name_char = c == '_' || c.is_ascii_alphanumeric();
        if name_char && !in_name && !c.is_ascii_digit() {
            names += 1;
        }
        in_name = name_char;
        match c {
            '{' => {
                depth += 1;
                max = max.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                // Block strings and plain strings: skip to the closing quote.
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    (max, names)
}

/// Measures `query` against `bounds`; returns the parsed document when it is within them.
pub fn check(query: &str, bounds: &Bounds) -> Result<ExecutableDocument, Refusal> {
    let (nesting, names) = scan(query);
    if nesting > bounds.max_nesting {
        return Err(Refusal::TooDeep);
    }
    if names > bounds.max_names {
        return Err(Refusal::TooLong);
    }
    let document = parse_query(query).map_err(|_| Refusal::Syntax)?;
    if document.fragments.len() > bounds.max_fragments {
        return Err(Refusal::TooManyFragments);
    }
    let mut measurer = Measurer { fragments: &document.fragments, memo: HashMap::new(), visiting: Vec::new() };
    let operations: Vec<&SelectionSet> = match &document.operations {
        DocumentOperations::Single(op) => vec![&op.node.selection_set.node],
        DocumentOperations::Multiple(ops) => ops.values().map(|op| &op.node.selection_set.node).collect(),
    };
    // One operation of a document runs (graphql_client sends a file's whole document),
    // so the largest operation is what counts.
    let mut total = Measure::default();
    for set in operations {
        let m = measurer.set(set)?;
        if m.top > bounds.max_root_fields {
            return Err(Refusal::TooManyRootFields);
        }
        total = Measure {
            selections: total.selections.max(m.selections),
            aliases: total.aliases.max(m.aliases),
            cost: total.cost.max(m.cost),
            top: 0,
        };
    }
    // Fragments no operation uses are measured too (validation would walk them).
    let names: Vec<&str> = document.fragments.keys().map(Name::as_str).collect();
    for name in names {
        measurer.fragment(name)?;
    }
    if total.selections > bounds.max_selections {
        return Err(Refusal::TooManySelections);
    }
    if total.aliases > bounds.max_aliases {
        return Err(Refusal::TooManyAliases);
    }
    if total.cost > bounds.max_cost {
        return Err(Refusal::TooCostly { cost: total.cost });
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubling_fragments(levels: usize) -> String {
        let mut q = String::from("fragment G0 on Query { __typename }\n");
        for i in 1..=levels {
            q.push_str(&format!("fragment G{i} on Query {{ ...G{p} ...G{p} }}\n", p = i - 1));
        }
        q.push_str(&format!("query {{ ...G{levels} }}"));
        q
    }

    #[test]
    fn a_fragment_bomb_is_refused_at_once() {
        let q = doubling_fragments(30);
        assert!(q.len() < 1_500);
        // 2^30 root fields: refused for them, counted without expanding anything.
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManyRootFields);
        let nested = q.replace("query { ...G30 }", "query { me { ...G30 } }");
        assert!(nested.contains("me {"));
        assert_eq!(check(&nested, &BOUNDS).unwrap_err(), Refusal::TooManySelections);
        // Even 2^39 expansions are counted at once and saturate instead of overflowing.
        let q = doubling_fragments(39).replace("query { ...G39 }", "query { me { ...G39 } }");
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManySelections);
    }

    #[test]
    fn every_document_of_the_web_app_is_within_the_bounds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/queries");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("frontend/queries") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "graphql") {
                let text = std::fs::read_to_string(&path).unwrap();
                check(&text, &BOUNDS).unwrap_or_else(|r| panic!("{} is refused: {r:?}", path.display()));
                checked += 1;
            }
        }
        assert!(checked > 10, "{checked}");
    }

    #[test]
    fn self_spreading_fragments_are_refused() {
        let q = "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }";
        assert_eq!(check(q, &BOUNDS).unwrap_err(), Refusal::BadFragment);
        assert_eq!(check("{ ...Missing }", &BOUNDS).unwrap_err(), Refusal::BadFragment);
    }

    #[test]
    fn repeated_list_fields_exhaust_the_budget() {
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(11));
        assert!(check(&q, &BOUNDS).is_ok(), "eleven small lists are fine");
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(1_871));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooLong, "refused before parsing");
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(13));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManyRootFields);
        // Hidden below one root field, repetition still adds up.
        let q = format!("{{ me {{ {} }} }}", "organisations(first: 50) { edges { node { name slug } } } ".repeat(40));
        assert!(matches!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManySelections | Refusal::TooCostly { .. }));
        let q = format!("{{ {} }}", "networkOverview { metricsCsv } ".repeat(4));
        assert!(matches!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
        assert!(check("{ networkOverview { metricsCsv coverageCsv } }", &BOUNDS).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let q = format!("{}{}", "{a".repeat(5_000), "}".repeat(5_000));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooDeep);
        // Braces inside strings and comments do not count.
        assert!(check("{ organisations(search: \"{{{{{{{{{{{{{{{{{{{{\") { totalCount } } # {{{{{{{{{{{{{{{{", &BOUNDS).is_ok());
    }

    #[test]
    fn aliases_are_counted_after_expansion() {
        let q = "fragment F on Query { a: __typename b: __typename c: __typename } { ...F x: __typename y: __typename z: __typename }";
        assert_eq!(check(q, &BOUNDS).unwrap_err(), Refusal::TooManyAliases);
    }
}
