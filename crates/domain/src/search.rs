//! Folding text for search: case- and accent-insensitive, the same on every database.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Lower-cases, removes accents and other combining marks (so "Café" matches "cafe",
/// and Arabic vowel signs are ignored) and writes ß as "ss". Both the stored search
/// text and the query go through this, so a plain substring match finds
/// "Beratung" inside "Rechtsberatung".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out.trim_end().to_owned()
}

/// A URL-friendly slug from a name; empty when the name has no Latin letters or digits.
pub fn slugify(name: &str) -> String {
    let folded = fold(&name.replace(['ä', 'Ä'], "ae").replace(['ö', 'Ö'], "oe").replace(['ü', 'Ü'], "ue"));
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars().take(80).collect::<String>().trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Café  Müller"), "cafe muller");
        assert_eq!(fold("Straße"), "strasse");
        assert!(fold("Rechtsberatung für Geflüchtete").contains(&fold("Beratung")));
        assert_eq!(fold("Привет"), "привет");
    }

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(slugify("Frauen-Café Weißensee e.V."), "frauen-cafe-weissensee-e-v");
        assert_eq!(slugify("Über uns"), "ueber-uns");
        assert_eq!(slugify("جمعية"), "");
    }
}
