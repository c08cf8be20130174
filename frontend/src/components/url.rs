//! Links with query strings: one way to build them, every value encoded.

/// `path?key=value&…`, leaving out empty values; keys and values are encoded.
pub fn with_query<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use migraup_domain::directory::encode;
    let query: Vec<String> =
        pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{}={}", encode(k), encode(v.trim()))).collect();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}
