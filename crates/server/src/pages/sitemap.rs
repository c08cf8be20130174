//! `/sitemap.xml` (every public organisation, coming event and project) and `/robots.txt`.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use migraup_core::{Actor, events::EventFilter, paging::PageRequest, projects::ProjectFilter};
use migraup_domain::{EventStatus, Lang, error::DomainResult};

use tokio::sync::Mutex;

use super::PageState;

/// At most this many pages of 50 per kind: 5,000 entries, far below the 50,000 a sitemap may hold.
const MAX_PAGES: usize = 100;

/// Every item of a paged core list, as (path, last change).
macro_rules! collect_pages {
    ($request:ident => $fetch:expr, $entry:expr) => {{
        let mut out = Vec::new();
        let mut after = None;
        for _ in 0..MAX_PAGES {
            let $request = PageRequest { first: Some(50), after: after.take() };
            let page = $fetch.await?;
            let next = page.items.last().filter(|_| page.has_next_page).map(|(cursor, _)| cursor.clone());
            out.extend(page.items.iter().map(|(_, item)| $entry(item)));
            match next {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        out
    }};
}

async fn entries(state: &PageState) -> DomainResult<Vec<(String, Option<String>)>> {
    let actor = Actor::anonymous(Lang::De);
    let core = &state.core;
    let mut entries: Vec<(String, Option<String>)> =
        ["/", "/organisations", "/events", "/projects", "/groups", "/ideas", "/concerns"].iter().map(|p| ((*p).to_owned(), None)).collect();
    let organisations = Default::default();
    entries.extend(collect_pages!(p => core.organisations(&actor, &organisations, &p), |o: &migraup_core::views::Organisation| (
        format!("/organisations/{}", o.slug),
        Some(o.updated_at.format("%Y-%m-%d").to_string())
    )));
    let events = EventFilter { from: Some(chrono::Utc::now()), statuses: vec![EventStatus::Published], ..Default::default() };
    entries.extend(collect_pages!(p => core.events(&actor, &events, &p), |e: &migraup_core::views::Event| (
        format!("/events/{}", e.id),
        Some(e.updated_at.format("%Y-%m-%d").to_string())
    )));
    let projects = ProjectFilter::default();
    entries.extend(collect_pages!(p => core.projects(&actor, &projects, &p), |p: &migraup_core::views::Project| (
        format!("/projects/{}", p.id),
        Some(p.updated_at.format("%Y-%m-%d").to_string())
    )));
    for (slug, updated_at) in core.public_group_slugs(&actor).await? {
        entries.push((format!("/groups/{slug}"), Some(updated_at.format("%Y-%m-%d").to_string())));
    }
    for (id, updated_at) in core.public_idea_ids().await? {
        entries.push((format!("/ideas/{id}"), Some(updated_at.format("%Y-%m-%d").to_string())));
    }
    for (id, updated_at) in core.public_concern_ids().await? {
        entries.push((format!("/concerns/{id}"), Some(updated_at.format("%Y-%m-%d").to_string())));
    }
    Ok(entries)
}

/// The last sitemap built, with the change stamp it was built at: it is served until
/// the next write (on any instance, as the stamp is the newest audit entry). One
/// request builds it at a time; the others wait and take it, so a thousand anonymous
/// requests cost one walk through the directory, not a thousand.
#[derive(Clone, Default)]
pub(crate) struct SitemapCache(Arc<Mutex<Option<(String, String)>>>);

/// `GET /sitemap.xml`.
pub(crate) async fn sitemap(State(state): State<PageState>) -> Response {
    let Ok(stamp) = state.core.change_stamp().await.map(|s| format!("{s:?}")) else {
        return (StatusCode::SERVICE_UNAVAILABLE, "sitemap unavailable").into_response();
    };
    let mut cached = state.sitemap.0.lock().await;
    let xml = match cached.as_ref() {
        Some((built_at, xml)) if *built_at == stamp => xml.clone(),
        _ => match build(&state).await {
            Some(xml) => {
                *cached = Some((stamp, xml.clone()));
                xml
            }
            None => return (StatusCode::SERVICE_UNAVAILABLE, "sitemap unavailable").into_response(),
        },
    };
    drop(cached);
    let mut response = xml.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=300"));
    response
}

async fn build(state: &PageState) -> Option<String> {
    let entries = entries(state).await.ok()?;
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, changed) in entries {
        let loc = state.shell.url(&path).replace('&', "&amp;").replace('<', "&lt;");
        xml.push_str(&format!("<url><loc>{loc}</loc>"));
        if let Some(changed) = changed {
            xml.push_str(&format!("<lastmod>{changed}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// `GET /robots.txt`: the public pages are for everyone; work pages and the API are not.
pub(crate) async fn robots(State(state): State<PageState>) -> Response {
    let text = format!(
        "User-agent: *\nAllow: /\nDisallow: /graphql\nDisallow: /admin/\nDisallow: /account\nDisallow: /login\nDisallow: /register\nDisallow: /invitation\nDisallow: /metrics\nDisallow: /dev/\nSitemap: {}\n",
        state.shell.url("/sitemap.xml")
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
