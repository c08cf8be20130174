//! The app's one select: a native `<select>` (keyboards, screen readers and phones
//! know how to use it) named by a `<label for>`, with a typed value. A domain
//! enumeration binds as itself (`RwSignal<Role>`, or `RwSignal<Option<Role>>` with an
//! empty choice) and brings its options and their translated labels (`Labelled`);
//! reference data (Ortsteile, topics, languages, organisations) binds by id, with its
//! `(id, label)` options. The rendering is not generic: one copy in the WASM serves
//! every select.

use std::rc::Rc;

use leptos::prelude::*;
use migraup_domain::kinds::Named;

use crate::{api::ApiError, components::form::field_message, i18n::*};

/// A domain enumeration a person chooses from: its values in the order offered, and
/// each value's label in the interface language.
pub trait Labelled: Named + PartialEq {
    /// Every value, in the order a select offers them.
    const ALL: &'static [Self];
    /// Whether each label is written in its own value's language (the interface
    /// languages, each named in itself), so that its option carries `lang`.
    const OWN_LANGUAGE: bool = false;
    /// The value's label.
    fn label(self, i18n: I18nContext) -> &'static str;
}

/// A select's options: (value, label).
pub type Options = Vec<(String, String)>;

/// The options of the enumeration `T`: (stable name, label).
pub fn choices<T: Labelled>(i18n: I18nContext) -> Options {
    T::ALL.iter().map(|v| (v.name().to_owned(), v.label(i18n).to_owned())).collect()
}

/// What a select shows and what choosing does, by the chosen option's value (""
/// for the empty choice). Made from an enumeration's signal, it knows the options too.
pub struct Binding {
    value: Signal<String>,
    set: Rc<dyn Fn(String)>,
    choices: Option<fn(I18nContext) -> Options>,
    own_language: bool,
}

impl Binding {
    /// A value by its option's value: `value` is read, `set` gets the chosen one (a
    /// filter kept in the address, an id of reference data).
    pub fn new(value: impl Into<Signal<String>>, set: impl Fn(String) + 'static) -> Self {
        Binding { value: value.into(), set: Rc::new(set), choices: None, own_language: false }
    }

    /// A value of the enumeration `T`, read by `get` and changed by `set`.
    pub fn of<T: Labelled>(get: impl Fn() -> T + Send + Sync + 'static, set: impl Fn(T) + 'static) -> Self {
        Binding {
            value: Signal::derive(move || get().name().to_owned()),
            set: Rc::new(move |name: String| {
                if let Some(v) = T::from_name(&name) {
                    set(v);
                }
            }),
            choices: Some(choices::<T>),
            own_language: T::OWN_LANGUAGE,
        }
    }

    /// A value of the enumeration `T` or none (the empty choice), read by `get` and
    /// changed by `set`.
    pub fn optional<T: Labelled>(get: impl Fn() -> Option<T> + Send + Sync + 'static, set: impl Fn(Option<T>) + 'static) -> Self {
        Binding {
            value: Signal::derive(move || get().map(|v| v.name().to_owned()).unwrap_or_default()),
            set: Rc::new(move |name: String| set(T::from_name(&name))),
            choices: Some(choices::<T>),
            own_language: T::OWN_LANGUAGE,
        }
    }
}

/// An id of reference data ("" for none).
impl From<RwSignal<String>> for Binding {
    fn from(value: RwSignal<String>) -> Self {
        Binding::new(value, move |v| value.set(v))
    }
}

impl<T: Labelled> From<RwSignal<T>> for Binding {
    fn from(value: RwSignal<T>) -> Self {
        Binding::of(move || value.get(), move |v| value.set(v))
    }
}

impl<T: Labelled> From<RwSignal<Option<T>>> for Binding {
    fn from(value: RwSignal<Option<T>>) -> Self {
        Binding::optional(move || value.get(), move |v| value.set(v))
    }
}

/// Where a select's label stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Above the select, both in a `.field`, the field's error under them.
    #[default]
    Field,
    /// For screen readers only: the header's language choice, a table row whose
    /// columns name the field.
    Hidden,
    /// The caller's own `<label for=id>` (a table's row header); `label` is not used.
    Outside,
}

/// A labelled select bound to `value`; the label is read once (a new language renders
/// the app anew, see `app.rs`).
#[component]
pub fn Select(
    #[prop(into)] id: String,
    /// The label; see `layout`.
    #[prop(optional, into)]
    label: String,
    /// The value, typed: an enumeration's signal, or an id's (see [`Binding`]).
    #[prop(into)]
    value: Binding,
    /// The options of reference data as (value, label); an enumeration brings its own.
    #[prop(optional, into)]
    options: Option<Signal<Options>>,
    /// The label of the empty choice (value ""): "no Ortsteil", "any". None without it.
    #[prop(optional, into)]
    none: Option<String>,
    /// The API's name for the field, whose error (in `error`) stands under the select.
    #[prop(optional, into)]
    field: Option<Signal<String>>,
    #[prop(optional)] error: Option<RwSignal<Option<ApiError>>>,
    /// The id of a text that describes the select.
    #[prop(optional, into)]
    hint: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] layout: Layout,
    /// The name a plain form sends the value under.
    #[prop(optional)]
    name: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Shown under the select (a sentence that follows the choice).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Binding { value, set, choices, own_language } = value;
    let options = options.unwrap_or_else(|| Signal::stored(choices.map(|c| c(i18n)).unwrap_or_default()));
    let error = error.zip(field);
    let error_id = format!("{id}-error");
    let described_by = [hint, error.map(|_| error_id.clone())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let message = move || error.and_then(|(error, field)| field.with(|field| field_message(error, field)));
    let select = view! {
        <select
            id=id.clone()
            name=name
            data-testid=testid
            disabled=move || disabled.get()
            aria-invalid=move || message().map(|_| "true")
            aria-describedby=(!described_by.is_empty()).then_some(described_by)
            on:change=move |ev| set(event_target_value(&ev))
            prop:value=move || value.get()
        >
            {none.map(|text| view! { <option value="" selected=move || value.with(String::is_empty)>{text}</option> })}
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(option, text)| {
                        let lang = own_language.then(|| option.clone());
                        let this = option.clone();
                        view! { <option value=option lang=lang selected=move || value.with(|v| *v == this)>{text}</option> }
                    })
                    .collect_view()
            }}
        </select>
    };
    let below = (children.map(|c| c()), error.map(|_| view! { <p id=error_id class="field-error">{message}</p> }));
    match layout {
        Layout::Field => view! {
            <div class="field">
                <label for=id>{label}</label>
                {select}
                {below}
            </div>
        }
        .into_any(),
        Layout::Hidden => view! {
            <label for=id class="visually-hidden">{label}</label>
            {select}
            {below}
        }
        .into_any(),
        Layout::Outside => view! { {select} {below} }.into_any(),
    }
}

/// The Ortsteil of a profile, an offering or an event: one of `districts` (id, name),
/// or none; `value` holds the id ("" for none, which clears it).
#[component]
pub fn DistrictSelect(
    #[prop(into)] id: String,
    districts: Vec<(String, String)>,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Select
            id=id
            label=t_string!(i18n, edit_district)
            value=value
            options=districts
            none=t_string!(i18n, edit_no_district)
            field="districtId"
            error=error
        />
    }
}
