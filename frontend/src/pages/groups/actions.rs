//! What a group agreed: the list (open first), marking done or dropped, making a
//! project of an action, and recording a new one at a meeting (coordinators).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::{
        ActionStatus, ActionToProject, ApiError, RecordAction as Record, SetActionStatus, action_to_project, group_page, record_action,
        set_action_status,
    },
    components::{
        form::{Field, FormError},
        labels::date,
        select::{Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

type Action = group_page::GroupPageWorkingGroupActions;
type Meeting = group_page::GroupPageWorkingGroupMeetings;

/// The agreed actions of a group.
#[component]
pub fn Actions(actions: Vec<Action>, meetings: Vec<Meeting>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let meeting_title = move |id: &str| meetings.iter().find(|m| m.id == id).map(|m| m.title.clone()).unwrap_or_default();
    view! {
        <section aria-labelledby="group-actions-title">
            <h2 id="group-actions-title">{t_string!(i18n, group_actions)}</h2>
            {actions.is_empty().then(|| view! { <p>{t_string!(i18n, group_no_actions)}</p> })}
            <ul class="actions-list" data-testid="group-actions">
                {actions
                    .into_iter()
                    .map(|a| {
                        let from = meeting_title(&a.event_id);
                        view! { <ActionItem action=a from reload /> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ActionItem(action: Action, from: String, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let reason = RwSignal::new(String::new());
    let (id, version) = (action.id.clone(), action.version);
    let set = move |status: ActionStatus| {
        let id = id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let text = reason.get_untracked();
            let vars = set_action_status::Variables {
                id,
                expected_version: version,
                status,
                reason: (status == ActionStatus::Dropped).then_some(text),
            };
            match session.fetch::<SetActionStatus>(vars, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (done, drop) = (set.clone(), set);
    let action_id = action.id.clone();
    let to_project = move |_| {
        let (id, navigate) = (action_id.clone(), navigate.clone());
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<ActionToProject>(action_to_project::Variables { id }, &lang).await {
                Ok(v) => navigate(&format!("/projects/{}", v["actionToProject"]["id"].as_str().unwrap_or_default()), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let owner = action.owner_organisation_name.clone().or(action.owner_person_name.clone()).unwrap_or_default();
    let due = date(i18n, &action.due_on);
    let reason_id = format!("drop-reason-{}", action.id);
    view! {
        <li class="card" data-testid="action">
            <strong>{action.title.clone()}</strong>
            <p class="meta">
                <bdi>{owner}</bdi>
                " · "
                {t!(i18n, action_due_on, date = due.clone())}
                " · "
                <span class="badge" data-testid="action-status">{action.status.label(i18n)}</span>
                {(!from.is_empty()).then(|| view! { " · " {from} })}
            </p>
            {action.drop_reason.clone().map(|r| view! { <p>{r}</p> })}
            {action.project_id.clone().map(|p| view! { <p><A href=format!("/projects/{p}")>{t_string!(i18n, action_project)}</A></p> })}
            <FormError error=error />
            {action.can_update.then(|| view! {
                <div class="actions">
                    <button type="button" on:click=move |_| done(ActionStatus::Done)>{t_string!(i18n, action_mark_done)}</button>
                    <details>
                        <summary>{t_string!(i18n, action_drop)}</summary>
                        <label for=reason_id.clone()>{t_string!(i18n, action_drop_reason)}</label>
                        <input id=reason_id type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        <button type="button" class="secondary" on:click=move |_| drop(ActionStatus::Dropped)>{t_string!(i18n, action_drop_confirm)}</button>
                    </details>
                </div>
            })}
            {action.can_make_project.then(|| view! { <button type="button" class="secondary" on:click=to_project>{t_string!(i18n, action_to_project)}</button> })}
        </li>
    }
}

/// Recording an agreed action at a meeting: what, who (an organisation or a person of
/// the group), by when.
#[component]
pub fn RecordAction(
    event_id: String,
    organisations: Vec<(String, String)>,
    people: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    // "org:<id>" or "person:<id>", so one select offers both.
    let owners: Vec<(String, String)> = organisations
        .into_iter()
        .map(|(id, name)| (format!("org:{id}"), name))
        .chain(people.into_iter().map(|(id, name)| (format!("person:{id}"), name)))
        .collect();
    let owner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let event = event_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let event = event.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let chosen = owner.get_untracked();
            let input = record_action::ActionInput {
                title: title.get_untracked(),
                owner_organisation_id: chosen.strip_prefix("org:").map(str::to_owned),
                owner_person_id: chosen.strip_prefix("person:").map(str::to_owned),
                due_on: due.get_untracked(),
            };
            match session.fetch::<Record>(record_action::Variables { event, input }, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let id = |name: &str| format!("{name}-{event_id}");
    let owner_field = Signal::stored("owner".to_owned());
    view! {
        <form class="form" on:submit=submit novalidate>
            <h4>{t_string!(i18n, action_record)}</h4>
            <FormError error=error fields=&["title", "owner", "dueOn"] />
            <Field id=id("action-title") field="title" label=t_string!(i18n, action_title).to_string() value=title error=error />
            <Select
                id=id("action-owner")
                label=t_string!(i18n, action_owner)
                value=owner
                options=Signal::stored(owners)
                none="–"
                field=owner_field
                error=error
            />
            <Field id=id("action-due") field="dueOn" label=t_string!(i18n, action_due).to_string() value=due error=error kind="date" />
            <button type="submit">{t_string!(i18n, action_record)}</button>
        </form>
    }
}
