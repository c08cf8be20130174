//! The sign-in page.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::ApiError,
    components::form::{Field, FormError},
    i18n::*,
    session::use_session,
};

/// The sign-in form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.login(email.get_untracked(), password.get_untracked(), &lang).await {
                Ok(_) => navigate("/", Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, login_title)}</h1>
            <FormError error=error fields=&["email", "password"] />
            <form class="form" on:submit=submit novalidate>
                <Field
                    id="login-email"
                    field="email"
                    label=Signal::derive(move || t_string!(i18n, login_email).to_string())
                    value=email
                    error=error
                    kind="email"
                    autocomplete="username"
                />
                <Field
                    id="login-password"
                    field="password"
                    label=Signal::derive(move || t_string!(i18n, login_password).to_string())
                    value=password
                    error=error
                    kind="password"
                    autocomplete="current-password"
                />
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { t_string!(i18n, login_busy) } else { t_string!(i18n, login_submit) }}
                </button>
            </form>
            <p>
                <A href="/forgot-password">{t_string!(i18n, forgot_link)}</A>
            </p>
            <p class="hint">{t_string!(i18n, login_invitation_hint)}</p>
            <p>
                <A href="/register">{t_string!(i18n, register_link)}</A>
            </p>
        </div>
    }
}
