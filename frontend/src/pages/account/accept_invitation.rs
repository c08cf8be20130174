//! Accepting an invitation: the link from the e-mail carries `?token=`.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api::ApiError,
    components::form::{Field, FormError},
    i18n::*,
    session::use_session,
};

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
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, accept_title)}</h1>
            {move || token.get().is_empty().then(|| view! { <p class="notice notice-error" role="alert">{t_string!(i18n, accept_no_token)}</p> })}
            <FormError error=error fields=&["displayName", "password"] />
            <p>{t_string!(i18n, accept_intro)}</p>
            <form class="form" on:submit=submit novalidate>
                <Field
                    id="accept-name"
                    field="displayName"
                    label=Signal::derive(move || t_string!(i18n, accept_name).to_string())
                    value=name
                    error=error
                    autocomplete="name"
                />
                <Field
                    id="accept-password"
                    field="password"
                    label=Signal::derive(move || t_string!(i18n, accept_password).to_string())
                    value=password
                    error=error
                    kind="password"
                    autocomplete="new-password"
                />
                <button type="submit" disabled=move || busy.get()>
                    {t_string!(i18n, accept_submit)}
                </button>
            </form>
        </div>
    }
}
