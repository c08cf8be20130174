//! The ideas and measures, with filters kept in the address.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use migraup_domain::{IdeaStatus, kinds::Named, policy::Operation};

use crate::{
    api::{self, Ideas, ideas},
    components::{
        feedback::loaded,
        select::{Binding, Labelled, Select, choices},
        url::with_query,
    },
    i18n::*,
    session::use_session,
};

/// The list of ideas.
#[component]
pub fn IdeasPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |name: &'static str| Memo::new(move |_| query.get().get(name).filter(|v| !v.is_empty()));
    let (status, topic, district, search) = (param("status"), param("topic"), param("district"), param("q"));
    let data = session.resource(move || {
        api::body::<Ideas>(ideas::Variables {
            statuses: status.get().and_then(|s| IdeaStatus::from_name(&s)).into_iter().collect(),
            topic_id: topic.get(),
            district_id: district.get(),
            search: search.get(),
        })
    });
    let may_propose = move || session.user.get().is_some_and(|u| u.may(Operation::ProposeIdea));
    let go = move |key: &'static str, value: String| {
        let q = query.get_untracked();
        let mut pairs: Vec<(&str, String)> = ["status", "topic", "district", "q"]
            .into_iter()
            .map(|k| (k, if k == key { value.clone() } else { q.get(k).unwrap_or_default() }))
            .collect();
        pairs.retain(|(_, v)| !v.is_empty());
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        navigate(&with_query("/ideas", refs), Default::default());
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, ideas_title)}</h1>
            {move || may_propose().then(|| view! { <A href="/ideas/new" attr:class="button">{t_string!(i18n, ideas_new)}</A> })}
        </div>
        <p class="lead">{t_string!(i18n, ideas_lead)}</p>
        {loaded::<Ideas>(data, move |d| {
            let topics: Vec<(String, String)> = d.topics.into_iter().map(|t| (t.id, t.label)).collect();
            let districts: Vec<(String, String)> = d.districts.into_iter().map(|t| (t.id, t.name)).collect();
            let (g1, g2, g3, g4) = (go.clone(), go.clone(), go.clone(), go.clone());
            let search_text = RwSignal::new(search.get_untracked().unwrap_or_default());
            view! {
                <form class="filters grid" on:submit=move |ev| { ev.prevent_default(); g4("q", search_text.get_untracked()); }>
                    <div class="field">
                        <label for="idea-search">{t_string!(i18n, ideas_search)}</label>
                        <input id="idea-search" type="search" prop:value=move || search_text.get() on:input=move |ev| search_text.set(event_target_value(&ev)) />
                    </div>
                    <Select
                        id="idea-status-filter"
                        label=t_string!(i18n, ideas_status_filter)
                        value=Binding::new(Signal::derive(move || status.get().unwrap_or_default()), move |v| g1("status", v))
                        options=Signal::stored(choices::<IdeaStatus>(i18n))
                        none=t_string!(i18n, ideas_any_status)
                    />
                    <Select
                        id="idea-topic-filter"
                        label=t_string!(i18n, ideas_topic_filter)
                        value=Binding::new(Signal::derive(move || topic.get().unwrap_or_default()), move |v| g2("topic", v))
                        options=Signal::stored(topics)
                        none=t_string!(i18n, ideas_any)
                    />
                    <Select
                        id="idea-district-filter"
                        label=t_string!(i18n, ideas_district_filter)
                        value=Binding::new(Signal::derive(move || district.get().unwrap_or_default()), move |v| g3("district", v))
                        options=Signal::stored(districts)
                        none=t_string!(i18n, ideas_any)
                    />
                </form>
                {d.ideas.is_empty().then(|| view! { <p>{t_string!(i18n, ideas_none)}</p> })}
                <ul class="cards" data-testid="ideas">
                    {d
                        .ideas
                        .into_iter()
                        .map(|idea| {
                            let count = idea.supports.len() as i64;
                            let lang = i18n.get_locale_untracked().as_str().to_owned();
                            let title = idea.translations.iter().find(|t| t.language == lang).and_then(|t| t.title.clone()).unwrap_or(idea.title);
                            view! {
                                <li class="card" data-testid="idea-card">
                                    <h2><A href=format!("/ideas/{}", idea.id)>{title}</A></h2>
                                    <p class="meta">
                                        <span class="badge">{idea.status.label(i18n)}</span>
                                        " · "
                                        {t!(i18n, ideas_supports, count = count)}
                                    </p>
                                    <ul class="tags">
                                        {idea.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}
                                        {idea.districts.into_iter().map(|t| view! { <li>{t.name}</li> }).collect_view()}
                                    </ul>
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
