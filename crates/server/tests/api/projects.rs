//! Shared projects through the API on both databases: lead and partners who
//! confirm, bad input, who may do what, optimistic locking, and events that belong
//! to a project.

use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, partner_org},
    on_both_databases,
};

const FIELDS: &str =
    "id version status canManage startsOn endsOn lead { name } partners { organisationId state } topics { id } events { id title }";

fn input(extra: Value) -> Value {
    let mut i = json!({
        "title": "Mehrsprachige Elternbegleitung",
        "description": "Eltern werden in ihrer Sprache durch den Schulalltag begleitet.",
        "status": "ACTIVE",
        "startsOn": "2026-09-01",
        "endsOn": "2027-08-31",
        "funding": "Integrationsfonds des Bezirks",
    });
    for (k, v) in extra.as_object().unwrap() {
        i[k] = v.clone();
    }
    i
}

async fn create(app: &TestApp, token: Option<&str>, lead: &str, partners: &[&str], extra: Value) -> Answer {
    app.gql(
        token,
        &format!("mutation($l: ID!, $p: [ID!]!, $i: ProjectInput!) {{ createProject(leadOrganisationId: $l, partnerIds: $p, input: $i) {{ {FIELDS} }} }}"),
        json!({ "l": lead, "p": partners, "i": input(extra) }),
    )
    .await
}

on_both_databases!(a_project_with_a_partner_who_confirms_and_its_events, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    let a = create(&app, Some(&f.representative), &f.org, &[&partner], json!({ "topicIds": [f.topic] })).await;
    let p = a.data()["createProject"].clone();
    let id = p["id"].as_str().unwrap().to_owned();
    assert_eq!(p["lead"]["name"], "Verein Sonnenblume e.V.");
    assert_eq!(p["partners"], json!([{ "organisationId": partner, "state": "INVITED" }]));
    assert_eq!(p["canManage"], true);
    assert!(app.core.dev_outbox().await.iter().any(|m| m.to == "andere@test.org" && m.body.contains(&id)), "the partner is told");

    // Only a member answers for the partner organisation.
    let respond = "mutation($p: ID!, $o: ID!) { respondToPartnerInvitation(projectId: $p, organisationId: $o, accept: true) { partners { state } canManage } }";
    let denied = app.gql(Some(&f.representative), respond, json!({ "p": id, "o": partner })).await;
    assert_eq!(denied.code(), Some("FORBIDDEN"));
    let ok = app.gql(Some(&f.other_representative), respond, json!({ "p": id, "o": partner })).await;
    assert_eq!(ok.data()["respondToPartnerInvitation"], json!({ "partners": [{ "state": "CONFIRMED" }], "canManage": true }));

    // An event belongs to the project.
    let e = app
        .gql(
            Some(&f.representative),
            "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
            json!({ "o": [f.org], "i": { "title": "Auftakt Elternbegleitung", "startsAt": "2027-02-01T17:00", "endsAt": "2027-02-01T19:00", "venue": "Schule am Park", "projectId": id } }),
        )
        .await;
    let event_id = e.data()["createEvent"]["id"].clone();
    let read =
        app.gql(Some(&f.representative), &format!("query($id: ID!) {{ project(id: $id) {{ {FIELDS} }} }}"), json!({ "id": id })).await;
    assert_eq!(read.data()["project"]["events"][0]["id"], event_id);
    assert_eq!(read.data()["project"]["topics"][0]["id"], f.topic.as_str());

    // Lists: all, by organisation (lead or confirmed partner), by status.
    let list = |filter: Value| {
        let app = &app;
        async move { app.gql(None, "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }", json!({ "f": filter })).await }
    };
    assert_eq!(list(json!({})).await.data()["projects"]["totalCount"], 1);
    assert_eq!(list(json!({ "organisationId": partner })).await.data()["projects"]["totalCount"], 1);
    assert_eq!(list(json!({ "statuses": ["COMPLETED"] })).await.data()["projects"]["totalCount"], 0);
});

on_both_databases!(bad_project_input_is_refused_at_its_field, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    for (extra, lead, partners, field) in [
        (json!({ "endsOn": "2026-08-01" }), f.org.as_str(), vec![], "endsOn"),
        (json!({ "startsOn": "01.09.2026" }), f.org.as_str(), vec![], "startsOn"),
        (json!({ "title": "x" }), f.org.as_str(), vec![], "title"),
        (json!({}), f.org.as_str(), vec![unknown.as_str()], "partnerIds"),
        (json!({ "topicIds": [unknown] }), f.org.as_str(), vec![], "topicIds"),
        (json!({}), unknown.as_str(), vec![], "leadOrganisationId"),
    ] {
        let a = create(&app, Some(&f.admin), lead, &partners, extra.clone()).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{extra}: {}", a.body);
        assert_eq!(a.field(), Some(field), "{extra}: {}", a.body);
    }
    let list = app.gql(Some(&f.admin), "{ projects { totalCount } }", json!({})).await;
    assert_eq!(list.data()["projects"]["totalCount"], 0, "nothing half-written");
});

on_both_databases!(project_operations_answer_as_the_policy_says, |app: TestApp| async move {
    use migraup_domain::{Operation, Role, policy};
    let f = Fixture::new(&app).await;
    let roles: [(Option<Role>, Option<&str>); 6] = [
        (None, None),
        (Some(Role::Admin), Some(&f.admin)),
        (Some(Role::Administration), Some(&f.administration)),
        (Some(Role::MoRepresentative), Some(&f.representative)),
        (Some(Role::Multiplier), Some(&f.multiplier)),
        (Some(Role::Council), Some(&f.council)),
    ];
    let made = create(&app, Some(&f.admin), &f.org, &[], json!({})).await;
    let id = made.data()["createProject"]["id"].as_str().unwrap().to_owned();
    for (role, token) in roles {
        let member = role == Some(Role::MoRepresentative);
        let expected = |op| policy::is_allowed(role, op, member);
        let a = create(&app, token, &f.org, &[], json!({})).await;
        assert_allowed(&a, expected(Operation::CreateProject), role, "createProject");
        let v = app.gql(Some(&f.admin), "query($id: ID!) { project(id: $id) { version } }", json!({ "id": id })).await;
        let v = v.data()["project"]["version"].as_i64().unwrap();
        let a = app
            .gql(
                token,
                "mutation($id: ID!, $v: Int!, $i: ProjectInput!) { updateProject(id: $id, expectedVersion: $v, input: $i) { id } }",
                json!({ "id": id, "v": v, "i": input(json!({})) }),
            )
            .await;
        assert_allowed(&a, expected(Operation::ManageProject), role, "updateProject");
    }
    // A foreign organisation's representative may not start a project in its name.
    let a = create(&app, Some(&f.other_representative), &f.org, &[], json!({})).await;
    assert_eq!(a.code(), Some("FORBIDDEN"));
});

fn assert_allowed(a: &Answer, allowed: bool, role: Option<migraup_domain::Role>, what: &str) {
    if allowed {
        a.data();
    } else {
        let expected = if role.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
        assert_eq!(a.code(), Some(expected), "{what} as {role:?}: {}", a.body);
    }
}

on_both_databases!(concurrent_project_edits_get_conflict, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let made = create(&app, Some(&f.representative), &f.org, &[], json!({})).await;
    let (id, v) =
        (made.data()["createProject"]["id"].as_str().unwrap().to_owned(), made.data()["createProject"]["version"].as_i64().unwrap());
    let save = |title: &'static str| {
        app.gql(
            Some(&f.representative),
            "mutation($id: ID!, $v: Int!, $i: ProjectInput!) { updateProject(id: $id, expectedVersion: $v, input: $i) { title version } }",
            json!({ "id": id, "v": v, "i": input(json!({ "title": title })) }),
        )
    };
    assert_eq!(save("Elternbegleitung Nord").await.data()["updateProject"]["version"], v + 1);
    let late = save("Elternbegleitung Süd").await;
    assert_eq!(late.code(), Some("CONFLICT"));
    assert_eq!(late.body["errors"][0]["extensions"]["currentVersion"], v + 1);
});
