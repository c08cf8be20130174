//! Sign-in, sessions, tokens, invitations, password reset and registration.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::{
    helpers::{Fixture, PASSWORD, TestApp},
    on_both_databases,
};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken expiresAt user { email role } } }";
const ME: &str = "{ me { email role memberships { organisation { name } } } }";

/// The token in the newest kept e-mail to `to`; some mails leave just after the answer.
async fn token_from_mail(app: &TestApp, to: &str) -> String {
    let mut found = None;
    for _ in 0..200 {
        found = app.core.dev_outbox().await.into_iter().rev().find(|m| m.to == to);
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let mail = found.expect("an e-mail was sent");
    let start = mail.body.find("token=").expect("link with token") + "token=".len();
    mail.body[start..].split_whitespace().next().unwrap().to_owned()
}

fn refresh_cookie(headers: &axum::http::HeaderMap) -> String {
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("migraup_refresh="))
        .expect("refresh cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_owned()
}

on_both_databases!(login_answers_alike_for_unknown_email_and_wrong_password, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let wrong = app.gql(None, LOGIN, json!({ "e": "admin@test.org", "p": "falsches Passwort!" })).await;
    let unknown = app.gql(None, LOGIN, json!({ "e": "niemand@test.org", "p": "falsches Passwort!" })).await;
    assert_eq!(wrong.code(), Some("UNAUTHENTICATED"));
    assert_eq!(wrong.body["errors"][0]["message"], unknown.body["errors"][0]["message"]);
    assert_eq!(wrong.code(), unknown.code());
    let ok = app.gql(None, LOGIN, json!({ "e": "ADMIN@test.org", "p": PASSWORD })).await;
    assert_eq!(ok.data()["login"]["user"]["role"], "ADMIN");
    let me = app.gql(Some(ok.data()["login"]["accessToken"].as_str().unwrap()), ME, json!({})).await;
    assert_eq!(me.data()["me"]["email"], "admin@test.org");
    assert_eq!(app.gql(None, ME, json!({})).await.data()["me"], serde_json::Value::Null);
});

on_both_databases!(failed_sign_ins_are_throttled_per_address, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    for i in 0..20 {
        let a = app.gql(None, LOGIN, json!({ "e": format!("x{i}@test.org"), "p": "falsches Passwort!" })).await;
        assert_eq!(a.code(), Some("UNAUTHENTICATED"));
    }
    // Even the right password is refused now, from this address.
    let a = app.gql(None, LOGIN, json!({ "e": "admin@test.org", "p": PASSWORD })).await;
    assert_eq!(a.code(), Some("RATE_LIMITED"));
});

on_both_databases!(refresh_rotates_and_reuse_revokes_the_chain, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let login = app.gql(None, LOGIN, json!({ "e": "multi@test.org", "p": PASSWORD })).await;
    let first = refresh_cookie(&login.headers);
    let refresh = "mutation { refreshSession { accessToken user { email } } }";
    let second = app.gql_with(None, &[("cookie", &first)], refresh, json!({})).await;
    assert_eq!(second.data()["refreshSession"]["user"]["email"], "multi@test.org");
    let second_cookie = refresh_cookie(&second.headers);
    assert_ne!(first, second_cookie);
    // The first token again: someone replayed it, so the whole chain ends.
    let replay = app.gql_with(None, &[("cookie", &first)], refresh, json!({})).await;
    assert_eq!(replay.code(), Some("BAD_USER_INPUT"));
    let after = app.gql_with(None, &[("cookie", &second_cookie)], refresh, json!({})).await;
    assert_eq!(after.code(), Some("BAD_USER_INPUT"), "the newer token was revoked with its chain");
});

on_both_databases!(logout_revokes_access_and_refresh_tokens_at_once, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let login = app.gql(None, LOGIN, json!({ "e": "beirat@test.org", "p": PASSWORD })).await;
    let token = login.data()["login"]["accessToken"].as_str().unwrap().to_owned();
    let cookie = refresh_cookie(&login.headers);
    let out = app.gql_with(Some(&token), &[("cookie", &cookie)], "mutation { logout }", json!({})).await;
    assert_eq!(out.data()["logout"], true);
    assert_eq!(app.gql(Some(&token), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let refresh = app.gql_with(None, &[("cookie", &cookie)], "mutation { refreshSession { accessToken } }", json!({})).await;
    assert_eq!(refresh.code(), Some("BAD_USER_INPUT"));
});

fn claims(exp_offset: i64) -> serde_json::Value {
    let now = chrono::Utc::now();
    json!({
        "iss": "migraup", "aud": "migraup-api", "sub": uuid::Uuid::now_v7().to_string(),
        "exp": now.timestamp() + exp_offset, "nbf": now.timestamp() - 10, "iat": now.timestamp() - 10,
        "jti": "x", "iat_ms": now.timestamp_millis()
    })
}

on_both_databases!(forged_and_expired_tokens_are_rejected, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let mut real = claims(600);
    // The subject must exist for the right-key cases to be meaningful.
    let me = app.gql(Some(&f.admin), "{ me { id } }", json!({})).await;
    real["sub"] = me.data()["me"]["id"].clone();
    let secret = "test-secret-that-is-long-enough-for-hs256-keys";
    let sign = |claims: &serde_json::Value, key: &str, typ: Option<&str>| {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = typ.map(Into::into);
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(key.as_bytes())).unwrap()
    };
    // Sanity: a correctly made token is accepted.
    let good = sign(&real, secret, Some("at+jwt"));
    assert_eq!(app.gql(Some(&good), ME, json!({})).await.data()["me"]["email"], "admin@test.org");
    let none = format!("{}.{}.", URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"at+jwt"}"#), URL_SAFE_NO_PAD.encode(real.to_string()));
    let mut expired = real.clone();
    expired["exp"] = json!(chrono::Utc::now().timestamp() - 120);
    let mut wrong_audience = real.clone();
    wrong_audience["aud"] = json!("someone-else");
    let mut no_jti = real.clone();
    no_jti.as_object_mut().unwrap().remove("jti");
    for (what, token) in [
        ("alg none", none),
        ("wrong key", sign(&real, "another-secret-that-is-also-long-enough", Some("at+jwt"))),
        ("expired", sign(&expired, secret, Some("at+jwt"))),
        ("wrong audience", sign(&wrong_audience, secret, Some("at+jwt"))),
        ("missing jti", sign(&no_jti, secret, Some("at+jwt"))),
        ("wrong typ", sign(&real, secret, Some("JWT"))),
        ("garbage", "not.a.token".to_owned()),
    ] {
        assert_eq!(app.gql(Some(&token), ME, json!({})).await.code(), Some("UNAUTHENTICATED"), "{what}");
    }
});

on_both_databases!(invitation_creates_an_account_once, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let invite = app
        .gql(Some(&f.admin), "mutation($o: ID!) { inviteUser(input: { email: \"Neu@Test.org\", role: MO_REPRESENTATIVE, organisationId: $o }) { email role organisation { name } } }", json!({ "o": f.org }))
        .await;
    assert_eq!(invite.data()["inviteUser"]["email"], "neu@test.org");
    let token = token_from_mail(&app, "neu@test.org").await;
    let accept = "mutation($t: String!, $p: String!) { acceptInvitation(token: $t, displayName: \"Nour Al-Sayed\", password: $p) { accessToken user { role displayName } } }";
    let short = app.gql(None, accept, json!({ "t": token, "p": "kurz" })).await;
    assert_eq!((short.code(), short.field()), (Some("BAD_USER_INPUT"), Some("password")));
    let common = app.gql(None, accept, json!({ "t": token, "p": "qwerty123456" })).await;
    assert_eq!(common.field(), Some("password"));
    let ok = app.gql(None, accept, json!({ "t": token, "p": "mein neues Passwort" })).await;
    let access = ok.data()["acceptInvitation"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(ok.data()["acceptInvitation"]["user"]["role"], "MO_REPRESENTATIVE");
    let me = app.gql(Some(&access), ME, json!({})).await;
    assert_eq!(me.data()["me"]["memberships"][0]["organisation"]["name"], "Verein Sonnenblume e.V.");
    let again = app.gql(None, accept, json!({ "t": token, "p": "mein neues Passwort" })).await;
    assert_eq!((again.code(), again.field()), (Some("BAD_USER_INPUT"), Some("token")));
    app.login("neu@test.org", "mein neues Passwort").await;
    // The invited representative may now invite a colleague into their organisation.
    let colleague = app
        .gql(Some(&access), "mutation($o: ID!) { inviteUser(input: { email: \"kollege@test.org\", role: MO_REPRESENTATIVE, organisationId: $o }) { email } }", json!({ "o": f.org }))
        .await;
    colleague.data();
    let escalate = app
        .gql(
            Some(&access),
            "mutation($o: ID!) { inviteUser(input: { email: \"chef@test.org\", role: ADMIN, organisationId: $o }) { email } }",
            json!({ "o": f.org }),
        )
        .await;
    assert_eq!(escalate.code(), Some("FORBIDDEN"));
});

on_both_databases!(password_reset_is_single_use_and_signs_out, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let unknown = app.gql(None, "mutation { requestPasswordReset(email: \"niemand@test.org\") }", json!({})).await;
    assert_eq!(unknown.data()["requestPasswordReset"], true);
    let known = app.gql(None, "mutation { requestPasswordReset(email: \"multi@test.org\") }", json!({})).await;
    assert_eq!(known.data()["requestPasswordReset"], true);
    let token = token_from_mail(&app, "multi@test.org").await;
    let reset = "mutation($t: String!) { resetPassword(token: $t, password: \"ganz neues Passwort\") }";
    assert_eq!(app.gql(None, reset, json!({ "t": token })).await.data()["resetPassword"], true);
    assert_eq!(app.gql(None, reset, json!({ "t": token })).await.field(), Some("token"));
    assert_eq!(app.gql(Some(&f.multiplier), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let old = app.gql(None, LOGIN, json!({ "e": "multi@test.org", "p": PASSWORD })).await;
    assert_eq!(old.code(), Some("UNAUTHENTICATED"));
    app.login("multi@test.org", "ganz neues Passwort").await;
});

on_both_databases!(registration_waits_for_confirmation_and_verification, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let register = app
        .gql(
            None,
            "mutation($i: OrganisationInput!, $r: RegistrantInput!) { registerOrganisation(input: $i, registrant: $r) }",
            json!({ "i": { "name": "Hội Người Việt Pankow", "kind": "MIGRANT_ORGANISATION", "languages": ["vi", "de"] },
                    "r": { "email": "hoi@test.org", "displayName": "Trần Thị Mai", "password": "chúng tôi ở Pankow" } }),
        )
        .await;
    assert_eq!(register.data()["registerOrganisation"], true);
    let pending = app.gql(None, LOGIN, json!({ "e": "hoi@test.org", "p": "chúng tôi ở Pankow" })).await;
    assert_eq!(pending.code(), Some("UNAUTHENTICATED"), "pending accounts cannot sign in");
    let public = app.gql(None, "{ organisations(filter: { search: \"Người Việt\" }) { totalCount } }", json!({})).await;
    assert_eq!(public.data()["organisations"]["totalCount"], 0, "unverified is not public");
    let confirm = app
        .gql(
            None,
            "mutation($t: String!) { confirmEmail(token: $t) { user { role } } }",
            json!({ "t": token_from_mail(&app, "hoi@test.org").await }),
        )
        .await;
    assert_eq!(confirm.data()["confirmEmail"]["user"]["role"], "MO_REPRESENTATIVE");
    let queue = app.gql(Some(&f.admin), "{ organisations(filter: { verified: false }) { edges { node { id name } } } }", json!({})).await;
    let entry = queue.data()["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Hội Người Việt Pankow")
        .expect("in the queue")
        .clone();
    let verify = app
        .gql(Some(&f.admin), "mutation($id: ID!) { verifyOrganisation(id: $id) { verification } }", json!({ "id": entry["node"]["id"] }))
        .await;
    assert_eq!(verify.data()["verifyOrganisation"]["verification"], "VERIFIED");
    let public = app.gql(None, "{ organisations(filter: { search: \"nguoi viet\" }) { edges { node { name } } } }", json!({})).await;
    assert_eq!(public.data()["organisations"]["edges"][0]["node"]["name"], "Hội Người Việt Pankow");
});

on_both_databases!(disabling_an_account_ends_its_sessions_at_once, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email version } } } }", json!({})).await;
    let council =
        users.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == "beirat@test.org").unwrap()["node"]
            .clone();
    let disable = app
        .gql(
            Some(&f.admin),
            "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, status: DISABLED) { status } }",
            json!({ "id": council["id"], "v": council["version"] }),
        )
        .await;
    assert_eq!(disable.data()["updateUser"]["status"], "DISABLED");
    assert_eq!(app.gql(Some(&f.council), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let stale = app
        .gql(
            Some(&f.admin),
            "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, role: ADMIN) { status } }",
            json!({ "id": council["id"], "v": council["version"] }),
        )
        .await;
    assert_eq!(stale.code(), Some("CONFLICT"));
});

// Inviting the same person twice is said, not mailed a second time.
on_both_databases!(inviting_the_same_person_twice_is_told_and_mails_once, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let invite = "mutation { inviteUser(input: { email: \"zweimal@test.org\", role: COUNCIL }) { id } }";
    app.gql(Some(&f.admin), invite, json!({})).await.data();
    let again = app.gql(Some(&f.admin), invite, json!({})).await;
    assert_eq!((again.code(), again.field()), (Some("BAD_USER_INPUT"), Some("email")), "{}", again.body);
    assert!(again.body["errors"][0]["message"].as_str().unwrap().contains("schon eingeladen"), "{}", again.body);
    assert_eq!(app.core.dev_outbox().await.iter().filter(|m| m.to == "zweimal@test.org").count(), 1);
});
