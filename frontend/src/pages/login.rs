//! Sign-in.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};

use crate::{api::ApiError, i18n::*, session::use_session};

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
    let field_error = move |field: &'static str| {
        error.get().and_then(|e| match e {
            ApiError::Graphql { field: Some(f), message, .. } if f == field => Some(message),
            _ => None,
        })
    };
    view! {
        <div class="narrow">
            <h1>{t!(i18n, login_title)}</h1>
            {move || {
                error
                    .get()
                    .filter(|e| !matches!(e, ApiError::Graphql { field: Some(_), .. }))
                    .map(|e| {
                        let text = match e {
                            ApiError::Network => t_string!(i18n, error_network).to_string(),
                            ApiError::Graphql { message, .. } => message,
                        };
                        view! {
                            <p class="notice notice-error" role="alert" data-testid="login-error">
                                {text}
                            </p>
                        }
                    })
            }}
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="login-email">{t!(i18n, login_email)}</label>
                    <input
                        id="login-email"
                        type="email"
                        name="email"
                        autocomplete="username"
                        required
                        aria-invalid=move || field_error("email").is_some().to_string()
                        aria-describedby="login-email-error"
                        bind:value=email
                    />
                    <p id="login-email-error" class="field-error">
                        {move || field_error("email")}
                    </p>
                </div>
                <div class="field">
                    <label for="login-password">{t!(i18n, login_password)}</label>
                    <input
                        id="login-password"
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </div>
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { t_string!(i18n, login_busy) } else { t_string!(i18n, login_submit) }}
                </button>
            </form>
            <p>
                <A href="/forgot-password">{t!(i18n, forgot_link)}</A>
            </p>
            <p class="hint">{t!(i18n, login_invitation_hint)}</p>
            <p>
                <A href="/register">{t!(i18n, register_link)}</A>
            </p>
        </div>
    }
}
