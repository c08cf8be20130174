//! Form helpers: a labelled input whose error (from `BAD_USER_INPUT`) stands at the
//! field, and the error summary for everything that belongs to no field.

use leptos::prelude::*;

use crate::{api::ApiError, i18n::*};

/// The message for `field`, if the last error named it.
pub fn field_message(error: RwSignal<Option<ApiError>>, field: &str) -> Option<String> {
    error.get().and_then(|e| match e {
        ApiError::Graphql { field: Some(f), message, .. } if f == field => Some(message),
        _ => None,
    })
}

/// A labelled input bound to `value`; `field` is the API's name for it. The label is
/// read once: a new language renders the app anew (see `app.rs`).
#[component]
pub fn Field(
    #[prop(into)] id: String,
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label.get_untracked()}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || field_message(error, field).is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <p id=error_id class="field-error">
                {move || field_message(error, field)}
            </p>
        </div>
    }
}

/// Errors that belong to no field of the form (network, throttling, expired links).
#[component]
pub fn FormError(error: RwSignal<Option<ApiError>>, #[prop(default = &[])] fields: &'static [&'static str]) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().filter(|e| !matches!(e, ApiError::Graphql { field: Some(f), .. } if fields.contains(&f.as_str()))).map(|e| {
            let text = match e {
                ApiError::Network => t_string!(i18n, error_network).to_string(),
                ApiError::Graphql { message, .. } => message,
            };
            view! {
                <p class="notice notice-error" role="alert">
                    {text}
                </p>
            }
        })
    }
}

/// A labelled group of checkboxes; `selected` holds the chosen values.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<String>,
    options: Vec<(String, String)>,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let testid = id.clone();
    view! {
        <fieldset class="group choices" data-testid=testid>
            <legend>{legend.get_untracked()}</legend>
            <div class="choice-grid">
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let input_id = format!("{id}-{value}");
                        let label_for = input_id.clone();
                        let v = value.clone();
                        let checked = move || selected.with(|s| s.contains(&v));
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                s.retain(|x| x != &value);
                                if on {
                                    s.push(value.clone());
                                }
                            });
                        };
                        view! {
                            <label class="choice" for=label_for>
                                <input type="checkbox" id=input_id prop:checked=checked on:change=toggle />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// A choice of the interface languages, each named in itself; `value` holds the code.
#[component]
pub fn InterfaceLanguageSelect(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
            {migraup_domain::Lang::ALL
                .iter()
                .map(|l| view! { <option value=l.as_str() lang=l.as_str()>{l.native_name()}</option> })
                .collect_view()}
        </select>
    }
}
