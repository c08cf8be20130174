//! `/open-data`: what the network publishes for others to use (the district's other
//! directories, researchers, the council's own tools), under the licence the operator
//! configures: the public directory as HSDS 3.0 JSON and as CSV. Built as an anonymous
//! visitor sees the directory and cached until the next change (see `core::open_data`).

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use maud::html;

use super::{
    Page, PageState, failed,
    texts::{Texts, key},
};

/// The page that names the licence and links the files. The web app has no page for
/// it, so it comes without the app (which would draw its "not found" over it).
pub(crate) async fn page(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let t = Texts::for_request(&headers);
    let licence = &state.core.settings().open_data_licence;
    let content = html! {
        h1 { (t.get(key::open_data_title)) }
        p { (t.get(key::open_data_lead)) }
        p data-testid="licence" {
            (t.get(key::open_data_licence)) " "
            a href=(licence.url) rel="license" { (licence.name) }
        }
        ul {
            li { a href="/open-data/hsds.json" download { (t.get(key::open_data_hsds)) } }
            li { a href="/open-data/hsds.zip" download { (t.get(key::open_data_hsds_tabular)) } }
            li { a href="/open-data/directory.csv" download { (t.get(key::open_data_csv)) } }
            li { a href="/calendar.ics" { (t.get(key::open_data_calendar)) } }
        }
        p class="hint" { (t.get(key::open_data_scope)) }
        p { (t.get(key::open_data_api)) " " a href="/api" { (t.get(key::footer_api)) } }
    };
    state.shell.render_without_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::open_data_title).to_owned(),
        description: t.get(key::open_data_lead).to_owned(),
        path: "/open-data".into(),
        index: true,
        kind: "website",
        json_ld: None,
        content,
    })
}

fn file<T: AsRef<[u8]>>(
    state: &PageState,
    headers: &HeaderMap,
    body: migraup_domain::error::DomainResult<std::sync::Arc<T>>,
    kind: &'static str,
    name: &'static str,
) -> Response {
    match body {
        Ok(body) => (
            [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=300"), (header::CONTENT_DISPOSITION, name)],
            body.as_ref().as_ref().to_vec(),
        )
            .into_response(),
        Err(e) => failed(state, Texts::for_request(headers), e),
    }
}

/// `GET /open-data/hsds.json`: the public directory as HSDS 3.0.
pub(crate) async fn hsds(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let body = state.core.open_data_hsds().await;
    file(&state, &headers, body, "application/json; charset=utf-8", "inline; filename=\"migraup-hsds.json\"")
}

/// `GET /open-data/directory.csv`: the public directory, one organisation a row.
pub(crate) async fn directory_csv(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let body = state.core.open_data_csv().await;
    file(&state, &headers, body, "text/csv; charset=utf-8", "attachment; filename=\"migraup-verzeichnis.csv\"")
}

/// `GET /open-data/hsds.zip`: the same data in HSDS's tabular form (CSV files).
pub(crate) async fn hsds_tabular(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let body = state.core.open_data_hsds_tabular().await;
    file(&state, &headers, body, "application/zip", "attachment; filename=\"migraup-hsds.zip\"")
}
