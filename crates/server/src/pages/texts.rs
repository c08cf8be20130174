//! The interface texts of the server-rendered pages: the web app's own locale files,
//! read at compile time, so a page says the same words before and after the app starts.

use std::{collections::HashMap, sync::LazyLock};

use axum::http::HeaderMap;
use migraup_domain::{Lang, OrganisationKind};

static LOCALES: LazyLock<[(Lang, HashMap<String, String>); 2]> = LazyLock::new(|| {
    let parse = |text: &str| serde_json::from_str::<HashMap<String, String>>(text).expect("the web app's locale files are JSON");
    [
        (Lang::De, parse(include_str!("../../../../frontend/locales/de.json"))),
        (Lang::En, parse(include_str!("../../../../frontend/locales/en.json"))),
    ]
});

/// The texts of one language, and which build of the app the reader's page loads.
#[derive(Clone, Copy)]
pub(crate) struct Texts {
    pub lang: Lang,
    /// The web app marked the browser as signed in (`migraup_app=whole`): its pages
    /// load the whole app, not the public bundle. Not a credential, only a choice of build.
    pub whole_app: bool,
}

impl Texts {
    /// The visitor's language: the first of `Accept-Language` the interface speaks,
    /// else German.
    pub fn for_request(headers: &HeaderMap) -> Texts {
        let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let mut ranked: Vec<(f32, &str)> = accepted
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
                Some((quality, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let lang = ranked
            .iter()
            .filter(|(q, _)| *q > 0.0)
            .find_map(|(_, tag)| Lang::parse(&tag.split('-').next().unwrap_or_default().to_ascii_lowercase()))
            .unwrap_or(Lang::De);
        let whole_app = headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|c| c.trim() == "migraup_app=whole");
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

    /// A number as the reader writes it (German digit groups with a point).
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = if self.lang == Lang::De { '.' } else { ',' };
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
        match self.lang {
            Lang::De => local.format("%d.%m.%Y, %H:%M Uhr").to_string(),
            _ => local.format("%Y-%m-%d, %H:%M").to_string(),
        }
    }

    /// A date in the reader's order.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self.lang {
            Lang::De => d.format("%d.%m.%Y").to_string(),
            _ => d.format("%Y-%m-%d").to_string(),
        }
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
        assert_eq!(lang("ar,en;q=0.5"), Lang::En);
        assert_eq!(lang("de;q=0.4,en;q=0.6"), Lang::En);
        assert_eq!(lang("fr"), Lang::De);
        assert_eq!(lang("en;q=0"), Lang::De);
    }

    #[test]
    fn texts_are_filled_and_numbers_grouped() {
        let de = Texts { lang: Lang::De, whole_app: false };
        assert_eq!(de.fill("dir_results", &[("count", "3")]), "3 Treffer");
        assert_eq!(de.number(1234567), "1.234.567");
        assert_eq!(Texts { lang: Lang::En, whole_app: false }.number(1234), "1,234");
    }
}
