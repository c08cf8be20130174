//! Transport and query hardening: POST + JSON only, no batches, body, depth, alias and
//! page limits, no suggestions, no introspection in production.

use axum::{body::Body, http::Request};
use serde_json::json;

use crate::{helpers::TestApp, on_both_databases};

on_both_databases!(only_single_json_posts_are_executed, |app: TestApp| async move {
    let mutation = "mutation { requestPasswordReset(email: \"a@b.de\") }";
    // GET never executes (it serves GraphiQL in development).
    let (status, _, body) = app
        .raw(
            Request::get(format!("/graphql?query={}", "mutation%7BrequestPasswordReset(email%3A%22a%40b.de%22)%7D"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("graphiql"));
    assert!(app.core.dev_outbox().await.is_empty());
    let (status, _, _) = app
        .raw(
            Request::post("/graphql")
                .header("content-type", "text/plain")
                .body(Body::from(json!({ "query": mutation }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(status, 415);
    let (status, _, _) = app
        .raw(Request::post("/graphql").header("content-type", "multipart/form-data; boundary=x").body(Body::from("--x--")).unwrap())
        .await;
    assert_eq!(status, 415);
    let batch = json!([{ "query": "{ topics { id } }" }, { "query": "{ districts { id } }" }]).to_string();
    let (status, _, _) =
        app.raw(Request::post("/graphql").header("content-type", "application/json").body(Body::from(batch)).unwrap()).await;
    assert_eq!(status, 400);
    let huge = json!({ "query": format!("{{ topics {{ id }} }} # {}", "x".repeat(70 * 1024)) }).to_string();
    let (status, _, _) =
        app.raw(Request::post("/graphql").header("content-type", "application/json").body(Body::from(huge)).unwrap()).await;
    assert_eq!(status, 413);
});

on_both_databases!(depth_aliases_and_suggestions_are_limited, |app: TestApp| async move {
    let deep = "{ organisations { edges { node { offerings { organisation { offerings { organisation { offerings { organisation { offerings { title } } } } } } } } } } }";
    let a = app.gql(None, deep, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    // Lists nested this deep cost more than the guard's budget (see `cost.rs`).
    assert_eq!(a.body["errors"][0]["extensions"]["reason"], "TOO_COSTLY", "{}", a.body);
    // A cheap document eleven fields deep passes the guard and meets the depth limit.
    // (With an alias: the introspection of common clients, without aliases, is answered
    // at any depth in development, see `migraup_api::introspection_schema`.)
    let deep = "{ s: __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }";
    let a = app.gql(None, deep, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    assert!(a.body["errors"][0]["extensions"]["detail"].as_str().unwrap().to_lowercase().contains("nested too deep"), "{}", a.body);
    let aliases = "{ a: topics { id } b: topics { id } c: topics { id } d: topics { id } e: topics { id } f: topics { id } }";
    let a = app.gql(None, aliases, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    let five = "{ a: topics { id } b: topics { id } c: topics { id } d: topics { id } e: topics { id } }";
    app.gql(None, five, json!({})).await.data();
    let typo = app.gql(None, "{ organisatons { totalCount } }", json!({})).await;
    assert!(!typo.body.to_string().contains("Did you mean"), "{}", typo.body);
    let introspection = app.gql(None, "{ __schema { queryType { name } } }", json!({})).await;
    assert_eq!(introspection.data()["__schema"]["queryType"]["name"], "Query", "introspection stays on in development");
});

#[tokio::test]
async fn production_has_no_introspection_and_no_graphiql() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let mut settings = crate::helpers::settings("sqlite::memory:".into());
    settings.env = "production".into();
    let router = migraup_server::router(app.core.clone(), &settings, std::path::Path::new("/nonexistent"))
        .expect("router")
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 1))));
    use tower::ServiceExt;
    let graphiql = router.clone().oneshot(Request::get("/graphql").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(graphiql.status(), 404);
    let dev_mail = router.clone().oneshot(Request::get("/dev/mail").body(Body::empty()).unwrap()).await.unwrap();
    assert_ne!(dev_mail.status(), 200);
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "query": "{ __schema { queryType { name } } }" }).to_string()))
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    let body: serde_json::Value =
        serde_json::from_slice(&http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes()).unwrap();
    assert!(body["data"]["__schema"].is_null(), "introspection answers nothing in production: {body}");
}

#[tokio::test]
async fn the_web_app_is_served_with_cache_rules_and_deep_links() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("migraup-dist-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), format!("<!doctype html><title>migraup</title>{}", "<p>Verzeichnis</p>".repeat(50))).unwrap();
    std::fs::write(dir.join("migraup-frontend-0123456789abcdef_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
    let settings = crate::helpers::settings("sqlite::memory:".into());
    let router = migraup_server::router(app.core.clone(), &settings, &dir)
        .expect("router")
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 1))));
    let get = |path: &'static str| {
        let router = router.clone();
        async move {
            use tower::ServiceExt;
            router.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap()
        }
    };
    let index = get("/").await;
    assert_eq!(index.status(), 200);
    let compressed = {
        use tower::ServiceExt;
        router.clone().oneshot(Request::get("/").header("accept-encoding", "gzip").body(Body::empty()).unwrap()).await.unwrap()
    };
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    // A page of the web app's own (the public pages are rendered by the server).
    let deep = get("/organisations/some-slug/edit").await;
    assert_eq!(deep.status(), 200, "deep links answer with index.html");
    assert_eq!(deep.headers()["cache-control"], "no-cache");
    let missing = get("/organisations/some-slug").await;
    assert_eq!(missing.status(), 404, "a server-rendered page of nothing says so");
    assert_eq!(missing.headers()["cache-control"], "no-cache");
    let wasm = get("/migraup-frontend-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(wasm.headers()["x-content-type-options"], "nosniff");
    let _ = std::fs::remove_dir_all(dir);
}
