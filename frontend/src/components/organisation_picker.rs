//! Finds an organisation by name and hands its id over (co-organisers, partners).

use leptos::prelude::*;

use crate::{
    api::{EventFormOptions, event_form_options},
    i18n::*,
    session::use_session,
};

/// A search field with the matching organisations as buttons; `exclude` are left
/// out. Picking hands over id and name.
#[component]
pub fn OrganisationPicker(#[prop(into)] exclude: Signal<Vec<String>>, on_pick: Callback<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let search = RwSignal::new(String::new());
    let results = LocalResource::new(move || {
        let term = search.get();
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        async move {
            if term.trim().chars().count() < 2 {
                return Vec::new();
            }
            let vars = event_form_options::Variables { search: Some(term) };
            session
                .call::<EventFormOptions>(vars, &lang)
                .await
                .map(|d| d.organisations.edges.into_iter().map(|e| (e.node.id, e.node.name)).collect())
                .unwrap_or_default()
        }
    });
    view! {
        <div class="field picker" data-testid="organisation-picker">
            <label for="picker-search">{t_string!(i18n, picker_label)}</label>
            // Enter in the search never submits the surrounding form (it once created a
            // draft event before its co-organisers were chosen).
            <input
                id="picker-search"
                type="search"
                autocomplete="off"
                placeholder=move || t_string!(i18n, picker_placeholder)
                bind:value=search
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                    }
                }
            />
            <ul class="picker-results" aria-live="polite">
                {move || {
                    let exclude = exclude.get();
                    results
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|(id, _)| !exclude.contains(id))
                        .map(|(id, name)| {
                            let label = name.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="link-button"
                                        on:click=move |_| {
                                            on_pick.run((id.clone(), name.clone()));
                                            search.set(String::new());
                                        }
                                    >
                                        {t!(i18n, picker_add, name = view! { <bdi>{label.clone()}</bdi> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
