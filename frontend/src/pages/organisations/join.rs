//! "This is my organisation" and "Ask to join": a profile nobody represents is
//! claimed (a person without an account gives their name, address and a password and
//! confirms the address first); one with representatives is joined.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError, ClaimOrganisation, JoinTarget, RequestToJoin, claim_organisation, join_target, request_to_join},
    components::{
        feedback::loaded,
        form::{Field, FormError},
    },
    i18n::*,
    session::use_session,
};

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<JoinTarget>(join_target::Variables { slug })
    });
    view! {
        <div class="narrow">
            {loaded::<JoinTarget>(data, move |d| match d.organisation {
                Some(o) => view! { <JoinForm org=o /> }.into_any(),
                None => view! { <p class="notice" role="alert">{t_string!(i18n, join_not_found)}</p> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn JoinForm(org: join_target::JoinTargetOrganisation) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = session.user.get_untracked().is_some();
    let claim = org.claimable;
    let message = RwSignal::new(String::new());
    let proof = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // Some(true): the request waits for a decision; Some(false): for the address's confirmation.
    let sent = RwSignal::new(org.my_request_pending.then_some(true));
    let id = org.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let organisation_id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let text = Some(message.get_untracked()).filter(|m| !m.trim().is_empty());
            let result = if claim {
                let registrant = (!signed_in).then(|| claim_organisation::RegistrantInput {
                    email: email.get_untracked(),
                    display_name: display_name.get_untracked(),
                    password: password.get_untracked(),
                });
                let input = claim_organisation::ClaimOrganisationInput {
                    organisation_id,
                    message: text,
                    proof_email: Some(proof.get_untracked()).filter(|p| !p.trim().is_empty()),
                    registrant,
                };
                session
                    .call::<ClaimOrganisation>(claim_organisation::Variables { input }, &lang)
                    .await
                    .map(|d| d.claim_organisation.is_some())
            } else {
                session.call::<RequestToJoin>(request_to_join::Variables { organisation_id, message: text }, &lang).await.map(|_| true)
            };
            match result {
                Ok(decided_next) => sent.set(Some(decided_next)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let name = org.name.clone();
    let label = move |f: fn(I18nContext) -> String| Signal::derive(move || f(i18n));
    view! {
        <h1>
            {if claim {
                t!(i18n, join_claim_title, name = view! { <bdi>{name.clone()}</bdi> }).into_any()
            } else {
                t!(i18n, join_join_title, name = view! { <bdi>{name.clone()}</bdi> }).into_any()
            }}
        </h1>
        <p class="back">
            <A href=format!("/organisations/{}", org.slug)>{t_string!(i18n, my_view)}</A>
        </p>
        {move || match sent.get() {
            Some(true) => Some(view! { <p class="notice" role="status" data-testid="request-sent">{t_string!(i18n, join_sent)}</p> }.into_any()),
            Some(false) => Some(view! { <p class="notice" role="status" data-testid="request-sent">{t_string!(i18n, join_confirm_first)}</p> }.into_any()),
            None => None,
        }}
        {(org.can_edit).then(|| view! { <p class="notice">{t_string!(i18n, join_already)}</p> })}
        {(!claim && !signed_in).then(|| view! {
            <p>{t_string!(i18n, join_sign_in_first)} " " <A href="/login">{t_string!(i18n, nav_login)}</A></p>
        })}
        <Show when=move || sent.get().is_none() && !org.can_edit && (claim || signed_in)>
            <p>{if claim { t_string!(i18n, join_claim_lead) } else { t_string!(i18n, join_join_lead) }}</p>
            <FormError error=error fields=&["organisationId", "message", "proofEmail", "email", "displayName", "password"] />
            <form class="form" on:submit=submit.clone() novalidate>
                <div class="field">
                    <label for="join-message">{t_string!(i18n, join_message)}</label>
                    <textarea id="join-message" rows="4" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                </div>
                {claim.then(|| view! {
                    <Field id="join-proof" field="proofEmail" label=label(|i| t_string!(i, join_proof).to_string()) value=proof error=error kind="email" hint="join-proof-hint" />
                    <p id="join-proof-hint" class="hint">{t_string!(i18n, join_proof_hint)}</p>
                })}
                {(claim && !signed_in).then(|| view! {
                    <fieldset class="group">
                        <legend>{t_string!(i18n, register_you)}</legend>
                        <Field id="join-name" field="displayName" label=label(|i| t_string!(i, accept_name).to_string()) value=display_name error=error autocomplete="name" />
                        <Field id="join-email" field="email" label=label(|i| t_string!(i, login_email).to_string()) value=email error=error kind="email" autocomplete="email" />
                        <Field id="join-password" field="password" label=label(|i| t_string!(i, reset_password).to_string()) value=password error=error kind="password" autocomplete="new-password" />
                    </fieldset>
                })}
                <button type="submit" disabled=move || busy.get()>
                    {if claim { t_string!(i18n, join_claim_submit) } else { t_string!(i18n, join_join_submit) }}
                </button>
            </form>
        </Show>
    }
}
