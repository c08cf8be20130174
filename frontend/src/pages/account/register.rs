//! "Register your organisation" and the e-mail confirmation that follows. A signed-in
//! person gets the same form without the account fields: a suggestion the
//! coordination team completes and verifies (no second account, no password).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_query_map;
use migraup_domain::OrganisationKind;

use crate::{
    api::{self, ApiError, RegisterOrganisation, SuggestOrganisation, register_organisation, suggest_organisation},
    components::{
        feedback::error_text,
        form::{Field, FormError, field_message},
        select::Select,
    },
    i18n::*,
    session::use_session,
};

/// The public registration form, or the suggestion form for a signed-in person.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = move || session.user.get().is_some();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(OrganisationKind::MigrantOrganisation);
    let description = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            if session.user.get_untracked().is_some() {
                let input = suggest_organisation::OrganisationInput {
                    name: Some(name.get_untracked()),
                    kind: Some(kind.get_untracked()),
                    description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
                    ..Default::default()
                };
                match session.call::<SuggestOrganisation>(suggest_organisation::Variables { input }, &lang).await {
                    Ok(_) => done.set(true),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
                return;
            }
            let input = register_organisation::OrganisationInput {
                name: Some(name.get_untracked()),
                kind: Some(kind.get_untracked()),
                description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
                ..Default::default()
            };
            let registrant = register_organisation::RegistrantInput {
                email: email.get_untracked(),
                display_name: display_name.get_untracked(),
                password: password.get_untracked(),
            };
            match api::call::<RegisterOrganisation>(register_organisation::Variables { input, registrant }, None, &lang).await {
                Ok(_) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = move |f: fn(I18nContext) -> String| Signal::derive(move || f(i18n));
    view! {
        <div class="narrow">
            <h1>{move || if signed_in() { t_string!(i18n, suggest_title) } else { t_string!(i18n, register_title) }}</h1>
            <p>{move || if signed_in() { t_string!(i18n, suggest_intro) } else { t_string!(i18n, register_intro) }}</p>
            <FormError error=error fields=&["name", "kind", "description", "email", "displayName", "password"] />
            {move || {
                done.get()
                    .then(|| {
                        let text = if signed_in() { t_string!(i18n, suggest_done) } else { t_string!(i18n, register_done) };
                        view! { <p class="notice" role="status" data-testid="registered">{text}</p> }
                    })
            }}
            <form class="form" on:submit=submit novalidate>
                <fieldset class="group">
                    <legend>{t_string!(i18n, register_organisation)}</legend>
                    <Field id="register-name" field="name" label=label(|i| t_string!(i, edit_name).to_string()) value=name error=error />
                    <Select id="register-kind" label=t_string!(i18n, register_kind) value=kind field="kind" error=error />
                    <div class="field">
                        <label for="register-description">{t_string!(i18n, edit_description)}</label>
                        <textarea
                            id="register-description"
                            rows="4"
                            aria-describedby="register-description-error"
                            prop:value=move || description.get()
                            on:input=move |ev| description.set(event_target_value(&ev))
                        ></textarea>
                        <p id="register-description-error" class="field-error">
                            {move || field_message(error, "description")}
                        </p>
                    </div>
                </fieldset>
                // A signed-in person suggests: no account fields at all.
                {move || (!signed_in()).then(|| view! {
                <fieldset class="group">
                    <legend>{t_string!(i18n, register_you)}</legend>
                    <Field id="register-display-name" field="displayName" label=label(|i| t_string!(i, accept_name).to_string()) value=display_name error=error autocomplete="name" />
                    <Field id="register-email" field="email" label=label(|i| t_string!(i, login_email).to_string()) value=email error=error kind="email" autocomplete="email" />
                    <Field
                        id="register-password"
                        field="password"
                        label=label(|i| t_string!(i, reset_password).to_string())
                        value=password
                        error=error
                        kind="password"
                        autocomplete="new-password"
                    />
                </fieldset>
                })}
                <button type="submit" disabled=move || busy.get()>
                    {move || if signed_in() { t_string!(i18n, suggest_submit) } else { t_string!(i18n, register_submit) }}
                </button>
            </form>
        </div>
    }
}

/// Opens the confirmation link (`?token=`), which activates the account and signs in.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let result = LocalResource::new(move || {
        let token = query.get().get("token").unwrap_or_default();
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        async move { session.confirm_email(token, &lang).await }
    });
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, confirm_title)}</h1>
            {move || match result.get() {
                None => view! { <p role="status">{t_string!(i18n, confirm_busy)}</p> }.into_any(),
                Some(Ok(_)) => view! { <p class="notice" role="status" data-testid="confirmed">{t_string!(i18n, confirm_done)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            }}
        </div>
    }
}
