//! The public pages rendered by the server: the home page, the directory, an
//! organisation, the events, an event and a project arrive as complete HTML (readable
//! without JavaScript and by search engines), inside the web app's own `index.html`.
//! The web app then starts over them (see `frontend/src/main.rs`, "hand-over").
//! The pages read the same core views as the GraphQL API, as an anonymous visitor.

mod api_docs;
mod back;
mod directory;
mod embed;
mod events;
mod groups;
mod ideas;
mod map;
mod open_data;
mod organisation;
mod shell;
mod sitemap;
mod texts;

use axum::{Router, routing::get};

pub(crate) use embed::EmbedCache;
pub(crate) use events::event_page;
pub(crate) use shell::Shell;
pub(crate) use sitemap::SitemapCache;

/// What the pages take from the server's state (`state.rs` hands it over): the core,
/// the frame and the sitemap's cache, nothing of the rest.
#[derive(Clone)]
pub(crate) struct PageState {
    pub core: Core,
    pub shell: Shell,
    pub sitemap: SitemapCache,
    pub embeds: EmbedCache,
}

/// The routes of the server-rendered pages, `/sitemap.xml` and `/robots.txt`, on any
/// router state the pages' part can be taken from.
pub(crate) fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    PageState: axum::extract::FromRef<S>,
{
    Router::new()
        .route("/", get(directory::home))
        .route("/organisations", get(directory::directory))
        .route("/map", get(map::map))
        .route("/organisations/{slug}", get(organisation::page))
        .route("/events", get(events::list))
        .route("/projects/{id}", get(events::project))
        .route("/groups", get(groups::list))
        .route("/groups/{slug}", get(groups::page))
        .route("/ideas", get(ideas::list))
        .route("/ideas/{id}", get(ideas::idea))
        .route("/concerns", get(ideas::concerns))
        .route("/concerns/{id}", get(ideas::concern))
        .route("/embed.css", get(embed::style))
        .route("/embed/organisations/{slug}", get(embed::organisation))
        .route("/embed/events", get(embed::events))
        .route("/api", get(api_docs::page))
        .route("/schema.graphql", get(api_docs::schema))
        .route("/open-data", get(open_data::page))
        .route("/open-data/hsds.json", get(open_data::hsds))
        .route("/open-data/directory.csv", get(open_data::directory_csv))
        .route("/open-data/hsds.zip", get(open_data::hsds_tabular))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(sitemap::robots))
        .route("/language", get(choose_language))
        .route("/locales/{file}", get(app_texts))
}

/// `GET /locales/ar.json?keys=…`: the web app's texts of one language (German is
/// compiled into it). `keys` is the fingerprint of the key list the app was built
/// with; a web app of another build (an old tab after an update) gets 409 and stays
/// German rather than showing texts in the wrong places.
async fn app_texts(
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::{
        http::{HeaderValue, header},
        response::IntoResponse,
    };
    let texts = &*texts::APP_TEXTS;
    let lang = file.strip_suffix(".json").and_then(migraup_domain::Lang::parse);
    let Some((_, json, etag)) = lang.and_then(|lang| texts.lists.iter().find(|(l, _, _)| *l == lang)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if query.get("keys") != Some(&texts.keys) {
        return StatusCode::CONFLICT.into_response();
    }
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = json.clone().into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    // Revalidated on each use (cheap with the ETag): the texts change with an update.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, value);
    }
    response
}

/// `GET /language?lang=ar&to=/organisations`: the language picker of the server-rendered
/// pages, which works without the web app. Remembers the choice in the cookie the app
/// keeps it in, and goes back to the page (only ever a path on this site, so the link
/// cannot send anyone elsewhere).
async fn choose_language(axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>) -> Response {
    use axum::{
        http::{HeaderValue, header},
        response::{IntoResponse, Redirect},
    };
    let to = query.get("to").and_then(|to| back::local_target(to)).unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&to).into_response();
    if let Some(lang) = query.get("lang").and_then(|code| migraup_domain::Lang::parse(code)) {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", texts::LANGUAGE_COOKIE, lang.as_str());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

use std::collections::HashMap;

use axum::{http::StatusCode, response::Response};
use maud::{Markup, html};
use migraup_core::{Actor, Core, views::Organisation};
use migraup_domain::{DomainError, error::DomainResult};
use uuid::Uuid;

use shell::Page;
use texts::{Key, Texts, key};

/// Labels of topics, Ortsteile and languages in the reader's language.
pub(crate) struct Reference {
    topics: HashMap<Uuid, String>,
    districts: HashMap<Uuid, String>,
    languages: HashMap<String, String>,
    /// In the taxonomy's order, as the app shows them.
    target_groups: Vec<(Uuid, String)>,
}

impl Reference {
    fn topic(&self, id: &Uuid) -> &str {
        self.topics.get(id).map(String::as_str).unwrap_or_default()
    }

    /// The topics by their label, for a filter.
    fn topics_sorted(&self) -> Vec<(Uuid, String)> {
        let mut all: Vec<(Uuid, String)> = self.topics.iter().map(|(id, label)| (*id, label.clone())).collect();
        all.sort_by(|a, b| a.1.cmp(&b.1));
        all
    }

    fn district(&self, id: &Uuid) -> &str {
        self.districts.get(id).map(String::as_str).unwrap_or_default()
    }

    fn language<'a>(&'a self, code: &'a str) -> &'a str {
        self.languages.get(code).map(String::as_str).unwrap_or(code)
    }
}

/// What a directory card shows beside the organisation itself.
pub(crate) struct CardData {
    topics: Vec<Uuid>,
    languages: Vec<String>,
    offerings: u64,
    translations: Vec<migraup_core::views::Translation>,
}

/// The cards' extra data of `organisations`, in three queries (not three per card).
async fn cards(core: &Core, actor: &Actor, organisations: &[Organisation]) -> DomainResult<Vec<CardData>> {
    let ids: Vec<Uuid> = organisations.iter().map(|o| o.id).collect();
    let (mut topics, mut languages, offerings, mut translations) = tokio::try_join!(
        core.organisation_topic_ids(actor, &ids),
        core.organisation_languages(actor, &ids),
        core.offering_counts(actor, &ids),
        core.translations_of(actor, &ids)
    )?;
    Ok(ids
        .iter()
        .map(|id| CardData {
            topics: topics.remove(id).unwrap_or_default(),
            languages: languages.remove(id).unwrap_or_default(),
            offerings: offerings.get(id).copied().unwrap_or_default(),
            translations: translations.remove(id).unwrap_or_default(),
        })
        .collect())
}

/// Whether the directory marks an entry as possibly outdated (the API's `isStale`).
fn is_stale(confirmed_at: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    migraup_core::freshness::freshness_of(confirmed_at, chrono::Utc::now()) >= migraup_domain::freshness::Freshness::Stale
}

/// An organisation in a list, as the web app's directory draws it.
fn card(t: Texts, o: &Organisation, data: &CardData, reference: &Reference) -> Markup {
    let chosen = migraup_core::translations::pick(&data.translations, &o.content_language, t.lang.as_str());
    let language = chosen.map_or(o.content_language.as_str(), |c| c.language.as_str());
    let description = chosen
        .map_or(o.description.as_deref(), |c| c.description.as_deref())
        .map(|d| if d.chars().count() > 220 { format!("{}…", d.chars().take(220).collect::<String>()) } else { d.to_owned() });
    html! {
        li class="card" data-testid="organisation-card" {
            h3 { a href=(format!("/organisations/{}", o.slug)) dir="auto" { (o.name) } }
            p class="meta" {
                span { (t.get(texts::kind_key(o.kind))) }
                @if let Some(d) = o.district_id { " · " span { (reference.district(&d)) } }
                @if is_stale(o.confirmed_at) { " · " span class="badge" data-testid="stale" { (t.get(key::stale_badge)) } }
            }
            @if let Some(d) = description { p lang=(language) dir=(migraup_domain::kinds::direction_of(language)) { (d) } }
            ul class="tags" { @for id in &data.topics { li { (reference.topic(id)) } } }
            p class="languages" { (data.languages.iter().map(|c| reference.language(c)).collect::<Vec<_>>().join(", ")) }
            p class="offerings" { (t.fill(key::dir_offerings, &[("count", &data.offerings.to_string())])) }
        }
    }
}

/// The page for an error of ours: logged by the core, shown without details.
fn failed(state: &PageState, t: Texts, error: DomainError) -> Response {
    let status = if error.code == migraup_domain::ErrorCode::Unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    notice(state, t, status, key::error_title, key::error_retry_later)
}

/// The page for something that is not there (or not public).
fn not_found(state: &PageState, t: Texts, message_key: Key) -> Response {
    notice(state, t, StatusCode::NOT_FOUND, key::not_found_title, message_key)
}

/// A page that only says something, never indexed.
fn notice(state: &PageState, t: Texts, status: StatusCode, title_key: Key, text_key: Key) -> Response {
    state.shell.render(Page {
        status,
        texts: t,
        title: t.get(title_key).to_owned(),
        description: String::new(),
        path: String::new(),
        index: false,
        kind: "website",
        json_ld: None,
        content: html! { h1 { (t.get(title_key)) } p { (t.get(text_key)) } },
    })
}
