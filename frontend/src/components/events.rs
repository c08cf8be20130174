//! Events as cards: one event in a list, and an organisation's upcoming events.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{EventStatus, Events, events},
    components::{feedback::loaded, labels::time_span, select::Labelled},
    i18n::*,
    session::use_session,
};

/// The query for upcoming events (from now on, nothing filtered), `first` of them
/// after the cursor `after`.
pub fn upcoming(first: i64, after: Option<String>) -> events::Variables {
    events::Variables {
        filter: events::EventFilter {
            from: Some(js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()),
            to: None,
            district_ids: Vec::new(),
            topic_ids: Vec::new(),
            languages: Vec::new(),
            organisation_ids: Vec::new(),
            statuses: Vec::new(),
            project_id: None,
        },
        first,
        after,
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
    let status = event.status;
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
            {(status != EventStatus::Published).then(|| view! { <p><span class="badge">{status.label(i18n)}</span></p> })}
            <p class="meta">{organisers}</p>
            <ul class="tags">{event.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
        </li>
    }
}

/// The upcoming events an organisation (co-)organises, for its profile page.
#[component]
pub fn OrganisationEvents(organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || {
        let mut vars = upcoming(20, None);
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

/// The working group whose meeting this event is, with a link to its agenda and
/// minutes (signed-in pages; at the page's end, so nothing above it moves).
#[component]
pub fn MeetingOf(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || crate::api::body::<crate::api::EventGroup>(crate::api::event_group::Variables { id: id.clone() }));
    loaded::<crate::api::EventGroup>(data, move |d| {
        let group = d.event.and_then(|e| e.group);
        view! {
            {group.map(|g| view! {
                <p data-testid="meeting-of">
                    <A href=format!("/groups/{}", g.slug)>{t!(i18n, group_in, name = view! { <bdi>{g.name.clone()}</bdi> })}</A>
                </p>
            })}
        }
        .into_any()
    })
}
