//! One inbox for every decision, on both databases: claims and joins, invitations to
//! co-organise an event or to join a project, relations proposed to one's
//! organisation, with the count the header shows; nobody sees another's decisions,
//! and a proposal is withdrawn only by the side that made it.

use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, partner_org},
    on_both_databases,
};

const INBOX: &str = "{ inbox { count toDecide { id } coOrganiserInvitations { organisationId event { id title } } \
                     partnerInvitations { organisationId project { id title } } relationProposals { id canRespond canEnd from { name } } } }";

async fn inbox(app: &TestApp, token: &str) -> Value {
    app.gql(Some(token), INBOX, json!({})).await.data()["inbox"].clone()
}

async fn count(app: &TestApp, token: &str) -> i64 {
    app.gql(Some(token), "{ inbox { count } }", json!({})).await.data()["inbox"]["count"].as_i64().unwrap()
}

/// The representative of the fixture's organisation invites the partner organisation
/// three ways: to co-organise an event, to a project, and to a relation.
async fn invite_three_ways(app: &TestApp, f: &Fixture, partner: &str) -> (String, String, String) {
    let event = app
        .gql(
            Some(&f.representative),
            "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
            json!({ "o": [f.org, partner], "i": {
                "title": "Fest der Nachbarschaft", "startsAt": "2027-03-14T18:00", "endsAt": "2027-03-14T21:00", "venue": "Stadtteilzentrum", "languages": ["de"] } }),
        )
        .await;
    let event = event.data()["createEvent"]["id"].as_str().unwrap().to_owned();
    let project = app
        .gql(
            Some(&f.representative),
            "mutation($l: ID!, $p: [ID!]!, $i: ProjectInput!) { createProject(leadOrganisationId: $l, partnerIds: $p, input: $i) { id } }",
            json!({ "l": f.org, "p": [partner], "i": { "title": "Elternlotsen", "status": "ACTIVE" } }),
        )
        .await;
    let project = project.data()["createProject"]["id"].as_str().unwrap().to_owned();
    let relation = app
        .gql(
            Some(&f.representative),
            "mutation($i: RelationInput!) { proposeRelation(input: $i) { id } }",
            json!({ "i": { "fromOrganisationId": f.org, "toOrganisationId": partner, "kind": "COOPERATION" } }),
        )
        .await;
    let relation = relation.data()["proposeRelation"]["id"].as_str().unwrap().to_owned();
    (event, project, relation)
}

on_both_databases!(the_inbox_lists_every_decision_and_counts_it, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    assert_eq!(count(&app, &f.other_representative).await, 0);
    let (event, project, relation) = invite_three_ways(&app, &f, &partner).await;

    // The invited side sees all three, each with what it needs to answer.
    let waiting = inbox(&app, &f.other_representative).await;
    assert_eq!(waiting["count"], 3, "{waiting}");
    assert_eq!(
        waiting["coOrganiserInvitations"],
        json!([{ "organisationId": partner, "event": { "id": event, "title": "Fest der Nachbarschaft" } }])
    );
    assert_eq!(
        waiting["partnerInvitations"],
        json!([{ "organisationId": partner, "project": { "id": project, "title": "Elternlotsen" } }])
    );
    assert_eq!(
        waiting["relationProposals"],
        json!([{ "id": relation, "canRespond": true, "canEnd": false, "from": { "name": "Verein Sonnenblume e.V." } }])
    );

    // Nobody else has these decisions: not the side that asked, not a stranger, not
    // the council; an anonymous caller has no inbox.
    for token in [&f.representative, &f.multiplier, &f.council] {
        let other = inbox(&app, token).await;
        assert_eq!(other["count"], 0, "{other}");
        assert_eq!(other["coOrganiserInvitations"], json!([]));
        assert_eq!(other["partnerInvitations"], json!([]));
        assert_eq!(other["relationProposals"], json!([]));
    }
    assert_eq!(app.gql(None, "{ inbox { count } }", json!({})).await.code(), Some("UNAUTHENTICATED"));

    // Each answer leaves the inbox.
    let answer = |query: &'static str, vars: Value| {
        let app = &app;
        let token = f.other_representative.clone();
        async move { app.gql(Some(&token), query, vars).await }
    };
    answer(
        "mutation($e: ID!, $o: ID!) { respondToOrganiserInvitation(eventId: $e, organisationId: $o, accept: true) { id } }",
        json!({ "e": event, "o": partner }),
    )
    .await
    .data();
    assert_eq!(count(&app, &f.other_representative).await, 2);
    answer(
        "mutation($p: ID!, $o: ID!) { respondToPartnerInvitation(projectId: $p, organisationId: $o, accept: false) { id } }",
        json!({ "p": project, "o": partner }),
    )
    .await
    .data();
    answer("mutation($id: ID!) { respondToRelation(id: $id, accept: true) { id } }", json!({ "id": relation })).await.data();
    let done = inbox(&app, &f.other_representative).await;
    assert_eq!(done["count"], 0, "{done}");
    assert_eq!(done["relationProposals"], json!([]));
});

on_both_databases!(only_the_proposing_side_withdraws_a_proposal, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    let (_, _, relation) = invite_three_ways(&app, &f, &partner).await;
    let end = "mutation($id: ID!) { endRelation(id: $id) { state } }";

    // The receiving side declines; it cannot "withdraw" what it did not propose.
    let seen = app
        .gql(
            Some(&f.other_representative),
            "query($o: ID!) { relations(organisationId: $o) { id canEnd canRespond } }",
            json!({ "o": partner }),
        )
        .await;
    assert_eq!(seen.data()["relations"], json!([{ "id": relation, "canEnd": false, "canRespond": true }]));
    let refused: Answer = app.gql(Some(&f.other_representative), end, json!({ "id": relation })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    assert_eq!(inbox(&app, &f.other_representative).await["count"], 3, "the refused attempt changed nothing");

    // The proposer withdraws it.
    let withdrawn = app.gql(Some(&f.representative), end, json!({ "id": relation })).await;
    assert_eq!(withdrawn.data()["endRelation"]["state"], "ENDED");
    assert_eq!(count(&app, &f.other_representative).await, 2);
});

on_both_databases!(inbox_counts_repeated_in_one_document_are_refused, |app: TestApp| async move {
    let before = app.core.statements().get();
    let many = format!("{{ {} }}", (0..13).map(|i| format!("i{i}: inbox {{ count }}")).collect::<Vec<_>>().join(" "));
    let a = app.gql(None, &many, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    assert_eq!(app.core.statements().get(), before, "nothing reached the database");
});
