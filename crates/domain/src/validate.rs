//! Input rules: every mutation parses its input through these before touching data.

use crate::{DomainError, Reason, error::DomainResult};

/// Plain single-line text: trimmed, `min..=max` characters, no control characters.
pub fn line(field: &str, value: &str, min: usize, max: usize) -> DomainResult<String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(DomainError::invalid(field, Reason::ControlCharacters));
    }
    length(field, value, min, max)
}

/// A name (of an organisation, an offering, an event, a project, a person): a [`line`]
/// that does not start with `=`, `+`, `-` or `@`. Names reach spreadsheets (the CSV
/// exports, the open data), which would read such a name as a formula.
pub fn name(field: &str, value: &str, min: usize, max: usize) -> DomainResult<String> {
    let value = line(field, value, min, max)?;
    if value.starts_with(['=', '+', '-', '@']) {
        return Err(DomainError::invalid(field, Reason::FormulaStart));
    }
    Ok(value)
}

/// Multi-line text: like [`line`] but newlines and tabs are allowed.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> DomainResult<String> {
    let value = value.trim();
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(DomainError::invalid(field, Reason::ControlCharacters));
    }
    length(field, value, min, max)
}

/// An optional text: empty or missing becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, 1, max).map(Some),
    }
}

/// An optional single line: empty or missing becomes `None`.
pub fn optional_line(field: &str, value: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => line(field, v, 1, max).map(Some),
    }
}

fn length(field: &str, value: &str, min: usize, max: usize) -> DomainResult<String> {
    let count = value.chars().count();
    if count == 0 && min > 0 {
        Err(DomainError::invalid(field, Reason::Required))
    } else if count < min {
        Err(DomainError::invalid(field, Reason::TooShort { min }))
    } else if count > max {
        Err(DomainError::invalid(field, Reason::TooLong { max }))
    } else {
        Ok(value.to_owned())
    }
}

/// An e-mail address, lower-cased. Structural check only; the mail server has the last word.
/// Addresses are NFKC-normalised and lower-cased before they are compared or stored,
/// so a fullwidth `ａdmin@…` is `admin@…` and cannot become a second account.
pub fn email(field: &str, value: &str) -> DomainResult<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let normalised: String = value.nfkc().collect();
    let value = line(field, &normalised, 3, 254)?.to_lowercase();
    let bad = || DomainError::invalid(field, Reason::InvalidEmail);
    let (local, domain) = value.rsplit_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.contains('@')
        && !local.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']' | '\\'));
    if domain_ok && local_ok { Ok(value) } else { Err(bad()) }
}

/// An optional web address with `http` or `https` and a host.
pub fn optional_url(field: &str, value: Option<&str>) -> DomainResult<Option<String>> {
    let Some(value) = optional_line(field, value, 2048)? else { return Ok(None) };
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| DomainError::invalid(field, Reason::InvalidUrl))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && !host.contains('@');
    if !host_ok || value.chars().any(char::is_whitespace) {
        return Err(DomainError::invalid(field, Reason::InvalidUrl));
    }
    Ok(Some(value))
}

/// An optional phone number: digits with the usual separators.
pub fn optional_phone(field: &str, value: Option<&str>) -> DomainResult<Option<String>> {
    let Some(value) = optional_line(field, value, 40)? else { return Ok(None) };
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value.chars().all(|c| c.is_ascii_digit() || " +-/().".contains(c));
    if allowed && digits >= 3 { Ok(Some(value)) } else { Err(DomainError::invalid(field, Reason::InvalidPhone)) }
}

/// A founding year between 1800 and `current_year`.
pub fn optional_year(field: &str, value: Option<i32>, current_year: i32) -> DomainResult<Option<i32>> {
    match value {
        Some(y) if !(1800..=current_year).contains(&y) => {
            Err(DomainError::invalid(field, Reason::InvalidYear { min: 1800, max: current_year }))
        }
        other => Ok(other),
    }
}

/// A slug: lower-case ASCII letters, digits and single hyphens, 2 to 80 characters.
pub fn slug(field: &str, value: &str) -> DomainResult<String> {
    let ok = (2..=80).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-')
        && !value.contains("--");
    if ok { Ok(value.to_owned()) } else { Err(DomainError::invalid(field, Reason::InvalidSlug)) }
}

/// An ISO 639-1 language code (two lower-case letters).
pub fn language_code(field: &str, value: &str) -> DomainResult<String> {
    let value = value.trim().to_ascii_lowercase();
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(value)
    } else {
        Err(DomainError::invalid(field, Reason::InvalidLanguage))
    }
}

/// Latitude and longitude, both or neither.
pub fn coordinates(field: &str, lat: Option<f64>, lon: Option<f64>) -> DomainResult<Option<(f64, f64)>> {
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Ok(Some((lat, lon))),
        _ => Err(DomainError::invalid(field, Reason::InvalidCoordinates)),
    }
}

/// Password length rules (NIST 800-63B): 12 to 128 characters, no composition rules.
/// Whether it is too common is checked on the server against a list.
pub fn password_length(field: &str, value: &str) -> DomainResult<()> {
    let count = value.chars().count();
    if count < 12 {
        Err(DomainError::invalid(field, Reason::TooShort { min: 12 }))
    } else if count > 128 {
        Err(DomainError::invalid(field, Reason::TooLong { max: 128 }))
    } else {
        Ok(())
    }
}

/// A whole number within `min..=max`.
pub fn range(field: &str, value: i64, min: i64, max: i64) -> DomainResult<i64> {
    if (min..=max).contains(&value) { Ok(value) } else { Err(DomainError::invalid(field, Reason::OutOfRange { min, max })) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn e_mail_addresses_are_nfkc_normalised() {
        assert_eq!(super::email("email", "\u{FF41}dmin@Example.org").unwrap(), "admin@example.org");
    }

    use super::*;

    fn reason(r: DomainResult<impl std::fmt::Debug>) -> Reason {
        r.expect_err("should be rejected").reason
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(line("name", "  Café Aleppo ", 2, 20).unwrap(), "Café Aleppo");
        assert_eq!(reason(line("name", "   ", 1, 10)), Reason::Required);
        assert_eq!(reason(line("name", "abcdefghijk", 1, 10)), Reason::TooLong { max: 10 });
        assert_eq!(reason(line("name", "a\u{0007}b", 1, 10)), Reason::ControlCharacters);
        assert_eq!(reason(line("name", "a\nb", 1, 10)), Reason::ControlCharacters);
        assert!(text("description", "a\nb", 1, 10).is_ok());
    }

    #[test]
    fn names_do_not_start_like_a_formula() {
        for formula in ["=HYPERLINK(\"http://evil.example\")", "+cmd", " -2+3", "@SUM(A1)"] {
            assert_eq!(reason(name("name", formula, 2, 200)), Reason::FormulaStart, "{formula}");
        }
        assert_eq!(name("name", " Eltern-Café @Pankow = Treffpunkt ", 2, 200).unwrap(), "Eltern-Café @Pankow = Treffpunkt");
        assert_eq!(reason(name("name", "x", 2, 200)), Reason::TooShort { min: 2 });
    }

    #[test]
    fn unicode_names_count_characters_not_bytes() {
        let arabic = "جمعية الجالية السورية";
        assert_eq!(line("name", arabic, 2, 21).unwrap(), arabic);
        assert_eq!(line("name", "Hội Người Việt", 2, 14).unwrap(), "Hội Người Việt");
    }

    #[test]
    fn e_mail_addresses() {
        assert_eq!(email("email", " Info@Verein.DE ").unwrap(), "info@verein.de");
        for bad in ["no-at-sign", "a@b", "a b@c.de", "@c.de", "a@.de", "a@c..de"] {
            assert_eq!(reason(email("email", bad)), Reason::InvalidEmail, "{bad}");
        }
    }

    #[test]
    fn urls_need_scheme_and_host() {
        assert!(optional_url("website", Some("https://verein.de/ueber-uns")).unwrap().is_some());
        assert_eq!(optional_url("website", Some("")).unwrap(), None);
        for bad in ["javascript:alert(1)", "ftp://x.de", "https://localhost", "https://a b.de"] {
            assert_eq!(reason(optional_url("website", Some(bad))), Reason::InvalidUrl, "{bad}");
        }
    }

    #[test]
    fn years_phones_slugs_languages_coordinates() {
        assert!(optional_year("foundedYear", Some(1990), 2026).is_ok());
        assert!(optional_year("foundedYear", Some(2027), 2026).is_err());
        assert!(optional_year("foundedYear", Some(1700), 2026).is_err());
        assert!(optional_phone("phone", Some("+49 30 1234-567")).is_ok());
        assert!(optional_phone("phone", Some("call me")).is_err());
        assert!(slug("slug", "frauen-cafe").is_ok());
        assert!(slug("slug", "Frauen Café").is_err());
        assert_eq!(language_code("languages", "AR").unwrap(), "ar");
        assert!(language_code("languages", "ara").is_err());
        assert!(coordinates("coordinates", Some(52.56), Some(13.41)).is_ok());
        assert!(coordinates("coordinates", Some(52.56), None).is_err());
        assert!(coordinates("coordinates", Some(91.0), Some(0.0)).is_err());
    }

    #[test]
    fn passwords_between_12_and_128_characters() {
        assert!(password_length("password", "correct horse").is_ok());
        assert_eq!(reason(password_length("password", "short")), Reason::TooShort { min: 12 });
        assert!(password_length("password", &"x".repeat(129)).is_err());
    }
}
