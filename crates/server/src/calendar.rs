//! Calendar files over HTTP: `GET /events/{id}.ics` and the subscribable feed
//! `GET /calendar.ics?district=…&topic=…&organisation=…` (slugs). Calendar apps
//! send no token, so both show what anyone may see: published public events. A
//! person's private feed, `GET /calendar/{secret}.ics`, shows what its owner may see;
//! the secret in the address is its only credential.

use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use migraup_core::{Actor, calendar::FeedFilter};
use migraup_domain::Lang;
use serde::Deserialize;

use crate::state::AppState;

const CALENDAR: &str = "text/calendar; charset=utf-8";

/// The feed's query string.
#[derive(Deserialize, Default)]
pub(crate) struct FeedQuery {
    district: Option<String>,
    topic: Option<String>,
    organisation: Option<String>,
}

fn problem(status: StatusCode, text: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text.to_owned()).into_response()
}

/// `/events/{id}.ics`; any other `/events/…` path is a page of the web app.
pub(crate) async fn event_file(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(id) = file.strip_suffix(".ics") else {
        // An event's page is rendered by the server; other paths (`/events/new`) are the web app's.
        if let Ok(id) = file.parse::<uuid::Uuid>() {
            return crate::pages::event_page(axum::extract::FromRef::from_ref(&state), headers, id).await;
        }
        return state.shell.app();
    };
    let Ok(id) = id.parse::<uuid::Uuid>() else { return problem(StatusCode::NOT_FOUND, "not found") };
    match state.core.event_ics(&Actor::anonymous(Lang::De), id).await {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, CALENDAR.to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"migraup-{id}.ics\"")),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
            ],
            body,
        )
            .into_response(),
        Ok(None) => problem(StatusCode::NOT_FOUND, "not found"),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// The subscribable feed of public events.
pub(crate) async fn feed(State(state): State<AppState>, Query(query): Query<FeedQuery>) -> Response {
    let filter = FeedFilter { district: query.district, topic: query.topic, organisation: query.organisation };
    match state.core.public_calendar_feed(&filter).await {
        Ok(body) => {
            let body = String::clone(&body);
            ([(header::CONTENT_TYPE, CALENDAR), (header::CACHE_CONTROL, "public, max-age=300")], body).into_response()
        }
        Err(e) if e.code == migraup_domain::ErrorCode::BadUserInput => {
            problem(StatusCode::BAD_REQUEST, &format!("unknown {}", e.field.unwrap_or_default()))
        }
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// `GET /calendar/{secret}.ics`: a person's private feed; 404 for anything but a live
/// secret of an active account (no hint which). Never cached by others, and the
/// address is not passed on as a referrer.
pub(crate) async fn personal_feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics").filter(|s| !s.is_empty() && s.len() <= 64) else {
        return problem(StatusCode::NOT_FOUND, "not found");
    };
    match state.core.personal_calendar_feed(secret).await {
        Ok(Some(body)) => (
            [(header::CONTENT_TYPE, CALENDAR), (header::CACHE_CONTROL, "private, no-store"), (header::REFERRER_POLICY, "no-referrer")],
            body,
        )
            .into_response(),
        Ok(None) => problem(StatusCode::NOT_FOUND, "not found"),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}
