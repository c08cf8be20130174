//! The public ideas and measures, and the public concerns with their answers: lists and
//! pages readable without JavaScript, in the sitemap. What is for members of the
//! platform or the administration only is not here (the core filters for an anonymous
//! actor). Comments name people and are for signed-in members: not on these pages.
//! The whole app starts over them (the public bundle has none of these pages).

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::{Markup, html};
use migraup_core::{
    Actor,
    concerns::{ConcernFilter, ConcernStepView},
    ideas::{Idea, IdeaFilter, steps::IdeaStep},
};
use migraup_domain::{ConcernStatus, ConcernStep, IdeaStatus, kinds::direction_of};
use uuid::Uuid;

use super::{
    PageState, Reference, failed, not_found,
    shell::Page,
    texts::{Texts, key},
};

pub(crate) fn idea_status_key(s: IdeaStatus) -> super::texts::Key {
    match s {
        IdeaStatus::Proposed => key::idea_status_proposed,
        IdeaStatus::UnderDiscussion => key::idea_status_under_discussion,
        IdeaStatus::Adopted => key::idea_status_adopted,
        IdeaStatus::UnderWay => key::idea_status_under_way,
        IdeaStatus::Done => key::idea_status_done,
        IdeaStatus::NotPursued => key::idea_status_not_pursued,
    }
}

fn concern_status_key(s: ConcernStatus) -> super::texts::Key {
    match s {
        ConcernStatus::Open => key::concern_status_open,
        ConcernStatus::InProgress => key::concern_status_in_progress,
        ConcernStatus::Answered => key::concern_status_answered,
        ConcernStatus::Closed => key::concern_status_closed,
    }
}

fn step_key(s: ConcernStep) -> super::texts::Key {
    match s {
        ConcernStep::Raised => key::concern_step_raised,
        ConcernStep::Joined => key::concern_step_joined,
        ConcernStep::Taken => key::concern_step_taken,
        ConcernStep::Answered => key::concern_step_answered,
        ConcernStep::Closed => key::concern_step_closed,
        ConcernStep::Reopened => key::concern_step_reopened,
        ConcernStep::Flagged => key::concern_step_flagged,
    }
}

/// Title and description in the reader's language when there is one, else as written.
fn shown(i: &Idea, t: Texts) -> (String, Option<String>, String) {
    match migraup_core::translations::pick(&i.translations, &i.content_language, t.lang.as_str()) {
        Some(chosen) => (
            chosen.title.clone().unwrap_or_else(|| i.title.clone()),
            chosen.description.clone().or_else(|| i.description.clone()),
            chosen.language.clone(),
        ),
        None => (i.title.clone(), i.description.clone(), i.content_language.clone()),
    }
}

/// `GET /ideas?status=…&topic=…`: the public ideas and measures.
pub(crate) async fn list(State(state): State<PageState>, headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let status = query.get("status").and_then(|s| IdeaStatus::parse(s));
    let topic: Option<Uuid> = query.get("topic").and_then(|v| v.parse().ok());
    let filter = IdeaFilter { statuses: status.into_iter().collect(), topic_id: topic, ..Default::default() };
    let (ideas, reference) = match tokio::try_join!(state.core.ideas(&actor, &filter), Reference::load(&state.core, t)) {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let content = html! {
        div class="page-head" { h1 { (t.get(key::ideas_title)) } }
        p class="lead" { (t.get(key::ideas_lead)) }
        form class="filters" method="get" action="/ideas" {
            div class="field" {
                label for="idea-status-filter" { (t.get(key::ideas_status_filter)) }
                select id="idea-status-filter" name="status" {
                    option value="" selected[status.is_none()] { (t.get(key::ideas_any_status)) }
                    @for s in IdeaStatus::ALL { option value=(s.as_str()) selected[status == Some(*s)] { (t.get(idea_status_key(*s))) } }
                }
            }
            div class="field" {
                label for="idea-topic-filter" { (t.get(key::ideas_topic_filter)) }
                select id="idea-topic-filter" name="topic" {
                    option value="" selected[topic.is_none()] { (t.get(key::ideas_any)) }
                    @for (id, label) in reference.topics_sorted() { option value=(id) selected[topic == Some(id)] { (label) } }
                }
            }
            noscript { button type="submit" { (t.get(key::language_apply)) } }
        }
        @if ideas.is_empty() { p { (t.get(key::ideas_none)) } }
        ul class="cards" data-testid="ideas" {
            @for i in &ideas {
                @let (title, _, language) = shown(i, t);
                li class="card" data-testid="idea-card" {
                    h2 lang=(language) dir=(direction_of(&language)) { a href=(format!("/ideas/{}", i.id)) { (title) } }
                    p class="meta" {
                        span class="badge" { (t.get(idea_status_key(i.status))) }
                        " · " (t.count(key::ideas_supports, i.supports.len() as u64, &[]))
                    }
                    ul class="tags" {
                        @for id in &i.topic_ids { li { (reference.topic(id)) } }
                        @for id in &i.district_ids { li { (reference.district(id)) } }
                    }
                }
            }
        }
    };
    let filtered = status.is_some() || topic.is_some();
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::ideas_title).to_owned(),
        description: t.get(key::ideas_lead).to_owned(),
        path: "/ideas".to_owned(),
        index: !filtered,
        kind: "website",
        json_ld: None,
        content,
    })
}

fn idea_timeline(t: Texts, steps: &[IdeaStep]) -> Markup {
    html! {
        ol class="timeline" data-testid="timeline" {
            @for s in steps {
                li {
                    time datetime=(s.at.to_rfc3339()) { (t.date_time(s.at)) } " · " strong { (t.get(idea_status_key(s.status))) }
                    @if let Some(n) = &s.note { p dir="auto" { (n) } }
                }
            }
        }
    }
}

/// `GET /ideas/{id}`: a public idea with its supporters, measure and timeline.
pub(crate) async fn idea(State(state): State<PageState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let Ok(id) = id.parse::<Uuid>() else { return state.shell.app() };
    let one = [id];
    let found = tokio::try_join!(state.core.idea(&actor, id), state.core.idea_timelines(&actor, &one), Reference::load(&state.core, t));
    let (i, mut timelines, reference) = match found {
        Ok((Some(i), timelines, reference)) => (i, timelines, reference),
        Ok((None, ..)) => return not_found(&state, t, key::idea_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let steps = timelines.remove(&id).unwrap_or_default();
    let (title, description, language) = shown(&i, t);
    let content = html! {
        p class="back" { a href="/ideas" { (t.get(key::idea_back)) } }
        article class="idea" data-testid="idea-page" {
            div class="page-head" { h1 lang=(language) dir=(direction_of(&language)) { (title) } }
            p class="meta" { span class="badge" { (t.get(idea_status_key(i.status))) } }
            @if let Some(d) = &description { p class="description" lang=(language) dir=(direction_of(&language)) { (d) } }
            @if let (Some(topic), Some(district)) = (i.gap_topic_id, i.gap_district_id) {
                p { (t.fill(key::idea_gap, &[("topic", reference.topic(&topic)), ("district", reference.district(&district))])) }
            }
            ul class="tags" {
                @for id in &i.topic_ids { li { (reference.topic(id)) } }
                @for id in &i.district_ids { li { (reference.district(id)) } }
            }
            @if let Some((_, name, slug)) = &i.group { p { (t.get(key::idea_group)) ": " a href=(format!("/groups/{slug}")) { (name) } } }
            @if let Some((_, name, slug)) = &i.owner {
                section aria-labelledby="idea-measure-title" {
                    h2 id="idea-measure-title" { (t.get(key::idea_measure)) }
                    dl {
                        dt { (t.get(key::idea_owner)) } dd { a href=(format!("/organisations/{slug}")) { bdi { (name) } } }
                        @if let Some(d) = i.due_on { dt { (t.get(key::idea_due)) } dd { (t.date(d)) } }
                        @if let Some(r) = &i.resources { dt { (t.get(key::idea_resources)) } dd { (r) } }
                    }
                    @if let Some(p) = i.project_id { p { a href=(format!("/projects/{p}")) { (t.get(key::idea_project)) } } }
                }
            }
            @if let Some(r) = &i.status_reason { p { strong { (t.get(key::idea_reason)) ": " } bdi { (r) } } }
            section aria-labelledby="idea-supporters-title" {
                h2 id="idea-supporters-title" { (t.get(key::idea_supporters)) }
                @if i.supports.is_empty() { p { (t.get(key::idea_no_supporters)) } }
                ul class="members" data-testid="supporters" {
                    @for s in &i.supports {
                        li {
                            a href=(format!("/organisations/{}", s.organisation_slug)) { bdi { (s.organisation_name) } }
                            @if let Some(o) = &s.offer { " · " (t.get(key::idea_offer)) ": " (o) }
                        }
                    }
                }
            }
            section aria-labelledby="idea-timeline-title" {
                h2 id="idea-timeline-title" { (t.get(key::idea_timeline)) }
                (idea_timeline(t, &steps))
            }
            p class="meta" { (t.get(key::idea_comments_signed_in)) }
        }
    };
    let description = description.unwrap_or_else(|| title.clone()).chars().take(160).collect();
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title,
        description,
        path: format!("/ideas/{id}"),
        index: true,
        kind: "article",
        json_ld: None,
        content,
    })
}

/// `GET /concerns?status=…`: the public concerns.
pub(crate) async fn concerns(State(state): State<PageState>, headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let status = query.get("status").and_then(|s| ConcernStatus::parse(s));
    let filter = ConcernFilter { statuses: status.into_iter().collect(), ..Default::default() };
    let (list, reference) = match tokio::try_join!(state.core.concerns(&actor, &filter), Reference::load(&state.core, t)) {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let content = html! {
        div class="page-head" { h1 { (t.get(key::concerns_title)) } }
        p class="lead" { (t.get(key::concerns_lead)) }
        form class="filters" method="get" action="/concerns" {
            div class="field" {
                label for="concern-status-filter" { (t.get(key::concerns_status_filter)) }
                select id="concern-status-filter" name="status" {
                    option value="" selected[status.is_none()] { (t.get(key::concerns_any_status)) }
                    @for s in ConcernStatus::ALL { option value=(s.as_str()) selected[status == Some(*s)] { (t.get(concern_status_key(*s))) } }
                }
            }
            noscript { button type="submit" { (t.get(key::language_apply)) } }
        }
        @if list.is_empty() { p { (t.get(key::concerns_none)) } }
        ul class="cards" data-testid="concerns" {
            @for c in &list {
                li class="card" data-testid="concern-card" {
                    h2 { a href=(format!("/concerns/{}", c.id)) { (c.subject) } }
                    p class="meta" {
                        span class="badge" { (t.get(concern_status_key(c.status))) }
                        @if c.overdue { " · " span class="badge warn" { (t.get(key::concern_overdue)) } }
                        " · " (c.parties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))
                    }
                    ul class="tags" { @for id in &c.topic_ids { li { (reference.topic(id)) } } }
                }
            }
        }
    };
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::concerns_title).to_owned(),
        description: t.get(key::concerns_lead).to_owned(),
        path: "/concerns".to_owned(),
        index: status.is_none(),
        kind: "website",
        json_ld: None,
        content,
    })
}

fn concern_timeline(t: Texts, steps: &[ConcernStepView]) -> Markup {
    html! {
        ol class="timeline" data-testid="timeline" {
            @for s in steps {
                li class=(if s.kind == ConcernStep::Answered { "answer" } else { "" }) {
                    time datetime=(s.at.to_rfc3339()) { (t.date_time(s.at)) } " · " strong { (t.get(step_key(s.kind))) }
                    @if let Some(o) = &s.organisation_name { " · " bdi { (o) } }
                    @if let Some(text) = &s.text { p class="step-text" dir="auto" { (text) } }
                }
            }
        }
    }
}

/// `GET /concerns/{id}`: a public concern with its answers.
pub(crate) async fn concern(State(state): State<PageState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let Ok(id) = id.parse::<Uuid>() else { return state.shell.app() };
    let one = [id];
    let found =
        tokio::try_join!(state.core.concern(&actor, id), state.core.concern_timelines(&actor, &one), Reference::load(&state.core, t));
    let (c, mut timelines, reference) = match found {
        Ok((Some(c), timelines, reference)) => (c, timelines, reference),
        Ok((None, ..)) => return not_found(&state, t, key::concern_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let steps = timelines.remove(&id).unwrap_or_default();
    let content = html! {
        p class="back" { a href="/concerns" { (t.get(key::concern_back)) } }
        article class="concern" data-testid="concern-page" {
            div class="page-head" { h1 dir="auto" { (c.subject) } }
            p class="meta" {
                span class="badge" { (t.get(concern_status_key(c.status))) }
                @if c.overdue { " · " span class="badge warn" { (t.get(key::concern_overdue)) } }
            }
            p class="description" dir="auto" { (c.body) }
            ul class="tags" { @for id in &c.topic_ids { li { (reference.topic(id)) } } }
            dl {
                @for p in &c.parties {
                    dt { (t.get(if p.raised { key::concern_raised_by } else { key::concern_joined_by })) }
                    dd { a href=(format!("/organisations/{}", p.slug)) { bdi { (p.name) } } }
                }
            }
            section aria-labelledby="concern-timeline-title" {
                h2 id="concern-timeline-title" { (t.get(key::concern_timeline)) }
                (concern_timeline(t, &steps))
            }
        }
    };
    let description = c.body.chars().take(160).collect();
    state.shell.render_whole_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: c.subject.clone(),
        description,
        path: format!("/concerns/{id}"),
        index: true,
        kind: "article",
        json_ld: None,
        content,
    })
}
