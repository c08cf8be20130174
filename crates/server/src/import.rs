//! `POST /import`: the upload of a spreadsheet for the import (ADMIN). Larger than a
//! GraphQL request may be, so it has a route of its own; everything after the upload
//! (preview, decisions, progress) is GraphQL. The caller is checked before the body
//! is read, so nobody else can make the server read 8 MiB.

use axum::{
    Json,
    body::Body,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use migraup_core::import::MAX_BYTES;
use migraup_domain::{DomainError, ErrorCode, Reason};

use crate::state::{AppState, RequestId};

#[derive(serde::Deserialize)]
pub(crate) struct Upload {
    name: Option<String>,
}

/// The example file the import page offers (fictional organisations, the tests' file).
pub(crate) async fn example() -> Response {
    (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"import-example.csv\"")],
        include_str!("../../../examples/import-example.csv"),
    )
        .into_response()
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    request_id: Option<axum::Extension<RequestId>>,
    Query(query): Query<Upload>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = crate::graphql::request_lang(&headers);
    let request_id = request_id.map(|axum::Extension(id)| id.0).unwrap_or_default();
    let refuse = |error: DomainError| {
        let status = match error.code {
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::BadUserInput if matches!(error.reason, Reason::FileTooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadUserInput => StatusCode::BAD_REQUEST,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        crate::graphql::error_body(status, lang, &error, &request_id)
    };
    let actor = match state.core.authenticate(crate::graphql::bearer(&headers), lang).await {
        Ok(actor) => actor,
        Err(e) => return refuse(e),
    };
    if let Err(e) = state.core.may_upload_import(&actor).await {
        return refuse(e);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BYTES + 1).await else {
        return refuse(DomainError::invalid("file", Reason::FileTooLarge { max: MAX_BYTES / (1024 * 1024) }));
    };
    match state.core.upload_import(&actor, query.name.as_deref().unwrap_or("import"), &bytes).await {
        Ok(id) => {
            let mut response = Json(serde_json::json!({ "batchId": id })).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, "no-store".parse().expect("static header"));
            response
        }
        Err(e) => refuse(e),
    }
}
