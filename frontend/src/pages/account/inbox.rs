//! The inbox: every decision waiting for me (claim and join requests, with a reason
//! the person is told when declined; invitations to co-organise an event or to join
//! a project; relations proposed to my organisations), and my own requests with their
//! answers. Every answer is a button, its error shown beside it.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use std::{future::Future, pin::Pin, rc::Rc};

use crate::{
    api::{
        self, ApiError, DecideRequest, Inbox, OrganiserChange, PartnerChange, RespondToRelation, WithdrawRequest, decide_request, inbox,
        organiser_change, partner_change, respond_to_relation, withdraw_request,
    },
    components::{
        feedback::loaded,
        form::{FormError, field_message},
        labels::time_span,
        select::Labelled,
    },
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
                Ok(_) => {
                    session.decided.update(|n| *n += 1);
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let done = Callback::new(move |()| {
        session.decided.update(|n| *n += 1);
        data.refetch();
    });
    view! {
        <h1>{t_string!(i18n, inbox_title)}</h1>
        <FormError error=error />
        {loaded::<Inbox>(data, move |d| {
            let inbox::InboxInbox { to_decide, mine, co_organiser_invitations, partner_invitations, relation_proposals } = d.inbox;
            let nothing = to_decide.is_empty() && co_organiser_invitations.is_empty() && partner_invitations.is_empty() && relation_proposals.is_empty();
            view! {
                <section aria-labelledby="inbox-decide">
                    <h2 id="inbox-decide">{t_string!(i18n, inbox_to_decide)}</h2>
                    {nothing.then(|| view! { <p>{t_string!(i18n, inbox_nothing)}</p> })}
                    <ul class="cards">
                        {to_decide.into_iter().map(|r| view! { <Decision request=r on_done=done /> }).collect_view()}
                    </ul>
                    {(!co_organiser_invitations.is_empty()).then(|| view! {
                        <h3>{t_string!(i18n, inbox_events)}</h3>
                        <ul class="cards">
                            {co_organiser_invitations.into_iter().map(|inv| {
                                let when = time_span(i18n, &inv.event.starts_at_local, &inv.event.ends_at_local);
                                let (event_id, organisation_id) = (inv.event.id.clone(), inv.organisation_id);
                                let answer: Answer = Rc::new(move |accept, lang: String| {
                                    let vars = organiser_change::Variables { event_id: event_id.clone(), organisation_id: organisation_id.clone(), invite: false, respond: true, accept };
                                    Box::pin(async move { session.fetch::<OrganiserChange>(vars, &lang).await.map(drop) })
                                });
                                view! {
                                    <li class="card" data-testid="inbox-event-invitation">
                                        <p><A href=format!("/events/{}", inv.event.id)><bdi>{inv.event.title}</bdi></A></p>
                                        <p class="meta"><bdi>{when}</bdi></p>
                                        <YesNo yes=t_string!(i18n, event_confirm) no=t_string!(i18n, event_decline) answer on_done=done />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!partner_invitations.is_empty()).then(|| view! {
                        <h3>{t_string!(i18n, inbox_projects)}</h3>
                        <ul class="cards">
                            {partner_invitations.into_iter().map(|inv| {
                                let (project_id, organisation_id) = (inv.project.id.clone(), inv.organisation_id);
                                let answer: Answer = Rc::new(move |accept, lang: String| {
                                    let vars = partner_change::Variables { project_id: project_id.clone(), organisation_id: organisation_id.clone(), invite: false, accept };
                                    Box::pin(async move { session.fetch::<PartnerChange>(vars, &lang).await.map(drop) })
                                });
                                view! {
                                    <li class="card" data-testid="inbox-project-invitation">
                                        <p><A href=format!("/projects/{}", inv.project.id)><bdi>{inv.project.title}</bdi></A></p>
                                        <YesNo yes=t_string!(i18n, event_confirm) no=t_string!(i18n, event_decline) answer on_done=done />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!relation_proposals.is_empty()).then(|| view! {
                        <h3>{t_string!(i18n, inbox_relations)}</h3>
                        <ul class="cards">
                            {relation_proposals.into_iter().map(|r| {
                                let id = r.id.clone();
                                let answer: Answer = Rc::new(move |accept, lang: String| {
                                    let vars = respond_to_relation::Variables { id: id.clone(), accept };
                                    Box::pin(async move { session.fetch::<RespondToRelation>(vars, &lang).await.map(drop) })
                                });
                                let name = |o: Option<inbox::InboxInboxRelationProposalsFrom>| o.map(|o| (o.name, o.slug));
                                let from = name(r.from);
                                let to = r.to.map(|o| (o.name, o.slug));
                                let link = |o: Option<(String, String)>| o.map(|(n, slug)| view! { <A href=format!("/organisations/{slug}")><bdi>{n}</bdi></A> });
                                view! {
                                    <li class="card" data-testid="inbox-relation-proposal">
                                        <p>{link(from)} " → " {link(to)}</p>
                                        <p class="meta">{r.kind.label(i18n)}</p>
                                        <YesNo yes=t_string!(i18n, relations_accept) no=t_string!(i18n, relations_decline) answer on_done=done />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
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
                                            {r.group_name.zip(r.group_slug).map(|(name, slug)| view! { " → " <A href=format!("/groups/{slug}")><bdi>{name}</bdi></A> })}
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

/// An answer to an invitation or a proposal: yes or no, in the interface language
/// (for the API's messages).
type Answer = Rc<dyn Fn(bool, String) -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

/// Two buttons that answer, disabled while the answer is sent, with its error beside them.
#[component]
fn YesNo(yes: &'static str, no: &'static str, answer: Answer, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let run = move |accept: bool| {
        let answer = answer.clone();
        // Read here, in the reactive owner: inside the task there is none.
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match answer(accept, lang).await {
                Ok(()) => on_done.run(()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (accept, decline) = (run.clone(), run);
    view! {
        <FormError error=error />
        <div class="actions">
            <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| accept(true)>
                {yes}
            </button>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| decline(false)>
                {no}
            </button>
        </div>
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
    let error_id = format!("reason-{}-error", request.id);
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
                {request.group_name.zip(request.group_slug).map(|(name, slug)| view! { " → " <A href=format!("/groups/{slug}")><bdi>{name}</bdi></A> })}
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
                <textarea
                    id=reason_id
                    rows="2"
                    aria-describedby=error_id.clone()
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                ></textarea>
                // Declining without a reason is told here, where the person looks.
                <p id=error_id class="field-error">{move || field_message(error, "reason")}</p>
            </div>
            <div class="actions">
                <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| approve(true)>
                    {t_string!(i18n, inbox_approve)}
                </button>
                <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| decline(false)>
                    {t_string!(i18n, inbox_decline)}
                </button>
            </div>
        </li>
    }
}
