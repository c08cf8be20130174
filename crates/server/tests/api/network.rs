//! Relations and the network overview through the API on both databases: who may
//! propose, answer and end a relation; the overview's metrics on a seeded network
//! whose values are known by hand; who sees how much of the network.

use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, partner_org},
    on_both_databases,
};

const RELATION: &str = "id state kind endsOn canRespond canEnd from { name } to { name }";

async fn propose(app: &TestApp, token: &str, from: &str, to: &str, kind: &str) -> Answer {
    app.gql(
        Some(token),
        &format!("mutation($i: RelationInput!) {{ proposeRelation(input: $i) {{ {RELATION} }} }}"),
        json!({ "i": { "fromOrganisationId": from, "toOrganisationId": to, "kind": kind, "note": "Gemeinsame Beratung" } }),
    )
    .await
}

async fn respond(app: &TestApp, token: &str, id: &str, accept: bool) -> Answer {
    app.gql(
        Some(token),
        &format!("mutation($id: ID!, $a: Boolean!) {{ respondToRelation(id: $id, accept: $a) {{ {RELATION} }} }}"),
        json!({ "id": id, "a": accept }),
    )
    .await
}

async fn relations(app: &TestApp, token: Option<&str>, org: &str) -> Answer {
    app.gql(token, "query($o: ID!) { relations(organisationId: $o) { id state kind } }", json!({ "o": org })).await
}

on_both_databases!(a_relation_is_proposed_confirmed_and_ended, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;

    // Only a representative of the proposing organisation (or the coordination team) proposes.
    assert_eq!(propose(&app, &f.multiplier, &f.org, &partner, "COOPERATION").await.code(), Some("FORBIDDEN"));
    assert_eq!(propose(&app, &f.council, &f.org, &partner, "COOPERATION").await.code(), Some("FORBIDDEN"));
    assert_eq!(propose(&app, &f.representative, &partner, &f.org, "COOPERATION").await.code(), Some("FORBIDDEN"));
    let anonymous = app
        .gql(
            None,
            "mutation($i: RelationInput!) { proposeRelation(input: $i) { id } }",
            json!({ "i": { "fromOrganisationId": f.org, "toOrganisationId": partner, "kind": "COOPERATION" } }),
        )
        .await;
    assert_eq!(anonymous.code(), Some("UNAUTHENTICATED"));

    // Bad input answers at its field and writes nothing.
    let same = propose(&app, &f.representative, &f.org, &f.org, "COOPERATION").await;
    assert_eq!((same.code(), same.field()), (Some("BAD_USER_INPUT"), Some("toOrganisationId")));
    let unknown = propose(&app, &f.representative, &f.org, "0190b7a0-0000-7000-8000-000000000000", "COOPERATION").await;
    assert_eq!((unknown.code(), unknown.field()), (Some("BAD_USER_INPUT"), Some("toOrganisationId")));
    let bad_date = app
        .gql(
            Some(&f.representative),
            "mutation($i: RelationInput!) { proposeRelation(input: $i) { id } }",
            json!({ "i": { "fromOrganisationId": f.org, "toOrganisationId": partner, "kind": "FUNDING", "startsOn": "2026-02-30" } }),
        )
        .await;
    assert_eq!((bad_date.code(), bad_date.field()), (Some("BAD_USER_INPUT"), Some("startsOn")));
    assert_eq!(relations(&app, Some(&f.admin), &f.org).await.data()["relations"], json!([]));

    // Proposed: the other side is told and may answer; the proposer may not.
    let proposed = propose(&app, &f.representative, &f.org, &partner, "COOPERATION").await;
    let r = proposed.data()["proposeRelation"].clone();
    let id = r["id"].as_str().unwrap().to_owned();
    assert_eq!((r["state"].as_str(), r["canRespond"].as_bool(), r["canEnd"].as_bool()), (Some("PROPOSED"), Some(false), Some(true)));
    assert!(app.core.dev_outbox().await.iter().any(|m| m.to == "andere@test.org" && m.body.contains("Verein Sonnenblume")));
    let twice = propose(&app, &f.representative, &f.org, &partner, "COOPERATION").await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("kind")));
    // Proposals are known only to the two sides.
    assert_eq!(relations(&app, Some(&f.council), &f.org).await.data()["relations"], json!([]));
    let inbox = app.gql(Some(&f.other_representative), "{ myRelationRequests { id canRespond } }", json!({})).await;
    assert_eq!(inbox.data()["myRelationRequests"], json!([{ "id": id, "canRespond": true }]));

    assert_eq!(respond(&app, &f.representative, &id, true).await.code(), Some("FORBIDDEN"));
    // To anyone but the two sides a proposal does not exist.
    assert_eq!(respond(&app, &f.council, &id, true).await.code(), Some("NOT_FOUND"));
    let confirmed = respond(&app, &f.other_representative, &id, true).await;
    assert_eq!(confirmed.data()["respondToRelation"]["state"], "CONFIRMED");
    assert_eq!(confirmed.data()["respondToRelation"]["to"]["name"], "Frauentreff Weißensee");
    let again = respond(&app, &f.other_representative, &id, false).await;
    assert_eq!((again.code(), again.field()), (Some("BAD_USER_INPUT"), Some("accept")));

    // Confirmed relations are known to every signed-in person, not to anonymous callers.
    assert_eq!(
        relations(&app, Some(&f.council), &partner).await.data()["relations"],
        json!([{ "id": id, "state": "CONFIRMED", "kind": "COOPERATION" }])
    );
    assert_eq!(relations(&app, None, &f.org).await.code(), Some("UNAUTHENTICATED"));

    // Either side ends it; others may not. It stays on record as ended.
    let end = "mutation($id: ID!) { endRelation(id: $id) { state endsOn canEnd } }";
    assert_eq!(app.gql(Some(&f.administration), end, json!({ "id": id })).await.code(), Some("FORBIDDEN"));
    let ended = app.gql(Some(&f.other_representative), end, json!({ "id": id })).await;
    assert_eq!(ended.data()["endRelation"]["state"], "ENDED");
    assert!(ended.data()["endRelation"]["endsOn"].is_string());
    assert_eq!(app.gql(Some(&f.representative), end, json!({ "id": id })).await.field(), Some("id"));

    // A decline, and the coordination team recording a confirmed relation directly.
    let second = propose(&app, &f.representative, &f.org, &partner, "REFERRAL").await;
    let second_id = second.data()["proposeRelation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(respond(&app, &f.other_representative, &second_id, false).await.data()["respondToRelation"]["state"], "DECLINED");
    let recorded = propose(&app, &f.admin, &partner, &f.org, "MEMBERSHIP").await;
    assert_eq!(recorded.data()["proposeRelation"]["state"], "CONFIRMED");
    let seen = relations(&app, Some(&f.representative), &f.org).await;
    let states: Vec<&str> = seen.data()["relations"].as_array().unwrap().iter().map(|r| r["state"].as_str().unwrap()).collect();
    assert_eq!(states, vec!["CONFIRMED", "DECLINED", "ENDED"]);
});

/// Creates a verified organisation of kind NETWORK (so the filter finds only these).
async fn network_org(app: &TestApp, f: &Fixture, name: &str) -> String {
    let a = app
        .gql(
            Some(&f.admin),
            "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }",
            json!({ "i": { "name": name, "kind": "NETWORK", "topicIds": [f.topic], "districtId": f.district } }),
        )
        .await;
    a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned()
}

const OVERVIEW: &str = "query($f: NetworkFilter) { networkOverview(filter: $f) {
    summary { organisations ties density components largestComponent isolates bridges communities }
    nodes { organisationId name degree weightedDegree betweenness broker isolate community x y }
    edges { source target weight sources relationKinds bridge }
    isolates centreId
    coverage { topics { id } districts { id } cells { topicId districtId organisations offerings gap } languages { districtId languages { code offerings } } }
    growth { month organisations events relations }
    kinds { kind count }
    completeness(first: 100) { name score missing }
    metricsCsv } }";

fn node<'a>(overview: &'a Value, name: &str) -> &'a Value {
    overview["nodes"].as_array().unwrap().iter().find(|n| n["name"] == name).unwrap_or_else(|| panic!("{name} missing"))
}

on_both_databases!(the_overview_computes_known_metrics, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // H is tied to A, B and C by relations, C to D; A and B share a project; I is alone.
    let mut ids = std::collections::HashMap::new();
    for name in ["H", "A", "B", "C", "D", "I"] {
        ids.insert(name, network_org(&app, &f, &format!("Netzwerk {name}")).await);
    }
    for (a, b) in [("H", "A"), ("H", "B"), ("H", "C"), ("C", "D")] {
        assert_eq!(propose(&app, &f.admin, &ids[a], &ids[b], "COOPERATION").await.data()["proposeRelation"]["state"], "CONFIRMED");
    }
    let project = app
        .gql(
            Some(&f.admin),
            "mutation($l: ID!, $p: [ID!]!) { createProject(leadOrganisationId: $l, partnerIds: $p, input: { title: \"Gemeinsam\", startsOn: \"2026-09-01\", endsOn: \"2027-08-31\" }) { id } }",
            json!({ "l": ids["A"], "p": [ids["B"]] }),
        )
        .await;
    let project_id = project.data()["createProject"]["id"].as_str().unwrap().to_owned();
    // An invitation does not count until it is confirmed.
    let before = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"] } })).await;
    assert_eq!(before.data()["networkOverview"]["summary"]["ties"], 4);
    app.gql(
        Some(&f.admin),
        "mutation($p: ID!, $o: ID!) { respondToPartnerInvitation(projectId: $p, organisationId: $o, accept: true) { id } }",
        json!({ "p": project_id, "o": ids["B"] }),
    )
    .await
    .data();

    let answer = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"] } })).await;
    let o = &answer.data()["networkOverview"];
    assert_eq!(
        o["summary"],
        json!({ "organisations": 6, "ties": 5, "density": 1.0 / 3.0, "components": 2, "largestComponent": 5, "isolates": 1, "bridges": 2, "communities": o["summary"]["communities"] })
    );
    // Betweenness normalised by (n−1)(n−2)/2 = 10: H is on 4 of the shortest paths, C on 3.
    let expect =
        [("H", 3, 0.4, true), ("A", 2, 0.0, false), ("B", 2, 0.0, false), ("C", 2, 0.3, true), ("D", 1, 0.0, false), ("I", 0, 0.0, false)];
    for (name, degree, betweenness, broker) in expect {
        let n = node(o, &format!("Netzwerk {name}"));
        assert_eq!(n["degree"], degree, "{name}");
        assert!((n["betweenness"].as_f64().unwrap() - betweenness).abs() < 1e-9, "{name}: {}", n["betweenness"]);
        assert_eq!(n["broker"], broker, "{name}");
        assert_eq!(n["isolate"], degree == 0, "{name}");
        assert!((0.0..=1.0).contains(&n["x"].as_f64().unwrap()));
    }
    assert_eq!(node(o, "Netzwerk A")["weightedDegree"], 2.0);
    assert_eq!(o["isolates"], json!([ids["I"]]));
    let edge = |a: &str, b: &str| {
        o["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| (e["source"] == ids[a] && e["target"] == ids[b]) || (e["source"] == ids[b] && e["target"] == ids[a]))
            .cloned()
            .unwrap_or_else(|| panic!("{a}-{b}"))
    };
    assert_eq!(edge("A", "B")["sources"], json!(["PROJECT"]));
    assert_eq!(edge("H", "A")["relationKinds"], json!(["COOPERATION"]));
    assert_eq!((edge("C", "D")["bridge"].as_bool(), edge("H", "A")["bridge"].as_bool()), (Some(true), Some(false)));
    // All ties by default; `first` keeps the strongest: the bridges first.
    assert_eq!(o["edges"].as_array().unwrap().len(), 5);
    let strongest = app
        .gql(
            Some(&f.council),
            "query($f: NetworkFilter) { networkOverview(filter: $f) { edges(first: 2) { bridge } } }",
            json!({ "f": { "kinds": ["NETWORK"] } }),
        )
        .await;
    assert_eq!(strongest.data()["networkOverview"]["edges"], json!([{ "bridge": true }, { "bridge": true }]));
    // Louvain keeps the triangle H–A–B together and the isolate apart.
    assert_eq!(node(o, "Netzwerk A")["community"], node(o, "Netzwerk B")["community"]);
    assert_ne!(node(o, "Netzwerk I")["community"], node(o, "Netzwerk A")["community"]);
    // An isolate is counted as such, not as a community of one.
    assert!(node(o, "Netzwerk I")["community"].is_null());
    let in_communities: std::collections::HashSet<i64> =
        o["nodes"].as_array().unwrap().iter().filter_map(|n| n["community"].as_i64()).collect();
    assert_eq!(o["summary"]["communities"].as_u64(), Some(in_communities.len() as u64));
    assert_eq!(o["kinds"], json!([{ "kind": "NETWORK", "count": 6 }]));
    // The CSV has a header and one row per organisation, in the request's language.
    let csv = o["metricsCsv"].as_str().unwrap();
    assert_eq!(csv.lines().count(), 7);
    assert!(csv.starts_with("Organisation,Art,Ortsteil,Grad"));
    // Only the coordination team sees profile completeness.
    assert!(o["completeness"].is_null());
    let admin = app.gql(Some(&f.admin), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"] } })).await;
    let list = admin.data()["networkOverview"]["completeness"].as_array().unwrap().clone();
    assert_eq!(list.len(), 6);
    assert!(list[0]["missing"].as_array().unwrap().contains(&json!("description")));
    assert!(list[0]["score"].as_i64().unwrap() < 100);

    // Coverage: one topic in one Ortsteil has organisations but no offering (a gap);
    // an offering there closes it.
    let cell = |o: &Value| {
        o["coverage"]["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["topicId"] == f.topic.as_str() && c["districtId"] == f.district.as_str())
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (cell(o)["organisations"].as_i64(), cell(o)["offerings"].as_i64(), cell(o)["gap"].as_bool()),
        (Some(6), Some(0), Some(true))
    );
    let topics = o["coverage"]["topics"].as_array().unwrap().len();
    let districts = o["coverage"]["districts"].as_array().unwrap().len();
    assert_eq!(o["coverage"]["cells"].as_array().unwrap().len(), topics * districts);
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!, $i: OfferingInput!) { createOffering(organisationId: $o, input: $i) { id } }",
        json!({ "o": ids["C"], "i": { "title": "Sprechstunde", "category": "COUNSELLING", "topicIds": [f.topic], "languages": ["ar"] } }),
    )
    .await
    .data();
    let after = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"], "topicIds": [f.topic] } })).await;
    let o2 = &after.data()["networkOverview"];
    assert_eq!((cell(o2)["offerings"].as_i64(), cell(o2)["gap"].as_bool()), (Some(1), Some(false)));
    assert_eq!(o2["coverage"]["topics"].as_array().unwrap().len(), 1, "the topic filter narrows the rows");
    // Languages offered per Ortsteil: the new offering is held in Arabic there.
    let spoken = o2["coverage"]["languages"].as_array().unwrap().iter().find(|l| l["districtId"] == f.district.as_str()).cloned().unwrap();
    assert_eq!(spoken["languages"], json!([{ "code": "ar", "offerings": 1 }]));
    // The Ortsteil filter: all six are in the fixture's Ortsteil, none in another.
    let here = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"], "districtIds": [f.district] } })).await;
    assert_eq!(here.data()["networkOverview"]["summary"]["organisations"], 6);
    let districts = app.gql(None, "{ districts { id } }", json!({})).await;
    let other = districts.data()["districts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .find(|d| *d != f.district)
        .unwrap();
    let elsewhere = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"], "districtIds": [other] } })).await;
    assert_eq!(elsewhere.data()["networkOverview"]["summary"]["organisations"], 0);
    // Growth counts this month's new organisations and relations.
    let month = o2["growth"].as_array().unwrap().last().unwrap().clone();
    assert!(month["organisations"].as_i64().unwrap() >= 6 && month["relations"].as_i64().unwrap() == 4, "{month}");

    // A window before any tie existed: everyone is isolated.
    let past =
        app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"], "from": "2020-01-01", "to": "2020-12-31" } })).await;
    assert_eq!(past.data()["networkOverview"]["summary"]["isolates"], 6);
    let backwards = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "from": "2021-01-01", "to": "2020-12-31" } })).await;
    assert_eq!((backwards.code(), backwards.field()), (Some("BAD_USER_INPUT"), Some("to")));
    // Ending a relation removes its tie from today's network: D is isolated now.
    let rel = relations(&app, Some(&f.admin), &ids["D"]).await;
    let rel_id = rel.data()["relations"][0]["id"].as_str().unwrap().to_owned();
    app.gql(Some(&f.admin), "mutation($id: ID!) { endRelation(id: $id) { state } }", json!({ "id": rel_id })).await.data();
    let now = app.gql(Some(&f.council), OVERVIEW, json!({ "f": { "kinds": ["NETWORK"] } })).await;
    assert_eq!(node(&now.data()["networkOverview"], "Netzwerk D")["isolate"], true);
});

on_both_databases!(who_sees_how_much_of_the_network, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    let third = network_org(&app, &f, "Netzwerk Dritte").await;
    propose(&app, &f.admin, &f.org, &partner, "COOPERATION").await.data();
    propose(&app, &f.admin, &partner, &third, "FUNDING").await.data();
    let q = "query($f: NetworkFilter) { networkOverview(filter: $f) { centreId nodes { name } } }";
    let names = |a: &Answer| {
        let mut v: Vec<String> =
            a.data()["networkOverview"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_owned()).collect();
        v.sort();
        v
    };

    // The whole network for the council, the administration and the coordination team.
    for token in [&f.council, &f.administration, &f.admin] {
        let a = app.gql(Some(token), q, json!({})).await;
        assert!(names(&a).contains(&"Netzwerk Dritte".to_owned()));
        assert!(a.data()["networkOverview"]["centreId"].is_null());
    }
    // The unverified suggestion is not in the council's network (as in the directory).
    assert!(!names(&app.gql(Some(&f.council), q, json!({})).await).contains(&"Neue Initiative".to_owned()));
    // A representative sees their own organisation's neighbourhood: the partner, not
    // the partner's partner.
    let own = app.gql(Some(&f.representative), q, json!({ "f": { "organisationId": f.org } })).await;
    assert_eq!(names(&own), vec!["Frauentreff Weißensee", "Verein Sonnenblume e.V."]);
    assert_eq!(own.data()["networkOverview"]["centreId"], f.org.as_str());
    let default = app.gql(Some(&f.representative), q, json!({})).await;
    assert!(default.data()["networkOverview"]["centreId"].is_string(), "a representative always gets a neighbourhood");
    // …and not someone else's, nor the whole.
    assert_eq!(app.gql(Some(&f.representative), q, json!({ "f": { "organisationId": third } })).await.code(), Some("FORBIDDEN"));
    // Multipliers and anonymous callers see none of it.
    assert_eq!(app.gql(Some(&f.multiplier), q, json!({})).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(None, q, json!({})).await.code(), Some("UNAUTHENTICATED"));
    // The council can centre on any organisation.
    let centred = app.gql(Some(&f.council), q, json!({ "f": { "organisationId": partner } })).await;
    assert_eq!(names(&centred), vec!["Frauentreff Weißensee", "Netzwerk Dritte", "Verein Sonnenblume e.V."]);
});

// At district scale: hundreds of organisations, some without ties. Isolates are a
// number of their own, not communities of one; every community has ties.
on_both_databases!(communities_at_scale_leave_isolates_out, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    app.core.seed_synthetic_network(300, 330).await.unwrap();
    let query = "{ networkOverview { summary { organisations communities isolates }
        nodes { organisationId degree community isolate } communities { size } isolates } }";
    let answer = app.gql(Some(&f.council), query, json!({})).await;
    let o = answer.data()["networkOverview"].clone();
    let s = &o["summary"];
    let isolates = s["isolates"].as_u64().unwrap();
    assert!(isolates > 0, "a sparse network has organisations without ties");
    assert_eq!(o["isolates"].as_array().unwrap().len() as u64, isolates);
    let communities = o["communities"].as_array().unwrap();
    assert_eq!(s["communities"].as_u64(), Some(communities.len() as u64));
    let in_communities: u64 = communities.iter().map(|c| c["size"].as_u64().unwrap()).sum();
    assert_eq!(in_communities + isolates, s["organisations"].as_u64().unwrap(), "every organisation is in a community or an isolate");
    assert!(communities.iter().all(|c| c["size"].as_u64().unwrap() >= 2), "no community of one");
    for n in o["nodes"].as_array().unwrap() {
        assert_eq!(n["community"].is_null(), n["degree"] == 0, "{n}");
        assert_eq!(n["isolate"], n["degree"] == 0);
    }
});
