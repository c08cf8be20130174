//! Form helpers: a labelled input whose error (from `BAD_USER_INPUT`) stands at the
//! field, and the error summary for everything that belongs to no field.

use leptos::prelude::*;
use migraup_domain::FieldVisibility;

use crate::{
    api::ApiError,
    components::{feedback::error_text, select::Select},
    i18n::*,
};

/// What a profile's or an offering's choices can be, as (value, label).
#[derive(Clone, Debug, Default)]
pub struct Choices {
    pub districts: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
    pub languages: Vec<(String, String)>,
    pub target_groups: Vec<(String, String)>,
}

impl Choices {
    /// The labels of `ids` in one line.
    pub fn names(list: &[(String, String)], ids: &[String]) -> String {
        list.iter().filter(|(v, _)| ids.contains(v)).map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// The message for `field`, if the last error named it.
pub fn field_message(error: RwSignal<Option<ApiError>>, field: &str) -> Option<String> {
    error.get().and_then(|e| match e {
        ApiError::Graphql { field: Some(f), message, .. } if f == field => Some(message),
        _ => None,
    })
}

/// A labelled input bound to `value`; `field` is the API's name for it. The label is
/// read once: a new language renders the app anew (see `app.rs`). `step`, `min` and
/// `max` are for number inputs; `hint` is the id of a text that explains the input.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] step: Option<&'static str>,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = match hint {
        Some(hint) => format!("{error_id} {hint}"),
        None => error_id.clone(),
    };
    // The value goes into the input only when it differs from what the input reports:
    // a number input reports "52." as "52" and "1e" as "", and writing that back while
    // the person types (as `bind:value` does) would eat the decimal point.
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let wanted = value.get();
        if let Some(el) = input.get()
            && el.value() != wanted
        {
            el.set_value(&wanted);
        }
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label.get_untracked()}</label>
            <input
                id=id
                node_ref=input
                type=kind
                autocomplete=autocomplete
                step=step
                min=min
                max=max
                prop:value=value.get_untracked()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || field_message(error, field).is_some().to_string()
                aria-describedby=described_by
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
            let text = error_text(i18n, &e);
            view! {
                <p class="notice notice-error" role="alert">
                    {text}
                </p>
            }
        })
    }
}

/// A secret shown this once (a calendar address, an integration token), read-only to
/// copy, with the note that it will not be shown again; nothing while `value` is none.
#[component]
pub fn ShownOnce(
    #[prop(into)] id: String,
    label: &'static str,
    note: &'static str,
    value: RwSignal<Option<String>>,
    test_id: &'static str,
) -> impl IntoView {
    move || {
        let id = id.clone();
        value.get().map(|secret| {
            view! {
                <p class="notice" role="status">
                    <label for=id.clone()>{label}</label>
                    <input id=id type="text" readonly value=secret data-testid=test_id />
                    {note}
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

/// A number input's text held no number (the browser then reports it as empty).
#[derive(Debug)]
pub struct NotANumber;

/// The number in the number input `id` whose value is `text`: `None` when empty.
pub fn number_input(id: &str, text: &str) -> Result<Option<f64>, NotANumber> {
    let text = text.trim();
    if text.is_empty() {
        // An input holding "12e" reports "", which must not read as "cleared".
        return if bad_number(id) { Err(NotANumber) } else { Ok(None) };
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite()).map(Some).ok_or(NotANumber)
}

/// Whether the number input `id` holds text that is no number (`validity.badInput`).
fn bad_number(id: &str) -> bool {
    let Some(input) = document().get_element_by_id(id) else { return false };
    js_sys::Reflect::get(&input, &"validity".into())
        .and_then(|validity| js_sys::Reflect::get(&validity, &"badInput".into()))
        .is_ok_and(|bad| bad.as_bool() == Some(true))
}

/// An error the form finds itself, shown at `field` like the API's.
pub fn local_error(field: &str, message: &str) -> ApiError {
    ApiError::Graphql { code: "BAD_USER_INPUT".into(), field: Some(field.into()), message: message.into() }
}

/// Who sees a contact field with this visibility, in plain words.
pub fn who_sees(i18n: I18nContext, visibility: FieldVisibility) -> &'static str {
    match visibility {
        FieldVisibility::Public => t_string!(i18n, field_visibility_public_who),
        FieldVisibility::Members => t_string!(i18n, field_visibility_members_who),
        FieldVisibility::Administration => t_string!(i18n, field_visibility_administration_who),
    }
}

/// Who may see one contact field, with a sentence under the choice saying who that
/// is, which the select names as its description; `field` is the API's name for it.
/// `value` is `None` only where the API gave no visibility (nothing is sent then).
#[component]
pub fn VisibilitySelect(
    #[prop(into)] id: String,
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<Option<FieldVisibility>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let who_id = format!("{id}-who");
    view! {
        <Select id=id label=label.get_untracked() value=value field=field error=error hint=who_id.clone()>
            <p id=who_id class="hint who-sees">
                {move || value.get().map(|v| who_sees(i18n, v))}
            </p>
        </Select>
    }
}
