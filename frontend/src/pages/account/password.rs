//! Forgotten password: ask for a link, then set a new password with it.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::{self, ApiError, RequestPasswordReset, ResetPassword},
    components::form::{Field, FormError},
    i18n::*,
};

/// Asks for a reset link (the answer is the same whether the account exists or not).
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match api::call::<RequestPasswordReset>(api::request_password_reset::Variables { email: email.get_untracked() }, None, &lang)
                .await
            {
                Ok(_) => sent.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, forgot_title)}</h1>
            <FormError error=error />
            {move || sent.get().then(|| view! { <p class="notice" role="status" data-testid="reset-sent">{t_string!(i18n, forgot_sent)}</p> })}
            <p>{t_string!(i18n, forgot_intro)}</p>
            <form class="form" on:submit=submit novalidate>
                <Field id="forgot-email" field="email" label=Signal::derive(move || t_string!(i18n, login_email).to_string()) value=email error=error kind="email" autocomplete="username" />
                <button type="submit">{t_string!(i18n, forgot_submit)}</button>
            </form>
        </div>
    }
}

/// Sets a new password with the e-mailed link (`?token=`).
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let token = query.get_untracked().get("token").unwrap_or_default();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match api::call::<ResetPassword>(api::reset_password::Variables { token, password: password.get_untracked() }, None, &lang)
                .await
            {
                Ok(_) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, reset_title)}</h1>
            <FormError error=error fields=&["password"] />
            {move || {
                done.get()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {t_string!(i18n, reset_done)} " "
                                <A href="/login">{t_string!(i18n, nav_login)}</A>
                            </p>
                        }
                    })
            }}
            <form class="form" on:submit=submit novalidate>
                <Field
                    id="reset-password"
                    field="password"
                    label=Signal::derive(move || t_string!(i18n, reset_password).to_string())
                    value=password
                    error=error
                    kind="password"
                    autocomplete="new-password"
                />
                <button type="submit">{t_string!(i18n, reset_submit)}</button>
            </form>
        </div>
    }
}
