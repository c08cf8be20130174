//! Text into HTML: the web app builds large tables and the network graph as markup
//! (far less WASM than one view node each), so every value passes through here.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_names_stays_text() {
        assert_eq!(escape("<img src=x onerror=\"alert(1)\">"), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
        assert_eq!(escape("Kunst & Kultur 'e.V.'"), "Kunst &amp; Kultur &#39;e.V.&#39;");
        assert_eq!(escape("Syrisches Haus Weißensee"), "Syrisches Haus Weißensee");
    }
}
