//! The interface texts of the server-rendered pages: the web app's own locale files,
//! read at compile time, so a page says the same words before and after the app starts.

use std::{collections::HashMap, sync::LazyLock};

use axum::http::HeaderMap;
use migraup_domain::{Lang, OrganisationKind};

/// The locale file of each interface language, in the order of `Lang::ALL`.
const FILES: [&str; 7] = [
    include_str!("../../../../frontend/locales/de.json"),
    include_str!("../../../../frontend/locales/en.json"),
    include_str!("../../../../frontend/locales/ar.json"),
    include_str!("../../../../frontend/locales/tr.json"),
    include_str!("../../../../frontend/locales/uk.json"),
    include_str!("../../../../frontend/locales/ru.json"),
    include_str!("../../../../frontend/locales/fa.json"),
];

static LOCALES: LazyLock<Vec<(Lang, HashMap<String, String>)>> = LazyLock::new(|| {
    let parse = |text: &str| serde_json::from_str::<HashMap<String, String>>(text).expect("the web app's locale files are JSON");
    Lang::ALL.iter().zip(FILES).map(|(lang, file)| (*lang, parse(file))).collect()
});

/// The web app's texts of each language as it loads them (`/locales/{lang}.json`): a
/// JSON list in the order of the sorted keys of `de.json` (German where a language
/// lacks a text), with the fingerprint of that key list and an ETag.
pub(crate) struct AppTexts {
    pub keys: String,
    pub lists: Vec<(Lang, String, String)>,
}

pub(crate) static APP_TEXTS: LazyLock<AppTexts> = LazyLock::new(|| {
    let german = &LOCALES[0].1;
    let mut keys: Vec<&String> = german.keys().collect();
    keys.sort();
    let fingerprint = migraup_domain::texts::keys_fingerprint(keys.iter().map(|k| k.as_str()));
    let lists = LOCALES
        .iter()
        .map(|(lang, texts)| {
            let list: Vec<&String> = keys.iter().map(|k| texts.get(*k).unwrap_or(&german[*k])).collect();
            let json = serde_json::to_string(&list).expect("texts are JSON");
            let etag = format!("\"{}\"", migraup_domain::texts::keys_fingerprint([json.as_str()]));
            (*lang, json, etag)
        })
        .collect();
    AppTexts { keys: fingerprint, lists }
});

/// The cookie that keeps the chosen interface language (the web app's `language.rs`).
pub(crate) const LANGUAGE_COOKIE: &str = "migraup_lang";

/// A path on this site (`/…`), not an address elsewhere (`//host`, `/\\host`).
pub(crate) fn is_local_path(to: &str) -> bool {
    to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\\") && to.len() <= 2048 && !to.contains(['\r', '\n'])
}

/// The texts of one language, and which build of the app the reader's page loads.
#[derive(Clone, Copy)]
pub(crate) struct Texts {
    pub lang: Lang,
    /// The web app marked the browser as signed in (`migraup_app=whole`): its pages
    /// load the whole app, not the public bundle. Not a credential, only a choice of build.
    pub whole_app: bool,
}

impl Texts {
    /// The visitor's language: the one chosen in this browser (the cookie the web app
    /// and `GET /language` set), else the first of `Accept-Language` the interface
    /// speaks, else German.
    pub fn for_request(headers: &HeaderMap) -> Texts {
        let cookies: Vec<&str> = headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .map(str::trim)
            .collect();
        let chosen = cookies.iter().find_map(|c| c.strip_prefix(LANGUAGE_COOKIE)?.strip_prefix('=')).and_then(Lang::parse);
        let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let lang = chosen.unwrap_or_else(|| Lang::from_accept_language(accepted));
        let whole_app = cookies.contains(&"migraup_app=whole");
        Texts { lang, whole_app }
    }

    /// The text of `key`; the German one if this language lacks it.
    pub fn get(self, key: &str) -> &'static str {
        let find = |lang: Lang| LOCALES.iter().find(|(l, _)| *l == lang).and_then(|(_, texts)| texts.get(key)).map(String::as_str);
        find(self.lang).or_else(|| find(Lang::De)).unwrap_or_else(|| key_missing(key))
    }

    /// The text of `key` with `{{ name }}` placeholders filled in.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key).to_owned(), |text, (name, value)| text.replace(&format!("{{{{ {name} }}}}"), value))
    }

    /// A whole number as the reader writes it, with the digit groups of `Intl` (which
    /// the web app uses): a point in German and Turkish, a no-break space in Ukrainian
    /// and Russian, a comma otherwise. Western digits everywhere, as phone numbers and
    /// addresses in Berlin have them.
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self.lang {
            Lang::De | Lang::Tr => '.',
            Lang::Uk | Lang::Ru => '\u{a0}',
            Lang::En | Lang::Ar | Lang::Fa => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// Date and time in Berlin, in the reader's order.
    pub fn date_time(self, t: chrono::DateTime<chrono::Utc>) -> String {
        let local = migraup_core::berlin::local(t);
        local.format(migraup_domain::texts::text(self.lang, "date_time")).to_string()
    }

    /// A date in the reader's order.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        d.format(migraup_domain::texts::text(self.lang, "date")).to_string()
    }
}

/// The text key of an organisation kind (the web app's `kind_label`).
pub(crate) fn kind_key(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::MigrantOrganisation => "kind_migrant_organisation",
        OrganisationKind::Initiative => "kind_initiative",
        OrganisationKind::InformalNetwork => "kind_informal_network",
        OrganisationKind::WelfareProvider => "kind_welfare_provider",
        OrganisationKind::PublicInstitution => "kind_public_institution",
        OrganisationKind::Network => "kind_network",
        OrganisationKind::Other => "kind_other",
    }
}

fn key_missing(key: &str) -> &'static str {
    tracing::warn!(key, "a server-rendered page asks for a text the locale files lack");
    ""
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header::ACCEPT_LANGUAGE};
    use migraup_domain::Lang;

    use super::Texts;

    fn lang(accept: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(accept).unwrap());
        Texts::for_request(&headers).lang
    }

    #[test]
    fn the_first_accepted_language_the_interface_speaks_wins() {
        assert_eq!(lang("en-GB,en;q=0.9,de;q=0.8"), Lang::En);
        assert_eq!(lang("ar,en;q=0.5"), Lang::Ar);
        assert_eq!(lang("fr,fa;q=0.7,en;q=0.5"), Lang::Fa);
        assert_eq!(lang("de;q=0.4,en;q=0.6"), Lang::En);
        assert_eq!(lang("fr"), Lang::De);
        assert_eq!(lang("en;q=0"), Lang::De);
    }

    #[test]
    fn every_locale_file_has_exactly_the_german_keys_and_placeholders() {
        let placeholders = |text: &str| {
            let mut found: Vec<String> =
                text.split("{{").skip(1).filter_map(|p| p.split_once("}}")).map(|(n, _)| n.trim().to_owned()).collect();
            found.sort();
            found
        };
        let german = &super::LOCALES[0].1;
        for (lang, texts) in super::LOCALES.iter() {
            let mut missing: Vec<&String> = german.keys().filter(|k| !texts.contains_key(*k)).collect();
            let mut extra: Vec<&String> = texts.keys().filter(|k| !german.contains_key(*k)).collect();
            missing.sort();
            extra.sort();
            assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
            for (key, text) in texts {
                assert!(!text.trim().is_empty(), "{lang}: {key} is empty");
                assert_eq!(placeholders(text), placeholders(&german[key]), "{lang}: {key} has other placeholders");
            }
        }
    }

    #[test]
    fn texts_are_filled_and_numbers_grouped() {
        let de = Texts { lang: Lang::De, whole_app: false };
        assert_eq!(de.fill("dir_results", &[("count", "3")]), "3 Treffer");
        assert_eq!(de.number(1234567), "1.234.567");
        assert_eq!(Texts { lang: Lang::En, whole_app: false }.number(1234), "1,234");
        assert_eq!(Texts { lang: Lang::Ru, whole_app: false }.number(1234), "1\u{a0}234");
    }
}
