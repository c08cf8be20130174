//! The GraphQL endpoint: POST with `application/json` only, one operation per request
//! (no batches, no multipart, no GET execution), the actor from the bearer token.

use std::net::SocketAddr;

use async_graphql::http::GraphiQLSource;
use axum::{
    Json,
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use migraup_api::RequestContext;
use migraup_domain::Lang;

use crate::http::AppState;

fn error_body(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }))).into_response()
}

/// GraphiQL in development; nothing in production.
pub(crate) async fn graphiql(State(state): State<AppState>) -> Response {
    if state.production {
        return StatusCode::NOT_FOUND.into_response();
    }
    Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response()
}

fn refresh_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == migraup_api::REFRESH_COOKIE && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

/// Executes one GraphQL request.
pub(crate) async fn execute(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language).unwrap_or_default();
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return error_body(StatusCode::UNSUPPORTED_MEDIA_TYPE, "BAD_USER_INPUT", "Content-Type must be application/json");
    }
    if body.len() > crate::http::MAX_BODY_BYTES {
        return error_body(StatusCode::PAYLOAD_TOO_LARGE, "BAD_USER_INPUT", "Request body too large");
    }
    // A single operation object only: a JSON array (a batch) does not parse into one.
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => return error_body(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", "Expected one GraphQL request as a JSON object"),
    };
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let actor = match state.core.authenticate(bearer, lang).await {
        Ok(actor) => actor,
        Err(e) => {
            let message = migraup_domain::messages::reason_text(&e.reason, lang);
            return error_body(StatusCode::OK, e.code.as_str(), &message);
        }
    };
    let context = RequestContext::new(&state.core, actor, refresh_cookie(&headers), Some(peer.ip()), state.secure_cookies);
    let response = state.schema.execute(request.data(context)).await;
    let mut http_headers = response.http_headers.clone();
    let mut out = Json(response).into_response();
    for (name, value) in http_headers.drain() {
        if let Some(name) = name {
            out.headers_mut().append(name, value);
        }
    }
    out.headers_mut().insert(header::CACHE_CONTROL, "no-store".parse().expect("static header"));
    out
}
