//! Accepting an invitation: the link from the e-mail carries `?token=`.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{api::ApiError, i18n::*, session::use_session};

/// Creates the invited account.
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let token = Memo::new(move |_| query.get().get("token").unwrap_or_default());
    let name = RwSignal::new(String::new());
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
            match session.accept_invitation(token.get_untracked(), name.get_untracked(), password.get_untracked(), &lang).await {
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
            <h1>{t!(i18n, accept_title)}</h1>
            {move || token.get().is_empty().then(|| view! { <p class="notice notice-error" role="alert">{t!(i18n, accept_no_token)}</p> })}
            {move || {
                field_error("token").map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })
            }}
            {move || {
                error
                    .get()
                    .filter(|e| matches!(e, ApiError::Network | ApiError::Graphql { field: None, .. }))
                    .map(|e| {
                        let text = match e {
                            ApiError::Network => t_string!(i18n, error_network).to_string(),
                            ApiError::Graphql { message, .. } => message,
                        };
                        view! { <p class="notice notice-error" role="alert">{text}</p> }
                    })
            }}
            <p>{t!(i18n, accept_intro)}</p>
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="accept-name">{t!(i18n, accept_name)}</label>
                    <input
                        id="accept-name"
                        type="text"
                        autocomplete="name"
                        bind:value=name
                        aria-invalid=move || field_error("displayName").is_some().to_string()
                        aria-describedby="accept-name-error"
                    />
                    <p id="accept-name-error" class="field-error">
                        {move || field_error("displayName")}
                    </p>
                </div>
                <div class="field">
                    <label for="accept-password">{t!(i18n, accept_password)}</label>
                    <input
                        id="accept-password"
                        type="password"
                        autocomplete="new-password"
                        bind:value=password
                        aria-invalid=move || field_error("password").is_some().to_string()
                        aria-describedby="accept-password-error"
                    />
                    <p id="accept-password-error" class="field-error">
                        {move || field_error("password")}
                    </p>
                </div>
                <button type="submit" disabled=move || busy.get()>
                    {t!(i18n, accept_submit)}
                </button>
            </form>
        </div>
    }
}
