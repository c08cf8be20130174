//! The public working groups (Fachnetzwerke): the list and a group's page with its
//! member organisations (never individual people), its public meetings with agenda
//! and published minutes, and what the group agreed; schema.org `Organization` data
//! with the members (`member`, each `memberOf` the group) and the meetings as `Event`.
//! The whole app starts over these pages: the group pages are its own (the public
//! bundle has none, so it stays within its budget).

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::{PreEscaped, html};
use migraup_core::Actor;
use migraup_domain::{ActionStatus, EventStatus, kinds::direction_of};
use serde_json::json;
use uuid::Uuid;

use super::{
    PageState, Reference, failed, not_found,
    organisation::without_nulls,
    shell::Page,
    texts::{Texts, key},
};

/// `GET /groups?topic=<id>`: the public working groups, narrowed to a topic.
pub(crate) async fn list(State(state): State<PageState>, headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let topic: Option<Uuid> = query.get("topic").and_then(|v| v.parse().ok());
    let topics: Vec<Uuid> = topic.into_iter().collect();
    let found = tokio::try_join!(state.core.working_groups(&actor, &topics, None), Reference::load(&state.core, t));
    let (groups, reference) = match found {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let members = match state.core.group_members(&actor, &ids).await {
        Ok(m) => m,
        Err(e) => return failed(&state, t, e),
    };
    let content = html! {
        div class="page-head" { h1 { (t.get(key::groups_title)) } }
        p class="lead" { (t.get(key::groups_lead)) }
        form class="narrow" method="get" action="/groups" {
            div class="field" {
                label for="group-topic-filter" { (t.get(key::groups_topic)) }
                select id="group-topic-filter" name="topic" {
                    option value="" selected[topic.is_none()] { (t.get(key::groups_any_topic)) }
                    @for (id, label) in reference.topics_sorted() {
                        option value=(id) selected[topic == Some(id)] { (label) }
                    }
                }
            }
            noscript { button type="submit" { (t.get(key::language_apply)) } }
        }
        @if groups.is_empty() { p { (t.get(key::groups_none)) } }
        ul class="cards" data-testid="groups" {
            @for g in &groups {
                li class="card" data-testid="group-card" {
                    h2 { a href=(format!("/groups/{}", g.slug)) { (g.name) } }
                    p class="meta" { (t.count(key::group_members_count, members.get(&g.id).map_or(0, Vec::len) as u64, &[])) }
                    @if let Some((d, language)) = described(g, t) { p lang=(language) dir=(direction_of(language)) { (d) } }
                    ul class="tags" { @for id in &g.topic_ids { li { (reference.topic(id)) } } }
                }
            }
        }
    };
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::groups_title).to_owned(),
        description: t.get(key::groups_lead).to_owned(),
        path: topic.map_or_else(|| "/groups".to_owned(), |id| format!("/groups?topic={id}")),
        index: topic.is_none(),
        kind: "website",
        json_ld: None,
        content,
    })
}

/// `GET /groups/{slug}`: a public working group.
pub(crate) async fn page(State(state): State<PageState>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let core = &state.core;
    let group = match core.working_group(&actor, None, Some(&slug)).await {
        Ok(Some(g)) => g,
        Ok(None) => return not_found(&state, t, key::group_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let one = [group.id];
    let found = tokio::try_join!(
        core.group_members(&actor, &one),
        core.group_meetings(&actor, group.id),
        core.group_actions(&actor, group.id),
        Reference::load(core, t),
    );
    let (mut members, meetings, actions, reference) = match found {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let members = members.remove(&group.id).unwrap_or_default();
    let ids: Vec<Uuid> = meetings.iter().map(|m| m.id).collect();
    let mut notes = match core.meeting_notes(&actor, &ids).await {
        Ok(n) => n,
        Err(e) => return failed(&state, t, e),
    };
    let now = chrono::Utc::now();
    let shown: Vec<_> = meetings.iter().filter(|m| m.status != EventStatus::Draft).collect();
    let next = shown.iter().filter(|m| m.ends_at >= now).min_by_key(|m| m.starts_at);
    let url = state.shell.url(&format!("/groups/{}", group.slug));
    let meeting_line = |m: &migraup_core::views::Event| {
        html! {
            a href=(format!("/events/{}", m.id)) { (m.title) } " · " (t.date_time(m.starts_at))
            @if let Some(v) = &m.venue { " · " (v) }
        }
    };
    let content = html! {
        p class="back" { a href="/groups" { (t.get(key::group_back)) } }
        article class="group" data-testid="group-page" {
            div class="page-head" { h1 { (group.name) } }
            @if let Some((d, language)) = described(&group, t) { p class="description" lang=(language) dir=(direction_of(language)) { (d) } }
            ul class="tags" { @for id in &group.topic_ids { li { (reference.topic(id)) } } }
            section aria-labelledby="group-members-title" {
                h2 id="group-members-title" { (t.get(key::group_members)) }
                ul class="members" data-testid="group-members" {
                    @for m in members.iter().filter(|m| m.organisation_id.is_some()) {
                        li { a href=(format!("/organisations/{}", m.organisation_slug.clone().unwrap_or_default())) { bdi { (m.organisation_name.clone().unwrap_or_default()) } } }
                    }
                }
            }
            section aria-labelledby="group-meetings-title" {
                h2 id="group-meetings-title" { (t.get(key::group_meetings)) }
                @if let Some(m) = next { p { strong { (t.get(key::group_next_meeting)) ": " } (meeting_line(m)) } }
                @if shown.is_empty() { p { (t.get(key::group_no_meetings)) } }
                @for m in &shown {
                    article class="meeting card" data-testid="meeting" {
                        h3 { (meeting_line(m)) }
                        @if let Some(n) = notes.remove(&m.id) {
                            @if let Some(html) = n.agenda_html {
                                h4 { (t.get(key::meeting_agenda)) }
                                div class="markdown" data-testid="agenda" { (PreEscaped(html)) }
                            }
                            @if let Some(html) = n.minutes_html {
                                h4 { (t.get(key::meeting_minutes)) }
                                // Rendered by the core from Markdown with raw HTML shown as text.
                                div class="markdown" data-testid="minutes" { (PreEscaped(html)) }
                            } @else {
                                p { (t.get(key::meeting_minutes_unpublished)) }
                            }
                            @if !n.attendance.is_empty() {
                                p { strong { (t.get(key::meeting_attendance)) ": " } (n.attendance.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")) }
                            }
                            @if !n.documents.is_empty() {
                                ul class="documents" { @for d in &n.documents { li { a href=(d.url) rel="noopener noreferrer" { (d.title) } } } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="group-actions-title" {
                h2 id="group-actions-title" { (t.get(key::group_actions)) }
                @if actions.is_empty() { p { (t.get(key::group_no_actions)) } }
                ul class="actions-list" data-testid="group-actions" {
                    @for a in &actions {
                        li class="card" data-testid="action" {
                            strong { (a.title) }
                            p class="meta" {
                                @if let Some(o) = &a.owner_organisation_name { bdi { (o) } " · " }
                                (t.fill(key::action_due_on, &[("date", &t.date(a.due_on))]))
                                " · " span class="badge" { (t.get(status_key(a.status))) }
                            }
                        }
                    }
                }
            }
        }
    };
    let json_ld = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "name": group.name,
        "url": url,
        "description": group.description,
        "knowsAbout": group.topic_ids.iter().map(|id| reference.topic(id).to_owned()).collect::<Vec<_>>(),
        "member": members.iter().filter(|m| m.organisation_id.is_some()).map(|m| json!({
            "@type": "Organization",
            "name": m.organisation_name,
            "url": m.organisation_slug.as_ref().map(|s| state.shell.url(&format!("/organisations/{s}"))),
            "memberOf": { "@id": url },
        })).collect::<Vec<_>>(),
        "event": shown.iter().map(|m| json!({
            "@type": "Event",
            "name": m.title,
            "startDate": m.starts_at.to_rfc3339(),
            "endDate": m.ends_at.to_rfc3339(),
            "url": state.shell.url(&format!("/events/{}", m.id)),
            "location": m.venue.as_ref().map(|v| json!({ "@type": "Place", "name": v })),
        })).collect::<Vec<_>>(),
    });
    let description = group.description.clone().unwrap_or_else(|| group.name.clone()).chars().take(160).collect();
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: group.name.clone(),
        description,
        path: format!("/groups/{}", group.slug),
        index: true,
        kind: "profile",
        json_ld: Some(without_nulls(json_ld)),
        content,
    })
}

/// A group's description in the reader's language when it has one, else as written.
fn described(g: &migraup_core::groups::WorkingGroup, t: Texts) -> Option<(&str, &str)> {
    match migraup_core::translations::pick(&g.translations, &g.content_language, t.lang.as_str()) {
        Some(chosen) => chosen.description.as_deref().map(|d| (d, chosen.language.as_str())),
        None => g.description.as_deref().map(|d| (d, g.content_language.as_str())),
    }
}

fn status_key(status: ActionStatus) -> super::texts::Key {
    match status {
        ActionStatus::Open => key::action_status_open,
        ActionStatus::Done => key::action_status_done,
        ActionStatus::Dropped => key::action_status_dropped,
    }
}
