//! Organisations keeping their own data true: claiming a profile nobody represents,
//! joining one, suggesting one; reminders to confirm entries (with a clock the test
//! sets), the single-use "still current" link, offerings hidden after 18 months.

use chrono::{Duration, Utc};
use sea_orm::{
    ConnectionTrait, Database,
    sea_query::{Alias, Expr, Query},
};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp, mail_to},
    on_both_databases,
};

const CLAIM: &str = "mutation($i: ClaimOrganisationInput!) { claimOrganisation(input: $i) { id state kind version personEmail } }";
const JOIN: &str = "mutation($o: ID!, $m: String) { requestToJoinOrganisation(organisationId: $o, message: $m) { id state version } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $a: Boolean!, $r: String) { decideOrganisationRequest(id: $id, expectedVersion: $v, approve: $a, reason: $r) { id state reason } }";
const INBOX: &str =
    "{ inbox { toDecide { id kind personName personEmail proofEmail message } mine { id state reason canWithdraw personEmail } } }";

/// A verified organisation nobody represents, entered by the coordination team.
async fn unrepresented(app: &TestApp, f: &Fixture, name: &str) -> String {
    let a = app
        .gql(
            Some(&f.admin),
            "mutation($n: String!) { createOrganisation(input: { name: $n, kind: MIGRANT_ORGANISATION }) { id } }",
            json!({ "n": name }),
        )
        .await;
    a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned()
}

fn to_decide(inbox: &Value) -> Vec<Value> {
    inbox["inbox"]["toDecide"].as_array().unwrap().clone()
}

on_both_databases!(a_profile_is_claimed_and_the_coordination_team_decides, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let free = unrepresented(&app, &f, "Kulturverein Ohne Vertretung").await;
    let claimable = "query($id: ID!) { organisation(id: $id) { claimable myRequestPending } }";
    assert_eq!(app.gql(None, claimable, json!({ "id": free })).await.data()["organisation"]["claimable"], true);
    assert_eq!(app.gql(None, claimable, json!({ "id": f.org })).await.data()["organisation"]["claimable"], false);

    // Who may not claim: the council, the coordination team, and nobody claims a
    // profile that has representatives (they join it instead).
    let input = |org: &str| json!({ "i": { "organisationId": org, "message": "Ich bin die Vorsitzende.", "proofEmail": "vorstand@kulturverein.de" } });
    assert_eq!(app.gql(Some(&f.council), CLAIM, input(&free)).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.admin), CLAIM, input(&free)).await.code(), Some("FORBIDDEN"));
    let taken = app.gql(Some(&f.other_representative), CLAIM, input(&f.org)).await;
    assert_eq!((taken.code(), taken.field()), (Some("BAD_USER_INPUT"), Some("organisationId")));
    let bad = app.gql(Some(&f.multiplier), CLAIM, json!({ "i": { "organisationId": free, "proofEmail": "kein-mail" } })).await;
    assert_eq!(bad.field(), Some("proofEmail"));

    // A multiplier who works there claims it, once.
    let claim = app.gql(Some(&f.multiplier), CLAIM, input(&free)).await;
    let request = claim.data()["claimOrganisation"].clone();
    assert_eq!((request["state"].as_str(), request["kind"].as_str()), (Some("PENDING"), Some("CLAIM")));
    assert!(request["personEmail"].is_null(), "the person who asks does not decide");
    let again = app.gql(Some(&f.multiplier), CLAIM, input(&free)).await;
    assert_eq!((again.code(), again.field()), (Some("BAD_USER_INPUT"), Some("organisationId")), "{}", again.body);
    assert_eq!(app.gql(Some(&f.multiplier), claimable, json!({ "id": free })).await.data()["organisation"]["myRequestPending"], true);
    let notice = mail_to(&app, "admin@test.org").await;
    assert!(notice.body.contains("Kulturverein Ohne Vertretung") && notice.body.contains("Ich bin die Vorsitzende."), "{}", notice.body);

    // The coordination team sees it with the proof; a representative does not.
    let inbox = app.gql(Some(&f.admin), INBOX, json!({})).await;
    let listed = to_decide(inbox.data());
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0]["personEmail"].as_str(), listed[0]["proofEmail"].as_str()),
        (Some("multi@test.org"), Some("vorstand@kulturverein.de"))
    );
    assert!(to_decide(app.gql(Some(&f.representative), INBOX, json!({})).await.data()).is_empty());

    // Someone not entitled cannot decide; a decline needs a reason; a stale version conflicts.
    let id = request["id"].as_str().unwrap();
    let vars = |v: i64, a: bool, r: Option<&str>| json!({ "id": id, "v": v, "a": a, "r": r });
    assert_eq!(app.gql(Some(&f.representative), DECIDE, vars(1, true, None)).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.multiplier), DECIDE, vars(1, true, None)).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(None, DECIDE, vars(1, true, None)).await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(app.gql(Some(&f.admin), DECIDE, vars(1, false, None)).await.field(), Some("reason"));
    assert_eq!(app.gql(Some(&f.admin), DECIDE, vars(7, true, None)).await.code(), Some("CONFLICT"));
    // Before approval the multiplier cannot edit it.
    let edit = "mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { description: \"Von uns gepflegt.\" }) { description } }";
    assert_eq!(app.gql(Some(&f.multiplier), edit, json!({ "id": free, "v": 1 })).await.code(), Some("FORBIDDEN"));
    let approved = app.gql(Some(&f.admin), DECIDE, vars(1, true, None)).await;
    assert_eq!(approved.data()["decideOrganisationRequest"]["state"], "APPROVED");
    assert_eq!(app.gql(Some(&f.admin), DECIDE, vars(2, false, Some("doch nicht"))).await.field(), Some("id"), "decided once");
    // Now a representative: edits the profile, told by e-mail.
    let me = app.gql(Some(&f.multiplier), "{ me { role } }", json!({})).await;
    assert_eq!(me.data()["me"]["role"], "MO_REPRESENTATIVE");
    assert_eq!(
        app.gql(Some(&f.multiplier), edit, json!({ "id": free, "v": 1 })).await.data()["updateOrganisation"]["description"],
        "Von uns gepflegt."
    );
    assert!(mail_to(&app, "multi@test.org").await.body.contains("/edit"));
    assert_eq!(app.gql(None, claimable, json!({ "id": free })).await.data()["organisation"]["claimable"], false);
    let audit = app.gql(Some(&f.admin), "{ auditLog(first: 50) { edges { node { action } } } }", json!({})).await;
    assert!(audit.body.to_string().contains("approve_request"));
});

on_both_databases!(a_new_person_claims_a_profile_after_confirming_their_address, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let free = unrepresented(&app, &f, "Elternnetzwerk Buch").await;
    let no_account = app.gql(None, CLAIM, json!({ "i": { "organisationId": free } })).await;
    assert_eq!(no_account.code(), Some("UNAUTHENTICATED"));
    let registrant = json!({ "email": "leyla@elternnetz.de", "displayName": "Leyla", "password": "ein sehr langes Passwort" });
    let claim = app
        .gql(None, CLAIM, json!({ "i": { "organisationId": free, "message": "Ich koordiniere das Netzwerk.", "registrant": registrant } }))
        .await;
    assert!(claim.data()["claimOrganisation"].is_null());
    // Nobody is bothered before the address is confirmed.
    assert!(to_decide(app.gql(Some(&f.admin), INBOX, json!({})).await.data()).is_empty());
    let mail = mail_to(&app, "leyla@elternnetz.de").await;
    let start = mail.body.find("token=").expect("a confirmation link") + "token=".len();
    let token = mail.body[start..].split_whitespace().next().unwrap().to_owned();
    let confirmed = app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": token })).await;
    let leyla = confirmed.data()["confirmEmail"]["accessToken"].as_str().unwrap().to_owned();
    // Until approved the new account is trusted with nothing.
    assert_eq!(app.gql(Some(&leyla), "{ networkOverview { summary { organisations } } }", json!({})).await.code(), Some("FORBIDDEN"));
    let listed = to_decide(app.gql(Some(&f.admin), INBOX, json!({})).await.data());
    assert_eq!(listed.len(), 1, "the claim reaches the coordination team once confirmed");
    assert_eq!(listed[0]["personName"], "Leyla");
    let approved = app.gql(Some(&f.admin), DECIDE, json!({ "id": listed[0]["id"], "v": 1, "a": true })).await;
    assert_eq!(approved.data()["decideOrganisationRequest"]["state"], "APPROVED");
    let signed_in = app.login("leyla@elternnetz.de", "ein sehr langes Passwort").await;
    let edit = "mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { website: \"https://elternnetz.de\" }) { website } }";
    assert_eq!(
        app.gql(Some(&signed_in), edit, json!({ "id": free, "v": 1 })).await.data()["updateOrganisation"]["website"],
        "https://elternnetz.de"
    );
    // A stranger cannot claim a represented profile with a made-up account either.
    let other = json!({ "email": "fremd@example.org", "displayName": "Fremd", "password": "noch ein langes Passwort" });
    let refused = app.gql(None, CLAIM, json!({ "i": { "organisationId": free, "registrant": other } })).await;
    assert_eq!((refused.code(), refused.field()), (Some("BAD_USER_INPUT"), Some("organisationId")));
});

on_both_databases!(joining_is_decided_by_the_organisations_representatives, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let free = unrepresented(&app, &f, "Ohne Vertretung").await;
    assert_eq!(app.gql(None, JOIN, json!({ "o": f.org })).await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(app.gql(Some(&f.council), JOIN, json!({ "o": f.org })).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.representative), JOIN, json!({ "o": f.org })).await.field(), Some("organisationId"), "already a member");
    assert_eq!(
        app.gql(Some(&f.multiplier), JOIN, json!({ "o": free })).await.field(),
        Some("organisationId"),
        "nobody to decide: claim it"
    );
    // An unverified organisation cannot be joined by a stranger (it is not even visible).
    assert_eq!(app.gql(Some(&f.multiplier), JOIN, json!({ "o": f.unverified })).await.code(), Some("BAD_USER_INPUT"));

    let asked = app.gql(Some(&f.other_representative), JOIN, json!({ "o": f.org, "m": "Ich leite das Sprachcafé." })).await;
    let id = asked.data()["requestToJoinOrganisation"]["id"].as_str().unwrap().to_owned();
    assert!(mail_to(&app, "vertretung@test.org").await.body.contains("Ich leite das Sprachcafé."));
    let inbox = app.gql(Some(&f.representative), INBOX, json!({})).await;
    assert_eq!(to_decide(inbox.data()).len(), 1);
    // The person who asks cannot let themself in; nor can another organisation's member.
    assert_eq!(app.gql(Some(&f.other_representative), DECIDE, json!({ "id": id, "v": 1, "a": true })).await.code(), Some("FORBIDDEN"));
    let declined =
        app.gql(Some(&f.representative), DECIDE, json!({ "id": id, "v": 1, "a": false, "r": "Wir kennen Sie noch nicht." })).await;
    assert_eq!(declined.data()["decideOrganisationRequest"]["state"], "DECLINED");
    assert!(mail_to(&app, "andere@test.org").await.body.contains("Wir kennen Sie noch nicht."));
    let mine = app.gql(Some(&f.other_representative), INBOX, json!({})).await;
    assert_eq!(mine.data()["inbox"]["mine"][0]["reason"], "Wir kennen Sie noch nicht.");

    // Asking again is possible after a decision, and the person may take it back.
    let again = app.gql(Some(&f.other_representative), JOIN, json!({ "o": f.org })).await;
    let id = again.data()["requestToJoinOrganisation"]["id"].as_str().unwrap().to_owned();
    let withdraw = "mutation($id: ID!) { withdrawOrganisationRequest(id: $id) { state } }";
    assert_eq!(app.gql(Some(&f.representative), withdraw, json!({ "id": id })).await.code(), Some("NOT_FOUND"), "only one's own");
    assert_eq!(
        app.gql(Some(&f.other_representative), withdraw, json!({ "id": id })).await.data()["withdrawOrganisationRequest"]["state"],
        "WITHDRAWN"
    );
    assert!(to_decide(app.gql(Some(&f.representative), INBOX, json!({})).await.data()).is_empty());
    // Approval makes a member who can edit.
    let third = app.gql(Some(&f.other_representative), JOIN, json!({ "o": f.org })).await;
    let id = third.data()["requestToJoinOrganisation"]["id"].as_str().unwrap().to_owned();
    app.gql(Some(&f.representative), DECIDE, json!({ "id": id, "v": 1, "a": true })).await.data();
    let edit = "mutation($id: ID!) { confirmOrganisationCurrent(id: $id) { id } }";
    app.gql(Some(&f.other_representative), edit, json!({ "id": f.org })).await.data();
});

on_both_databases!(a_suggestion_waits_for_the_coordination_team_without_making_a_representative, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let suggest =
        "mutation { suggestOrganisation(input: { name: \"Nachbarschaftsgarten Karow\", kind: INITIATIVE }) { id verification canEdit } }";
    assert_eq!(app.gql(None, suggest, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let made = app.gql(Some(&f.council), suggest, json!({})).await;
    let org = made.data()["suggestOrganisation"].clone();
    assert_eq!((org["verification"].as_str(), org["canEdit"].as_bool()), (Some("UNVERIFIED"), Some(false)));
    let id = org["id"].as_str().unwrap();
    assert!(mail_to(&app, "admin@test.org").await.body.contains("Nachbarschaftsgarten Karow"));
    // Not public, not the suggester's to edit; the coordination team completes it.
    assert!(app.gql(None, "query($id: ID!) { organisation(id: $id) { id } }", json!({ "id": id })).await.data()["organisation"].is_null());
    let edit =
        "mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { website: \"https://garten.example\" }) { id } }";
    assert_eq!(app.gql(Some(&f.council), edit, json!({ "id": id })).await.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.admin), edit, json!({ "id": id })).await.data();
    app.gql(Some(&f.admin), "mutation($id: ID!) { verifyOrganisation(id: $id) { id } }", json!({ "id": id })).await.data();
    let claimable = app.gql(None, "query($id: ID!) { organisation(id: $id) { claimable } }", json!({ "id": id })).await;
    assert_eq!(claimable.data()["organisation"]["claimable"], true, "a verified suggestion waits to be claimed");
});

/// Sets an offering's last confirmation, as if time had passed.
async fn confirmed_months_ago(app: &TestApp, title: &str, months: u32) {
    use sea_orm::sea_query::ExprTrait;
    let db = Database::connect(app.database_url()).await.unwrap();
    let at = Utc::now().checked_sub_months(chrono::Months::new(months)).unwrap() - Duration::days(1);
    let update = Query::update()
        .table(Alias::new("offerings"))
        .value(Alias::new("confirmed_at"), at)
        .and_where(Expr::col(Alias::new("title")).eq(title))
        .to_owned();
    db.execute(&update).await.unwrap();
}

on_both_databases!(representatives_are_reminded_once_and_confirm_with_one_click, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let now = Utc::now();
    let in_months = |m: u32| now.checked_add_months(chrono::Months::new(m)).unwrap() + Duration::days(2);
    assert_eq!(app.core.send_freshness_reminders_at(in_months(10)).await.unwrap(), 0, "nothing due after ten months");
    // After eleven months: the fixture's two represented organisations (the
    // unverified one and nobody-represented ones get nothing).
    assert_eq!(app.core.send_freshness_reminders_at(in_months(11)).await.unwrap(), 2);
    assert_eq!(app.core.send_freshness_reminders_at(in_months(11)).await.unwrap(), 0, "never twice for the same period");
    assert_eq!(app.core.send_freshness_reminders_at(in_months(12)).await.unwrap(), 0, "not again until confirmed");
    let mail = mail_to(&app, "vertretung@test.org").await;
    assert!(mail.body.contains("/edit"), "{}", mail.body);
    let start = mail.body.find("still-current?token=").expect("a one-click link") + "still-current?token=".len();
    let token = mail.body[start..].split_whitespace().next().unwrap().to_owned();
    let click = "mutation($t: String!) { confirmCurrentByLink(token: $t) { name slug } }";
    let done = app.gql(None, click, json!({ "t": token })).await;
    let name = done.data()["confirmCurrentByLink"]["name"].as_str().unwrap().to_owned();
    assert!(name == "Verein Sonnenblume e.V." || name == "Geschützter Kreis");
    let twice = app.gql(None, click, json!({ "t": token })).await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("token")), "single use");
    assert_eq!(app.gql(None, click, json!({ "t": "erfunden" })).await.field(), Some("token"));
    let audit = app.gql(Some(&f.admin), "{ auditLog(first: 50) { edges { node { action } } } }", json!({})).await;
    assert!(audit.body.to_string().contains("confirm_current") && audit.body.to_string().contains("remind_current"));
    // The coordination team sees who was reminded and who answered.
    let overview = "{ freshnessOverview { name profile oldest remindedAt answered offeringsHidden } }";
    assert_eq!(app.gql(Some(&f.representative), overview, json!({})).await.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.admin), overview, json!({})).await.data();
});

on_both_databases!(an_offering_unconfirmed_for_eighteen_months_leaves_the_public_directory, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let create =
        "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Hausaufgabenhilfe Rosenthal\" }) { id freshness } }";
    let made = app.gql(Some(&f.representative), create, json!({ "o": f.org })).await;
    assert_eq!(made.data()["createOffering"]["freshness"], "CURRENT");
    let offering = made.data()["createOffering"]["id"].as_str().unwrap().to_owned();
    let offerings = "query($id: ID!) { organisation(id: $id) { offeringCount offerings { title freshness } } }";
    let search = "{ organisations(filter: { search: \"Hausaufgabenhilfe\" }) { totalCount } }";
    confirmed_months_ago(&app, "Hausaufgabenhilfe Rosenthal", 12).await;
    let stale = app.gql(None, offerings, json!({ "id": f.org })).await;
    assert_eq!(stale.data()["organisation"]["offerings"][0]["freshness"], "STALE", "marked, still shown");
    let request = axum::http::Request::get("/organisations/verein-sonnenblume-e-v").body(axum::body::Body::empty()).unwrap();
    let page = String::from_utf8(app.raw(request).await.2).unwrap();
    assert_eq!(page.matches("data-testid=\"stale\"").count(), 1, "the server's page marks the offering, not the profile");
    confirmed_months_ago(&app, "Hausaufgabenhilfe Rosenthal", 18).await;
    let hidden = app.gql(None, offerings, json!({ "id": f.org })).await;
    assert_eq!(hidden.data()["organisation"]["offerings"], json!([]), "{}", hidden.body);
    assert_eq!(hidden.data()["organisation"]["offeringCount"], 0);
    assert_eq!(app.gql(None, search, json!({})).await.data()["organisations"]["totalCount"], 0);
    assert!(app.gql(None, "query($id: ID!) { offering(id: $id) { id } }", json!({ "id": offering })).await.data()["offering"].is_null());
    assert_eq!(app.gql(Some(&f.multiplier), offerings, json!({ "id": f.org })).await.data()["organisation"]["offerings"], json!([]));
    // Its organisation still sees it, marked, and the coordination team's overview lists it.
    let own = app.gql(Some(&f.representative), offerings, json!({ "id": f.org })).await;
    assert_eq!(own.data()["organisation"]["offerings"][0]["freshness"], "HIDDEN");
    let overview = app.gql(Some(&f.admin), "{ freshnessOverview { name offeringsHidden } }", json!({})).await;
    let entry = overview.data()["freshnessOverview"].as_array().unwrap().iter().find(|e| e["name"] == "Verein Sonnenblume e.V.").cloned();
    assert_eq!(entry.expect("listed")["offeringsHidden"], 1);
    // Confirmed: back for everyone. Only its organisation may confirm it.
    let confirm = "mutation($id: ID!) { confirmOfferingCurrent(id: $id) { freshness } }";
    assert_eq!(app.gql(Some(&f.other_representative), confirm, json!({ "id": offering })).await.code(), Some("FORBIDDEN"));
    assert_eq!(
        app.gql(Some(&f.representative), confirm, json!({ "id": offering })).await.data()["confirmOfferingCurrent"]["freshness"],
        "CURRENT"
    );
    assert_eq!(app.gql(None, search, json!({})).await.data()["organisations"]["totalCount"], 1);
});

/// Repeats `query` until it answers `RATE_LIMITED`; every answer before must be `allowed`
/// (a code, or `None` for data). Returns how many passed.
async fn until_limited(app: &TestApp, token: Option<&str>, query: &str, vars: impl Fn(usize) -> Value, allowed: &[Option<&str>]) -> usize {
    for n in 0..30 {
        let a = app.gql(token, query, vars(n)).await;
        if a.code() == Some("RATE_LIMITED") {
            return n;
        }
        assert!(allowed.contains(&a.code()), "attempt {n}: {}", a.body);
    }
    panic!("never limited: {query}");
}

on_both_databases!(floods_and_self_made_accounts_get_nothing_from_self_service, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let free = unrepresented(&app, &f, "Offener Kulturverein").await;
    // One document cannot repeat a mutation: more than five aliases are refused before anything runs.
    let repeated: String = (0..6).map(|i| format!(" c{i}: confirmCurrentByLink(token: \"erfunden{i}\") {{ name }}")).collect();
    assert_eq!(app.gql(None, &format!("mutation {{{repeated} }}"), json!({})).await.code(), Some("BAD_USER_INPUT"));
    let claims: String = (0..6).map(|i| format!(" c{i}: claimOrganisation(input: {{ organisationId: \"{free}\" }}) {{ id }}")).collect();
    assert_eq!(app.gql(Some(&f.multiplier), &format!("mutation {{{claims} }}"), json!({})).await.code(), Some("BAD_USER_INPUT"));

    // A self-made account (registered its own organisation, address confirmed, not
    // verified) may not claim, join or suggest.
    let register = "mutation { registerOrganisation(input: { name: \"Eigene Gründung\", kind: INITIATIVE }, registrant: { email: \"selbst@example.org\", displayName: \"Selbst\", password: \"ein langes Passwort hier\" }) }";
    app.gql(None, register, json!({})).await.data();
    let mail = mail_to(&app, "selbst@example.org").await;
    let start = mail.body.find("token=").unwrap() + "token=".len();
    let token = mail.body[start..].split_whitespace().next().unwrap().to_owned();
    let confirmed = app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": token })).await;
    let stranger = confirmed.data()["confirmEmail"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(app.gql(Some(&stranger), CLAIM, json!({ "i": { "organisationId": free } })).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&stranger), JOIN, json!({ "o": f.org })).await.code(), Some("FORBIDDEN"));
    let suggest = "mutation { suggestOrganisation(input: { name: \"Noch ein Verein\", kind: INITIATIVE }) { id } }";
    assert_eq!(app.gql(Some(&stranger), suggest, json!({})).await.code(), Some("FORBIDDEN"));

    // Anonymous claims by new people share the registrations' limit per client (each
    // costs a password hash and a mail): a handful, then RATE_LIMITED.
    let claim = |n: usize| json!({ "i": { "organisationId": free, "registrant": { "email": format!("neu{n}@example.org"), "displayName": "Neu", "password": "ein langes Passwort hier" } } });
    assert!(until_limited(&app, None, CLAIM, claim, &[None]).await <= 5);
    // Guessing "still current" links: at most 20 tries per client in ten minutes.
    let click = "mutation($t: String!) { confirmCurrentByLink(token: $t) { name } }";
    assert!(until_limited(&app, None, click, |n| json!({ "t": format!("geraten{n}") }), &[Some("BAD_USER_INPUT")]).await <= 20);
    // A signed-in person asks at most 20 times a day (each may mail a team).
    assert!(until_limited(&app, Some(&f.multiplier), JOIN, |_| json!({ "o": f.org }), &[None, Some("BAD_USER_INPUT")]).await <= 20);
    assert!(until_limited(&app, Some(&f.council), suggest, |_| json!({}), &[None]).await <= 20);
});
