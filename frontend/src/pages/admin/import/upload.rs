//! Sending the chosen file to `POST /import`. Not GraphQL: its bodies are capped at
//! 64 KiB, a spreadsheet is not. The answer is the batch's id, or errors shaped like
//! GraphQL's (a translated message with `extensions.code` and `field`).

use crate::{api::ApiError, session::Session};

/// The largest file the server accepts (8 MiB).
pub const MAX_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Uploads `file` as the signed-in person and returns the batch id; an expired access
/// token is renewed once, as [`Session::call`] does.
pub async fn upload(session: Session, file: web_sys::File, lang: &str) -> Result<String, ApiError> {
    match send(&file, session.token(), lang).await {
        Err(e) if e.code() == "UNAUTHENTICATED" && session.token().is_some() => {
            let token = if session.refresh(lang).await { session.token() } else { None };
            send(&file, token, lang).await
        }
        other => other,
    }
}

async fn send(file: &web_sys::File, token: Option<String>, lang: &str) -> Result<String, ApiError> {
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    // The server tells CSV from XLSX by the bytes, not by what the browser guesses.
    let mut request = gloo_net::http::Request::post(&format!("/import?name={name}"))
        .header("Accept-Language", lang)
        .header("Content-Type", "application/octet-stream");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.body(file.clone()).map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)?;
    let answer: serde_json::Value = response.json().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return answer.get("batchId").and_then(serde_json::Value::as_str).map(str::to_owned).ok_or(ApiError::Network);
    }
    let error = answer.pointer("/errors/0").ok_or(ApiError::Network)?;
    let text = |pointer: &str| error.pointer(pointer).and_then(serde_json::Value::as_str).map(str::to_owned);
    Err(ApiError::Graphql {
        code: text("/extensions/code").unwrap_or_else(|| "INTERNAL".into()),
        field: text("/extensions/field"),
        message: text("/message").unwrap_or_default(),
    })
}
