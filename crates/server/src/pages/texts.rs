//! The interface texts of the server-rendered pages: the web app's own locale files,
//! read at compile time, so a page says the same words before and after the app starts.
//! A page names a text by a constant of `key` (made by `build.rs` from `de.json`), so a
//! misspelt key fails the build, as it does in the web app.

use std::{collections::HashMap, sync::LazyLock};

use axum::http::HeaderMap;
use migraup_domain::{
    Lang, OrganisationKind,
    plural::{Plural, plural},
    texts::{app_keys, app_text, substitute},
};

/// A text of `de.json`: the constants of `key`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key(&'static str);

/// A text with plural forms (`dir_results.one`, `dir_results.other`, …), which
/// `Texts::count` shows in the form of its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Counted(&'static str);

include!(concat!(env!("OUT_DIR"), "/text_keys.rs"));

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
/// JSON list in the order of `app_keys` (the sorted keys of `de.json`, every text with
/// plural forms in all six; a form a language does not use is its `other`, German
/// where a language lacks a text), with the fingerprint of that key list and an ETag.
pub(crate) struct AppTexts {
    pub keys: String,
    pub lists: Vec<(Lang, String, String)>,
}

pub(crate) static APP_TEXTS: LazyLock<AppTexts> = LazyLock::new(|| {
    let german = &LOCALES[0].1;
    let keys = app_keys(german.keys().map(String::as_str));
    let fingerprint = migraup_domain::texts::keys_fingerprint(keys.iter().map(String::as_str));
    let lookup = |texts: &'static HashMap<String, String>| move |key: &str| texts.get(key).map(String::as_str);
    let lists = LOCALES
        .iter()
        .map(|(lang, texts)| {
            let list: Vec<&str> = keys.iter().map(|k| app_text(k, lookup(texts), lookup(german))).collect();
            let json = serde_json::to_string(&list).expect("texts are JSON");
            let etag = format!("\"{}\"", migraup_domain::texts::keys_fingerprint([json.as_str()]));
            (*lang, json, etag)
        })
        .collect();
    AppTexts { keys: fingerprint, lists }
});

/// The cookie that keeps the chosen interface language (the web app's `language.rs`).
pub(crate) const LANGUAGE_COOKIE: &str = "migraup_lang";

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
    pub fn get(self, key: Key) -> &'static str {
        find(self.lang, key.0).or_else(|| find(Lang::De, key.0)).unwrap_or_default()
    }

    /// The text of `key` with `{{ name }}` placeholders filled in.
    pub fn fill(self, key: Key, values: &[(&str, &str)]) -> String {
        substitute(self.get(key), values)
    }

    /// The text `key` in the form `n` takes in this language (its `other` where the
    /// language has no own text for that form), `{{ count }}` filled with `n` as the
    /// reader writes numbers and the other placeholders with `values`.
    pub fn count(self, key: Counted, n: u64, values: &[(&str, &str)]) -> String {
        let form = |lang: Lang| find(lang, &plural(lang, n).key(key.0)).or_else(|| find(lang, &Plural::Other.key(key.0)));
        let number = self.number(n);
        let mut all = vec![("count", number.as_str())];
        all.extend_from_slice(values);
        substitute(form(self.lang).or_else(|| form(Lang::De)).unwrap_or_default(), &all)
    }

    /// A whole number as the reader writes it (`texts::decimal`).
    pub fn number(self, n: u64) -> String {
        migraup_domain::texts::decimal(self.lang, n as f64, 0)
    }

    /// Date and time in Berlin, in the reader's order.
    pub fn date_time(self, t: chrono::DateTime<chrono::Utc>) -> String {
        // The one form of the mails and files too.
        migraup_core::berlin::human(self.lang, t)
    }

    /// A date in the reader's order.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        d.format(migraup_domain::texts::text(self.lang, "date")).to_string()
    }
}

/// The text of `key` in `lang`'s locale file.
fn find(lang: Lang, key: &str) -> Option<&'static str> {
    LOCALES.iter().find(|(l, _)| *l == lang).and_then(|(_, texts)| texts.get(key)).map(String::as_str)
}

/// The text key of an organisation kind (the web app's `kind_label`).
pub(crate) fn kind_key(kind: OrganisationKind) -> Key {
    match kind {
        OrganisationKind::MigrantOrganisation => key::kind_migrant_organisation,
        OrganisationKind::Initiative => key::kind_initiative,
        OrganisationKind::InformalNetwork => key::kind_informal_network,
        OrganisationKind::WelfareProvider => key::kind_welfare_provider,
        OrganisationKind::PublicInstitution => key::kind_public_institution,
        OrganisationKind::Network => key::kind_network,
        OrganisationKind::Other => key::kind_other,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header::ACCEPT_LANGUAGE};
    use migraup_domain::Lang;

    use super::{HashMap, Texts, app_keys, key};

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
        let pairs = |texts: &'static HashMap<String, String>| texts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>();
        let german = pairs(&super::LOCALES[0].1);
        for (lang, texts) in super::LOCALES.iter() {
            migraup_domain::texts::check_language(*lang, &german, &pairs(texts)).unwrap();
        }
    }

    #[test]
    fn texts_are_filled_and_numbers_grouped() {
        let de = Texts { lang: Lang::De, whole_app: false };
        assert_eq!(de.fill(key::org_founded, &[("year", "1999")]), "Gegründet 1999");
        assert_eq!(de.number(1234567), "1.234.567");
        assert_eq!(Texts { lang: Lang::En, whole_app: false }.number(1234), "1,234");
        assert_eq!(Texts { lang: Lang::Ru, whole_app: false }.number(1234), "1\u{a0}234");
    }

    #[test]
    fn a_count_takes_the_plural_form_of_its_language() {
        let results = |lang: Lang| [0, 1, 2, 5, 21].map(|n| Texts { lang, whole_app: false }.count(key::dir_results, n, &[]));
        assert_eq!(results(Lang::De), ["0 Treffer", "1 Treffer", "2 Treffer", "5 Treffer", "21 Treffer"]);
        assert_eq!(results(Lang::En), ["0 results", "1 result", "2 results", "5 results", "21 results"]);
        assert_eq!(results(Lang::Tr), ["0 sonuç", "1 sonuç", "2 sonuç", "5 sonuç", "21 sonuç"]);
        assert_eq!(results(Lang::Fa), ["0 نتیجه", "1 نتیجه", "2 نتیجه", "5 نتیجه", "21 نتیجه"]);
        assert_eq!(results(Lang::Ru), ["0 результатов", "1 результат", "2 результата", "5 результатов", "21 результат"]);
        assert_eq!(results(Lang::Uk), ["0 результатів", "1 результат", "2 результати", "5 результатів", "21 результат"]);
        assert_eq!(results(Lang::Ar), ["لا توجد نتائج", "نتيجة واحدة", "نتيجتان", "5 نتائج", "21 نتيجة"]);
        let accounts = |lang: Lang, n: u64| Texts { lang, whole_app: false }.count(key::users_count, n, &[]);
        assert_eq!((accounts(Lang::De, 1).as_str(), accounts(Lang::De, 1234).as_str()), ("1 Konto", "1.234 Konten"));
    }

    #[test]
    fn the_web_apps_list_has_every_plural_form_in_each_language() {
        let keys = app_keys(super::LOCALES[0].1.keys().map(String::as_str));
        let position = |key: &str| keys.iter().position(|k| k == key).unwrap();
        let list = |lang: Lang| {
            let (_, json, _) = super::APP_TEXTS.lists.iter().find(|(l, _, _)| *l == lang).unwrap();
            serde_json::from_str::<Vec<String>>(json).unwrap()
        };
        let (russian, german) = (list(Lang::Ru), list(Lang::De));
        assert_eq!(russian.len(), keys.len());
        assert_eq!(russian[position("dir_results.many")], "{{ count }} результатов");
        assert_eq!(russian[position("dir_results.two")], "{{ count }} результата", "a form Russian does not use is its other");
        assert_eq!(german[position("dir_results.few")], "{{ count }} Treffer");
    }
}
