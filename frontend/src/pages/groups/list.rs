//! The working groups, filtered by a topic kept in the address.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use migraup_domain::policy::Operation;

use crate::{
    api::{self, Groups, groups},
    components::{
        feedback::loaded,
        select::{Binding, Select},
        url::with_query,
    },
    i18n::*,
    session::use_session,
};

/// The list of working groups.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let topic = Memo::new(move |_| query.get().get("topic").filter(|t| !t.is_empty()));
    let data = session.resource(move || api::body::<Groups>(groups::Variables { topics: topic.get().into_iter().collect() }));
    let may_create = move || session.user.get().is_some_and(|u| u.may(Operation::CreateGroup));
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, groups_title)}</h1>
            {move || may_create().then(|| view! { <A href="/groups/new" attr:class="button">{t_string!(i18n, groups_new)}</A> })}
        </div>
        <p class="lead">{t_string!(i18n, groups_lead)}</p>
        {loaded::<Groups>(data, move |d| {
            let options: Vec<(String, String)> = d.topics.into_iter().map(|t| (t.id, t.label)).collect();
            let navigate = navigate.clone();
            let choose = move |chosen: String| navigate(&with_query("/groups", [("topic", chosen.as_str())]), Default::default());
            let value = Signal::derive(move || topic.get().unwrap_or_default());
            view! {
                <div class="narrow">
                    <Select
                        id="group-topic-filter"
                        label=t_string!(i18n, groups_topic)
                        value=Binding::new(value, choose)
                        options=Signal::stored(options)
                        none=t_string!(i18n, groups_any_topic)
                    />
                </div>
                {d.working_groups.is_empty().then(|| view! { <p>{t_string!(i18n, groups_none)}</p> })}
                <ul class="cards" data-testid="groups">
                    {d
                        .working_groups
                        .into_iter()
                        .map(|g| {
                            let count = g.members.len() as i64;
                            view! {
                                <li class="card" data-testid="group-card">
                                    <h2>
                                        <A href=format!("/groups/{}", g.slug)>{g.name}</A>
                                    </h2>
                                    <p class="meta">{t!(i18n, group_members_count, count = count)}</p>
                                    {super::text::description(
                                        i18n,
                                        g.description,
                                        &g.content_language,
                                        &g.translations.into_iter().map(|t| (t.language, t.description)).collect::<Vec<_>>(),
                                        "",
                                    )}
                                    <ul class="tags">{g.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        })}
    }
}
