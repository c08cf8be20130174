//! The interface language: the reader's choice is kept in the cookie `migraup_lang`,
//! which the server-rendered pages read as well (so a page arrives in the chosen
//! language, not in the browser's). `<html lang dir>` follow the locale
//! (leptos_i18n's provider sets them; the direction comes from the locale's script).

use leptos_i18n::Locale as _;
use migraup_domain::Lang;
use wasm_bindgen::JsCast;

use crate::i18n::Locale;

/// The cookie's name; the server reads the same one (`pages::texts`).
const COOKIE: &str = "migraup_lang";

/// The app's locale of an interface language.
pub fn locale_of(lang: Lang) -> Locale {
    Locale::get_all().iter().copied().find(|l| l.as_str() == lang.as_str()).unwrap_or_default()
}

/// The interface language of the app's locale.
pub fn lang_of(locale: Locale) -> Lang {
    Lang::parse(locale.as_str()).unwrap_or_default()
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
}

/// The language chosen earlier in this browser, if any.
pub fn chosen() -> Option<Locale> {
    let cookies = html_document()?.cookie().ok()?;
    let value = cookies.split("; ").find_map(|c| c.strip_prefix(COOKIE)?.strip_prefix('='))?;
    Lang::parse(value).map(locale_of)
}

/// Remembers `locale` for a year.
pub fn remember(locale: Locale) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(&format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang_of(locale).as_str()));
    }
}

/// The BCP 47 tag for `Intl`: Western digits in every language, as the server's pages
/// write numbers (and as phone numbers and addresses in Berlin have them).
pub fn intl_tag(locale: Locale) -> String {
    match lang_of(locale) {
        Lang::Ar | Lang::Fa => format!("{}-u-nu-latn", locale.as_str()),
        _ => locale.as_str().to_owned(),
    }
}
