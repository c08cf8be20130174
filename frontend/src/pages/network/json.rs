//! Reading the network page's untyped answer, and escaping text for the markup its parts build.

use serde_json::Value;

/// A string field (empty if absent).
pub fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

/// A number field (0 if absent).
pub fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_default()
}

/// A list field (empty if absent).
pub fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or_default()
}

/// The organisations' names by id, from an overview's `nodes`.
pub fn node_names(overview: &Value) -> std::collections::HashMap<String, String> {
    list(overview, "nodes").iter().map(|n| (text(n, "organisationId"), text(n, "name"))).collect()
}

/// The overview's bridges as "A – B", named by `names`.
pub fn bridge_names(overview: &Value, names: &std::collections::HashMap<String, String>) -> Vec<String> {
    let name = |e: &Value, key: &str| names.get(&text(e, key)).cloned().unwrap_or_default();
    list(overview, "edges")
        .iter()
        .filter(|e| e["bridge"].as_bool() == Some(true))
        .map(|e| format!("{} – {}", name(e, "source"), name(e, "target")))
        .collect()
}

/// Markup helpers: the graph and the tables are built as escaped markup, far less
/// WASM than one reactive view node each (and faster for 500 dots).
pub fn esc(text: &str) -> String {
    migraup_domain::html::escape(text)
}
