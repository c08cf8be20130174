//! "Safe to open": what one anonymous request, a thousand repeated ones or a stranger
//! with a self-made account can do. Each test names the finding it keeps fixed.

use std::net::IpAddr;

use axum::{body::Body, http::Request};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, PASSWORD, TestApp, mails_to, partner_org, published_event},
    on_both_databases,
};

const REGISTER: &str = "mutation($i: OrganisationInput!, $r: RegistrantInput!) { registerOrganisation(input: $i, registrant: $r) }";
const RESET: &str = "mutation($e: String!) { requestPasswordReset(email: $e) }";
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";

fn token_in(body: &str) -> String {
    let start = body.find("token=").expect("link with token") + "token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

fn registration(name: &str, email: &str) -> Value {
    json!({
        "i": { "name": name, "kind": "INITIATIVE" },
        "r": { "email": email, "displayName": "Neue Vertretung", "password": "Unser Verein seit 2024" }
    })
}

/// Registers an organisation, confirms the address and returns the access token.
pub(crate) async fn self_registered(app: &TestApp, name: &str, email: &str) -> String {
    app.gql(None, REGISTER, registration(name, email)).await.data();
    let mail = mails_to(app, email, 1).await.pop().expect("confirmation e-mail");
    let confirm =
        app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": token_in(&mail.body) })).await;
    confirm.data()["confirmEmail"]["accessToken"].as_str().unwrap().to_owned()
}

fn fragment_bomb(levels: usize) -> String {
    let mut q = String::from("fragment G0 on Query { __typename }\n");
    for i in 1..=levels {
        q.push_str(&format!("fragment G{i} on Query {{ ...G{p} ...G{p} }}\n", p = i - 1));
    }
    q.push_str(&format!("{{ ...G{levels} }}"));
    q
}

on_both_databases!(abusive_documents_are_refused_before_any_statement_runs, |app: TestApp| async move {
    let before = app.core.statements().get();
    let bomb = app.gql(None, &fragment_bomb(30), json!({})).await;
    assert_eq!(bomb.code(), Some("BAD_USER_INPUT"), "{}", bomb.body);
    assert_eq!(bomb.body["errors"][0]["extensions"]["reason"], "TOO_MANY_ROOT_FIELDS");
    // 64 KiB of repeated list fields (each costs little alone).
    let repeated = format!("{{ {} }}", "organisations(first:1){totalCount} ".repeat(1_800));
    assert!(repeated.len() < 64 * 1024);
    let a = app.gql(None, &repeated, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    let network = format!("{{ {} }}", "networkOverview { metricsCsv } ".repeat(5));
    let a = app.gql(None, &network, json!({})).await;
    assert_eq!(a.body["errors"][0]["extensions"]["reason"], "TOO_COSTLY", "{}", a.body);
    assert_eq!(app.core.statements().get(), before, "nothing reached the database");
    // The message is in the caller's language.
    let de = app.gql_with(None, &[("accept-language", "de")], &fragment_bomb(30), json!({})).await;
    let en = app.gql_with(None, &[("accept-language", "en")], &fragment_bomb(30), json!({})).await;
    assert_ne!(de.body["errors"][0]["message"], en.body["errors"][0]["message"]);
});

on_both_databases!(every_refusal_carries_a_code_and_the_field, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let unknown = app.gql(None, "{ organisatons { totalCount } }", json!({})).await;
    assert_eq!(unknown.code(), Some("BAD_USER_INPUT"), "{}", unknown.body);
    let word_for_year = app
        .gql(
            Some(&f.admin),
            "mutation { createOrganisation(input: { name: \"Jahr als Wort\", kind: INITIATIVE, foundedYear: \"neunzehn\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(word_for_year.code(), Some("BAD_USER_INPUT"), "{}", word_for_year.body);
    assert_eq!(word_for_year.field(), Some("foundedYear"), "{}", word_for_year.body);
    let bad_enum = app
        .gql(
            Some(&f.admin),
            "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }",
            json!({ "i": { "name": "X Y", "kind": "CLUB" } }),
        )
        .await;
    assert_eq!(bad_enum.code(), Some("BAD_USER_INPUT"), "{}", bad_enum.body);
    let de = app.gql_with(None, &[("accept-language", "de")], "{ organisatons { totalCount } }", json!({})).await;
    let en = app.gql_with(None, &[("accept-language", "en")], "{ organisatons { totalCount } }", json!({})).await;
    assert_ne!(de.body["errors"][0]["message"], en.body["errors"][0]["message"], "German and English differ");
    let too_deep = "{ organisations { edges { node { offerings { organisation { offerings { organisation { offerings { organisation { offerings { title } } } } } } } } } } }";
    assert_eq!(app.gql(None, too_deep, json!({})).await.code(), Some("BAD_USER_INPUT"));
    // A body over the limit is a GraphQL error in JSON too.
    let huge = json!({ "query": format!("{{ topics {{ id }} }} # {}", "x".repeat(70 * 1024)) }).to_string();
    let (status, _, body) =
        app.raw(Request::post("/graphql").header("content-type", "application/json").body(Body::from(huge)).unwrap()).await;
    assert_eq!(status, 413);
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // A version that cannot exist is a conflict, not an overflow.
    let huge_version = app
        .gql(
            Some(&f.admin),
            "mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 2147483647, input: { name: \"Neu\" }) { id } }",
            json!({ "id": f.org }),
        )
        .await;
    assert_eq!(huge_version.code(), Some("CONFLICT"), "{}", huge_version.body);
});

on_both_databases!(a_self_registered_account_is_trusted_only_after_verification, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let token = self_registered(&app, "Neuer Kulturverein", "neu@verein.example").await;
    let me = app.gql(Some(&token), "{ me { role awaitingVerification memberships { organisation { id name } } } }", json!({})).await;
    assert_eq!(me.data()["me"]["awaitingVerification"], true);
    let own = me.data()["me"]["memberships"][0]["organisation"]["id"].as_str().unwrap().to_owned();
    // It sees what the public sees: no members-only organisation, no members' contact fields.
    let count = "{ organisations { totalCount } }";
    let anonymous = app.gql(None, count, json!({})).await.data()["organisations"]["totalCount"].as_i64().unwrap();
    let pending = app.gql(Some(&token), count, json!({})).await.data()["organisations"]["totalCount"].as_i64().unwrap();
    assert_eq!(pending, anonymous + 1, "the public directory plus its own pending profile");
    let hidden = app.gql(Some(&token), "query($id: ID!) { organisation(id: $id) { name } }", json!({ "id": f.members_only })).await;
    assert_eq!(hidden.data()["organisation"], Value::Null);
    // It may edit its pending profile …
    let edit = app
        .gql(
            Some(&token),
            "mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { description: \"Wir bieten Sprachcafés an.\" }) { version } }",
            json!({ "id": own }),
        )
        .await;
    assert_eq!(edit.data()["updateOrganisation"]["version"], 2);
    // … but plans nothing, invites nobody and proposes no relation.
    let event = json!({ "o": [own], "i": { "title": "Sprachcafé", "startsAt": "2031-03-04T18:00", "endsAt": "2031-03-04T20:00", "venue": "Gemeindesaal" } });
    let create_event = "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }";
    assert_eq!(app.gql(Some(&token), create_event, event.clone()).await.code(), Some("FORBIDDEN"));
    let invite = app
        .gql(
            Some(&token),
            "mutation($o: ID!) { inviteUser(input: { email: \"kollegin@verein.example\", role: MO_REPRESENTATIVE, organisationId: $o }) { id } }",
            json!({ "o": own }),
        )
        .await;
    assert_eq!(invite.code(), Some("FORBIDDEN"));
    let relation = app
        .gql(
            Some(&token),
            "mutation($f: ID!, $t: ID!) { proposeRelation(input: { fromOrganisationId: $f, toOrganisationId: $t, kind: COOPERATION }) { id } }",
            json!({ "f": own, "t": f.org }),
        )
        .await;
    assert_eq!(relation.code(), Some("FORBIDDEN"));
    let project = app
        .gql(
            Some(&token),
            "mutation($l: ID!) { createProject(leadOrganisationId: $l, input: { title: \"Sprachcafé-Reihe\" }) { id } }",
            json!({ "l": own }),
        )
        .await;
    assert_eq!(project.code(), Some("FORBIDDEN"));
    // The coordination team verifies: the same sign-in is trusted at once.
    app.gql(Some(&f.admin), "mutation($id: ID!) { verifyOrganisation(id: $id) { verification } }", json!({ "id": own })).await.data();
    let me = app.gql(Some(&token), "{ me { awaitingVerification } }", json!({})).await;
    assert_eq!(me.data()["me"]["awaitingVerification"], false);
    app.gql(Some(&token), create_event, event).await.data();
    let seen = app.gql(Some(&token), "query($id: ID!) { organisation(id: $id) { name } }", json!({ "id": f.members_only })).await;
    assert_eq!(seen.data()["organisation"]["name"], "Geschützter Kreis");
});

on_both_databases!(rejected_and_unconfirmed_registrations_are_removed_in_time, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let token = self_registered(&app, "Abgelehnter Verein", "abgelehnt@verein.example").await;
    let own = app.gql(Some(&token), "{ me { memberships { organisation { id } } } }", json!({})).await.data()["me"]["memberships"][0]
        ["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reject = "mutation($id: ID!, $r: String!) { rejectOrganisation(id: $id, reason: $r) { id } }";
    let refused = app.gql(Some(&f.representative), reject, json!({ "id": own, "r": "Kein Bezug" })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.admin), reject, json!({ "id": own, "r": "Kein Bezug zu Pankow erkennbar" })).await.data();
    let mails = mails_to(&app, "abgelehnt@verein.example", 2).await;
    assert!(mails.iter().any(|m| m.body.contains("Kein Bezug zu Pankow erkennbar")), "the reason is mailed");
    assert!(mails.iter().any(|m| m.body.contains("werden nach 30 Tagen gelöscht")), "and when the entry goes, counted in German");
    // An unconfirmed registration of someone else's address …
    app.gql(None, REGISTER, registration("Vorgemerkt", "opfer@example.org")).await.data();
    let now = chrono::Utc::now();
    app.core.run_maintenance_at(now + chrono::Duration::days(1)).await.unwrap();
    let admin_sees = |id: String| {
        let admin = f.admin.clone();
        let app = &app;
        async move { app.gql(Some(&admin), "query($id: ID!) { organisation(id: $id) { name } }", json!({ "id": id })).await }
    };
    assert_eq!(admin_sees(own.clone()).await.data()["organisation"]["name"], "Abgelehnter Verein", "kept for 30 days");
    app.core.run_maintenance_at(now + chrono::Duration::days(31)).await.unwrap();
    assert_eq!(admin_sees(own).await.data()["organisation"], Value::Null, "removed after 30 days");
    let login = app.gql(None, LOGIN, json!({ "e": "abgelehnt@verein.example", "p": "Unser Verein seit 2024" })).await;
    assert_eq!(login.code(), Some("UNAUTHENTICATED"), "the account is gone");
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { email } } } }", json!({})).await;
    let emails = users.data()["users"]["edges"].to_string();
    assert!(!emails.contains("abgelehnt@") && !emails.contains("opfer@"), "{emails}");
});

on_both_databases!(known_and_unknown_addresses_get_the_same_answer, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let known = app.gql(None, REGISTER, registration("Doppelt", "vertretung@test.org")).await;
    let unknown = app.gql(None, REGISTER, registration("Einmalig", "frisch@verein.example")).await;
    assert_eq!(known.body.to_string(), unknown.body.to_string());
    let mail = mails_to(&app, "vertretung@test.org", 1).await;
    assert!(mail[0].body.contains("schon ein Konto"), "the owner of a known address is told: {}", mail[0].body);
    let known = app.gql(None, RESET, json!({ "e": "vertretung@test.org" })).await;
    let unknown = app.gql(None, RESET, json!({ "e": "niemand@verein.example" })).await;
    assert_eq!(known.body.to_string(), unknown.body.to_string());
    // A registration waiting for confirmation stays as it is (a second one could be a
    // stranger's); the address is mailed a link to choose the password instead.
    app.gql(None, REGISTER, registration("Erster Versuch", "besitzerin@verein.example")).await.data();
    app.gql(None, REGISTER, registration("Zweiter Versuch", "besitzerin@verein.example")).await.data();
    let mails = mails_to(&app, "besitzerin@verein.example", 2).await;
    assert!(mails[1].body.contains("/reset-password?token="), "{}", mails[1].body);
    let confirm = "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }";
    app.gql(None, confirm, json!({ "t": token_in(&mails[0].body) })).await.data();
});

on_both_databases!(mail_sending_operations_are_limited, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Mails to one address are bounded; requests beyond are answered alike (a refusal
    // would lock the owner out, see probing_accounts).
    for _ in 0..6 {
        app.gql(None, RESET, json!({ "e": "multi@test.org" })).await.data();
    }
    let sent = mails_to(&app, "multi@test.org", 5).await;
    assert_eq!(sent.len(), 5, "five mails at most");
    // Every link sent works until one is used.
    let old = token_in(&sent[0].body);
    let newest = token_in(&sent[4].body);
    let reset = "mutation($t: String!) { resetPassword(token: $t, password: \"ein ganz neues Passwort\") }";
    app.gql(None, reset, json!({ "t": old })).await.data();
    assert_eq!(app.gql(None, reset, json!({ "t": newest })).await.code(), Some("BAD_USER_INPUT"));
    // The client is refused once it asked too often.
    let mut limited = app.gql(None, RESET, json!({ "e": "niemand@verein.example" })).await;
    for _ in 0..20 {
        if limited.code().is_some() {
            break;
        }
        limited = app.gql(None, RESET, json!({ "e": "niemand@verein.example" })).await;
    }
    assert_eq!(limited.code(), Some("RATE_LIMITED"), "{}", limited.body);
    assert!(limited.body["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap() >= 1);
    // Registrations from one address.
    for i in 0..5 {
        app.gql(None, REGISTER, registration(&format!("Verein Nummer {i}"), &format!("v{i}@verein.example"))).await.data();
    }
    let sixth = app.gql(None, REGISTER, registration("Verein Nummer 6", "v6@verein.example")).await;
    assert_eq!(sixth.code(), Some("RATE_LIMITED"));
    // Invitations to one address.
    let invite = "mutation { inviteUser(input: { email: \"gast@verein.example\", role: COUNCIL }) { id } }";
    for _ in 0..3 {
        let a = app.gql(Some(&f.admin), invite, json!({})).await;
        assert!(a.code().is_none() || a.code() == Some("BAD_USER_INPUT"), "{}", a.body);
    }
    assert_eq!(app.gql(Some(&f.admin), invite, json!({})).await.code(), Some("RATE_LIMITED"));
});

on_both_databases!(a_strangers_wrong_passwords_do_not_lock_out_the_owner, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let stranger: IpAddr = "198.51.100.7".parse().unwrap();
    let owner: IpAddr = "192.0.2.10".parse().unwrap();
    for _ in 0..5 {
        let e = app.core.login("admin@test.org", "geraten geraten", Some(stranger)).await.unwrap_err();
        assert_eq!(e.code.as_str(), "UNAUTHENTICATED");
    }
    let e = app.core.login("admin@test.org", PASSWORD, Some(stranger)).await.unwrap_err();
    assert_eq!(e.code.as_str(), "RATE_LIMITED", "the stranger is stopped");
    app.core.login("admin@test.org", PASSWORD, Some(owner)).await.expect("the owner signs in from elsewhere");
    // One address trying many accounts is stopped too.
    for i in 0..20 {
        let _ = app.core.login(&format!("konto{i}@test.org"), "geraten geraten", Some(owner)).await;
    }
    let e = app.core.login("admin@test.org", PASSWORD, Some(owner)).await.unwrap_err();
    assert_eq!(e.code.as_str(), "RATE_LIMITED");
});

on_both_databases!(account_lifecycle_closes_every_old_door, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Disabled stays disabled: the confirmation link of a registration does not revive it.
    app.gql(None, REGISTER, registration("Später gesperrt", "gesperrt@verein.example")).await.data();
    let link = token_in(&mails_to(&app, "gesperrt@verein.example", 1).await[0].body);
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email version } } } }", json!({})).await;
    let user = |email: &str| {
        users.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == email).unwrap()["node"].clone()
    };
    let blocked = user("gesperrt@verein.example");
    let update = "mutation($id: ID!, $v: Int!, $r: Role, $s: UserStatus) { updateUser(id: $id, expectedVersion: $v, role: $r, status: $s) { role status version } }";
    app.gql(Some(&f.admin), update, json!({ "id": blocked["id"], "v": blocked["version"], "s": "DISABLED" })).await.data();
    let confirm = app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": link })).await;
    assert_eq!(confirm.code(), Some("BAD_USER_INPUT"), "{}", confirm.body);
    // A representative demoted to multiplier loses their organisations.
    let rep = user("vertretung@test.org");
    let demoted = app.gql(Some(&f.admin), update, json!({ "id": rep["id"], "v": rep["version"], "r": "MULTIPLIER" })).await;
    assert_eq!(demoted.data()["updateUser"]["role"], "MULTIPLIER");
    assert_eq!(app.gql(Some(&f.representative), "{ me { email } }", json!({})).await.code(), Some("UNAUTHENTICATED"), "signed out");
    let again = app.login("vertretung@test.org", PASSWORD).await;
    let me = app.gql(Some(&again), "{ me { memberships { organisation { id } } } }", json!({})).await;
    assert_eq!(me.data()["me"]["memberships"], json!([]));
    // An invitation can be withdrawn.
    let invitation = app
        .gql(Some(&f.admin), "mutation { inviteUser(input: { email: \"zurueck@verein.example\", role: COUNCIL }) { id } }", json!({}))
        .await;
    let id = invitation.data()["inviteUser"]["id"].clone();
    let token = token_in(&mails_to(&app, "zurueck@verein.example", 1).await[0].body);
    assert_eq!(
        app.gql(Some(&f.multiplier), "mutation($id: ID!) { revokeInvitation(id: $id) }", json!({ "id": id })).await.code(),
        Some("FORBIDDEN")
    );
    app.gql(Some(&f.admin), "mutation($id: ID!) { revokeInvitation(id: $id) }", json!({ "id": id })).await.data();
    let accept = app
        .gql(None, "mutation($t: String!) { acceptInvitation(token: $t, displayName: \"Zu spät\", password: \"ein gutes langes Passwort\") { accessToken } }", json!({ "t": token }))
        .await;
    assert_eq!(accept.code(), Some("BAD_USER_INPUT"));
    // A changed password voids reset links sent before.
    app.gql(None, RESET, json!({ "e": "beirat@test.org" })).await.data();
    let reset_link = token_in(&mails_to(&app, "beirat@test.org", 1).await[0].body);
    app.gql(
        Some(&f.council),
        "mutation { changePassword(currentPassword: \"ein langes Test-Passwort\", newPassword: \"ein neues Beiratspasswort\") }",
        json!({}),
    )
    .await
    .data();
    let reset = app
        .gql(
            None,
            "mutation($t: String!) { resetPassword(token: $t, password: \"noch ein anderes Passwort\") }",
            json!({ "t": reset_link }),
        )
        .await;
    assert_eq!(reset.code(), Some("BAD_USER_INPUT"));
    // A fullwidth address is the same address.
    let a = app.gql(None, LOGIN, json!({ "e": "\u{FF41}dmin@test.org", "p": PASSWORD })).await;
    assert!(a.data()["login"]["accessToken"].is_string());
});

on_both_databases!(the_last_admin_stays_also_under_concurrent_demotions, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    app.core.create_user("admin2@test.org", "Zweite Koordination", migraup_domain::Role::Admin, PASSWORD).await.unwrap();
    let second = app.login("admin2@test.org", PASSWORD).await;
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email version } } } }", json!({})).await;
    let user = |email: &str| {
        users.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == email).unwrap()["node"].clone()
    };
    let (a, b) = (user("admin@test.org"), user("admin2@test.org"));
    let update = "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, role: COUNCIL) { role } }";
    // Each admin demotes the other at the same moment: one of them must stay.
    let (x, y) = tokio::join!(
        app.gql(Some(&f.admin), update, json!({ "id": b["id"], "v": b["version"] })),
        app.gql(Some(&second), update, json!({ "id": a["id"], "v": a["version"] })),
    );
    let succeeded = [&x, &y].iter().filter(|r| r.code().is_none()).count();
    assert!(succeeded <= 1, "{} / {}", x.body, y.body);
    let users = app
        .gql(Some(&app.login("admin@test.org", PASSWORD).await), "{ users(first: 50) { edges { node { role status } } } }", json!({}))
        .await;
    let users = if users.body.get("errors").is_some() {
        app.gql(Some(&app.login("admin2@test.org", PASSWORD).await), "{ users(first: 50) { edges { node { role status } } } }", json!({}))
            .await
    } else {
        users
    };
    let admins = users.data()["users"]["edges"].as_array().unwrap().iter().filter(|e| e["node"]["role"] == "ADMIN").count();
    assert_eq!(admins, 1, "exactly one admin is left");
});

on_both_databases!(formula_cells_leave_csv_exports_neutralised, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // A name a spreadsheet would read as a formula never gets in (the CSV writer's own
    // neutralising, the second wall, is tested in `crates/formats/src/csv.rs`).
    let a = app
        .gql(
            Some(&f.admin),
            "mutation { createOrganisation(input: { name: \"=HYPERLINK(\\\"http://evil.example\\\")\", kind: INITIATIVE }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    assert_eq!(a.field(), Some("name"));
    let csv = app.gql(Some(&f.council), "{ networkOverview { metricsCsv } }", json!({})).await;
    let csv = csv.data()["networkOverview"]["metricsCsv"].as_str().unwrap().to_owned();
    assert!(!csv.contains("HYPERLINK"), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("=") || l.contains(",=")), "{csv}");
});

on_both_databases!(events_join_only_projects_their_planner_plans, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    let project = app
        .gql(
            Some(&f.other_representative),
            "mutation($l: ID!) { createProject(leadOrganisationId: $l, input: { title: \"Fremdes Projekt\" }) { id } }",
            json!({ "l": partner }),
        )
        .await;
    let project = project.data()["createProject"]["id"].clone();
    let event = json!({ "o": [f.org], "i": { "title": "Trittbrett", "startsAt": "2031-03-04T18:00", "endsAt": "2031-03-04T20:00", "venue": "Saal", "projectId": project } });
    let create = "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }";
    assert_eq!(app.gql(Some(&f.representative), create, event).await.code(), Some("FORBIDDEN"));
});

#[tokio::test]
async fn dev_mode_refuses_a_non_loopback_address_and_production_plain_http() {
    let mut settings = crate::helpers::settings("sqlite::memory:".into());
    settings.bind = "0.0.0.0:0".parse().unwrap();
    let message = settings.check().unwrap_err();
    assert!(message.contains("loopback"), "{message}");
    settings.env = "production".into();
    settings.smtp_url = Some("smtp://127.0.0.1:2525".into());
    settings.public_url = Some("http://migraup.example".into());
    assert!(settings.check().unwrap_err().contains("https"));
    settings.allow_http = true;
    settings.check().expect("allowed behind an https proxy");
    settings.public_url = Some("https://migraup.example".into());
    settings.allow_http = false;
    settings.trusted_proxies = Some("10.0.0.0/8, 127.0.0.1".into());
    settings.check().expect("production with https");
    settings.trusted_proxies = Some("not-an-address".into());
    assert!(settings.check().unwrap_err().contains("MIGRAUP_TRUSTED_PROXIES"));
}

#[tokio::test]
async fn production_headers_forbid_inline_scripts_and_ask_for_https() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("migraup-csp-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>migraup</title><script type=\"module\">import init from '/app.js'; init();</script>",
    )
    .unwrap();
    let mut settings = crate::helpers::settings("sqlite::memory:".into());
    settings.env = "production".into();
    settings.public_url = Some("https://migraup.example".into());
    let router = migraup_server::router(app.core.clone(), &settings, &dir)
        .expect("router")
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 1))));
    use tower::ServiceExt;
    let index = router.oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    let csp = index.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unpkg"), "{csp}");
    assert!(csp.contains("'sha256-"), "the loader is allowed by its hash: {csp}");
    assert!(index.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    assert!(index.headers()["permissions-policy"].to_str().unwrap().contains("camera=()"));
    let _ = std::fs::remove_dir_all(dir);
}

on_both_databases!(the_calendar_feed_is_cached_until_the_next_change, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let get = || async { app.raw(Request::get("/calendar.ics").body(Body::empty()).unwrap()).await };
    let (status, _, first) = get().await;
    assert_eq!(status, 200);
    let before = app.core.statements().get();
    let (_, _, again) = get().await;
    assert_eq!(first, again);
    assert_eq!(app.core.statements().get() - before, 1, "a cached feed costs one statement (the change stamp)");
    // A change (any audited write) makes the next feed fresh.
    published_event(
        &app,
        &f,
        json!({ "title": "Neues Sprachcafé", "startsAt": "2031-03-04T18:00", "endsAt": "2031-03-04T20:00", "venue": "Saal" }),
    )
    .await;
    let (_, _, fresh) = get().await;
    assert!(String::from_utf8_lossy(&fresh).contains("Neues Sprachcaf"), "the new event is in the feed");
});

// The fields this round added, as an anonymous caller, a stranger with a self-made
// account, and a document that repeats one a thousand times.
on_both_databases!(new_fields_refuse_strangers_and_repetition, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let stranger = self_registered(&app, "Selbst angelegt", "fremd@verein.example").await;
    let admin_only = [
        ("mutation($id: ID!) { deleteAccount(id: $id) }", json!({ "id": f.org })),
        ("{ mailOutbox { id } }", json!({})),
        ("mutation($id: ID!) { rejectOrganisation(id: $id, reason: \"Kein Bezug\") { id } }", json!({ "id": f.unverified })),
        ("mutation($id: ID!) { resendMail(id: $id) { id } }", json!({ "id": f.org })),
        ("mutation($id: ID!) { revokeInvitation(id: $id) }", json!({ "id": f.org })),
    ];
    for (query, variables) in &admin_only {
        assert_eq!(app.gql(None, query, variables.clone()).await.code(), Some("UNAUTHENTICATED"), "{query}");
        assert_eq!(app.gql(Some(&stranger), query, variables.clone()).await.code(), Some("FORBIDDEN"), "{query}");
    }
    for query in ["{ myData }", "mutation { deleteMyAccount(password: \"egal egal egal\") }"] {
        assert_eq!(app.gql(None, query, json!({})).await.code(), Some("UNAUTHENTICATED"), "{query}");
    }
    // A thousand repetitions never reach the database.
    let before = app.core.statements().get();
    let id = f.org.as_str();
    let fields = [
        "mailOutbox { id } ".to_owned(),
        "myData ".to_owned(),
        "deleteMyAccount(password: \"egal egal egal\") ".to_owned(),
        format!("deleteAccount(id: \"{id}\") "),
        format!("rejectOrganisation(id: \"{id}\", reason: \"x\") {{ id }} "),
        format!("resendMail(id: \"{id}\") {{ id }} "),
        format!("revokeInvitation(id: \"{id}\") "),
    ];
    for field in &fields {
        let op = if field.starts_with("mailOutbox") || field.starts_with("myData") { "" } else { "mutation " };
        let a = app.gql(Some(&f.admin), &format!("{op}{{ {} }}", field.repeat(1000)), json!({})).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    }
    // Authentication aside (one statement each), nothing ran.
    assert!(app.core.statements().get() - before <= 6);
    // Guessing one's own password to delete the account (argon2 each time) is limited.
    for _ in 0..5 {
        let a = app.gql(Some(&stranger), "mutation { deleteMyAccount(password: \"falsch falsch falsch\") }", json!({})).await;
        assert_eq!(a.field(), Some("password"));
    }
    let a = app.gql(Some(&stranger), "mutation { deleteMyAccount(password: \"Unser Verein seit 2024\") }", json!({})).await;
    assert_eq!(a.code(), Some("RATE_LIMITED"), "{}", a.body);
});

// A self-made account reads the events list as a visitor does: no members-only event.
on_both_databases!(a_provisional_account_lists_only_public_events, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    for (title, visibility) in [("Offenes Fest", "PUBLIC"), ("Internes Treffen", "MEMBERS")] {
        let input = json!({ "title": title, "startsAt": "2031-05-04T10:00", "endsAt": "2031-05-04T12:00", "venue": "Saal", "visibility": visibility });
        published_event(&app, &f, input).await;
    }
    let stranger = self_registered(&app, "Eigene Gründung", "fremd@beispiel.de").await;
    let list = "{ events(first: 50) { edges { node { title } } } }";
    let seen = app.gql(Some(&stranger), list, json!({})).await;
    let text = seen.data().to_string();
    assert!(text.contains("Offenes Fest"), "{text}");
    assert!(!text.contains("Internes Treffen"), "a provisional account sees a members-only event: {text}");
    // A trusted member sees both.
    let member = app.gql(Some(&f.council), list, json!({})).await.data().to_string();
    assert!(member.contains("Internes Treffen"), "{member}");
});

// The relation import (issue 25, finding 7) as an anonymous caller, a stranger with a
// self-made account, and a document that repeats it; what an admin's preview lists is
// bounded by its lines (at most 1,000, each with scalars only).
on_both_databases!(the_relation_import_refuses_strangers_and_repetition, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let stranger = self_registered(&app, "Selbst angelegt", "fremd@verein.example").await;
    let csv = json!({ "c": "A;B;COOPERATION;\n" });
    let preview = "mutation($c: String!) { previewRelationImport(csv: $c) { valid } }";
    let commit = "mutation($c: String!) { commitRelationImport(csv: $c) { recorded } }";
    for query in [preview, commit] {
        assert_eq!(app.gql(None, query, csv.clone()).await.code(), Some("UNAUTHENTICATED"), "{query}");
        assert_eq!(app.gql(Some(&stranger), query, csv.clone()).await.code(), Some("FORBIDDEN"), "{query}");
        assert_eq!(app.gql(Some(&f.multiplier), query, csv.clone()).await.code(), Some("FORBIDDEN"), "{query}");
    }
    // Repeated in one document: refused before anything runs, for the coordination team too.
    let before = app.core.statements().get();
    for field in ["previewRelationImport(csv: $c) { valid } ", "commitRelationImport(csv: $c) { recorded } "] {
        for times in [25, 1_000] {
            let query = format!("mutation($c: String!) {{ {} }}", field.repeat(times));
            let answer = app.gql(Some(&f.admin), &query, csv.clone()).await;
            assert_eq!(answer.code(), Some("BAD_USER_INPUT"), "{times}: {}", answer.body);
        }
    }
    assert_eq!(app.core.statements().get(), before, "nothing reached the database");
    // The bound the guard counts for the preview's rows is the import's own limit: a header and 1,000 lines.
    let lines = (0..1_002).map(|i| format!("A{i};B{i};COOPERATION;")).collect::<Vec<_>>().join("\n");
    let too_long = app.gql(Some(&f.admin), preview, json!({ "c": lines })).await;
    assert_eq!(too_long.code(), Some("BAD_USER_INPUT"), "{}", too_long.body);
    assert_eq!(too_long.field(), Some("csv"));
});
