//! One concern: what was raised, by whom and who joined, its timeline with the
//! administration's answers, and what the person may do next: join for their
//! organisation, take on, answer or close (administration staff), reopen once.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{
        self, AnswerConcern, ApiError, CloseConcern, ConcernPage, JoinConcern, ReopenConcern, TakeConcern, answer_concern, close_concern,
        concern_page, join_concern, reopen_concern, take_concern,
    },
    components::{
        feedback::loaded,
        form::{FormError, field_message},
        labels::instant,
        select::{Binding, Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

type Concern = concern_page::ConcernPageConcern;

/// One concern.
#[component]
pub fn ConcernDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data =
        session.resource(move || api::body::<ConcernPage>(concern_page::Variables { id: params.get().get("id").unwrap_or_default() }));
    let reload = Callback::new(move |()| data.refetch());
    view! {
        {loaded::<ConcernPage>(data, move |d| match d.concern {
            None => view! { <p class="notice" role="alert">{t_string!(i18n, concern_not_found)}</p> }.into_any(),
            Some(c) => {
                let mine: Vec<(String, String)> =
                    d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
                view! { <ConcernView concern=c mine reload /> }.into_any()
            }
        })}
    }
}

/// Runs a step and reloads; a `CONFLICT` says someone else was quicker.
fn step<Q: graphql_client::GraphQLQuery + 'static>(
    session: crate::session::Session,
    i18n: I18nContext,
    vars: Q::Variables,
    error: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
) {
    error.set(None);
    spawn_local(async move {
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        match session.fetch::<Q>(vars, &lang).await {
            Ok(_) => reload.run(()),
            Err(e) if e.code() == "CONFLICT" => {
                let message = t_string!(i18n, concern_conflict).into();
                error.set(Some(ApiError::Graphql { code: e.code().into(), field: None, message }));
                reload.run(());
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

#[component]
fn ConcernView(concern: Concern, mine: Vec<(String, String)>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let c = concern;
    let error = RwSignal::new(None::<ApiError>);
    let (answer, note, reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let joinable: Vec<(String, String)> = mine.into_iter().filter(|(id, _)| c.can_join_for.contains(id)).collect();
    let join_for = RwSignal::new(joinable.first().map(|j| j.0.clone()).unwrap_or_default());
    let (id, version) = (c.id.clone(), c.version);
    let (i1, i2, i3, i4, i5) = (id.clone(), id.clone(), id.clone(), id.clone(), id);
    let join = move |_| {
        step::<JoinConcern>(
            session,
            i18n,
            join_concern::Variables { id: i1.clone(), organisation_id: join_for.get_untracked() },
            error,
            reload,
        )
    };
    let take =
        move |_| step::<TakeConcern>(session, i18n, take_concern::Variables { id: i2.clone(), expected_version: version }, error, reload);
    let send_answer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        step::<AnswerConcern>(
            session,
            i18n,
            answer_concern::Variables { id: i3.clone(), expected_version: version, text: answer.get_untracked() },
            error,
            reload,
        );
    };
    let close = move |_| {
        let text = note.get_untracked();
        let vars = close_concern::Variables {
            id: i4.clone(),
            expected_version: version,
            note: Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        };
        step::<CloseConcern>(session, i18n, vars, error, reload);
    };
    let reopen = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        step::<ReopenConcern>(
            session,
            i18n,
            reopen_concern::Variables { id: i5.clone(), expected_version: version, reason: reason.get_untracked() },
            error,
            reload,
        );
    };
    let closed = c.status == migraup_domain::ConcernStatus::Closed;
    view! {
        <article class="concern" data-testid="concern-page">
            <p class="back"><A href="/concerns">{t_string!(i18n, concern_back)}</A></p>
            <div class="page-head"><h1 dir="auto">{c.subject.clone()}</h1></div>
            <p class="meta">
                <span class="badge" data-testid="concern-status">{c.status.label(i18n)}</span>
                {c.overdue.then(|| view! { " · " <span class="badge warn">{t_string!(i18n, concern_overdue)}</span> })}
                " · " {c.visibility.label(i18n)}
                {c.assignee_name.clone().map(|n| view! { " · " {t!(i18n, concern_assignee, name = n)} })}
            </p>
            <p class="description" dir="auto">{c.body.clone()}</p>
            <ul class="tags">{c.topics.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}</ul>
            <dl data-testid="parties">
                {c.parties.clone().into_iter().map(|p| view! {
                    <dt>{if p.raised { t_string!(i18n, concern_raised_by) } else { t_string!(i18n, concern_joined_by) }}</dt>
                    <dd><A href=format!("/organisations/{}", p.organisation.slug)><bdi>{p.organisation.name}</bdi></A></dd>
                }).collect_view()}
            </dl>
            <FormError error=error fields=&["text", "reason", "note", "organisationId"] />
            {(!joinable.is_empty()).then(|| view! {
                <div class="actions" data-testid="join">
                    <Select id="concern-join-for" label=t_string!(i18n, concern_join_for) value=Binding::new(join_for, move |v| join_for.set(v)) options=Signal::stored(joinable.clone()) />
                    <button type="button" on:click=join>{t_string!(i18n, concern_join_button)}</button>
                </div>
            })}
            <section aria-labelledby="concern-timeline-title">
                <h2 id="concern-timeline-title">{t_string!(i18n, concern_timeline)}</h2>
                <ol class="timeline" data-testid="timeline">
                    {c.timeline.iter().map(|s| {
                        let at = instant(i18n, &s.at, true);
                        let answer = s.kind == migraup_domain::ConcernStep::Answered;
                        view! {
                            <li class:answer=answer>
                                <time datetime=s.at.clone()>{at}</time>
                                " · " <strong>{s.kind.label(i18n)}</strong>
                                {s.organisation_name.clone().map(|o| view! { " · " <bdi>{o}</bdi> })}
                                {s.actor_name.clone().map(|o| view! { " · " <bdi>{o}</bdi> })}
                                {s.text.clone().map(|t| view! { <p class="step-text" dir="auto">{t}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
            {c.can_answer.then(|| view! {
                <section aria-labelledby="concern-answer-title" class="panel" data-testid="answer-panel">
                    <h2 id="concern-answer-title">{t_string!(i18n, concern_work)}</h2>
                    {c.assignee_name.is_none().then(|| view! { <p><button type="button" class="secondary" on:click=take>{t_string!(i18n, concern_take)}</button></p> })}
                    <form class="form" on:submit=send_answer>
                        <div class="field">
                            <label for="concern-answer">{t_string!(i18n, concern_answer_label)}</label>
                            <textarea id="concern-answer" rows="5" prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                            <p class="field-error">{move || field_message(error, "text")}</p>
                        </div>
                        <button type="submit">{t_string!(i18n, concern_answer_button)}</button>
                    </form>
                    <div class="field">
                        <label for="concern-close-note">{t_string!(i18n, concern_close_note)}</label>
                        <input id="concern-close-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" class="secondary" on:click=close>{t_string!(i18n, concern_close_button)}</button>
                </section>
            })}
            {(closed && c.can_reopen).then(|| view! {
                <form class="form" on:submit=reopen data-testid="reopen">
                    <div class="field">
                        <label for="concern-reopen">{t_string!(i18n, concern_reopen_reason)}</label>
                        <textarea id="concern-reopen" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <p class="field-error">{move || field_message(error, "reason")}</p>
                    </div>
                    <button type="submit">{t_string!(i18n, concern_reopen_button)}</button>
                </form>
            })}
        </article>
    }
}
