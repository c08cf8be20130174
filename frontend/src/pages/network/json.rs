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

/// Markup helpers: the graph and the tables are built as escaped markup, far less
/// WASM than one reactive view node each (and faster for 500 dots).
pub fn esc(text: &str) -> String {
    migraup_domain::html::escape(text)
}
