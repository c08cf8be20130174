//! The events page: upcoming events as a list or a month calendar, filtered in the URL.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
};

use super::calendar::{MonthGrid, month_window, this_month};
use crate::{
    api::{Events, events},
    components::{
        events::{EventCard, upcoming},
        feedback::loaded,
        labels::time_span,
        select::{Binding, Select},
        signed_in_only,
    },
    i18n::*,
    session::use_session,
};

/// The view's state as kept in the URL.
#[derive(Clone, Debug, PartialEq, Default)]
struct Selection {
    district: String,
    topic: String,
    language: String,
    /// `YYYY-MM` for the month calendar; empty for the list of upcoming events.
    month: String,
}

impl Selection {
    fn url(&self) -> String {
        crate::components::url::with_query(
            "/events",
            [("district", self.district.as_str()), ("topic", &self.topic), ("language", &self.language), ("month", &self.month)],
        )
    }
}

/// The events page: upcoming events filtered by Ortsteil, topic and language, as a
/// list or a month calendar; signed-in representatives see their invitations to
/// co-organise at the top.
#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let selection = Memo::new(move |_| {
        let q = query.get();
        Selection {
            district: q.get("district").unwrap_or_default(),
            topic: q.get("topic").unwrap_or_default(),
            language: q.get("language").unwrap_or_default(),
            month: q.get("month").unwrap_or_default(),
        }
    });
    let navigate = use_navigate();
    let go = move |s: Selection| navigate(&s.url(), NavigateOptions { scroll: false, ..Default::default() });
    // Pages beyond the first, appended by "more".
    let more = RwSignal::new(Vec::<events::EventsEventsEdgesNode>::new());
    let next = RwSignal::new(None::<String>);
    let data = session.resource(move || {
        let s = selection.get();
        more.set(Vec::new());
        crate::api::body::<Events>(variables(&s, None))
    });
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else { return };
        let s = selection.get_untracked();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            if let Ok(d) = session.call::<Events>(variables(&s, Some(after)), &lang).await {
                next.set(d.events.page_info.has_next_page.then_some(d.events.page_info.end_cursor).flatten());
                more.update(|m| m.extend(d.events.edges.into_iter().map(|e| e.node)));
            }
        });
    };
    let go_filter = go.clone();
    let go_view = go.clone();
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, events_title)}</h1>
            {signed_in_only(move || {
                move || {
                    session
                        .user
                        .get()
                        .filter(|u| u.may(migraup_domain::policy::Operation::CreateEvent))
                        .map(|_| view! { <A href="/events/new" attr:class="button">{t_string!(i18n, events_new)}</A> })
                }
            })}
        </div>
        {loaded::<Events>(data, move |d| {
            let s = selection.get_untracked();
            next.set(d.events.page_info.has_next_page.then_some(d.events.page_info.end_cursor.clone()).flatten());
            let go_filter = go_filter.clone();
            let go_view = go_view.clone();
            let month_view = !s.month.is_empty();
            let total = d.events.total_count;
            let nodes: Vec<_> = d.events.edges.into_iter().map(|e| e.node).collect();
            view! {
                {signed_in_only(move || view! { <Inbox invitations=d.my_organiser_invitations /> })}
                <EventFilters selection=s.clone() data_topics=d.topics districts=d.districts languages=d.languages go=go_filter />
                <div class="view-switch" role="group" aria-label=move || t_string!(i18n, events_view)>
                    <button
                        type="button"
                        aria-pressed=(!month_view).to_string()
                        on:click={
                            let (go, s) = (go_view.clone(), s.clone());
                            move |_| go(Selection { month: String::new(), ..s.clone() })
                        }
                    >
                        {t_string!(i18n, events_list)}
                    </button>
                    <button
                        type="button"
                        aria-pressed=month_view.to_string()
                        on:click={
                            let (go, s) = (go_view.clone(), s.clone());
                            move |_| go(Selection { month: this_month(), ..s.clone() })
                        }
                    >
                        {t_string!(i18n, events_month)}
                    </button>
                </div>
                {if month_view {
                    let (go, base) = (go_view.clone(), s.clone());
                    let go = move |month| go(Selection { month, ..base.clone() });
                    view! { <MonthGrid month=s.month.clone() events=nodes go=go /> }.into_any()
                } else {
                    view! {
                        <p role="status" class="result-count">{t!(i18n, events_count, count = total)}</p>
                        {(total == 0).then(|| view! { <p>{t_string!(i18n, events_none)}</p> })}
                        <ul class="cards" data-testid="event-list">
                            {nodes.into_iter().map(|e| view! { <EventCard event=e /> }).collect_view()}
                            <For each=move || more.get() key=|e| e.id.clone() let:e>
                                <EventCard event=e />
                            </For>
                        </ul>
                        {move || {
                            next.get()
                                .map(|_| {
                                    view! {
                                        <p class="paging">
                                            <button type="button" on:click=load_more>{t_string!(i18n, events_more)}</button>
                                        </p>
                                    }
                                })
                        }}
                    }
                        .into_any()
                }}
                <p class="hint">
                    <a href="/calendar.ics">{t_string!(i18n, events_subscribe)}</a>
                    " – "
                    {t_string!(i18n, events_subscribe_hint)}
                </p>
            }
                .into_any()
        })}
    }
}

fn variables(s: &Selection, after: Option<String>) -> events::Variables {
    let mut vars = upcoming(if s.month.is_empty() { 20 } else { 50 }, after);
    if !s.month.is_empty() {
        let (from, to) = month_window(&s.month);
        (vars.filter.from, vars.filter.to) = (Some(from), Some(to));
    }
    let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
    vars.filter.district_ids = one(&s.district);
    vars.filter.topic_ids = one(&s.topic);
    vars.filter.languages = one(&s.language);
    vars
}

#[component]
fn EventFilters<G>(
    selection: Selection,
    data_topics: Vec<events::EventsTopics>,
    districts: Vec<events::EventsDistricts>,
    languages: Vec<events::EventsLanguages>,
    go: G,
) -> impl IntoView
where
    G: Fn(Selection) + Clone + 'static,
{
    let i18n = use_i18n();
    let Selection { district, topic, language, .. } = selection.clone();
    // Each filter: its id, label, value, options, and the part of the selection it sets.
    let select =
        move |id: &'static str, label: &'static str, value: String, options: Vec<(String, String)>, set: fn(&mut Selection, String)| {
            let (go, base) = (go.clone(), selection.clone());
            let choose = move |v: String| {
                let mut s = base.clone();
                set(&mut s, v);
                go(s);
            };
            view! { <Select id=id label=label value=Binding::new(value, choose) options=options none=t_string!(i18n, events_any) /> }
        };
    view! {
        <div class="filters-row" role="search" aria-label=move || t_string!(i18n, events_filters)>
            {select(
                "filter-district",
                t_string!(i18n, edit_district),
                district,
                districts.into_iter().map(|d| (d.id, d.name)).collect(),
                |s, v| s.district = v,
            )}
            {select("filter-topic", t_string!(i18n, edit_topics), topic, data_topics.into_iter().map(|t| (t.id, t.label)).collect(), |s, v| {
                s.topic = v
            })}
            {select(
                "filter-language",
                t_string!(i18n, events_language),
                language,
                languages.into_iter().map(|l| (l.code, l.name)).collect(),
                |s, v| s.language = v,
            )}
        </div>
    }
}

/// Invitations to co-organise waiting for an answer from the person's organisations.
#[component]
fn Inbox(invitations: Vec<events::EventsMyOrganiserInvitations>) -> impl IntoView {
    let i18n = use_i18n();
    (!invitations.is_empty()).then(|| {
        view! {
            <section class="notice" aria-labelledby="inbox-title" data-testid="organiser-inbox">
                <h2 id="inbox-title">{t_string!(i18n, events_inbox)}</h2>
                <ul>
                    {invitations
                        .into_iter()
                        .map(|inv| {
                            let when = time_span(i18n, &inv.event.starts_at_local, &inv.event.starts_at_local);
                            view! {
                                <li>
                                    <A href=format!("/events/{}", inv.event.id)>{inv.event.title}</A>
                                    " · "
                                    {when}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
