//! Keeping one's organisation current, on "My organisation": whether the entries are
//! still confirmed (with "still current" for profile and offerings at once), and what
//! the profile lacks, each part linking to its field. The parts are the ten the
//! network page measures.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, ConfirmOrganisationCurrent, Freshness, confirm_organisation_current, upkeep},
    components::{feedback::loaded, form::FormError},
    i18n::*,
    session::use_session,
};

/// The text and the field (an id on the edit page) of a missing part.
fn part(i18n: I18nContext, name: &str) -> (&'static str, &'static str) {
    match name {
        "description" => (t_string!(i18n, why_description), "org-description"),
        "district" => (t_string!(i18n, why_district), "org-district"),
        "topics" => (t_string!(i18n, why_topics), "org-topics"),
        "languages" => (t_string!(i18n, why_languages), "org-languages"),
        "targetGroups" => (t_string!(i18n, why_target_groups), "org-target-groups"),
        "contact" => (t_string!(i18n, why_contact), "website"),
        "address" => (t_string!(i18n, why_address), "org-street"),
        "offerings" => (t_string!(i18n, why_offerings), "offerings-edit-title"),
        "contactPerson" => (t_string!(i18n, why_contact_person), ""),
        _ => (t_string!(i18n, why_founded_year), "org-founded-year"),
    }
}

fn freshness_text(i18n: I18nContext, freshness: Freshness) -> &'static str {
    match freshness {
        Freshness::Current => t_string!(i18n, fresh_current),
        Freshness::Due => t_string!(i18n, fresh_due),
        Freshness::Stale => t_string!(i18n, fresh_stale),
        Freshness::Hidden => t_string!(i18n, fresh_hidden),
    }
}

#[component]
pub fn UpkeepSection(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let edit = format!("/organisations/{slug}/edit");
    let data = session.resource(move || api::body::<api::Upkeep>(upkeep::Variables { slug: slug.clone() }));
    let error = RwSignal::new(None::<ApiError>);
    let confirmed = RwSignal::new(false);
    let confirm = move |id: String| {
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<ConfirmOrganisationCurrent>(confirm_organisation_current::Variables { id }, &lang).await {
                Ok(_) => {
                    confirmed.set(true);
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {loaded::<api::Upkeep>(data, move |d| {
            let Some(o) = d.organisation else { return ().into_any() };
            let oldest = o.offerings.iter().map(|x| x.freshness).fold(o.freshness, Ord::max);
            let outdated: Vec<String> = o.offerings.iter().filter(|x| x.freshness != Freshness::Current).map(|x| x.title.clone()).collect();
            let id = o.id.clone();
            // The consent form on this page (see `contact_consent.rs`).
            let consent = format!("#consent-{}-contact", o.id);
            let edit = edit.clone();
            view! {
                <section class="upkeep" data-testid="upkeep">
                    <h3>{t_string!(i18n, upkeep_title)}</h3>
                    <p data-testid="freshness" data-freshness=oldest.as_str()>{freshness_text(i18n, oldest)}</p>
                    {(!outdated.is_empty()).then(|| view! {
                        <ul>{outdated.into_iter().map(|t| view! { <li dir="auto">{t}</li> }).collect_view()}</ul>
                    })}
                    <FormError error=error />
                    {move || confirmed.get().then(|| view! { <p class="notice" role="status">{t_string!(i18n, upkeep_confirmed)}</p> })}
                    <button type="button" class="secondary" on:click=move |_| confirm(id.clone())>{t_string!(i18n, upkeep_confirm)}</button>
                    {o.completeness.map(|c| {
                        let score = c.score;
                        view! {
                            <h3>{t!(i18n, upkeep_completeness, score = score)}</h3>
                            <meter min="0" max="100" value=score aria-label=t_string!(i18n, upkeep_completeness_label)></meter>
                            {(!c.missing.is_empty()).then(|| view! { <p>{t_string!(i18n, upkeep_missing_lead)}</p> })}
                            <ul data-testid="missing">
                                {c.missing.iter().map(|m| {
                                    let (text, field) = part(i18n, m);
                                    let href = if field.is_empty() { consent.clone() } else { format!("{edit}#{field}") };
                                    view! { <li><a href=href>{text}</a></li> }
                                }).collect_view()}
                            </ul>
                        }
                    })}
                </section>
            }
            .into_any()
        })}
    }
}
