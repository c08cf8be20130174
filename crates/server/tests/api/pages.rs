//! The server-rendered public pages, the sitemap and robots.txt, through the real
//! router: what an anonymous visitor (and a search engine) gets, and what a stranger
//! can make them show.

use axum::{body::Body, http::Request};
use serde_json::json;

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

async fn get(app: &TestApp, path: &str, accept_language: &str) -> (u16, String) {
    let request = Request::get(path).header("accept-language", accept_language).body(Body::empty()).unwrap();
    let (status, _, body) = app.raw(request).await;
    (status.as_u16(), String::from_utf8(body).unwrap())
}

async fn slug(app: &TestApp, f: &Fixture, id: &str) -> String {
    let a = app.gql(Some(&f.admin), "query($id: ID!) { organisation(id: $id) { slug } }", json!({ "id": id })).await;
    a.data()["organisation"]["slug"].as_str().unwrap().to_owned()
}

on_both_databases!(public_pages_arrive_as_html_with_their_metadata, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let public = slug(&app, &f, &f.org).await;
    let hidden = slug(&app, &f, &f.members_only).await;
    // The directory lists the public organisation, never the members-only one.
    let (status, html) = get(&app, "/organisations", "de-DE,de;q=0.9").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"de\""), "{html}");
    assert!(html.contains("Verein Sonnenblume e.V.") && !html.contains("Geschützter Kreis"), "{html}");
    assert!(html.contains("<title>Verzeichnis der Organisationen · migraup</title>"));
    assert!(html.contains("rel=\"canonical\""));
    // Search and filters are a plain GET form; an unknown name finds nothing.
    let (_, found) = get(&app, "/organisations?q=Sonnenblume", "de").await;
    assert!(found.contains("1 Treffer") && found.contains("noindex"), "{found}");
    // A count takes its language's plural form ("1 results" was the bug).
    for (lang, one) in [("en", "1 result<"), ("ru", "1 результат<"), ("ar", "نتيجة واحدة<")] {
        let (_, found) = get(&app, "/organisations?q=Sonnenblume", lang).await;
        assert!(found.contains(one), "{lang}: {found}");
    }
    let (_, none) = get(&app, "/organisations?q=Nirgendwo&kinds=INITIATIVE", "de").await;
    assert!(none.contains("0 Treffer") && !none.contains("Verein Sonnenblume"), "{none}");
    // The organisation's page: English for an English browser, with schema.org data.
    let (status, page) = get(&app, &format!("/organisations/{public}"), "en-GB,en;q=0.8").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\"") && page.contains("Back to the directory"), "{page}");
    assert!(page.contains("\"@type\":\"Organization\"") && page.contains("og:title"), "{page}");
    // A members-only organisation is not there for a stranger or a search engine.
    let (status, page) = get(&app, &format!("/organisations/{hidden}"), "de").await;
    assert_eq!(status, 404);
    assert!(!page.contains("Geschützter Kreis"));
    // The web app's own pages below the same paths are left to it.
    let (status, page) = get(&app, "/projects/new", "de").await;
    assert_eq!(status, 200);
    assert!(!page.contains("id=\"ssr\""));
});

on_both_databases!(the_sitemap_lists_every_public_organisation_and_nothing_else, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let all = app.gql(Some(&f.admin), "{ organisations(first: 50) { edges { node { slug visibility verification } } } }", json!({})).await;
    let (status, sitemap) = get(&app, "/sitemap.xml", "de").await;
    assert_eq!(status, 200);
    let mut public = 0;
    for edge in all.data()["organisations"]["edges"].as_array().unwrap() {
        let o = &edge["node"];
        let listed = sitemap.contains(&format!("/organisations/{}</loc>", o["slug"].as_str().unwrap()));
        let is_public = o["visibility"] == "PUBLIC" && o["verification"] == "VERIFIED";
        assert_eq!(listed, is_public, "{o} in {sitemap}");
        public += usize::from(is_public);
    }
    assert!(public >= 1);
    let (_, robots) = get(&app, "/robots.txt", "de").await;
    assert!(robots.contains("Sitemap: ") && robots.contains("/sitemap.xml") && robots.contains("Disallow: /graphql"), "{robots}");
});

// What a representative writes is shown as text: it cannot add markup to the page or
// end the schema.org script early (stored XSS through the public pages).
on_both_databases!(content_cannot_inject_markup_into_the_public_pages, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let evil = "Böse </script><script>alert(1)</script> <img src=x onerror=alert(2)>";
    let a = app
        .gql(
            Some(&f.admin),
            "mutation($id: ID!, $i: OrganisationInput!) { updateOrganisation(id: $id, expectedVersion: 1, input: $i) { slug } }",
            json!({ "id": f.org, "i": { "description": evil } }),
        )
        .await;
    let slug = a.data()["updateOrganisation"]["slug"].as_str().unwrap().to_owned();
    for path in [format!("/organisations/{slug}"), "/organisations".to_owned()] {
        let (_, html) = get(&app, &path, "de").await;
        assert!(!html.contains("<script>alert(1)") && !html.contains("<img src=x"), "{html}");
        assert!(html.contains("&lt;img src=x"), "{html}");
        // One script element of ours at most (the schema.org data) besides the app's module.
        assert_eq!(html.matches("</script>").count(), html.matches("<script").count(), "{html}");
    }
});

// A stranger's query string does not make the directory work harder: at most 50 values
// a dimension are read, and nonsense values are ignored.
on_both_databases!(a_huge_directory_query_is_cut_short, |app: TestApp| async move {
    let _f = Fixture::new(&app).await;
    let topics: Vec<String> = (0..1_000).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let path = format!("/organisations?topics={}&kinds=NOPE&after=garbage", topics.join(","));
    let (status, html) = get(&app, &path, "de").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("0 Treffer"), "{html}");
});
