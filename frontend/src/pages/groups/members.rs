//! A group's members: leaving and removal, inviting organisations, adding people, and
//! a representative's request to take part.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{AddGroupPerson, ApiError, EndGroupMembership, GroupRequest, add_group_person, end_group_membership, group_page, group_request},
    components::{
        form::{Field, FormError},
        organisation_picker::OrganisationPicker,
        select::Select,
    },
    i18n::*,
    session::use_session,
};

type Member = group_page::GroupPageWorkingGroupMembers;

/// The members, and what the reader may do about them.
#[component]
pub fn Members(
    group_id: String,
    members: Vec<Member>,
    can_manage: bool,
    mine: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<&'static str>);
    let end = move |member: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<EndGroupMembership>(end_group_membership::Variables { member }, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let in_group: Vec<String> = members.iter().filter_map(|m| m.organisation_id.clone()).collect();
    let me = session.user.get_untracked().map(|u| u.id).unwrap_or_default();
    let my_organisations: Vec<String> = mine.iter().map(|(id, _)| id.clone()).collect();
    let may_apply: Vec<(String, String)> = mine.into_iter().filter(|(id, _)| !in_group.contains(id)).collect();
    view! {
        <section aria-labelledby="group-members-title">
            <h2 id="group-members-title">{t_string!(i18n, group_members)}</h2>
            <FormError error=error />
            <ul class="members" data-testid="group-members">
                {members
                    .into_iter()
                    .map(|m| {
                        let name = match (m.organisation_slug.clone(), m.organisation_name.clone(), m.person_name.clone()) {
                            (Some(slug), Some(name), _) => view! { <A href=format!("/organisations/{slug}")>{name}</A> }.into_any(),
                            (_, _, Some(person)) => view! { <bdi>{person}</bdi> }.into_any(),
                            _ => ().into_any(),
                        };
                        let id = m.id.clone();
                        // One's own membership (or one's organisation's) is left, others' are removed.
                        let own = m.person_id.as_deref() == Some(me.as_str())
                            || m.organisation_id.as_ref().is_some_and(|o| my_organisations.contains(o));
                        view! {
                            <li>
                                {name}
                                {m.coordinator.then(|| view! { " " <span class="badge">{t_string!(i18n, group_coordinator)}</span> })}
                                {m.can_end.then(|| view! {
                                    " "
                                    <button type="button" class="link-button" on:click=move |_| end(id.clone())>
                                        {if can_manage && !own { t_string!(i18n, group_remove) } else { t_string!(i18n, group_leave) }}
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p role="status">{move || done.get()}</p>
            {(!may_apply.is_empty() && !can_manage).then(|| view! { <Apply group_id=group_id.clone() options=may_apply done error /> })}
            {can_manage.then(|| view! { <Invite group_id=group_id.clone() taken=in_group done error reload /> })}
        </section>
    }
}

/// A representative asks for one of their organisations to take part.
#[component]
fn Apply(
    group_id: String,
    options: Vec<(String, String)>,
    done: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let chosen = RwSignal::new(options.first().map(|(id, _)| id.clone()).unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = group_id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = group_request::Variables { invite: false, group, organisation: chosen.get_untracked() };
            match session.fetch::<GroupRequest>(vars, &lang).await {
                Ok(_) => done.set(Some(t_string!(i18n, group_applied))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form inline" on:submit=submit>
            <Select id="group-apply-organisation" label=t_string!(i18n, group_apply) value=chosen options=Signal::stored(options) />
            <button type="submit">{t_string!(i18n, group_apply_button)}</button>
        </form>
    }
}

/// Coordinators invite organisations and add people of the platform.
#[component]
fn Invite(
    group_id: String,
    taken: Vec<String>,
    done: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let group = group_id.clone();
    let invite = Callback::new(move |(organisation, _name): (String, String)| {
        let group = group.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<GroupRequest>(group_request::Variables { invite: true, group, organisation }, &lang).await {
                Ok(_) => done.set(Some(t_string!(i18n, group_invited))),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let email = RwSignal::new(String::new());
    let coordinator = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = group_id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = add_group_person::Variables { group, email: email.get_untracked(), coordinator: coordinator.get_untracked() };
            match session.fetch::<AddGroupPerson>(vars, &lang).await {
                Ok(_) => {
                    email.set(String::new());
                    done.set(Some(t_string!(i18n, group_added)));
                    reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="manage">
            <OrganisationPicker exclude=taken on_pick=invite />
            <form class="form inline" on:submit=add novalidate>
                <Field id="group-person-email" field="email" label=t_string!(i18n, group_add_person).to_string() value=email error=error kind="email" />
                <label class="choice">
                    <input type="checkbox" prop:checked=move || coordinator.get() on:change=move |ev| coordinator.set(event_target_checked(&ev)) />
                    {t_string!(i18n, group_as_coordinator)}
                </label>
                <button type="submit">{t_string!(i18n, group_add_person_button)}</button>
            </form>
        </div>
    }
}
