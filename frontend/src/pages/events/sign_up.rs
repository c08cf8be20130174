//! A visitor's sign-up link: confirms the sign-up with one button (the link only opens
//! the page, so a mail program that checks links does not take a seat), then shows the
//! seat or waitlist place and gives it back.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::{self, ApiError, CancelEventSignUp, ConfirmEventSignUp, RegistrationStatus, cancel_event_sign_up, confirm_event_sign_up},
    components::{form::FormError, labels::time_span},
    i18n::*,
};

/// What the page shows of a sign-up, from either answer.
#[derive(Clone)]
struct Shown {
    event_id: String,
    title: String,
    when: String,
    status: RegistrationStatus,
    position: Option<i64>,
}

impl Shown {
    fn new(
        i18n: I18nContext,
        event_id: String,
        title: String,
        (starts, ends): (&str, &str),
        status: RegistrationStatus,
        position: Option<i64>,
    ) -> Self {
        Shown { when: time_span(i18n, starts, ends), event_id, title, status, position }
    }
}

#[component]
pub fn EventSignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = RwSignal::new(None::<ApiError>);
    let shown = RwSignal::new(None::<Shown>);
    let busy = RwSignal::new(false);
    let act = move |cancel: bool| {
        let token = query.get_untracked().get("token").unwrap_or_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            // Both answers have the same fields; each is read into what the page shows.
            let answer = if cancel {
                api::call::<CancelEventSignUp>(cancel_event_sign_up::Variables { token }, None, &lang).await.map(|d| {
                    let s = d.cancel_event_sign_up;
                    let e = s.event;
                    Shown::new(i18n, e.id, e.title, (&e.starts_at_local, &e.ends_at_local), s.status, s.position)
                })
            } else {
                api::call::<ConfirmEventSignUp>(confirm_event_sign_up::Variables { token }, None, &lang).await.map(|d| {
                    let s = d.confirm_event_sign_up;
                    let e = s.event;
                    Shown::new(i18n, e.id, e.title, (&e.starts_at_local, &e.ends_at_local), s.status, s.position)
                })
            };
            match answer {
                Ok(s) => shown.set(Some(s)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, sign_up_title)}</h1>
            <FormError error=error />
            {move || match shown.get() {
                None => view! {
                    <p>{t_string!(i18n, sign_up_lead)}</p>
                    <button type="button" disabled=move || busy.get() on:click=move |_| act(false)>
                        {t_string!(i18n, sign_up_confirm)}
                    </button>
                }
                .into_any(),
                Some(s) => {
                    let state = match (s.status, s.position) {
                        (RegistrationStatus::Registered, _) => view! { {t_string!(i18n, event_registered)} }.into_any(),
                        (RegistrationStatus::Waitlisted, Some(p)) => view! { {t!(i18n, event_waitlisted, position = p)} }.into_any(),
                        _ => view! { {t_string!(i18n, sign_up_cancelled)} }.into_any(),
                    };
                    let active = s.status != RegistrationStatus::Cancelled;
                    view! {
                        <p>
                            <A href=format!("/events/{}", s.event_id)>
                                <bdi>{s.title}</bdi>
                            </A>
                            " · "
                            <bdi>{s.when}</bdi>
                        </p>
                        <p class="notice" role="status" data-testid="sign-up-state">{state}</p>
                        {active.then(|| view! {
                            <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| act(true)>
                                {t_string!(i18n, sign_up_cancel)}
                            </button>
                        })}
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
