//! Upcoming events as a list or a month calendar, filtered by Ortsteil, topic and
//! language; the filters live in the URL. Signed-in representatives see their
//! invitations to co-organise at the top.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{Events, events},
    components::{feedback::loaded, labels::time_span},
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

/// The current month as `YYYY-MM`, in the browser's time.
fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}", now.get_full_year(), now.get_month() + 1)
}

fn parse_month(month: &str) -> Option<(u32, u32)> {
    let (y, m) = month.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

fn shift_month(month: &str, by: i32) -> String {
    let (y, m) = parse_month(month).unwrap_or((2026, 1));
    let index = y as i32 * 12 + (m as i32 - 1) + by;
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// The UTC window a month view asks for: a little wider than the month, so that
/// events just after midnight in Berlin are included; the grid filters by local date.
fn month_window(month: &str) -> (String, String) {
    (format!("{}-28T00:00:00Z", shift_month(month, -1)), format!("{}-01T00:00:00Z", shift_month(month, 1)))
}

/// The events page.
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
    let go = move |s: Selection| navigate(&s.url(), Default::default());
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
            {move || {
                session
                    .user
                    .get()
                    .filter(|u| u.may(migraup_domain::policy::Operation::CreateEvent))
                    .map(|_| view! { <A href="/events/new" attr:class="button">{t_string!(i18n, events_new)}</A> })
            }}
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
                <Inbox invitations=d.my_organiser_invitations />
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
                    view! { <MonthGrid month=s.month.clone() events=nodes go=go_view.clone() selection=s.clone() /> }.into_any()
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
    let (from, to) = if s.month.is_empty() {
        (Some(js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()), None)
    } else {
        let (from, to) = month_window(&s.month);
        (Some(from), Some(to))
    };
    let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
    events::Variables {
        filter: events::EventFilter {
            from,
            to,
            district_ids: one(&s.district),
            topic_ids: one(&s.topic),
            languages: one(&s.language),
            organisation_ids: Vec::new(),
            statuses: Vec::new(),
            project_id: None,
        },
        first: if s.month.is_empty() { 20 } else { 50 },
        after,
    }
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
    let s = selection.clone();
    let select = move |id: &'static str, label: String, value: String, options: Vec<(String, String)>, set: fn(&mut Selection, String)| {
        let go = go.clone();
        let base = selection.clone();
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select
                    id=id
                    on:change=move |ev| {
                        let mut s = base.clone();
                        set(&mut s, event_target_value(&ev));
                        go(s);
                    }
                >
                    <option value="" selected=value.is_empty()>{t_string!(i18n, events_any)}</option>
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == value;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <div class="filters-row" role="search" aria-label=move || t_string!(i18n, events_filters)>
            {select(
                "filter-district",
                t_string!(i18n, edit_district).to_string(),
                s.district.clone(),
                districts.into_iter().map(|d| (d.id, d.name)).collect(),
                |s, v| s.district = v,
            )}
            {select(
                "filter-topic",
                t_string!(i18n, edit_topics).to_string(),
                s.topic.clone(),
                data_topics.into_iter().map(|t| (t.id, t.label)).collect(),
                |s, v| s.topic = v,
            )}
            {select(
                "filter-language",
                t_string!(i18n, events_language).to_string(),
                s.language.clone(),
                languages.into_iter().map(|l| (l.code, l.name)).collect(),
                |s, v| s.language = v,
            )}
        </div>
    }
}

/// One event in a list.
#[component]
pub fn EventCard(event: events::EventsEventsEdgesNode) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/events/{}", event.id);
    let when = time_span(i18n, &event.starts_at_local, &event.ends_at_local);
    let place = event.venue.clone().or_else(|| event.online_url.as_ref().map(|_| t_string!(i18n, events_online).to_string()));
    let district = event.district.map(|d| d.name);
    let organisers = event.organisers.iter().filter_map(|o| o.organisation.as_ref().map(|x| x.name.clone())).collect::<Vec<_>>().join(", ");
    let status = crate::api::enum_name(&event.status);
    view! {
        <li class="card" data-testid="event-card">
            <h2>
                <A href=href>{event.title}</A>
            </h2>
            <p class="meta">
                <strong>{when}</strong>
                {place.map(|p| view! { " · " {p} })}
                {district.map(|d| view! { " · " {d} })}
            </p>
            {(status != "PUBLISHED").then(|| view! { <p><span class="badge">{move || status_label(i18n, &status)}</span></p> })}
            <p class="meta">{organisers}</p>
            <ul class="tags">{event.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
        </li>
    }
}

/// The translated status of an event.
pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> String {
    match status {
        "DRAFT" => t_string!(i18n, event_status_draft),
        "CANCELLED" => t_string!(i18n, event_status_cancelled),
        _ => t_string!(i18n, event_status_published),
    }
    .to_string()
}

/// A month as a grid of weeks (Monday first); each day lists its events. The list
/// view shows the same events as text.
#[component]
fn MonthGrid<G>(month: String, events: Vec<events::EventsEventsEdgesNode>, go: G, selection: Selection) -> impl IntoView
where
    G: Fn(Selection) + Clone + 'static,
{
    let i18n = use_i18n();
    let (year, m) = parse_month(&month).unwrap_or((2026, 1));
    let first = js_sys::Date::new_with_year_month_day(year, m as i32 - 1, 1);
    let offset = (first.get_day() + 6) % 7;
    let days = js_sys::Date::new_with_year_month_day(year, m as i32, 0).get_date();
    let mut cells: Vec<Option<u32>> = (0..offset).map(|_| None).collect();
    cells.extend((1..=days).map(Some));
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let weeks: Vec<Vec<Option<u32>>> = cells.chunks(7).map(|w| w.to_vec()).collect();
    let on_day = move |day: u32| {
        let prefix = format!("{month}-{day:02}");
        events
            .iter()
            .filter(|e| e.starts_at_local.starts_with(&prefix))
            .map(|e| (e.id.clone(), e.title.clone(), e.starts_at_local[11..].to_owned()))
            .collect::<Vec<_>>()
    };
    let (prev, next) = (shift_month(&selection.month, -1), shift_month(&selection.month, 1));
    let (go_prev, go_next) = (go.clone(), go);
    let (s_prev, s_next) = (selection.clone(), selection.clone());
    let title = format!("{m:02}/{year}");
    let weekdays = move || {
        [
            t_string!(i18n, day_mo),
            t_string!(i18n, day_tu),
            t_string!(i18n, day_we),
            t_string!(i18n, day_th),
            t_string!(i18n, day_fr),
            t_string!(i18n, day_sa),
            t_string!(i18n, day_su),
        ]
    };
    view! {
        <div class="month-nav">
            <button type="button" on:click=move |_| go_prev(Selection { month: prev.clone(), ..s_prev.clone() })>
                {t_string!(i18n, events_prev_month)}
            </button>
            <h2 data-testid="month-title">{title.clone()}</h2>
            <button type="button" on:click=move |_| go_next(Selection { month: next.clone(), ..s_next.clone() })>
                {t_string!(i18n, events_next_month)}
            </button>
        </div>
        <div class="table-scroll">
            <table class="month" data-testid="month-grid">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                    <tr>{move || weekdays().into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks
                        .into_iter()
                        .map(|week| {
                            view! {
                                <tr>
                                    {week
                                        .into_iter()
                                        .map(|day| match day {
                                            None => view! { <td class="empty"></td> }.into_any(),
                                            Some(day) => {
                                                let items = on_day(day);
                                                view! {
                                                    <td>
                                                        <span class="day">{day}</span>
                                                        <ul>
                                                            {items
                                                                .into_iter()
                                                                .map(|(id, title, time)| {
                                                                    view! { <li><A href=format!("/events/{id}")>{time} " " {title}</A></li> }
                                                                })
                                                                .collect_view()}
                                                        </ul>
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
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

/// The upcoming events an organisation (co-)organises, for its profile page.
#[component]
pub fn OrganisationEvents(organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || {
        let mut vars = variables(&Selection::default(), None);
        vars.filter.organisation_ids = vec![organisation_id.clone()];
        crate::api::body::<Events>(vars)
    });
    view! {
        <section aria-labelledby="org-events-title">
            <h2 id="org-events-title">{t_string!(i18n, org_events)}</h2>
            {loaded::<Events>(data, move |d| {
                if d.events.edges.is_empty() {
                    return view! { <p>{t_string!(i18n, org_no_events)}</p> }.into_any();
                }
                view! { <ul class="cards">{d.events.edges.into_iter().map(|e| view! { <EventCard event=e.node /> }).collect_view()}</ul> }
                    .into_any()
            })}
        </section>
    }
}
