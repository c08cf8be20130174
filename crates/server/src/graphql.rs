//! The GraphQL endpoint: POST with `application/json` only, one operation per request
//! (no batches, no multipart, no GET execution), the actor from the bearer token.

use std::net::{IpAddr, SocketAddr};

use async_graphql::{
    http::GraphiQLSource,
    parser::types::{DocumentOperations, ExecutableDocument},
};
use axum::{
    Extension, Json,
    body::Body,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use migraup_api::RequestContext;
use migraup_domain::{DomainError, Lang, Reason};

use crate::state::{AppState, RequestId};

/// A GraphQL error answer outside the schema (refused before execution).
pub(crate) fn error_body(status: StatusCode, lang: Lang, error: &DomainError, request_id: &str) -> Response {
    let mut json = migraup_api::error_json(lang, error);
    json["extensions"]["requestId"] = request_id.into();
    (status, Json(serde_json::json!({ "errors": [json] }))).into_response()
}

/// The language a request asks for (`Accept-Language`), German by default.
pub(crate) fn request_lang(headers: &HeaderMap) -> Lang {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language).unwrap_or_default()
}

/// The access token of an `Authorization: Bearer …` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

/// The first error's code, or `ok`, as the outcome label of the metrics.
fn outcome(errors: &[async_graphql::ServerError]) -> String {
    match errors.first().and_then(|e| e.extensions.as_ref()).and_then(|x| x.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        Some(_) => "INTERNAL".into(),
        None if errors.is_empty() => "ok".into(),
        None => "INTERNAL".into(),
    }
}

/// The client's address: the peer, or the first address `X-Forwarded-For` names
/// after the trusted proxies when the peer is one of them.
pub(crate) fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    // Walk from the nearest hop back; the first address that is not a trusted proxy is the client.
    forwarded.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer)
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

/// Executes one GraphQL request, counted in the metrics.
pub(crate) async fn execute(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request_id: Option<Extension<RequestId>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = std::time::Instant::now();
    let request_id = request_id.map(|Extension(id)| id.0).unwrap_or_default();
    let (response, operation, outcome) = run(&state, peer, &headers, body, &request_id).await;
    state.metrics.observe(operation.as_deref(), &outcome, started.elapsed());
    response
}

/// The name of the operation `requested` picks in `document`, when the document has it
/// (a named operation alone in its document is meant when none is asked for).
fn operation_name(document: &ExecutableDocument, requested: Option<&str>) -> Option<String> {
    match (&document.operations, requested) {
        (DocumentOperations::Multiple(ops), Some(name)) => ops.contains_key(name).then(|| name.to_owned()),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.keys().next().map(|n| n.to_string()),
        _ => None,
    }
}

/// The request's answer, its operation name (if it ran) and its outcome.
async fn run(state: &AppState, peer: SocketAddr, headers: &HeaderMap, body: Body, request_id: &str) -> (Response, Option<String>, String) {
    let lang = request_lang(headers);
    let refused = |status: StatusCode, error: DomainError| {
        let code = error.code.as_str().to_owned();
        (error_body(status, lang, &error, request_id), None, code)
    };
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, DomainError::invalid("Content-Type", Reason::InvalidDocument));
    }
    let Ok(body) = axum::body::to_bytes(body, crate::state::MAX_BODY_BYTES).await else {
        return refused(StatusCode::PAYLOAD_TOO_LARGE, DomainError::invalid("body", Reason::BodyTooLarge));
    };
    // A single operation object only: a JSON array (a batch) does not parse into one.
    let mut request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => return refused(StatusCode::BAD_REQUEST, DomainError::invalid("body", Reason::InvalidDocument)),
    };
    // In development, the introspection queries of GraphiQL, `gql` and Apollo's tools
    // (deeper and wider than the guard allows, and touching no data) are answered by a
    // schema that does nothing else. Production has no introspection at all.
    if let Some(introspection) = &state.introspection
        && let Ok(document) = async_graphql::parser::parse_query(&request.query)
        && migraup_api::is_introspection(&document)
    {
        request.set_parsed_query(document);
        let response = introspection.execute(request).await;
        return (Json(response).into_response(), None, "introspection".into());
    }
    // Bound the document before async-graphql validates it (see `migraup_api::guard`);
    // the parsed document is handed on, so it is parsed once.
    let document = match migraup_api::guard::check(&request.query, &migraup_api::guard::BOUNDS) {
        Ok(document) => document,
        Err(refusal) => {
            tracing::info!(client.address = %peer.ip(), reason = refusal.code(), "GraphQL document refused");
            let mut error = migraup_api::error_json(lang, &DomainError::invalid("query", Reason::DocumentTooComplex));
            error["extensions"]["reason"] = refusal.code().into();
            error["extensions"]["requestId"] = request_id.into();
            let response = (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "errors": [error] }))).into_response();
            return (response, None, "REFUSED".into());
        }
    };
    if let Some(field) = crate::nul::in_graphql(&document, &request.variables) {
        return refused(StatusCode::BAD_REQUEST, DomainError::invalid(&field, Reason::ControlCharacters));
    }
    let operation = operation_name(&document, request.operation_name.as_deref());
    let actor = match state.core.authenticate(bearer(headers), lang).await {
        Ok(actor) => actor,
        Err(e) => {
            let code = e.code.as_str().to_owned();
            return (error_body(StatusCode::OK, lang, &e, request_id), None, code);
        }
    };
    // A program with an integration token runs only the root fields of its scope.
    if let Some(scope) = actor.token_scope()
        && let Err(e) = migraup_api::token_may_run(&document, scope)
    {
        let code = e.code.as_str().to_owned();
        return (error_body(StatusCode::OK, lang, &e, request_id), None, code);
    }
    request.set_parsed_query(document);
    let address = client_address(peer.ip(), headers, &state.trusted_proxies);
    let context = RequestContext::new(&state.core, actor, refresh_cookie(headers), Some(address), state.secure_cookies);
    let mut response = state.schema.execute(request.data(context)).await;
    if migraup_api::answer::ended(&response.errors) {
        // The partial answer goes with `response`: only the error is sent.
        drop(response);
        tracing::warn!(client.address = %address, operation = operation.as_deref().unwrap_or(""), "GraphQL answer ended for its size");
        let mut error = migraup_api::error_json(lang, &DomainError::invalid("query", Reason::DocumentTooComplex));
        error["extensions"]["reason"] = migraup_api::answer::ANSWER_TOO_LARGE.into();
        error["extensions"]["requestId"] = request_id.into();
        let response = (StatusCode::OK, Json(serde_json::json!({ "data": null, "errors": [error] }))).into_response();
        return (response, operation, "BAD_USER_INPUT".into());
    }
    migraup_api::complete_errors(lang, &mut response.errors);
    for error in &mut response.errors {
        error.extensions.get_or_insert_with(Default::default).set("requestId", request_id);
    }
    // Only an operation that ran is counted by its name: a document that failed
    // validation (or named no operation of its own) has neither data nor an error
    // from a field, and its name is whatever the client made up.
    let ran = response.data != async_graphql::Value::Null || response.errors.iter().any(|e| !e.path.is_empty());
    let operation = operation.filter(|_| ran);
    let mut http_headers = std::mem::take(&mut response.http_headers);
    let outcome = outcome(&response.errors);
    let mut out = Json(response).into_response();
    for (name, value) in http_headers.drain() {
        if let Some(name) = name {
            out.headers_mut().append(name, value);
        }
    }
    out.headers_mut().insert(header::CACHE_CONTROL, "no-store".parse().expect("static header"));
    (out, operation, outcome)
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::client_address;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 10.0.0.7"));
        let proxy = "10.0.0.2".parse().unwrap();
        let trusted = vec!["10.0.0.0/8".parse().unwrap()];
        // Through the proxy: the nearest address that is not a proxy is the client.
        assert_eq!(client_address(proxy, &headers, &trusted), "203.0.113.9".parse::<std::net::IpAddr>().unwrap());
        // Straight from the internet, the header is the visitor's own claim: ignored.
        let stranger = "198.51.100.1".parse().unwrap();
        assert_eq!(client_address(stranger, &headers, &trusted), stranger);
        assert_eq!(client_address(proxy, &headers, &[]), proxy);
    }
}
