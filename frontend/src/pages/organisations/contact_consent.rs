//! "My organisation": whether I am a contact person of an organisation, and my consent
//! to being shown as one (name and e-mail, to signed-in people only). The API keeps the
//! date of a consent and of its withdrawal.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, UpdateMyMembership, update_my_membership},
    components::form::FormError,
    i18n::*,
    session::use_session,
};

/// The small form for one organisation, with what it means in plain words.
#[component]
pub fn ContactConsent(organisation_id: String, is_contact_person: bool, consent: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let contact = RwSignal::new(is_contact_person);
    let consent = RwSignal::new(consent);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let id = format!("consent-{organisation_id}");
    let (contact_id, consent_id, explain_id) = (format!("{id}-contact"), format!("{id}-agree"), format!("{id}-explain"));
    // The labels' `for`: the inputs inside them take the ids first.
    let (contact_for, consent_for) = (contact_id.clone(), consent_id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        busy.set(true);
        let vars = update_my_membership::Variables {
            organisation_id: organisation_id.clone(),
            is_contact_person: contact.get_untracked(),
            contact_consent: consent.get_untracked(),
        };
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<UpdateMyMembership>(vars, &lang).await {
                Ok(d) => {
                    let m = d.update_my_membership;
                    contact.set(m.is_contact_person);
                    consent.set(m.contact_consent);
                    // Shown only as a contact person who consented (as the API lists them).
                    saved.set(Some(m.is_contact_person && m.contact_consent));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form inline-form contact-consent" on:submit=submit novalidate data-testid="contact-consent">
            <h3>{t_string!(i18n, consent_title)}</h3>
            <p id=explain_id.clone() class="hint">
                {t_string!(i18n, consent_explain)}
            </p>
            <label class="choice" for=contact_for>
                <input
                    type="checkbox"
                    id=contact_id
                    prop:checked=move || contact.get()
                    on:change=move |ev| contact.set(event_target_checked(&ev))
                />
                {t_string!(i18n, consent_is_contact)}
            </label>
            <label class="choice" for=consent_for>
                <input
                    type="checkbox"
                    id=consent_id
                    aria-describedby=explain_id
                    prop:checked=move || consent.get()
                    on:change=move |ev| consent.set(event_target_checked(&ev))
                />
                {t_string!(i18n, consent_agree)}
            </label>
            <FormError error=error />
            // Always in the page, so screen readers announce what a save puts in it.
            <div role="status">
                {move || {
                    saved
                        .get()
                        .map(|shown| {
                            view! {
                                <p class="notice">
                                    {if shown { t_string!(i18n, consent_shown) } else { t_string!(i18n, consent_not_shown) }}
                                </p>
                            }
                        })
                }}
            </div>
            <button type="submit" disabled=move || busy.get()>
                {t_string!(i18n, edit_save)}
            </button>
        </form>
    }
}
