//! The axum router: GraphQL, health checks, the development mail page and the SPA.

use std::{path::Path, time::Duration};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use migraup_core::Core;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::{Settings, calendar, graphql};

/// Largest request body accepted (GraphQL documents and variables).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState {
    pub core: Core,
    pub schema: migraup_api::MigraupSchema,
    pub production: bool,
    pub secure_cookies: bool,
    /// The web app's `index.html`, when it is built.
    pub index: Option<std::path::PathBuf>,
}

/// Builds the whole router.
pub fn router(core: Core, settings: &Settings, static_dir: &Path) -> Router {
    // Everything comes from this server; GraphiQL (development only) loads from a CDN.
    // Trunk's loader is an inline module script, hence 'unsafe-inline' for scripts.
    let csp = if settings.production() {
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    } else {
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    };
    let state = AppState {
        schema: migraup_api::schema(core.clone(), settings.production()),
        core,
        production: settings.production(),
        secure_cookies: settings.public_url().starts_with("https://"),
        index: static_dir.join("index.html").exists().then(|| static_dir.join("index.html")),
    };
    let mut app = Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/calendar.ics", get(calendar::feed))
        .route("/events/{file}", get(calendar::event_file));
    if !settings.production() {
        app = app.route("/dev/mail", get(dev_mail));
    }
    let index = static_dir.join("index.html");
    let app = if index.exists() {
        // Deep links answer with index.html, so the SPA's router takes over.
        let assets = ServeDir::new(static_dir).fallback(ServeFile::new(&index));
        app.fallback_service(Router::new().fallback_service(assets).layer(axum::middleware::from_fn(cache_headers)))
    } else {
        app.fallback(no_frontend)
    };
    app.with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp)))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({ "errors": [{ "message": "Internal error", "extensions": { "code": "INTERNAL" } }] })),
            )
                .into_response()
        }))
        .layer(TraceLayer::new_for_http())
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
}

/// Hashed assets (trunk puts a content hash in their names) are cached for a year;
/// everything else, `index.html` above all, is revalidated on every visit.
async fn cache_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let file = request.uri().path().rsplit('/').next().unwrap_or_default().to_owned();
    let mut response = next.run(request).await;
    let value = if is_hashed(&file) { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// `name-0123456789abcdef.ext` or `name-0123456789abcdef_bg.wasm`.
fn is_hashed(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.core.ping().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

/// The development outbox as JSON (never routed in production).
async fn dev_mail(State(state): State<AppState>) -> Response {
    if state.production {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mails: Vec<_> = state
        .core
        .dev_outbox()
        .into_iter()
        .rev()
        .map(|m| serde_json::json!({ "to": m.to, "subject": m.subject, "body": m.body, "sentAt": m.sent_at }))
        .collect();
    Json(mails).into_response()
}

async fn no_frontend() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>migraup</title><p>Die Web-App ist nicht gebaut. Die API läuft unter <a href=\"/graphql\">/graphql</a>.</p><p lang=\"en\">The web app is not built. The API runs at <a href=\"/graphql\">/graphql</a>.</p></html>"),
    )
        .into_response()
}
