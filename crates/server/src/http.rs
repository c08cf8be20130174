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
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::{
    Settings, calendar, graphql,
    legal::{self, LegalPages},
    metrics::{self, Metrics},
    pages,
    state::{AppState, RequestId},
};

/// Builds the whole router; fails when a configured legal text cannot be read.
pub fn router(core: Core, settings: &Settings, static_dir: &Path) -> anyhow::Result<Router> {
    let csp = content_security_policy(settings.production(), &static_dir.join("index.html"));
    let state = AppState {
        schema: migraup_api::schema(core.clone(), settings.production()),
        introspection: (!settings.production()).then(|| migraup_api::introspection_schema(core.clone())),
        core,
        production: settings.production(),
        secure_cookies: settings.public_url().starts_with("https://"),
        trusted_proxies: settings.trusted_proxies().unwrap_or_default(),
        metrics: Metrics::new(settings.production(), settings.metrics_token.clone().filter(|t| !t.is_empty())),
        legal: LegalPages::load(settings, static_dir)?,
        sitemap: Default::default(),
        embeds: Default::default(),
        shell: pages::Shell::load(static_dir, &settings.public_url()),
    };
    // Only over https: a browser that once saw the header refuses plain http for a year.
    let hsts = settings.public_url().starts_with("https://").then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let mut app = Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::scrape))
        .route("/impressum", get(legal::imprint))
        .route("/datenschutz", get(legal::privacy))
        .route("/calendar.ics", get(calendar::feed))
        .route("/calendar/{file}", get(calendar::personal_feed))
        .route("/import", axum::routing::post(crate::import::upload))
        .route("/import-example.csv", get(crate::import::example))
        .route("/events/{file}", get(calendar::event_file))
        .merge(pages::routes());
    if !settings.production() {
        app = app.route("/dev/mail", get(dev_mail));
    }
    let index = static_dir.join("index.html");
    let app = if index.exists() {
        // Deep links answer with index.html, so the SPA's router takes over.
        // Brotli and gzip copies are made at build time (frontend/compress.mjs) and sent
        // as they are; the on-the-fly compression below skips what is already encoded.
        let assets = ServeDir::new(static_dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(ServeFile::new(&index).precompressed_br().precompressed_gzip());
        app.fallback_service(Router::new().fallback_service(assets).layer(axum::middleware::from_fn(cache_headers)))
    } else {
        app.fallback(no_frontend)
    };
    Ok(app
        .with_state(state)
        .layer(axum::middleware::from_fn(crate::nul::refuse_in_address))
        // Only API answers and small pages are compressed per request: at a fast level.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
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
        .layer(axum::middleware::from_fn(request_id)))
}

/// Gives every request an id of its own (a client's `X-Request-Id` is not believed:
/// log lines must not be forgeable) and a log span that carries it.
async fn request_id(mut request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use rand::RngCore as _;
    use tracing::Instrument as _;
    let id = format!("{:016x}", rand::rng().next_u64());
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path());
    let mut response = next.run(request).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(header::HeaderName::from_static("x-request-id"), value);
    }
    response
}

/// No page of migraup uses these; a script injected one day gets none either.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), display-capture=()";

/// Everything comes from this server. Trunk's loader is an inline module script: it is
/// allowed by its SHA-256 hash (read from the built `index.html` at start-up), never by
/// `'unsafe-inline'`. Development adds GraphiQL's assets from unpkg.
fn content_security_policy(production: bool, index: &Path) -> String {
    // The whole app's index and the public bundle's (`public/index.html`) each start with an inline module script.
    let public = index.parent().map(|dir| dir.join("public/index.html")).unwrap_or_default();
    let hashes: String = [index, public.as_path()]
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .map(|html| inline_script_hashes(&html))
        .collect();
    let (script_extra, style_extra) =
        if production { ("", "") } else { (" 'unsafe-inline' https://unpkg.com", " 'unsafe-inline' https://unpkg.com") };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}{script_extra}; style-src 'self'{style_extra}; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// ` 'sha256-…'` for each inline `<script>` of a page.
fn inline_script_hashes(html: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        if !tag.contains(" src=") {
            let digest = sha2::Sha256::digest(&body_and_more.as_bytes()[..close]);
            out.push_str(&format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_more[close..];
    }
    out
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

/// `name-0123456789abcdef.ext` or `name-0123456789abcdef_bg.wasm`. Trunk writes its
/// 64-bit hash without leading zeros, so one build in sixteen has 15 digits or fewer.
fn is_hashed(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 10 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.core.is_stopping() {
        (StatusCode::SERVICE_UNAVAILABLE, "stopping").into_response()
    } else if state.core.ping().await {
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
        .await
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

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn trunks_hashes_are_recognised_also_without_leading_zeros() {
        assert!(is_hashed("migraup-frontend-9c2dc115b4075b50_bg.wasm"));
        assert!(is_hashed("migraup-frontend-e7f22316843384c_bg.wasm"), "15 digits: the hash began with a zero");
        assert!(is_hashed("main-7cc74f15fe41f076.css.br"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("robots-cafe.txt"));
    }
}
