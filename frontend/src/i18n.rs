//! The interface texts. The whole app has German compiled in (its default, and the
//! fallback when another language cannot be loaded); every other language, and German
//! for the public bundle, comes from the server when needed (`/locales/{lang}.json`, a
//! list in the order of the key numbers `build.rs` generates), so more languages cost
//! the web app no size, and the public bundle carries no texts at all (a server page
//! preloads the texts of its language alongside the app's code).
//! `t_string!(i18n, key)` is a text, `t!(i18n, key, name = value)` a text with its
//! `{{ name }}` placeholders filled with views, and `t!(i18n, key, count = n, …)` a text
//! with plural forms in the form `n` takes in the language shown (CLDR's rules,
//! `migraup_domain::plural`): "1 Treffer", "21 результат", "5 результатов". Switching
//! the language renders the app anew (`app.rs`), so texts need not be reactive.

use std::cell::{Cell, RefCell};

use leptos::{prelude::*, task::spawn_local};
pub use migraup_domain::Lang as Locale;

include!(concat!(env!("OUT_DIR"), "/keys.rs"));

thread_local! {
    /// Texts loaded so far, per language (kept for the page's life: switching back is instant).
    static LOADED: RefCell<Vec<(Locale, &'static [String])>> = const { RefCell::new(Vec::new()) };
    /// The texts shown now, and their language.
    static CURRENT: Cell<&'static [String]> = const { Cell::new(&[]) };
    static SHOWN: Cell<Locale> = const { Cell::new(Locale::De) };
}

/// The texts of `lang` loaded so far.
fn loaded(lang: Locale) -> Option<&'static [String]> {
    LOADED.with(|l| l.borrow().iter().find(|(l, _)| *l == lang).map(|(_, t)| *t))
}

fn keep(lang: Locale, texts: Vec<String>) -> &'static [String] {
    let texts: &'static [String] = Vec::leak(texts);
    LOADED.with(|l| l.borrow_mut().push((lang, texts)));
    texts
}

/// German: loaded, or (whole app) compiled in.
fn german() -> Option<&'static [String]> {
    loaded(Locale::De).or_else(compiled_german)
}

/// German, compiled into the whole app (read once: `german` finds it loaded after), as
/// the server sends it: in the order of the key list, with every plural form.
#[cfg(feature = "work")]
fn compiled_german() -> Option<&'static [String]> {
    use migraup_domain::texts::{app_keys, app_text};
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../locales/de.json")).expect("locales/de.json is JSON");
    let german = |key: &str| map.get(key).and_then(serde_json::Value::as_str);
    let texts = app_keys(map.keys().map(String::as_str)).iter().map(|key| app_text(key, german, |_| None).to_owned()).collect();
    Some(keep(Locale::De, texts))
}

/// The public bundle has no texts of its own: it loads German like any language.
#[cfg(not(feature = "work"))]
fn compiled_german() -> Option<&'static [String]> {
    None
}

/// The key numbers of the six forms of a text with plural forms (`build.rs`), in the
/// order of `Plural::ALL`; the server fills a form a language does not use with its
/// `other`.
#[derive(Clone, Copy)]
pub struct Forms(pub [usize; 6]);

/// A key of `t!`: a text's number, or the forms of a text with plural forms, which
/// `count = n` chooses from.
pub trait TextKey: Copy {
    fn index(self, n: u64) -> usize;
}

impl TextKey for usize {
    fn index(self, _: u64) -> usize {
        self
    }
}

impl TextKey for Forms {
    fn index(self, n: u64) -> usize {
        self.0[migraup_domain::plural::plural(shown(), n) as usize]
    }
}

/// A number that chooses a plural form (`t!(i18n, key, count = n)`).
pub trait Count: Copy {
    fn count(self) -> u64;
}

macro_rules! counts {
    ($($t:ty),*) => { $(impl Count for $t { fn count(self) -> u64 { u64::try_from(self).unwrap_or_default() } })* };
}
counts!(i32, i64, u32, u64, usize);

/// The text with index `key` in the language shown.
pub fn text(key: usize) -> &'static str {
    let current = CURRENT.with(Cell::get);
    let texts = if current.is_empty() { german().unwrap_or_default() } else { current };
    texts.get(key).map_or("", String::as_str)
}

/// The text with index `key`, its `{{ name }}` placeholders replaced by `values`.
pub fn fill(key: usize, mut values: Vec<(&'static str, AnyView)>) -> AnyView {
    let mut rest = text(key);
    let mut parts: Vec<AnyView> = Vec::new();
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start..].find("}}") else { break };
        parts.push(rest[..start].into_any());
        let name = rest[start + 2..start + length].trim();
        if let Some(at) = values.iter().position(|(n, _)| *n == name) {
            parts.push(values.swap_remove(at).1);
        }
        rest = &rest[start + length + 2..];
    }
    parts.push(rest.into_any());
    parts.into_any()
}

/// Makes `lang`'s texts the ones shown, loading them first; false when they could not
/// be loaded (the language shown stays).
pub async fn load(lang: Locale) -> bool {
    if let Some(found) = if lang == Locale::De { german() } else { loaded(lang) } {
        show(lang, found);
        return true;
    }
    // The address a server page in this language also preloads (`pages::shell`), so
    // the browser answers this request from that early fetch.
    let url = format!("/locales/{}.json?keys={KEYS}", lang.as_str());
    let Ok(response) = gloo_net::http::Request::get(&url).send().await else { return false };
    let Ok(texts) = response.json::<Vec<String>>().await else { return false };
    if !response.ok() || texts.len() != COUNT {
        return false;
    }
    show(lang, keep(lang, texts));
    true
}

fn show(lang: Locale, texts: &'static [String]) {
    CURRENT.with(|c| c.set(texts));
    SHOWN.with(|s| s.set(lang));
}

/// The language whose texts are shown.
pub fn shown() -> Locale {
    SHOWN.with(Cell::get)
}

/// The interface language and its switch; from `use_i18n`.
#[derive(Clone, Copy)]
pub struct I18nContext {
    locale: RwSignal<Locale>,
}

impl I18nContext {
    /// The language shown (tracked).
    pub fn get_locale(&self) -> Locale {
        self.locale.get()
    }

    /// The language shown (untracked).
    pub fn get_locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// Shows `lang` once its texts are there.
    pub fn set_locale(&self, lang: Locale) {
        let locale = self.locale;
        spawn_local(async move {
            if load(lang).await {
                locale.set(lang);
            }
        });
    }
}

/// The texts' context.
pub fn use_i18n() -> I18nContext {
    expect_context::<I18nContext>()
}

/// Provides the context in the language `main` loaded, and keeps `<html lang dir>` in step.
#[component]
pub fn I18nContextProvider(children: Children) -> impl IntoView {
    let locale = RwSignal::new(shown());
    provide_context(I18nContext { locale });
    Effect::new(move |_| {
        let lang = locale.get();
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("lang", lang.as_str());
            let _ = html.set_attribute("dir", lang.dir());
        }
    });
    children()
}

/// A text: `t_string!(i18n, key)`.
#[macro_export]
macro_rules! t_string {
    ($i18n:expr, $key:ident) => {{
        let _ = &$i18n;
        $crate::i18n::text($crate::i18n::key::$key)
    }};
}

/// A text as a view, its placeholders filled: `t!(i18n, key, name = value, …)`; with
/// `count = n` first, a text with plural forms in the form of `n` (a text without
/// plural forms takes `count` as any placeholder; one with them takes nothing else).
#[macro_export]
macro_rules! t {
    ($i18n:expr, $key:ident) => {
        $crate::t_string!($i18n, $key)
    };
    ($i18n:expr, $key:ident, count = $count:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let _ = &$i18n;
        let () = $crate::i18n::placeholder::$key::count;
        $(let () = $crate::i18n::placeholder::$key::$name;)*
        let count = $count;
        $crate::i18n::fill(
            $crate::i18n::TextKey::index($crate::i18n::key::$key, $crate::i18n::Count::count(count)),
            vec![
                ("count", ::leptos::prelude::IntoAny::into_any(::leptos::prelude::IntoView::into_view(count))),
                $((stringify!($name), ::leptos::prelude::IntoAny::into_any(::leptos::prelude::IntoView::into_view($value)))),*
            ],
        )
    }};
    ($i18n:expr, $key:ident, $($name:ident = $value:expr),+ $(,)?) => {{
        let _ = &$i18n;
        // A name the text has no `{{ name }}` for fails the build (`build.rs`).
        $(let () = $crate::i18n::placeholder::$key::$name;)+
        $crate::i18n::fill(
            $crate::i18n::key::$key,
            vec![$((stringify!($name), ::leptos::prelude::IntoAny::into_any(::leptos::prelude::IntoView::into_view($value)))),+],
        )
    }};
}

pub use crate::{t, t_string};
