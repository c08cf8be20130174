//! Operating the server: metrics, request ids and the legal pages.

use axum::{body::Body, http::Request};
use serde_json::json;
use tower::ServiceExt;

use crate::{
    helpers::{Backend, Fixture, TestApp},
    on_both_databases,
};

async fn text(router: &axum::Router, request: Request<Body>) -> (u16, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

on_both_databases!(metrics_count_operations_by_name_and_outcome, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    app.gql(None, "query Verzeichnis { organisations { totalCount } }", json!({})).await.data();
    let denied = app.gql(Some(&f.multiplier), "query Nutzer { users(first: 5) { totalCount } }", json!({})).await;
    assert_eq!(denied.code(), Some("FORBIDDEN"));
    app.gql(None, &format!("{{ {} }}", "a: topics { id } ".repeat(30)), json!({})).await;
    app.gql(Some(&f.admin), "{ networkOverview { communities { size } } }", json!({})).await;
    app.gql(Some(&f.admin), "{ networkOverview { communities { size } } }", json!({})).await;
    let (status, _, body) = app.raw(Request::get("/metrics").body(Body::empty()).unwrap()).await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(r#"migraup_graphql_requests_total{operation="Verzeichnis",outcome="ok"} 1"#), "{body}");
    assert!(body.contains(r#"migraup_graphql_requests_total{operation="Nutzer",outcome="FORBIDDEN"} 1"#), "{body}");
    assert!(body.contains(r#"outcome="REFUSED""#), "{body}");
    assert!(body.contains("migraup_graphql_request_duration_seconds_bucket{"), "{body}");
    assert!(body.contains("migraup_db_pool_connections "), "{body}");
    assert!(body.contains("migraup_mail_outbox_queued "), "{body}");
    assert!(body.contains(r#"migraup_cache_hits{cache="network_analysis"} 1"#), "{body}");
});

// Every answer names its request; a GraphQL error carries the same id, so a person's
// report of an error leads to its log lines. A client cannot choose the id.
on_both_databases!(errors_carry_the_request_id, |app: TestApp| async move {
    let a = app.gql_with(None, &[("x-request-id", "forged")], "{ users(first: 1) { totalCount } }", json!({})).await;
    let header = a.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_ne!(header, "forged");
    assert_eq!(header.len(), 16);
    assert_eq!(a.body["errors"][0]["extensions"]["requestId"], header.as_str(), "{}", a.body);
    let refused = app.gql(None, "{ a { b { c } ", json!({})).await;
    assert!(refused.body["errors"][0]["extensions"]["requestId"].is_string(), "{}", refused.body);
});

#[tokio::test]
async fn metrics_need_the_token_in_production() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut settings = crate::helpers::settings("sqlite::memory:".into());
    settings.env = "production".into();
    let open = migraup_server::router(app.core.clone(), &settings, std::path::Path::new("/nonexistent")).unwrap();
    assert_eq!(text(&open, Request::get("/metrics").body(Body::empty()).unwrap()).await.0, 404, "no token configured: not served");
    settings.metrics_token = Some("ein-langes-metrik-token".into());
    let router = migraup_server::router(app.core.clone(), &settings, std::path::Path::new("/nonexistent")).unwrap();
    assert_eq!(text(&router, Request::get("/metrics").body(Body::empty()).unwrap()).await.0, 404);
    let wrong = Request::get("/metrics").header("authorization", "Bearer ein-langes-metrik-tokeX").body(Body::empty()).unwrap();
    assert_eq!(text(&router, wrong).await.0, 404);
    let right = Request::get("/metrics").header("authorization", "Bearer ein-langes-metrik-token").body(Body::empty()).unwrap();
    let (status, body) = text(&router, right).await;
    assert_eq!(status, 200);
    assert!(body.contains("migraup_mail_outbox_failed"), "{body}");
}

#[tokio::test]
async fn imprint_and_privacy_pages_show_the_operators_text() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("migraup-legal-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html><head><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/></head></html>")
        .unwrap();
    std::fs::write(dir.join("impressum.md"), "## Angaben gemäß § 5 DDG\n\nNetzwerk Pankow e.V.\n\n<script>alert(1)</script>").unwrap();
    let mut settings = crate::helpers::settings("sqlite::memory:".into());
    settings.imprint_file = Some(dir.join("impressum.md"));
    let router = migraup_server::router(app.core.clone(), &settings, &dir).unwrap();
    let (status, page) = text(&router, Request::get("/impressum").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h2>Angaben gemäß § 5 DDG</h2>"), "{page}");
    assert!(page.contains("main-0123456789abcdef.css"), "in the app's stylesheet: {page}");
    assert!(!page.contains("<script>"), "{page}");
    let (status, privacy) = text(&router, Request::get("/datenschutz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
    assert!(privacy.contains("MIGRAUP_PRIVACY_FILE"), "says what is missing: {privacy}");
    // A configured file that cannot be read stops the start.
    settings.privacy_file = Some(dir.join("fehlt.md"));
    assert!(migraup_server::router(app.core.clone(), &settings, &dir).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
