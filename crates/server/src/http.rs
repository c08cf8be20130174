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

use crate::{Settings, graphql};

/// Largest request body accepted (GraphQL documents and variables).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState {
    pub core: Core,
    pub schema: migraup_api::MigraupSchema,
    pub production: bool,
    pub secure_cookies: bool,
}

/// Builds the whole router.
pub fn router(core: Core, settings: &Settings, static_dir: &Path) -> Router {
    let state = AppState {
        schema: migraup_api::schema(core.clone(), settings.production()),
        core,
        production: settings.production(),
        secure_cookies: settings.public_url().starts_with("https://"),
    };
    let mut app = Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz));
    if !settings.production() {
        app = app.route("/dev/mail", get(dev_mail));
    }
    let index = static_dir.join("index.html");
    let app = if index.exists() {
        let assets = ServeDir::new(static_dir).fallback(ServeFile::new(&index));
        app.fallback_service(assets)
    } else {
        app.fallback(no_frontend)
    };
    app.with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "errors": [{ "message": "Internal error", "extensions": { "code": "INTERNAL" } }] })))
                .into_response()
        }))
        .layer(TraceLayer::new_for_http())
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
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
