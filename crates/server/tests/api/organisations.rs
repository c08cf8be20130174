//! The directory: visibility, contact fields, search, facets, paging, editing,
//! conflicts, bad input and the audit log.

use serde_json::json;

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

const GET: &str =
    "query($id: ID!) { organisation(id: $id) { name email phone address { street } contactPersons { displayName } version } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: OrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $i) { name description website foundedYear version topics { slug } } }";

async fn version(app: &TestApp, token: &str, id: &str) -> i64 {
    app.gql(Some(token), "query($id: ID!) { organisation(id: $id) { version } }", json!({ "id": id })).await.data()["organisation"]["version"].as_i64().unwrap()
}

on_both_databases!(visibility_follows_verification_and_membership, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let sees = |token: Option<String>, id: String| {
        let app = &app;
        async move { !app.gql(token.as_deref(), GET, json!({ "id": id })).await.data()["organisation"].is_null() }
    };
    // Public and verified: everybody.
    assert!(sees(None, f.org.clone()).await);
    // Members-only: signed-in people only.
    assert!(!sees(None, f.members_only.clone()).await);
    assert!(sees(Some(f.multiplier.clone()), f.members_only.clone()).await);
    // Unverified: coordination, administration and its own members.
    assert!(!sees(None, f.unverified.clone()).await);
    assert!(!sees(Some(f.multiplier.clone()), f.unverified.clone()).await);
    assert!(!sees(Some(f.representative.clone()), f.unverified.clone()).await);
    assert!(sees(Some(f.other_representative.clone()), f.unverified.clone()).await);
    assert!(sees(Some(f.administration.clone()), f.unverified.clone()).await);
    assert!(sees(Some(f.admin.clone()), f.unverified.clone()).await);
    let count = |token: Option<String>| {
        let app = &app;
        async move {
            app.gql(token.as_deref(), "{ organisations { totalCount } }", json!({})).await.data()["organisations"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count(None).await, 1);
    assert_eq!(count(Some(f.council.clone())).await, 2);
    assert_eq!(count(Some(f.other_representative.clone())).await, 3);
    assert_eq!(count(Some(f.admin.clone())).await, 3);
});

on_both_databases!(contact_fields_and_persons_follow_consent_and_visibility, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let v = version(&app, &f.admin, &f.org).await;
    let input = json!({ "email": "info@sonnenblume.de", "emailVisibility": "PUBLIC", "phone": "+49 30 123456", "phoneVisibility": "MEMBERS",
                        "street": "Breite Straße 1", "addressVisibility": "ADMINISTRATION" });
    app.gql(Some(&f.representative), UPDATE, json!({ "id": f.org, "v": v, "i": input })).await.data();
    let anon = app.gql(None, GET, json!({ "id": f.org })).await;
    let o = &anon.data()["organisation"];
    assert_eq!(o["email"], "info@sonnenblume.de");
    assert!(o["phone"].is_null() && o["address"].is_null());
    let multi = app.gql(Some(&f.multiplier), GET, json!({ "id": f.org })).await;
    assert_eq!(multi.data()["organisation"]["phone"], "+49 30 123456");
    assert!(multi.data()["organisation"]["address"].is_null());
    let admin = app.gql(Some(&f.administration), GET, json!({ "id": f.org })).await;
    assert_eq!(admin.data()["organisation"]["address"]["street"], "Breite Straße 1");
    // Contact persons: only with consent, only for signed-in people.
    assert_eq!(multi.data()["organisation"]["contactPersons"], json!([]));
    let consent =
        "mutation($o: ID!) { updateMyMembership(organisationId: $o, isContactPerson: true, contactConsent: true) { contactConsent } }";
    assert_eq!(app.gql(Some(&f.representative), consent, json!({ "o": f.org })).await.data()["updateMyMembership"]["contactConsent"], true);
    let multi = app.gql(Some(&f.multiplier), GET, json!({ "id": f.org })).await;
    assert_eq!(multi.data()["organisation"]["contactPersons"][0]["displayName"], "vertretung@test.org");
    let anon = app.gql(None, GET, json!({ "id": f.org })).await;
    assert_eq!(anon.data()["organisation"]["contactPersons"], json!([]));
});

on_both_databases!(search_ignores_case_and_accents_and_finds_word_parts, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let offering = app
        .gql(Some(&f.admin), "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Rechtsberatung für Geflüchtete\", category: \"COUNSELLING\", languages: [\"ar\", \"fa\"] }) { title languages { code } } }", json!({ "o": f.org }))
        .await;
    assert_eq!(offering.data()["createOffering"]["languages"].as_array().unwrap().len(), 2);
    let search = |q: &'static str| {
        let app = &app;
        async move {
            let a = app
                .gql(None, "query($q: String!) { organisations(filter: { search: $q }) { edges { node { name } } } }", json!({ "q": q }))
                .await;
            a.data()["organisations"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("Beratung").await, vec!["Verein Sonnenblume e.V."]);
    assert_eq!(search("GEFLUCHTETE").await, vec!["Verein Sonnenblume e.V."]);
    assert_eq!(search("sonnenblume").await, vec!["Verein Sonnenblume e.V."]);
    assert_eq!(search("sonnenblume beratung").await.len(), 1);
    assert!(search("sonnenblume schwimmen").await.is_empty());
    assert!(search("100%_").await.is_empty());
});

on_both_databases!(filters_facets_and_cursor_paging, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    for i in 0..12 {
        let kind = if i % 3 == 0 { "INITIATIVE" } else { "WELFARE_PROVIDER" };
        let langs = if i % 2 == 0 { json!(["uk"]) } else { json!(["tr"]) };
        let a = app
            .gql(
                Some(&f.admin),
                "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }",
                json!({ "i": { "name": format!("Träger {i:02}"), "kind": kind, "languages": langs, "districtId": f.district } }),
            )
            .await;
        a.data();
    }
    let q = "query($f: OrganisationFilter, $a: String) { organisations(filter: $f, first: 5, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } }
             facets { kinds { kind count } languages { language { code } count } districts { district { id } count } topics { topic { slug } count } } } }";
    // Paging through everything visits each organisation exactly once, in name order.
    let mut names = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let a = app.gql(None, q, json!({ "f": null, "a": after })).await;
        let page = &a.data()["organisations"];
        names.extend(page["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()));
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(names.len(), 13);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    // Filters narrow; facets count each dimension without its own filter.
    let a = app.gql(None, q, json!({ "f": { "kinds": ["INITIATIVE"], "languages": ["uk"] } })).await;
    let conn = &a.data()["organisations"];
    assert_eq!(conn["totalCount"], 2, "Träger 00 and 06");
    let kinds = conn["facets"]["kinds"].as_array().unwrap();
    let count_of = |kind: &str| kinds.iter().find(|k| k["kind"] == kind).map(|k| k["count"].as_i64().unwrap());
    assert_eq!(count_of("INITIATIVE"), Some(2));
    assert_eq!(count_of("WELFARE_PROVIDER"), Some(4));
    let uk = conn["facets"]["languages"].as_array().unwrap().iter().find(|l| l["language"]["code"] == "uk").unwrap()["count"].as_i64();
    assert_eq!(uk, Some(2));
    let district = conn["facets"]["districts"][0]["count"].as_i64();
    assert_eq!(district, Some(2));
    let too_big = app.gql(None, "{ organisations(first: 51) { totalCount } }", json!({})).await;
    assert_eq!((too_big.code(), too_big.field()), (Some("BAD_USER_INPUT"), Some("first")));
    let bad_cursor = app.gql(None, "{ organisations(after: \"kaputt\") { totalCount } }", json!({})).await;
    assert_eq!(bad_cursor.field(), Some("after"));
});

on_both_databases!(stale_version_answers_conflict_and_concurrent_edits_never_both_win, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let v = version(&app, &f.admin, &f.org).await;
    let first = app.gql(Some(&f.representative), UPDATE, json!({ "id": f.org, "v": v, "i": { "description": "Erste Fassung" } })).await;
    assert_eq!(first.data()["updateOrganisation"]["version"], v + 1);
    let stale = app.gql(Some(&f.admin), UPDATE, json!({ "id": f.org, "v": v, "i": { "description": "Überschreiben?" } })).await;
    assert_eq!(stale.code(), Some("CONFLICT"));
    assert_eq!(stale.body["errors"][0]["extensions"]["currentVersion"], v + 1);
    // Two people save the same version at the same moment: exactly one wins.
    let (a, b) = tokio::join!(
        app.gql(Some(&f.representative), UPDATE, json!({ "id": f.org, "v": v + 1, "i": { "description": "A" } })),
        app.gql(Some(&f.admin), UPDATE, json!({ "id": f.org, "v": v + 1, "i": { "description": "B" } })),
    );
    let codes = [a.code(), b.code()];
    assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{} / {}", a.body, b.body);
    assert_eq!(codes.iter().filter(|c| **c == Some("CONFLICT")).count(), 1);
    let winner = if a.code().is_none() { "A" } else { "B" };
    let now = app.gql(None, "query($id: ID!) { organisation(id: $id) { description version } }", json!({ "id": f.org })).await;
    assert_eq!(now.data()["organisation"]["description"], winner);
    assert_eq!(now.data()["organisation"]["version"], v + 2);
});

on_both_databases!(bad_input_names_the_field_and_leaves_nothing_half_written, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let v = version(&app, &f.admin, &f.org).await;
    for (input, field) in [
        (json!({ "name": "" }), "name"),
        (json!({ "name": "x".repeat(201) }), "name"),
        (json!({ "name": "Steuer\u{0007}zeichen" }), "name"),
        (json!({ "email": "keine-adresse" }), "email"),
        (json!({ "website": "javascript:alert(1)" }), "website"),
        (json!({ "foundedYear": 3000 }), "foundedYear"),
        (json!({ "phone": "ruf mich an" }), "phone"),
        (json!({ "slug": "Groß Buchstaben" }), "slug"),
        (json!({ "languages": ["xx"] }), "languages"),
        (json!({ "latitude": 95.0, "longitude": 13.4 }), "coordinates"),
        (json!({ "districtId": "not-a-uuid" }), "districtId"),
        // A valid name with an unknown topic: the name must not be saved either.
        (json!({ "name": "Halb geschrieben", "topicIds": [uuid::Uuid::now_v7().to_string()] }), "topicIds"),
    ] {
        let a = app.gql(Some(&f.admin), UPDATE, json!({ "id": f.org, "v": v, "i": input })).await;
        assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some(field)), "{}", a.body);
        let message = a.body["errors"][0]["message"].as_str().unwrap();
        assert!(!message.to_lowercase().contains("sql") && !message.contains("panicked"), "{message}");
    }
    let now = app.gql(None, "query($id: ID!) { organisation(id: $id) { name version } }", json!({ "id": f.org })).await;
    assert_eq!(now.data()["organisation"]["name"], "Verein Sonnenblume e.V.");
    assert_eq!(now.data()["organisation"]["version"], v);
    // Messages follow the request's language.
    let en = app
        .gql_with(
            Some(&f.admin),
            &[("accept-language", "en-GB,en;q=0.9")],
            UPDATE,
            json!({ "id": f.org, "v": v, "i": { "email": "keine-adresse" } }),
        )
        .await;
    assert_eq!(en.body["errors"][0]["message"], "Not a valid e-mail address.");
    let de = app.gql(Some(&f.admin), UPDATE, json!({ "id": f.org, "v": v, "i": { "email": "keine-adresse" } })).await;
    assert_eq!(de.body["errors"][0]["message"], "Keine gültige E-Mail-Adresse.");
});

on_both_databases!(unicode_names_round_trip_exactly, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    for name in ["جمعية الجالية السورية في برلين", "Русскоязычные родители Карова", "Hội Người Việt Bắc Berlin", "Ελληνική Κοινότητα 🌍"]
    {
        let a = app
            .gql(
                Some(&f.admin),
                "mutation($n: String!) { createOrganisation(input: { name: $n, kind: MIGRANT_ORGANISATION }) { id name slug } }",
                json!({ "n": name }),
            )
            .await;
        let created = &a.data()["createOrganisation"];
        assert_eq!(created["name"], name);
        let read = app.gql(None, "query($s: String!) { organisation(slug: $s) { name } }", json!({ "s": created["slug"] })).await;
        assert_eq!(read.data()["organisation"]["name"], name);
    }
});

on_both_databases!(offerings_are_edited_with_locking_and_every_change_is_audited, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let created = app
        .gql(Some(&f.representative), "mutation($o: ID!, $t: ID!) { createOffering(organisationId: $o, input: { title: \"Elterncafé\", topicIds: [$t], languages: [\"tr\"] }) { id version topics { slug } } }", json!({ "o": f.org, "t": f.topic }))
        .await;
    let offering = created.data()["createOffering"].clone();
    let update = "mutation($id: ID!, $v: Int!, $i: OfferingInput!) { updateOffering(id: $id, expectedVersion: $v, input: $i) { title schedule version } }";
    let ok =
        app.gql(Some(&f.representative), update, json!({ "id": offering["id"], "v": 1, "i": { "schedule": "Dienstags 10 Uhr" } })).await;
    assert_eq!(ok.data()["updateOffering"]["version"], 2);
    let stale = app.gql(Some(&f.representative), update, json!({ "id": offering["id"], "v": 1, "i": { "title": "Alt" } })).await;
    assert_eq!(stale.code(), Some("CONFLICT"));
    let foreign =
        app.gql(Some(&f.other_representative), "mutation($id: ID!) { deleteOffering(id: $id) }", json!({ "id": offering["id"] })).await;
    assert_eq!(foreign.code(), Some("FORBIDDEN"));
    let deleted = app.gql(Some(&f.representative), "mutation($id: ID!) { deleteOffering(id: $id) }", json!({ "id": offering["id"] })).await;
    assert_eq!(deleted.data()["deleteOffering"], true);
    let log = app
        .gql(
            Some(&f.admin),
            "{ auditLog(first: 50, entity: \"offering\") { totalCount edges { node { action entityId changes } } } }",
            json!({}),
        )
        .await;
    let actions: Vec<_> =
        log.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions, vec!["delete", "update", "create"]);
    assert_eq!(log.data()["auditLog"]["edges"][0]["node"]["changes"]["title"], "Elterncafé");
    assert_eq!(log.data()["auditLog"]["edges"][1]["node"]["changes"]["fields"], json!(["schedule"]));
});

// The anonymous directory's facet counts come from a cache until the next write, and
// the next write shows at once (no stale counts after a change).
on_both_databases!(anonymous_facets_are_cached_until_the_next_write, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let query = "{ organisations { facets { kinds { kind count } } } }";
    let migrant = |a: &crate::helpers::Answer| {
        a.data()["organisations"]["facets"]["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == "MIGRANT_ORGANISATION")
            .map_or(0, |k| k["count"].as_i64().unwrap())
    };
    let hits = |figures: &migraup_core::operating::OperatingFigures| {
        figures.caches.iter().find(|(name, ..)| *name == "directory_facets").map(|(_, hits, _)| *hits).unwrap()
    };
    let before = migrant(&app.gql(None, query, json!({})).await);
    let hits_before = hits(&app.core.operating_figures().await.unwrap());
    assert_eq!(migrant(&app.gql(None, query, json!({})).await), before);
    assert_eq!(hits(&app.core.operating_figures().await.unwrap()), hits_before + 1, "the second request is answered from the cache");
    let created = app
        .gql(
            Some(&f.admin),
            "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }",
            json!({ "i": { "name": "Neu im Netzwerk e.V.", "kind": "MIGRANT_ORGANISATION", "visibility": "PUBLIC" } }),
        )
        .await;
    assert!(created.body.get("errors").is_none(), "{}", created.body);
    assert_eq!(migrant(&app.gql(None, query, json!({})).await), before + 1, "a write shows at once");
});

// A language of the directory's filter means the organisation's own languages or
// those of an offering it shows: a counselling hour in Kurdish finds its organisation,
// and the facet counts that organisation once.
on_both_databases!(an_offering_in_a_language_finds_its_organisation_under_that_language, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let q = "query($f: OrganisationFilter) { organisations(first: 50, filter: $f) { totalCount edges { node { name } } \
             facets { languages { language { code } count } } } }";
    let kurdish = |a: &crate::helpers::Answer| {
        a.data()["organisations"]["facets"]["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["language"]["code"] == "ku")
            .map(|l| l["count"].clone())
    };
    let before = app.gql(None, q, json!({ "f": { "languages": ["ku"] } })).await;
    assert_eq!(before.data()["organisations"]["totalCount"], 0);
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Beratung auf Kurmancî\", category: \"COUNSELLING\", languages: [\"ku\", \"ar\"] }) { id } }",
        json!({ "o": f.org }),
    )
    .await
    .data();
    let after = app.gql(None, q, json!({ "f": { "languages": ["ku"] } })).await;
    assert_eq!(after.data()["organisations"]["edges"], json!([{ "node": { "name": "Verein Sonnenblume e.V." } }]), "{}", after.body);
    assert_eq!(kurdish(&after), Some(json!(1)));
    // Arabic is the organisation's own language and its offering's: counted once.
    let all = app.gql(None, q, json!({})).await;
    let arabic = all.data()["organisations"]["facets"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"]["code"] == "ar")
        .map(|l| l["count"].clone());
    assert_eq!(arabic, Some(json!(1)), "{}", all.body);
});

// A target group of the directory's filter means the organisation's own or that of an
// offering it shows; the facet counts each organisation once, and the server-rendered
// directory and its map take the same filter from the address.
on_both_databases!(an_offering_for_a_target_group_finds_its_organisation_under_that_group, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let groups = app.gql(None, "{ targetGroups { id } }", json!({})).await;
    let group = groups.data()["targetGroups"][0]["id"].as_str().unwrap().to_owned();
    let q = "query($f: OrganisationFilter) { organisations(first: 50, filter: $f) { totalCount edges { node { name } } \
             facets { targetGroups { targetGroup { id } count } } } }";
    let counted = |a: &crate::helpers::Answer| {
        a.data()["organisations"]["facets"]["targetGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["targetGroup"]["id"] == group.as_str())
            .map_or(0, |l| l["count"].as_i64().unwrap())
    };
    let names = |a: &crate::helpers::Answer| -> Vec<String> {
        a.data()["organisations"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect()
    };
    let before = app.gql(None, q, json!({ "f": { "targetGroupIds": [group] } })).await;
    assert!(!names(&before).contains(&"Verein Sonnenblume e.V.".to_owned()), "{}", before.body);
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!, $g: ID!) { createOffering(organisationId: $o, input: { title: \"Sprechstunde\", category: \"COUNSELLING\", targetGroupIds: [$g] }) { id } }",
        json!({ "o": f.org, "g": group }),
    )
    .await
    .data();
    let after = app.gql(None, q, json!({ "f": { "targetGroupIds": [group] } })).await;
    assert!(names(&after).contains(&"Verein Sonnenblume e.V.".to_owned()), "{}", after.body);
    assert_eq!(after.data()["organisations"]["totalCount"].as_i64().unwrap(), names(&before).len() as i64 + 1);
    // The facet leaves out its own filter and counts the organisations under the group.
    assert_eq!(counted(&app.gql(None, q, json!({})).await), names(&after).len() as i64);
    // An id that is none is refused with its field.
    let bad = app.gql(None, q, json!({ "f": { "targetGroupIds": ["nope"] } })).await;
    assert_eq!(bad.field(), Some("targetGroupIds"), "{}", bad.body);
    // The server-rendered directory and the map read `target_groups` from the address.
    let served = &app;
    let html = |path: String| async move {
        let request = axum::http::Request::get(path).header("accept-language", "de").body(axum::body::Body::empty()).unwrap();
        String::from_utf8(served.raw(request).await.2).unwrap()
    };
    let page = html(format!("/organisations?target_groups={group}")).await;
    assert!(page.contains("Verein Sonnenblume e.V."), "the directory page lists it");
    assert!(page.contains(&format!("name=\"target_groups\" value=\"{group}\" checked")), "the facet is ticked");
    let map = html(format!("/map?target_groups={group}")).await;
    assert!(map.contains(&format!("value=\"{group}\" checked")), "the map keeps the filter");
});
