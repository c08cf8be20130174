//! A group's description in the reader's language when it has one, else as written.

use leptos::prelude::*;
use migraup_domain::kinds::{direction_of, language_to_show};

use crate::i18n::*;

/// The description to show: `(text, language)`, from the own text and its translations.
pub fn shown(
    i18n: I18nContext,
    own: Option<String>,
    own_language: &str,
    translations: &[(String, Option<String>)],
) -> Option<(String, String)> {
    let available: Vec<&str> = translations.iter().map(|(l, _)| l.as_str()).collect();
    let wanted = i18n.get_locale_untracked().as_str().to_owned();
    let language = language_to_show(own_language, &available, &wanted).to_owned();
    let text = translations.iter().find(|(l, _)| *l == language && language != own_language).and_then(|(_, d)| d.clone());
    match text {
        Some(t) => Some((t, language)),
        None => own.map(|t| (t, own_language.to_owned())),
    }
}

/// The description as a paragraph in its own language and direction.
pub fn description(
    i18n: I18nContext,
    own: Option<String>,
    own_language: &str,
    translations: &[(String, Option<String>)],
    class: &'static str,
) -> impl IntoView + use<> {
    shown(i18n, own, own_language, translations).map(|(text, language)| {
        let dir = direction_of(&language);
        view! { <p class=class lang=language dir=dir>{text}</p> }
    })
}
