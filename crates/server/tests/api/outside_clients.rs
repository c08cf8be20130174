//! The API as an outside developer meets it: the SDL served at `/schema.graphql` (the
//! committed one), the `/api` page, and a real GraphQL client (Python's `gql`, part of
//! the test set-up) that validates the README's three examples against the served SDL
//! and runs them over HTTP, and reads the schema by introspection in development.

use axum::{body::Body, http::Request};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

const EXAMPLES: [(&str, &str); 3] = [
    ("directory", include_str!("../../../../docs/api/directory.graphql")),
    ("upcoming-events", include_str!("../../../../docs/api/upcoming-events.graphql")),
    ("key-figures", include_str!("../../../../docs/api/key-figures.graphql")),
];

/// Runs the examples with `gql`: the schema comes from `/schema.graphql`, so a query the
/// schema does not allow fails in the client before it is sent. Also fetches the schema
/// by introspection, as GraphiQL, `gql` and Apollo's tools do in development.
const CLIENT: &str = r#"
import json, sys
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport
import requests
url, runs = sys.argv[1], json.loads(sys.argv[2])
sdl = requests.get(url + "/schema.graphql", timeout=30).text
out = {"results": []}
for run in runs:
    headers = {"Authorization": "Bearer " + run["token"]} if run.get("token") else {}
    transport = RequestsHTTPTransport(url=url + "/graphql", headers=headers, timeout=30)
    client = Client(schema=sdl, transport=transport)
    out["results"].append(client.execute(gql(run["query"]), variable_values=run["variables"]))
introspecting = Client(transport=RequestsHTTPTransport(url=url + "/graphql", timeout=30), fetch_schema_from_transport=True)
with introspecting as session:
    out["introspected_types"] = len(introspecting.schema.type_map)
    out["described"] = introspecting.schema.type_map["Organisation"].description
print(json.dumps(out))
"#;

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let request = Request::get(path).header("accept-language", "de").body(Body::empty()).unwrap();
    let (status, headers, body) = app.raw(request).await;
    let kind = headers.get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status.as_u16(), kind, String::from_utf8(body).unwrap())
}

on_both_databases!(the_readme_examples_run_in_a_real_client_against_the_served_schema, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // The served SDL is the committed one, described throughout.
    let (status, kind, sdl) = get(&app, "/schema.graphql").await;
    assert_eq!((status, kind.as_str()), (200, "text/plain; charset=utf-8"));
    assert_eq!(sdl, include_str!("../../../api/schema.graphql"));
    // The page shows the same examples, the limits and the error codes.
    let (status, _, page) = get(&app, "/api").await;
    assert_eq!(status, 200);
    for (_, query) in EXAMPLES {
        let escaped = query.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(page.contains(&escaped), "the page shows {query}");
    }
    assert!(page.contains("TOO_COSTLY") && page.contains("CONFLICT") && page.contains("href=\"/schema.graphql\""));
    let readme = include_str!("../../../../README.md");
    for (name, query) in EXAMPLES {
        assert!(readme.contains(query.trim()), "the README shows docs/api/{name}.graphql");
    }

    // A real server on a port, and the client in another process.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = app.router.clone();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let slug =
        app.gql(None, "query($id: ID) { organisation(id: $id) { slug } }", json!({ "id": f.org })).await.data()["organisation"]["slug"]
            .clone();
    let runs = json!([
        { "query": EXAMPLES[0].1, "variables": { "topicIds": [f.topic], "after": null } },
        { "query": EXAMPLES[1].1, "variables": { "slug": slug, "now": "2026-01-01T00:00:00Z" } },
        { "query": EXAMPLES[2].1, "variables": {}, "token": f.council },
    ]);
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").arg("-c").arg(CLIENT).arg(&url).arg(runs.to_string()).output().expect("python3 with gql")
    })
    .await
    .unwrap();
    server.abort();
    assert!(out.status.success(), "the client failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let answer: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let results = &answer["results"];
    assert!(results[0]["organisations"]["totalCount"].as_i64().is_some(), "{answer}");
    assert_eq!(results[1]["organisation"]["name"], "Verein Sonnenblume e.V.", "{answer}");
    assert!(results[1]["events"]["edges"].is_array(), "{answer}");
    assert!(results[2]["networkOverview"]["summary"]["organisations"].as_i64().unwrap() > 0, "{answer}");
    assert!(answer["introspected_types"].as_u64().unwrap() > 100, "{answer}");
    assert!(answer["described"].as_str().is_some_and(|d| !d.is_empty()), "{answer}");
    // Introspection with aliases is no client's: it meets the guard like any document.
    let many = format!("{{ {} }}", (0..6).map(|i| format!("a{i}: __schema {{ types {{ name }} }}")).collect::<Vec<_>>().join(" "));
    let refused = app.gql(None, &many, json!({})).await;
    assert_eq!(refused.code(), Some("BAD_USER_INPUT"), "{}", refused.body);
});

// Embeds: framing allowed for them only, no script, the reader's language from
// `?lang=`, what an anonymous visitor sees (a members-only organisation is 404), and
// a write shows at once although the embed is cached.
on_both_databases!(embeds_may_be_framed_and_show_what_anyone_may_see, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let (served, admin) = (&app, f.admin.clone());
    let slug = |id: String| {
        let admin = admin.clone();
        async move {
            let answer = served.gql(Some(&admin), "query($id: ID) { organisation(id: $id) { slug } }", json!({ "id": id })).await;
            answer.data()["organisation"]["slug"].as_str().unwrap().to_owned()
        }
    };
    let public = slug(f.org.clone()).await;
    let hidden = slug(f.members_only.clone()).await;
    let request = |path: String| Request::get(path).body(Body::empty()).unwrap();
    let (status, headers, body) = app.raw(request(format!("/embed/organisations/{public}?lang=ar"))).await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200);
    let csp = headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors *") && csp.contains("default-src 'none'"), "{csp}");
    assert!(!body.contains("<script"), "no script");
    assert!(body.contains("dir=\"rtl\"") && body.contains("Verein Sonnenblume e.V."), "{body}");
    // Every other page keeps refusing to be framed.
    let (_, headers, _) = app.raw(request(format!("/organisations/{public}"))).await;
    assert!(headers.get("content-security-policy").unwrap().to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(headers.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(app.raw(request(format!("/embed/organisations/{hidden}"))).await.0, 404);
    assert_eq!(app.raw(request("/embed/organisations/gibt-es-nicht".into())).await.0, 404);
    assert_eq!(app.raw(request("/embed/events?district=gibt-es-nicht".into())).await.0, 404);
    // Cached, and a new event shows at once.
    let before = String::from_utf8(app.raw(request(format!("/embed/organisations/{public}"))).await.2).unwrap();
    assert!(!before.contains("Sprachcafé im Embed"));
    crate::helpers::published_event(
        &app,
        &f,
        json!({ "title": "Sprachcafé im Embed", "startsAt": "2030-05-01T18:00", "endsAt": "2030-05-01T20:00", "venue": "Saal" }),
    )
    .await;
    let after = String::from_utf8(app.raw(request(format!("/embed/organisations/{public}"))).await.2).unwrap();
    assert!(after.contains("Sprachcafé im Embed"), "{after}");
    let events = String::from_utf8(app.raw(request("/embed/events?lang=en".into())).await.2).unwrap();
    assert!(events.contains("Sprachcafé im Embed") && events.contains("lang=\"en\""), "{events}");
});
