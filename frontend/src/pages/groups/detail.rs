//! One working group: what it is about, its members, its meetings with agenda and
//! minutes, and what it agreed. Coordinators run it from here.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use super::{actions::Actions, meetings::Meetings, members::Members};
use crate::{
    api::{self, GroupPage, group_page},
    components::{feedback::loaded, select::Labelled},
    i18n::*,
    session::use_session,
};

/// One working group.
#[component]
pub fn GroupDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<GroupPage>(group_page::Variables { slug })
    });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        {loaded::<GroupPage>(data, move |d| match d.working_group {
            None => view! { <p class="notice" role="alert">{t_string!(i18n, group_not_found)}</p> }.into_any(),
            Some(g) => {
                let mine: Vec<(String, String)> =
                    d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
                view! { <GroupView group=g mine reload /> }.into_any()
            }
        })}
    }
}

#[component]
fn GroupView(group: group_page::GroupPageWorkingGroup, mine: Vec<(String, String)>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let g = group;
    let people: Vec<(String, String)> = g.members.iter().filter_map(|m| m.person_id.clone().zip(m.person_name.clone())).collect();
    let organisations: Vec<(String, String)> =
        g.members.iter().filter_map(|m| m.organisation_id.clone().zip(m.organisation_name.clone())).collect();
    view! {
        <article class="group" data-testid="group-page">
            <p class="back">
                <A href="/groups">{t_string!(i18n, group_back)}</A>
            </p>
            <div class="page-head">
                <h1>{g.name.clone()}</h1>
                {g.can_manage.then(|| view! { <A href=format!("/groups/{}/edit", g.slug) attr:class="button secondary">{t_string!(i18n, group_edit)}</A> })}
            </div>
            <p>
                <span class="badge">{g.visibility.label(i18n)}</span>
            </p>
            {super::text::description(
                i18n,
                g.description.clone(),
                &g.content_language,
                &g.translations.iter().map(|t| (t.language.clone(), t.description.clone())).collect::<Vec<_>>(),
                "description",
            )}
            <ul class="tags">{g.topics.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}</ul>
            <Members group_id=g.id.clone() members=g.members.clone() can_manage=g.can_manage mine reload />
            <Meetings
                group_id=g.id.clone()
                meetings=g.meetings.clone()
                can_manage=g.can_manage
                organisations=organisations.clone()
                people=people.clone()
                reload
            />
            <Actions actions=g.actions.clone() meetings=g.meetings.clone() reload />
        </article>
    }
}
