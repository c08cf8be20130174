//! Integration tokens through the real router on both databases: who may make them,
//! what each scope may read and write, that a token never reaches a person's own
//! account, that its writes are audited with its name, and that it stops working when
//! revoked, expired, or when its maker loses the right.

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, mail_to},
    on_both_databases,
};

const CREATE: &str = "mutation($i: ApiTokenInput!) { createApiToken(input: $i) { secret token { id name scope expiresAt createdBy } } }";

async fn make(app: &TestApp, who: &str, org: &str, name: &str, scope: &str, days: i32) -> Answer {
    app.gql(Some(who), CREATE, json!({ "i": { "organisationId": org, "name": name, "scope": scope, "validDays": days } })).await
}

async fn secret(app: &TestApp, who: &str, org: &str, name: &str, scope: &str) -> String {
    let made = make(app, who, org, name, scope, 90).await;
    made.data()["createApiToken"]["secret"].as_str().unwrap().to_owned()
}

fn event(title: &str) -> Value {
    json!({ "title": title, "startsAt": "2027-03-14T18:00", "endsAt": "2027-03-14T20:00", "venue": "Stadtteilzentrum" })
}

async fn create_event(app: &TestApp, token: &str, org: &str, title: &str) -> Answer {
    app.gql(
        Some(token),
        "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
        json!({ "o": [org], "i": event(title) }),
    )
    .await
}

/// The number of organisations a token reads in the directory.
async fn directory_count(app: &TestApp, token: &str) -> u64 {
    let a = app.gql(Some(token), "{ organisations { totalCount } }", json!({})).await;
    a.data()["organisations"]["totalCount"].as_u64().unwrap()
}

on_both_databases!(only_representatives_and_the_coordination_team_make_tokens_with_valid_input, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let anonymous =
        app.gql(None, CREATE, json!({ "i": { "organisationId": f.org, "name": "W", "scope": "READ_PUBLIC", "validDays": 30 } })).await;
    assert_eq!(anonymous.code(), Some("UNAUTHENTICATED"));
    // Someone who does not speak for the organisation.
    for who in [&f.multiplier, &f.other_representative, &f.council, &f.administration] {
        assert_eq!(make(&app, who, &f.org, "Website", "READ_PUBLIC", 30).await.code(), Some("FORBIDDEN"));
        let list = app.gql(Some(who), "query($o: ID!) { apiTokens(organisationId: $o) { id } }", json!({ "o": f.org })).await;
        assert_eq!(list.code(), Some("FORBIDDEN"));
    }
    // Bad input names its field.
    for (name, days, field) in [("", 30, "name"), ("=HYPERLINK()", 30, "name"), ("Website", 0, "validDays"), ("Website", 366, "validDays")]
    {
        let a = make(&app, &f.representative, &f.org, name, "READ_PUBLIC", days).await;
        assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some(field)), "{name} {days}");
    }
    // The representative and the coordination team may.
    let made = make(&app, &f.representative, &f.org, "Website", "READ_PUBLIC", 365).await;
    let token = &made.data()["createApiToken"];
    assert!(token["secret"].as_str().unwrap().starts_with("mgr_"));
    assert_eq!(token["token"]["scope"], "READ_PUBLIC");
    make(&app, &f.admin, &f.org, "Portal des Bezirks", "READ_MEMBERS", 30).await.data();
    // The secret is never shown again: the list has no such field, and keeps the names.
    let list = app
        .gql(
            Some(&f.representative),
            "query($o: ID!) { apiTokens(organisationId: $o) { name scope createdBy lastUsedAt } }",
            json!({ "o": f.org }),
        )
        .await;
    let names: Vec<&str> = list.data()["apiTokens"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Portal des Bezirks", "Website"]);
    // At most 20 working tokens an organisation.
    for i in 2..20 {
        make(&app, &f.representative, &f.org, &format!("Token {i}"), "READ_PUBLIC", 30).await.data();
    }
    let over = make(&app, &f.representative, &f.org, "Einer zu viel", "READ_PUBLIC", 30).await;
    assert_eq!((over.code(), over.field()), (Some("BAD_USER_INPUT"), Some("organisationId")));
    // The making is in the organisation's history.
    let log = app
        .gql(Some(&f.admin), "query($id: String!) { auditLog(entityId: $id) { edges { node { action } } } }", json!({ "id": f.org }))
        .await;
    assert!(log.data()["auditLog"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["action"] == "create_api_token"));
});

on_both_databases!(a_token_reads_and_writes_only_within_its_scope, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let public = secret(&app, &f.representative, &f.org, "Website", "READ_PUBLIC").await;
    let members = secret(&app, &f.representative, &f.org, "Tabelle", "READ_MEMBERS").await;
    let manage = secret(&app, &f.representative, &f.org, "Kalender-Sync", "MANAGE_EVENTS_AND_OFFERINGS").await;

    // Reading: the public token reads what visitors read, the members' token more.
    let anonymous =
        app.gql(None, "{ organisations { totalCount } }", json!({})).await.data()["organisations"]["totalCount"].as_u64().unwrap();
    assert_eq!(directory_count(&app, &public).await, anonymous);
    assert!(directory_count(&app, &members).await > anonymous, "the members-only organisation is read with READ_MEMBERS");

    // A read scope writes nothing, whatever the mutation.
    for token in [&public, &members] {
        assert_eq!(create_event(&app, token, &f.org, "Fest").await.code(), Some("FORBIDDEN"));
        let offering = app
            .gql(
                Some(token),
                "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Beratung\" }) { id } }",
                json!({ "o": f.org }),
            )
            .await;
        assert_eq!(offering.code(), Some("FORBIDDEN"));
    }
    // No token reaches its maker's own account, directly or through fragments.
    for token in [&public, &members, &manage] {
        for document in [
            "{ me { email } }",
            "{ inbox { __typename } }",
            "query { ...F } fragment F on Query { me { email } }",
            "query { ... on Query { ...G } } fragment G on Query { ...H } fragment H on Query { myData }",
            "mutation { changePassword(currentPassword: \"x\", newPassword: \"ein ganz neues Passwort\") }",
            "mutation { renewCalendarFeed }",
            "mutation { logout }",
        ] {
            let a = app.gql(Some(token), document, json!({})).await;
            assert_eq!(a.code(), Some("FORBIDDEN"), "{document}: {}", a.body);
        }
        // Nor makes more tokens.
        assert_eq!(make(&app, token, &f.org, "Kind", "MANAGE_EVENTS_AND_OFFERINGS", 30).await.code(), Some("FORBIDDEN"));
    }

    // The managing token keeps the organisation's events and offerings …
    let created = create_event(&app, &manage, &f.org, "Sprachcafé").await;
    let event_id = created.data()["createEvent"]["id"].as_str().unwrap().to_owned();
    app.gql(Some(&manage), "mutation($id: ID!) { publishEvent(id: $id) { id } }", json!({ "id": event_id })).await.data();
    let offering = app
        .gql(
            Some(&manage),
            "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Sozialberatung\" }) { id } }",
            json!({ "o": f.org }),
        )
        .await;
    offering.data();
    // … but not another organisation's, nor the profile itself.
    let partner = crate::helpers::partner_org(&app, &f).await;
    assert_eq!(create_event(&app, &manage, &partner, "Fremd").await.code(), Some("FORBIDDEN"));
    let profile = app
        .gql(
            Some(&manage),
            "mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { name: \"Neu\" }) { id } }",
            json!({ "id": f.org }),
        )
        .await;
    assert_eq!(profile.code(), Some("FORBIDDEN"));

    // Its writes are audited with its name, beside its maker's.
    let log = app
        .gql(
            Some(&f.admin),
            "query($id: String!) { auditLog(entityId: $id) { edges { node { action actorName viaToken } } } }",
            json!({ "id": event_id }),
        )
        .await;
    let entries = log.data()["auditLog"]["edges"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 2, "{entries:?}");
    for e in &entries {
        assert_eq!(e["node"]["viaToken"], "Kalender-Sync");
        assert_eq!(e["node"]["actorName"], "vertretung@test.org");
    }
    // A person's own writes carry no token.
    let by_hand = create_event(&app, &f.representative, &f.org, "Von Hand").await;
    let id = by_hand.data()["createEvent"]["id"].as_str().unwrap().to_owned();
    let log = app
        .gql(Some(&f.admin), "query($id: String!) { auditLog(entityId: $id) { edges { node { viaToken } } } }", json!({ "id": id }))
        .await;
    assert_eq!(log.data()["auditLog"]["edges"][0]["node"]["viaToken"], Value::Null);
    // The list shows when each was last used.
    let list = app
        .gql(Some(&f.representative), "query($o: ID!) { apiTokens(organisationId: $o) { name lastUsedAt } }", json!({ "o": f.org }))
        .await;
    assert!(list.data()["apiTokens"].as_array().unwrap().iter().all(|t| t["lastUsedAt"].is_string()));
});

on_both_databases!(a_token_stops_when_revoked_expired_or_its_maker_loses_the_right, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let works = |token: String| {
        let app = &app;
        async move { app.gql(Some(&token), "{ organisations { totalCount } }", json!({})).await.code().map(str::to_owned) }
    };
    // Revoked.
    let made = make(&app, &f.representative, &f.org, "Alt", "READ_PUBLIC", 30).await;
    let old = made.data()["createApiToken"]["secret"].as_str().unwrap().to_owned();
    let id = made.data()["createApiToken"]["token"]["id"].as_str().unwrap().to_owned();
    assert_eq!(works(old.clone()).await, None);
    // Nobody else revokes it (it reads as missing).
    let stranger =
        app.gql(Some(&f.other_representative), "mutation($id: ID!) { revokeApiToken(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(stranger.code(), Some("NOT_FOUND"));
    let revoked =
        app.gql(Some(&f.representative), "mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }", json!({ "id": id })).await;
    assert!(revoked.data()["revokeApiToken"]["revokedAt"].is_string());
    assert_eq!(works(old).await.as_deref(), Some("UNAUTHENTICATED"));
    // A made-up token.
    assert_eq!(works("mgr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into()).await.as_deref(), Some("UNAUTHENTICATED"));

    // Expired.
    let expiring = secret(&app, &f.representative, &f.org, "Bald abgelaufen", "READ_MEMBERS").await;
    assert_eq!(works(expiring.clone()).await, None);
    let db = Database::connect(app.database_url()).await.unwrap();
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "UPDATE api_tokens SET expires_at = $1 WHERE name = $2",
        _ => "UPDATE api_tokens SET expires_at = ? WHERE name = ?",
    };
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, [past.into(), "Bald abgelaufen".into()])).await.unwrap();
    assert_eq!(works(expiring).await.as_deref(), Some("UNAUTHENTICATED"));

    // The maker's membership ended: their organisation's tokens end with it.
    let manage = secret(&app, &f.representative, &f.org, "Kalender-Sync", "MANAGE_EVENTS_AND_OFFERINGS").await;
    assert!(create_event(&app, &manage, &f.org, "Vorher").await.code().is_none());
    let me = app.gql(Some(&f.representative), "{ me { id } }", json!({})).await;
    let rep_id = me.data()["me"]["id"].as_str().unwrap().to_owned();
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!, $u: ID!) { removeOrganisationMember(organisationId: $o, userId: $u) }",
        json!({ "o": f.org, "u": rep_id }),
    )
    .await
    .data();
    assert_eq!(create_event(&app, &manage, &f.org, "Nachher").await.code(), Some("UNAUTHENTICATED"));

    // The maker was demoted: a representative who becomes a multiplier.
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!, $u: ID!) { addOrganisationMember(organisationId: $o, userId: $u) { isContactPerson } }",
        json!({ "o": f.org, "u": rep_id }),
    )
    .await
    .data();
    let demoted = secret(&app, &f.representative, &f.org, "Vor der Rollenänderung", "READ_PUBLIC").await;
    assert_eq!(works(demoted.clone()).await, None);
    let version = app.gql(Some(&f.representative), "{ me { version } }", json!({})).await.data()["me"]["version"].as_i64().unwrap();
    app.gql(
        Some(&f.admin),
        "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, role: MULTIPLIER) { role } }",
        json!({ "id": rep_id, "v": version }),
    )
    .await
    .data();
    assert_eq!(works(demoted).await.as_deref(), Some("UNAUTHENTICATED"));

    // The maker's account was disabled (the coordination team's own token this time).
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email version } } } }", json!({})).await;
    let other = users.data()["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|u| u["email"] == "andere@test.org")
        .unwrap()
        .clone();
    let partner = crate::helpers::partner_org(&app, &f).await;
    let disabled = secret(&app, &f.other_representative, &partner, "Andere", "READ_PUBLIC").await;
    assert_eq!(works(disabled.clone()).await, None);
    app.gql(
        Some(&f.admin),
        "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, status: DISABLED) { status } }",
        json!({ "id": other["id"], "v": other["version"] }),
    )
    .await
    .data();
    assert_eq!(works(disabled).await.as_deref(), Some("UNAUTHENTICATED"));
});

on_both_databases!(a_thousand_requests_with_one_token_are_all_it_gets_an_hour, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let token = secret(&app, &f.representative, &f.org, "Fleißig", "READ_PUBLIC").await;
    let max = migraup_core::api_tokens::REQUESTS_PER_TOKEN.max;
    for _ in 0..max {
        assert_eq!(app.gql(Some(&token), "{ districts { id } }", json!({})).await.code(), None);
    }
    let over = app.gql(Some(&token), "{ districts { id } }", json!({})).await;
    assert_eq!(over.code(), Some("RATE_LIMITED"));
    assert!(over.body["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap() > 0);
    // Another token of the same organisation has its own allowance.
    let other = secret(&app, &f.representative, &f.org, "Ruhig", "READ_PUBLIC").await;
    assert_eq!(app.gql(Some(&other), "{ districts { id } }", json!({})).await.code(), None);
});

on_both_databases!(anonymous_callers_floods_and_self_made_accounts_get_no_token, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let made = make(&app, &f.representative, &f.org, "Website", "READ_PUBLIC", 30).await;
    let id = made.data()["createApiToken"]["token"]["id"].clone();
    // Anonymous: no list, no revoking, no making.
    let list = app.gql(None, "query($o: ID!) { apiTokens(organisationId: $o) { id } }", json!({ "o": f.org })).await;
    assert_eq!(list.code(), Some("UNAUTHENTICATED"));
    let revoke = app.gql(None, "mutation($id: ID!) { revokeApiToken(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(revoke.code(), Some("UNAUTHENTICATED"));
    // One document cannot make a thousand: more than five aliases are refused before anything runs.
    let repeated: String = (0..6)
        .map(|i| {
            format!(
                " t{i}: createApiToken(input: {{ organisationId: \"{}\", name: \"T{i}\", scope: READ_PUBLIC, validDays: 1 }}) {{ secret }}",
                f.org
            )
        })
        .collect();
    let flood = app.gql(Some(&f.representative), &format!("mutation {{{repeated} }}"), json!({})).await;
    assert_eq!(flood.code(), Some("BAD_USER_INPUT"));
    let count = app.gql(Some(&f.representative), "query($o: ID!) { apiTokens(organisationId: $o) { id } }", json!({ "o": f.org })).await;
    assert_eq!(count.data()["apiTokens"].as_array().unwrap().len(), 1, "nothing of the refused document was made");

    // A self-made account (registered its own organisation, address confirmed, not
    // verified) keeps no tokens, not even of its own pending organisation.
    let register = "mutation { registerOrganisation(input: { name: \"Eigene Gründung\", kind: INITIATIVE }, registrant: { email: \"selbst@example.org\", displayName: \"Selbst\", password: \"ein langes Passwort hier\" }) }";
    app.gql(None, register, json!({})).await.data();
    let mail = mail_to(&app, "selbst@example.org").await;
    let start = mail.body.find("token=").unwrap() + "token=".len();
    let link = mail.body[start..].split_whitespace().next().unwrap().to_owned();
    let confirmed = app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": link })).await;
    let stranger = confirmed.data()["confirmEmail"]["accessToken"].as_str().unwrap().to_owned();
    let own = app.gql(Some(&stranger), "{ me { memberships { organisation { id } } } }", json!({})).await;
    let own = own.data()["me"]["memberships"][0]["organisation"]["id"].as_str().unwrap().to_owned();
    for org in [own.as_str(), f.org.as_str()] {
        assert_eq!(make(&app, &stranger, org, "Meins", "MANAGE_EVENTS_AND_OFFERINGS", 30).await.code(), Some("FORBIDDEN"));
        let list = app.gql(Some(&stranger), "query($o: ID!) { apiTokens(organisationId: $o) { id } }", json!({ "o": org })).await;
        assert_eq!(list.code(), Some("FORBIDDEN"));
    }
    let revoke = app.gql(Some(&stranger), "mutation($id: ID!) { revokeApiToken(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(revoke.code(), Some("NOT_FOUND"));
});
