//! The interface language: the reader's choice is kept in the cookie `migraup_lang`,
//! which the server-rendered pages read as well (so a page arrives in the chosen
//! language, not in the browser's); without a choice, the browser's languages decide.

use migraup_domain::Lang;
use wasm_bindgen::JsCast;

/// The cookie's name; the server reads the same one (`pages::texts`).
const COOKIE: &str = "migraup_lang";

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
}

/// The language chosen earlier in this browser, if any.
fn chosen() -> Option<Lang> {
    let cookies = html_document()?.cookie().ok()?;
    let value = cookies.split("; ").find_map(|c| c.strip_prefix(COOKIE)?.strip_prefix('='))?;
    Lang::parse(value)
}

/// The language to start in: the one chosen earlier, else the first of the browser's
/// languages the interface speaks (as the server reads `Accept-Language`), else German.
pub fn initial() -> Lang {
    chosen().unwrap_or_else(|| {
        let languages = web_sys::window().map(|w| w.navigator().languages()).map(|list| list.to_vec()).unwrap_or_default();
        languages
            .iter()
            .filter_map(|l| l.as_string())
            .find_map(|tag| Lang::parse(&tag.split('-').next().unwrap_or_default().to_ascii_lowercase()))
            .unwrap_or_default()
    })
}

/// Remembers `lang` for a year.
pub fn remember(lang: Lang) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(&format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.as_str()));
    }
}

/// The BCP 47 tag for `Intl`: Western digits in every language, as the server's pages
/// write numbers (and as phone numbers and addresses in Berlin have them).
pub fn intl_tag(lang: Lang) -> String {
    match lang {
        Lang::Ar | Lang::Fa => format!("{}-u-nu-latn", lang.as_str()),
        // British English: day before month (06/12/2026), as in the rest of Europe.
        Lang::En => "en-GB".to_owned(),
        _ => lang.as_str().to_owned(),
    }
}
