//! The coming events, an event and a project, with schema.org `Event` data.

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::html;
use migraup_core::{Actor, events::EventFilter, paging::PageRequest, views::Event};
use migraup_domain::{EventStatus, ProjectStatus, error::DomainResult};
use serde_json::json;
use uuid::Uuid;

use super::{
    PageState, Reference, failed, not_found,
    organisation::without_nulls,
    shell::Page,
    texts::{Texts, key},
};

/// Names of the organisations behind events or projects, by id.
async fn names(state: &PageState, actor: &Actor, ids: Vec<Uuid>) -> DomainResult<HashMap<Uuid, (String, String)>> {
    let orgs = state.core.organisations_by_ids(actor, &ids).await?;
    Ok(orgs.into_iter().map(|o| (o.id, (o.name, o.slug))).collect())
}

/// `GET /events`: the coming public events, twenty at a time.
pub(crate) async fn list(State(state): State<PageState>, headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let filter = EventFilter { from: Some(chrono::Utc::now()), statuses: vec![EventStatus::Published], ..Default::default() };
    let after = query.get("after").cloned().filter(|a| !a.is_empty());
    let page = match state.core.events(&actor, &filter, &PageRequest { first: Some(20), after: after.clone() }).await {
        Ok(page) => page,
        Err(e) if e.field.as_deref() == Some("after") => return not_found(&state, t, key::not_found_text),
        Err(e) => return failed(&state, t, e),
    };
    let next = page
        .items
        .last()
        .filter(|_| page.has_next_page)
        .map(|(cursor, _)| format!("/events?after={}", migraup_domain::directory::encode(cursor)));
    let content = html! {
        h1 { (t.get(key::events_title)) }
        p { a href="/calendar.ics" { (t.get(key::events_subscribe)) } " – " (t.get(key::events_subscribe_hint)) }
        h2 class="result-count" { (t.count(key::events_count, page.total_count, &[])) }
        @if page.items.is_empty() { p { (t.get(key::events_none)) } }
        ul class="cards" {
            @for (_, e) in &page.items {
                li class="card" data-testid="event-card" {
                    h3 { a href=(format!("/events/{}", e.id)) { (e.title) } }
                    p class="meta" {
                        (t.date_time(e.starts_at))
                        @if let Some(v) = &e.venue { " · " (v) } @else if e.online_url.is_some() { " · " (t.get(key::events_online)) }
                    }
                }
            }
        }
        nav class="paging" aria-label=(t.get(key::dir_pages)) { @if let Some(href) = &next { a href=(href) rel="next" { (t.get(key::dir_next_page)) } } }
    };
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::events_title).to_owned(),
        description: t.get(key::events_subscribe_hint).to_owned(),
        path: after.as_deref().map_or_else(|| "/events".to_owned(), |a| format!("/events?after={}", migraup_domain::directory::encode(a))),
        index: after.is_none(),
        kind: "website",
        json_ld: None,
        content,
    })
}

/// `GET /events/{id}` (the calendar file `/events/{id}.ics` shares the route).
pub(crate) async fn event_page(state: PageState, headers: HeaderMap, id: Uuid) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let event = match state.core.event(&actor, id).await {
        Ok(Some(e)) => e,
        Ok(None) => return not_found(&state, t, key::event_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let ids = [id];
    let found = tokio::try_join!(
        state.core.event_organisers(&actor, &ids),
        state.core.event_languages(&actor, &ids),
        Reference::load(&state.core, t)
    );
    let (mut organisers, mut languages, reference) = match found {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let organiser_ids: Vec<Uuid> = organisers.remove(&id).unwrap_or_default().into_iter().map(|p| p.organisation_id).collect();
    let names = match names(&state, &actor, organiser_ids.clone()).await {
        Ok(names) => names,
        Err(e) => return failed(&state, t, e),
    };
    let languages = languages.remove(&id).unwrap_or_default();
    let place = [&event.venue, &event.street, &event.postal_code].into_iter().flatten().cloned().collect::<Vec<_>>().join(", ");
    let content = html! {
        p class="back" { a href="/events" { (t.get(key::events_back)) } }
        article class="event" data-testid="event-detail" {
            h1 { (event.title) }
            @if event.status == EventStatus::Cancelled { p class="notice" { (t.get(key::event_status_cancelled)) @if let Some(r) = &event.cancel_reason { ": " (r) } } }
            dl class="facts" {
                dt { (t.get(key::event_when)) } dd { bdi dir="ltr" { (t.date_time(event.starts_at)) " – " (t.date_time(event.ends_at)) } }
                @if !place.is_empty() || event.online_url.is_some() {
                    dt { (t.get(key::event_where)) }
                    dd {
                        (place)
                        @if let Some(d) = event.district_id { " (" (reference.district(&d)) ")" }
                        @if let Some(url) = &event.online_url { @if !place.is_empty() { " · " } a href=(url) rel="noopener" { (t.get(key::event_online)) } }
                    }
                }
                @if !languages.is_empty() { dt { (t.get(key::event_languages)) } dd { (languages.iter().map(|c| reference.language(c)).collect::<Vec<_>>().join(", ")) } }
                @if let Some(a) = &event.accessibility { dt { (t.get(key::event_accessibility)) } dd { (a) } }
                dt { (t.get(key::event_organisers)) }
                dd { ul class="tags" { @for oid in &organiser_ids { @if let Some((name, slug)) = names.get(oid) { li { a href=(format!("/organisations/{slug}")) { (name) } } } } } }
            }
            @if let Some(d) = &event.description { p class="description" { (d) } }
            p { a href=(format!("/events/{}.ics", event.id)) { (t.get(key::event_ics)) } }
        }
    };
    let json_ld = event_json_ld(&state, &event, &place, &organiser_ids, &names);
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: event.title.clone(),
        description: event.description.clone().unwrap_or_else(|| event.title.clone()).chars().take(160).collect(),
        path: format!("/events/{}", event.id),
        index: true,
        kind: "article",
        json_ld: Some(without_nulls(json_ld)),
        content,
    })
}

fn event_json_ld(
    state: &PageState,
    event: &Event,
    place: &str,
    organisers: &[Uuid],
    names: &HashMap<Uuid, (String, String)>,
) -> serde_json::Value {
    let location = match (&event.online_url, place.is_empty()) {
        (Some(url), true) => json!({ "@type": "VirtualLocation", "url": url }),
        _ => json!({
            "@type": "Place",
            "name": event.venue,
            "address": { "@type": "PostalAddress", "streetAddress": event.street, "postalCode": event.postal_code, "addressLocality": "Berlin", "addressCountry": "DE" },
        }),
    };
    json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": event.starts_at.to_rfc3339(),
        "endDate": event.ends_at.to_rfc3339(),
        "url": state.shell.url(&format!("/events/{}", event.id)),
        "eventStatus": if event.status == EventStatus::Cancelled { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" },
        "eventAttendanceMode": match (event.online_url.is_some(), place.is_empty()) {
            (true, true) => "https://schema.org/OnlineEventAttendanceMode",
            (true, false) => "https://schema.org/MixedEventAttendanceMode",
            _ => "https://schema.org/OfflineEventAttendanceMode",
        },
        "location": location,
        "maximumAttendeeCapacity": event.capacity,
        "organizer": organisers.iter().filter_map(|id| names.get(id)).map(|(name, slug)| json!({
            "@type": "Organization", "name": name, "url": state.shell.url(&format!("/organisations/{slug}")),
        })).collect::<Vec<_>>(),
    })
}

/// `GET /projects/{id}`; other paths below `/projects/` are the web app's.
pub(crate) async fn project(State(state): State<PageState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<Uuid>() else { return state.shell.app() };
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let project = match state.core.project(&actor, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return not_found(&state, t, key::project_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let partners = match state.core.project_partners(&actor, &[id]).await {
        Ok(mut p) => p.remove(&id).unwrap_or_default(),
        Err(e) => return failed(&state, t, e),
    };
    let confirmed: Vec<Uuid> =
        partners.iter().filter(|p| p.state == migraup_domain::ParticipationState::Confirmed).map(|p| p.organisation_id).collect();
    let mut ids = confirmed.clone();
    ids.push(project.lead_organisation_id);
    let names = match names(&state, &actor, ids).await {
        Ok(names) => names,
        Err(e) => return failed(&state, t, e),
    };
    let link = |id: &Uuid| names.get(id).map(|(name, slug)| html! { a href=(format!("/organisations/{slug}")) { (name) } });
    let status = match project.status {
        ProjectStatus::Planned => key::project_planned,
        ProjectStatus::Active => key::project_active,
        ProjectStatus::Completed => key::project_completed,
    };
    let content = html! {
        p class="back" { a href="/projects" { (t.get(key::projects_back)) } }
        article class="project" data-testid="project-detail" {
            h1 { (project.title) }

            dl class="facts" {
                dt { (t.get(key::project_status)) } dd { (t.get(status)) }
                dt { (t.get(key::project_lead)) } dd { (link(&project.lead_organisation_id).unwrap_or_default()) }
                @if let Some(d) = project.starts_on { dt { (t.get(key::project_starts)) } dd { (t.date(d)) } }
                @if let Some(d) = project.ends_on { dt { (t.get(key::project_ends)) } dd { (t.date(d)) } }
                @if let Some(f) = &project.funding { dt { (t.get(key::project_funding)) } dd { (f) } }
            }
            @if let Some(d) = &project.description { p class="description" { (d) } }
            h2 { (t.get(key::project_partners)) }
            @if confirmed.is_empty() { p { (t.get(key::project_no_partners)) } }
            ul class="tags" { @for id in &confirmed { @if let Some(l) = link(id) { li { (l) } } } }
            @if let Some(o) = &project.outcomes { h2 { (t.get(key::project_outcomes)) } p { (o) } }
        }
    };
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: project.title.clone(),
        description: project.description.clone().unwrap_or_else(|| project.title.clone()).chars().take(160).collect(),
        path: format!("/projects/{}", project.id),
        index: true,
        kind: "article",
        json_ld: None,
        content,
    })
}
