//! A form's languages (an organisation's profile, a working group): which language the
//! texts are written in, and the description in more languages, one row each.

use leptos::prelude::*;
use migraup_domain::kinds::direction_of;

use crate::{
    api::ApiError,
    components::{form::field_message, select::Select},
    i18n::*,
};

/// One language's description as the form holds it; `key` keeps a row's inputs (and
/// their focus) while others are added or removed.
#[derive(Clone, Copy)]
pub struct TranslationRow {
    pub key: usize,
    pub language: RwSignal<String>,
    pub text: RwSignal<String>,
}

/// The rows of `(language, text)` pairs.
pub fn rows(list: &[(String, String)]) -> Vec<TranslationRow> {
    list.iter()
        .enumerate()
        .map(|(key, (language, text))| TranslationRow { key, language: RwSignal::new(language.clone()), text: RwSignal::new(text.clone()) })
        .collect()
}

/// The language of the texts and the description in more languages.
#[component]
pub fn TextLanguages(
    content_language: RwSignal<String>,
    translations: RwSignal<Vec<TranslationRow>>,
    languages: Vec<(String, String)>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let next = StoredValue::new(translations.get_untracked().len());
    let add = move |_| {
        let key = next.get_value();
        next.set_value(key + 1);
        translations
            .update(|list| list.push(TranslationRow { key, language: RwSignal::new(String::new()), text: RwSignal::new(String::new()) }));
    };
    let choices = languages.clone();
    view! {
        <Select
            id="org-content-language"
            label=t_string!(i18n, edit_content_language)
            value=content_language
            options=languages
            none="–"
            field="contentLanguage"
            error=error
        />
        <fieldset class="translations" data-testid="translations">
            <legend>{t_string!(i18n, edit_translations)}</legend>
            <p class="hint">{t_string!(i18n, edit_translations_hint)}</p>
            <For
                each=move || translations.get().into_iter().enumerate()
                key=|(_, row)| row.key
                children=move |(_, row)| {
                    let position = move || translations.with(|list| list.iter().position(|r| r.key == row.key).unwrap_or_default());
                    let id = format!("translation-{}", row.key);
                    let text_id = format!("{id}-text");
                    view! {
                        <div class="translation-row">
                            <Select
                                id=format!("{id}-language")
                                label=t_string!(i18n, language)
                                value=row.language
                                options=choices.clone()
                                none="–"
                                field=Signal::derive(move || format!("translations.{}.language", position()))
                                error=error
                            />
                            <div class="field">
                                <label for=text_id.clone()>{t_string!(i18n, edit_description)}</label>
                                <textarea
                                    id=text_id
                                    rows="4"
                                    lang=move || row.language.get()
                                    dir=move || direction_of(&row.language.get())
                                    prop:value=move || row.text.get()
                                    on:input=move |ev| row.text.set(event_target_value(&ev))
                                ></textarea>
                                <p class="field-error">{move || field_message(error, &format!("translations.{}.description", position()))}</p>
                            </div>
                            <button type="button" class="link-button" on:click=move |_| translations.update(|list| list.retain(|r| r.key != row.key))>
                                {t_string!(i18n, edit_translation_remove)}
                            </button>
                        </div>
                    }
                }
            />
            <button type="button" on:click=add data-testid="add-translation">{t_string!(i18n, edit_translation_add)}</button>
        </fieldset>
    }
}
