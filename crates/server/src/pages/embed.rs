//! Embeds for other websites: an organisation's card with its upcoming events
//! (`/embed/organisations/{slug}`) and the upcoming events of an Ortsteil or topic
//! (`/embed/events?district=…&topic=…`), each a small page for an `<iframe>` with its
//! own minimal styles (`/embed.css`) and no script, in the language the embedding
//! site names (`?lang=ar`; right to left where it applies). These are the only pages
//! that may be framed (`frame-ancestors *`, which browsers follow over the
//! `X-Frame-Options: DENY` every response carries). Built as an anonymous visitor
//! sees them and kept until the next write or the next hour (events pass), so a
//! popular website costs one build per change.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use maud::{DOCTYPE, Markup, html};
use migraup_core::{Actor, events::EventFilter, paging::PageRequest, taxonomy::TaxonomyKind, views::Event};
use migraup_domain::{EventStatus, Lang, error::DomainResult};

use super::{
    PageState,
    texts::{Texts, key, kind_key},
};

/// What an embed may be narrowed to, and its language.
#[derive(serde::Deserialize, Default)]
pub(crate) struct EmbedQuery {
    lang: Option<String>,
    district: Option<String>,
    topic: Option<String>,
}

/// Built embeds by address, language and change stamp; emptied when full.
#[derive(Clone, Default)]
pub(crate) struct EmbedCache(Arc<Mutex<HashMap<String, Arc<String>>>>);

const MAX_CACHED: usize = 512;

/// Framing allowed from anywhere, nothing else: no script, no foreign request.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors *; base-uri 'none'; form-action 'none'";

const STYLE: &str = "body{font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0;padding:.75rem}\
h1{font-size:1.15rem;margin:0 0 .25rem}h2{font-size:1rem;margin:1rem 0 .4rem}p{margin:.3rem 0}\
.meta,.when{color:#4a4a4a;font-size:.9rem}ul{list-style:none;padding:0;margin:0}li{padding:.4rem 0;border-top:1px solid #ddd}\
a{color:#0b4f8a}a:focus{outline:3px solid #f5a623;outline-offset:2px}.more{margin-top:.75rem}";

/// `GET /embed.css`.
pub(crate) async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], STYLE).into_response()
}

fn texts(headers: &HeaderMap, query: &EmbedQuery) -> Texts {
    match query.lang.as_deref().and_then(Lang::parse) {
        Some(lang) => Texts { lang, whole_app: false },
        None => Texts::for_request(headers),
    }
}

/// The cached embed of `address`, else built and kept.
async fn cached(state: &PageState, t: Texts, address: String, build: impl Future<Output = DomainResult<Option<Markup>>>) -> Response {
    let stamp = match state.core.change_stamp().await {
        Ok(stamp) => stamp,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    };
    let key = format!("{address}|{}|{stamp:?}|{}", t.lang.as_str(), chrono::Utc::now().format("%Y%m%d%H"));
    let hit = state.embeds.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
    let body = match hit {
        Some(body) => body,
        None => {
            let body = match build.await {
                Ok(Some(content)) => Arc::new(document(t, content).into_string()),
                Ok(None) => return (StatusCode::NOT_FOUND, [(header::CONTENT_SECURITY_POLICY, POLICY)], "not found").into_response(),
                Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
            };
            let mut cache = state.embeds.0.lock().unwrap_or_else(|e| e.into_inner());
            if cache.len() >= MAX_CACHED {
                cache.clear();
            }
            cache.insert(key, body.clone());
            body
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body.as_str().to_owned(),
    )
        .into_response()
}

fn document(t: Texts, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(t.lang.as_str()) dir=(t.lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { "migraup" }
                link rel="stylesheet" href="/embed.css";
            }
            body { main { (content) } }
        }
    }
}

fn events_list(t: Texts, base: &str, events: &[Event]) -> Markup {
    html! {
        @if events.is_empty() { p { (t.get(key::embed_no_events)) } }
        ul {
            @for e in events {
                li {
                    a href=(format!("{base}/events/{}", e.id)) target="_blank" { bdi { (e.title) } }
                    p class="when" {
                        (t.date_time(e.starts_at))
                        @if let Some(v) = &e.venue { " · " bdi { (v) } }
                    }
                }
            }
        }
    }
}

fn upcoming(organisation_ids: Vec<uuid::Uuid>, district_ids: Vec<uuid::Uuid>, topic_ids: Vec<uuid::Uuid>) -> EventFilter {
    EventFilter {
        from: Some(chrono::Utc::now()),
        organisation_ids,
        district_ids,
        topic_ids,
        statuses: vec![EventStatus::Published],
        ..Default::default()
    }
}

/// `GET /embed/organisations/{slug}`: the card and the next five events.
pub(crate) async fn organisation(
    State(state): State<PageState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<EmbedQuery>,
) -> Response {
    let t = texts(&headers, &query);
    let core = state.core.clone();
    let base = state.shell.url("");
    let address = format!("/embed/organisations/{slug}");
    let build = async move {
        let actor = Actor::anonymous(t.lang);
        let Some(org) = core.organisation(&actor, None, Some(&slug)).await? else { return Ok(None) };
        let coming = upcoming(vec![org.id], vec![], vec![]);
        let (events, districts) =
            tokio::try_join!(core.events(&actor, &coming, &PageRequest { first: Some(5), after: None }), core.districts())?;
        let district = org.district_id.and_then(|id| districts.into_iter().find(|d| d.id == id)).map(|d| d.name);
        let description: Option<String> = org.description.as_deref().map(|d| {
            let short: String = d.chars().take(280).collect();
            if short.len() < d.len() { format!("{}…", short.trim_end()) } else { short }
        });
        let events: Vec<Event> = events.items.into_iter().map(|(_, e)| e).collect();
        Ok(Some(html! {
            article data-testid="embed-organisation" {
                h1 { bdi { (org.name) } }
                p class="meta" { (t.get(kind_key(org.kind))) @if let Some(d) = &district { " · " (d) } }
                @if let Some(d) = &description { p dir="auto" { (d) } }
                @if let Some(w) = &org.website { p { a href=(w) target="_blank" rel="noopener" { (w) } } }
                h2 { (t.get(key::embed_upcoming)) }
                (events_list(t, &base, &events))
                p class="more" { a href=(format!("{base}/organisations/{}", org.slug)) target="_blank" { (t.get(key::embed_more)) } }
            }
        }))
    };
    cached(&state, t, address, build).await
}

/// `GET /embed/events?district=…&topic=…` (slugs): the next ten public events there.
/// An unknown slug is 404, not an empty list.
pub(crate) async fn events(State(state): State<PageState>, headers: HeaderMap, Query(query): Query<EmbedQuery>) -> Response {
    let t = texts(&headers, &query);
    let core = state.core.clone();
    let base = state.shell.url("");
    let address = format!("/embed/events|{:?}|{:?}", query.district, query.topic);
    let build = async move {
        let actor = Actor::anonymous(t.lang);
        let (districts, topics) = tokio::try_join!(core.districts(), core.taxonomy(TaxonomyKind::Topic))?;
        let district = match &query.district {
            Some(slug) => match districts.into_iter().find(|d| &d.slug == slug) {
                Some(d) => Some(d),
                None => return Ok(None),
            },
            None => None,
        };
        let topic = match &query.topic {
            Some(slug) => match topics.into_iter().find(|d| &d.slug == slug) {
                Some(d) => Some(d),
                None => return Ok(None),
            },
            None => None,
        };
        let filter = upcoming(vec![], district.iter().map(|d| d.id).collect(), topic.iter().map(|d| d.id).collect());
        let found = core.events(&actor, &filter, &PageRequest { first: Some(10), after: None }).await?;
        let events: Vec<Event> = found.items.into_iter().map(|(_, e)| e).collect();
        let scope: Vec<String> =
            district.map(|d| d.name).into_iter().chain(topic.map(|t2| t2.labels.get(t.lang.as_str()).to_owned())).collect();
        Ok(Some(html! {
            section data-testid="embed-events" {
                h1 { (t.get(key::embed_upcoming)) @if !scope.is_empty() { ": " (scope.join(" · ")) } }
                (events_list(t, &base, &events))
                p class="more" { a href=(format!("{base}/events")) target="_blank" { (t.get(key::embed_more)) } }
            }
        }))
    };
    cached(&state, t, address, build).await
}
