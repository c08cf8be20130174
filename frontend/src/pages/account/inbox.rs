//! The inbox: claim and join requests I decide (approve, or decline with a reason the
//! person is told), and my own requests with their answers.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ApiError, DecideRequest, Inbox, WithdrawRequest, decide_request, inbox, withdraw_request},
    components::{feedback::loaded, form::FormError, select::Labelled},
    i18n::*,
    session::use_session,
};

/// The inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<Inbox>(inbox::Variables));
    let error = RwSignal::new(None::<ApiError>);
    let withdraw = move |id: String| {
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<WithdrawRequest>(withdraw_request::Variables { id }, &lang).await {
                Ok(_) => data.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{t_string!(i18n, inbox_title)}</h1>
        <FormError error=error />
        {loaded::<Inbox>(data, move |d| {
            let to_decide = d.inbox.to_decide;
            let mine = d.inbox.mine;
            view! {
                <section aria-labelledby="inbox-decide">
                    <h2 id="inbox-decide">{t_string!(i18n, inbox_to_decide)}</h2>
                    {to_decide.is_empty().then(|| view! { <p>{t_string!(i18n, inbox_nothing)}</p> })}
                    <ul class="cards">
                        {to_decide.into_iter().map(|r| view! { <Decision request=r on_done=Callback::new(move |()| data.refetch()) /> }).collect_view()}
                    </ul>
                </section>
                <section aria-labelledby="inbox-mine">
                    <h2 id="inbox-mine">{t_string!(i18n, inbox_mine)}</h2>
                    {mine.is_empty().then(|| view! { <p>{t_string!(i18n, inbox_nothing)}</p> })}
                    <ul class="cards">
                        {mine
                            .into_iter()
                            .map(|r| {
                                let id = r.id.clone();
                                view! {
                                    <li class="card" data-testid="my-request">
                                        <p>
                                            <strong>{r.kind.label(i18n)}</strong>
                                            ": "
                                            <A href=format!("/organisations/{}", r.organisation_slug)>
                                                <bdi>{r.organisation_name}</bdi>
                                            </A>
                                        </p>
                                        <p class="meta" data-testid="request-state">{r.state.label(i18n)}</p>
                                        {r.reason.map(|reason| view! { <p>{t_string!(i18n, inbox_reason)} ": " {reason}</p> })}
                                        {r
                                            .can_withdraw
                                            .then(|| {
                                                view! {
                                                    <button type="button" class="link-button" on:click=move |_| withdraw(id.clone())>
                                                        {t_string!(i18n, inbox_withdraw)}
                                                    </button>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
            .into_any()
        })}
    }
}

/// One request to decide: who asks, their message and proof; approve, or decline with a reason.
#[component]
fn Decision(request: inbox::InboxInboxToDecide, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let reason_id = format!("reason-{}", request.id);
    let (id, version) = (request.id.clone(), request.version);
    let decide = move |approve: bool| {
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let text = reason.get_untracked();
            let vars =
                decide_request::Variables { id, expected_version: version, approve, reason: Some(text).filter(|t| !t.trim().is_empty()) };
            match session.call::<DecideRequest>(vars, &lang).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (approve, decline) = (decide.clone(), decide);
    view! {
        <li class="card" data-testid="request-to-decide">
            <p>
                <strong>{request.kind.label(i18n)}</strong>
                ": "
                <A href=format!("/organisations/{}", request.organisation_slug)>
                    <bdi>{request.organisation_name}</bdi>
                </A>
            </p>
            <p>
                <bdi>{request.person_name}</bdi>
                {request.person_email.map(|e| view! { " · " <bdi>{e}</bdi> })}
            </p>
            {request.proof_email.map(|e| view! { <p>{t_string!(i18n, inbox_proof)} ": " <bdi>{e}</bdi></p> })}
            {request.message.map(|m| view! { <blockquote dir="auto">{m}</blockquote> })}
            <FormError error=error fields=&["reason"] />
            <div class="field">
                <label for=reason_id.clone()>{t_string!(i18n, inbox_reason_label)}</label>
                <textarea id=reason_id rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" disabled=move || busy.get() on:click=move |_| approve(true)>
                    {t_string!(i18n, inbox_approve)}
                </button>
                <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| decline(false)>
                    {t_string!(i18n, inbox_decline)}
                </button>
            </div>
        </li>
    }
}
