//! "Doors found by probing" (issue 25): tests that failed before their fix.
//! Here: the language picker's redirect (finding 4), NUL bytes at the edge (10),
//! metrics of operations that never ran and names read as formulas (12).

use axum::{body::Body, http::Request};
use base64::Engine as _;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Fixture, TestApp},
    on_both_databases,
};

/// Finding 4: `/language?to=` goes back to a page of this site, never elsewhere, and
/// never answers 500 for a strange `to`.
#[tokio::test]
async fn the_language_picker_only_redirects_to_this_site() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let location = |to: &'static str| {
        let app = &app;
        async move {
            let (status, headers, _) = app.raw(Request::get(format!("/language?lang=en&to={to}")).body(Body::empty()).unwrap()).await;
            assert_eq!(status, 303, "to={to}");
            assert!(headers.get("set-cookie").is_some(), "the choice is kept even when the target is refused: to={to}");
            headers.get("location").expect("a location").to_str().expect("a visible header value").to_owned()
        }
    };
    for hostile in [
        "/%09/evil.example",
        "/%0b/x",
        "/%0a/evil.example",
        "/%20/evil.example",
        "//evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "https://evil.example",
        "https:%2F%2Fevil.example",
        "javascript:alert(1)",
        "evil.example",
        "/%E2%80%83/evil.example",
    ] {
        assert_eq!(location(hostile).await, "/", "to={hostile}");
    }
    assert_eq!(location("/organisations%3Fq%3Da").await, "/organisations?q=a");
    assert_eq!(location("/organisations/verein-sonnenblume").await, "/organisations/verein-sonnenblume");
    // A page whose filter has letters beyond ASCII comes back (percent-encoded), not as 500.
    assert_eq!(location("/organisations%3Fq%3DCaf%C3%A9").await, "/organisations?q=Caf%C3%A9");
}

/// Each input as a variable, with a NUL inside.
const WITH_NUL: &str = "Ver\u{0}ein";

// Finding 10: a NUL byte in any GraphQL string (variable or literal) is bad input, on
// PostgreSQL as on SQLite, never `INTERNAL`.
on_both_databases!(nul_bytes_are_bad_input_not_internal_errors, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&[WITH_NUL, "01a2497e-8dd0-7490-900c-0fc5fedd9403"]).unwrap());
    let cases: [(&str, &str, Value, &str); 7] = [
        ("search", "query($s: String) { organisations(filter: { search: $s }) { totalCount } }", json!({ "s": WITH_NUL }), "s"),
        ("slug", "query($s: String!) { organisation(slug: $s) { name } }", json!({ "s": WITH_NUL }), "s"),
        (
            "login",
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({ "e": format!("a{WITH_NUL}@test.org"), "p": "ein langes Test-Passwort" }),
            "e",
        ),
        ("cursor", "query($a: String) { organisations(after: $a) { totalCount } }", json!({ "a": WITH_NUL }), "a"),
        // A well-formed cursor whose content holds the NUL.
        ("decoded cursor", "query($a: String) { organisations(after: $a) { totalCount } }", json!({ "a": cursor }), "after"),
        (
            "language filter",
            "query($l: [String!]!) { organisations(filter: { languages: $l }) { totalCount } }",
            json!({ "l": ["de", WITH_NUL] }),
            "l",
        ),
        // The same in the document itself: a literal with an escaped NUL.
        ("literal", r#"{ organisations(filter: { search: "Ver\u0000ein" }) { totalCount } }"#, json!({}), "search"),
    ];
    for (what, query, variables, field) in cases {
        let a = app.gql(Some(&f.admin), query, variables).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{what}: {}", a.body);
        assert_eq!(a.field(), Some(field), "{what}: {}", a.body);
    }
    // The server-rendered pages: a bad request, not an error of ours.
    for path in [
        "/organisations?q=%00",
        "/organisations?languages=de,%00",
        "/organisations/a%00b",
        "/events?after=%00",
        "/?q=a%00",
        "/language?to=/%00",
    ] {
        let (status, _, _) = app.raw(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, 400, "{path}");
    }
    // Search still works.
    let found = app.gql(None, r#"{ organisations(filter: { search: "Sonnenblume" }) { totalCount } }"#, json!({})).await;
    assert_eq!(found.data()["organisations"]["totalCount"], 1);
});

async fn post(app: &TestApp, body: Value) -> Value {
    let request = Request::post("/graphql").header("content-type", "application/json").body(Body::from(body.to_string())).unwrap();
    let (_, _, bytes) = app.raw(request).await;
    serde_json::from_slice(&bytes).unwrap()
}

/// Finding 12: names of documents that never ran do not take the metrics' name slots.
#[tokio::test]
async fn metrics_count_only_operations_that_ran() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut junk = Vec::new();
    for i in 0..150 {
        let name = format!("Junk{i}x{:08x}", rand_part(i));
        let body = if i % 2 == 0 {
            // An operation name the document does not have.
            json!({ "query": "query Real { topics { id } }", "operationName": name })
        } else {
            // A document that does not validate.
            json!({ "query": format!("query {name} {{ noSuchField }}"), "operationName": name })
        };
        let answer = post(&app, body).await;
        assert!(answer["errors"].is_array(), "{answer}");
        junk.push(name);
    }
    let answer = post(&app, json!({ "query": "query Themen { topics { id } }", "operationName": "Themen" })).await;
    assert!(answer["errors"].is_null(), "{answer}");
    let (status, _, body) = app.raw(Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
    let body = String::from_utf8(body).unwrap();
    for name in &junk {
        assert!(!body.contains(name.as_str()), "{name} counted: {body}");
    }
    assert!(body.contains(r#"migraup_graphql_requests_total{operation="Themen",outcome="ok"} 1"#), "{body}");
}

/// A different-looking part for each junk name (no clock, no randomness needed).
fn rand_part(i: u32) -> u32 {
    i.wrapping_mul(2_654_435_761)
}

// Finding 12: a name a spreadsheet would read as a formula is refused where names are
// validated, with the field and a translated reason.
on_both_databases!(names_that_read_as_formulas_are_refused, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let cases: [(&str, String, Value, &str); 5] = [
        (
            "organisation",
            "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }".into(),
            json!({ "i": { "name": "=HYPERLINK(\"http://evil.example\";\"Hilfe\")", "kind": "INITIATIVE" } }),
            "name",
        ),
        (
            "offering",
            "mutation($o: ID!, $i: OfferingInput!) { createOffering(organisationId: $o, input: $i) { id } }".into(),
            json!({ "o": f.org, "i": { "title": "+cmd|' /C calc'!A0", "category": "COURSE" } }),
            "title",
        ),
        (
            "event",
            "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }".into(),
            json!({ "o": [f.org], "i": { "title": " -2+3+cmd", "startsAt": "2027-01-14T18:00", "endsAt": "2027-01-14T21:00", "venue": "Saal" } }),
            "title",
        ),
        (
            "project",
            "mutation($l: ID!, $i: ProjectInput!) { createProject(leadOrganisationId: $l, input: $i) { id } }".into(),
            json!({ "l": f.org, "i": { "title": "@SUM(A1:A9)" } }),
            "title",
        ),
        (
            "display name",
            "mutation($i: ProfileUpdate!) { updateMyProfile(input: $i) { id } }".into(),
            json!({ "i": { "displayName": "=1+1" } }),
            "displayName",
        ),
    ];
    for (what, query, variables, field) in cases {
        let de = app.gql_with(Some(&f.representative), &[("accept-language", "de")], &query, variables.clone()).await;
        assert_eq!(de.code(), Some("BAD_USER_INPUT"), "{what}: {}", de.body);
        assert_eq!(de.field(), Some(field), "{what}: {}", de.body);
        let en = app.gql_with(Some(&f.representative), &[("accept-language", "en")], &query, variables).await;
        assert_eq!(en.field(), Some(field), "{what}: {}", en.body);
        let (de, en) = (de.body["errors"][0]["message"].as_str().unwrap(), en.body["errors"][0]["message"].as_str().unwrap());
        assert!(de.contains('=') && en.contains('='), "the reason names the characters: {de} / {en}");
        assert_ne!(de, en);
    }
    // The same characters inside a name are fine.
    let a = app
        .gql(
            Some(&f.admin),
            "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { name } }",
            json!({ "i": { "name": "Eltern-Café @Pankow", "kind": "INITIATIVE" } }),
        )
        .await;
    assert_eq!(a.data()["createOrganisation"]["name"], "Eltern-Café @Pankow");
});
