//! "Still current" from a freshness reminder: one button, no sign-in. The link only
//! opens this page; the button confirms, so a mail program that opens links to check
//! them does not use up the single-use link.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::{self, ApiError, ConfirmCurrentByLink, confirm_current_by_link},
    components::form::FormError,
    i18n::*,
};

#[component]
pub fn StillCurrentPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<confirm_current_by_link::ConfirmCurrentByLinkConfirmCurrentByLink>);
    let busy = RwSignal::new(false);
    let confirm = move |_| {
        let token = query.get_untracked().get("token").unwrap_or_default();
        busy.set(true);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match api::call::<ConfirmCurrentByLink>(confirm_current_by_link::Variables { token }, None, &lang).await {
                Ok(d) => done.set(Some(d.confirm_current_by_link)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, still_current_title)}</h1>
            <FormError error=error />
            {move || match done.get() {
                Some(org) => view! {
                    <p class="notice" role="status" data-testid="still-current-done">
                        {t!(i18n, still_current_done, name = view! { <bdi>{org.name.clone()}</bdi> })}
                    </p>
                    <p>
                        <A href=format!("/organisations/{}/edit", org.slug)>{t_string!(i18n, still_current_edit)}</A>
                    </p>
                }
                .into_any(),
                None => view! {
                    <p>{t_string!(i18n, still_current_lead)}</p>
                    <button type="button" disabled=move || busy.get() on:click=confirm>
                        {t_string!(i18n, still_current_button)}
                    </button>
                }
                .into_any(),
            }}
        </div>
    }
}
