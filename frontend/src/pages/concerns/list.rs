//! The concerns the person may read, with filters kept in the address.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use migraup_domain::{ConcernStatus, kinds::Named, policy::Operation};

use crate::{
    api::{self, Concerns, concerns},
    components::{
        feedback::loaded,
        labels::instant,
        select::{Binding, Labelled, Select, choices},
        url::with_query,
    },
    i18n::*,
    session::use_session,
};

/// The list of concerns.
#[component]
pub fn ConcernsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |name: &'static str| Memo::new(move |_| query.get().get(name).filter(|v| !v.is_empty()));
    let (status, topic) = (param("status"), param("topic"));
    let data = session.resource(move || {
        api::body::<Concerns>(concerns::Variables {
            statuses: status.get().and_then(|s| ConcernStatus::from_name(&s)).into_iter().collect(),
            topic_id: topic.get(),
            search: None,
        })
    });
    // Representatives raise concerns for their organisations.
    let may_raise = move || session.user.get().is_some_and(|u| u.may(Operation::RaiseConcern));
    let go = move |key: &'static str, value: String| {
        let q = query.get_untracked();
        let pairs: Vec<(&str, String)> =
            ["status", "topic"].into_iter().map(|k| (k, if k == key { value.clone() } else { q.get(k).unwrap_or_default() })).collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        navigate(&with_query("/concerns", refs), Default::default());
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, concerns_title)}</h1>
            {move || may_raise().then(|| view! { <A href="/concerns/new" attr:class="button">{t_string!(i18n, concerns_new)}</A> })}
        </div>
        <p class="lead">{t_string!(i18n, concerns_lead)}</p>
        {loaded::<Concerns>(data, move |d| {
            let topics: Vec<(String, String)> = d.topics.into_iter().map(|t| (t.id, t.label)).collect();
            let (g1, g2) = (go.clone(), go.clone());
            view! {
                <div class="filters grid">
                    <Select
                        id="concern-status-filter"
                        label=t_string!(i18n, concerns_status_filter)
                        value=Binding::new(Signal::derive(move || status.get().unwrap_or_default()), move |v| g1("status", v))
                        options=Signal::stored(choices::<ConcernStatus>(i18n))
                        none=t_string!(i18n, concerns_any_status)
                    />
                    <Select
                        id="concern-topic-filter"
                        label=t_string!(i18n, ideas_topic_filter)
                        value=Binding::new(Signal::derive(move || topic.get().unwrap_or_default()), move |v| g2("topic", v))
                        options=Signal::stored(topics)
                        none=t_string!(i18n, ideas_any)
                    />
                </div>
                {d.concerns.is_empty().then(|| view! { <p>{t_string!(i18n, concerns_none)}</p> })}
                <ul class="cards" data-testid="concerns">
                    {d
                        .concerns
                        .into_iter()
                        .map(|c| {
                            let names = c.parties.iter().map(|p| p.organisation.name.clone()).collect::<Vec<_>>().join(", ");
                            let at = instant(i18n, &c.created_at, false);
                            view! {
                                <li class="card" data-testid="concern-card">
                                    <h2><A href=format!("/concerns/{}", c.id)>{c.subject}</A></h2>
                                    <p class="meta">
                                        <span class="badge">{c.status.label(i18n)}</span>
                                        {c.overdue.then(|| view! { " · " <span class="badge warn">{t_string!(i18n, concern_overdue)}</span> })}
                                        " · " {c.visibility.label(i18n)} " · " <bdi>{names}</bdi> " · " {at}
                                    </p>
                                    <ul class="tags">{c.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
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
