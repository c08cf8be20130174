//! "Doors found by probing" (issue 25): tests that failed before their fix.
//! Here: accounts and their traces: a pending registration taken over (finding 3),
//! strangers locking owners out through per-address limits (5), refused attempts that
//! fill the rate table (6), traces left after deleting an account and a dump readable
//! by everyone (9), and an invitation that tells whether an address has an account (12).

use std::net::IpAddr;

use migraup_core::organisations::{OrganisationInput, Registrant};
use migraup_domain::{Lang, OrganisationKind};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, PASSWORD, TestApp, mails_to},
    on_both_databases,
};

const REGISTER: &str = "mutation($i: OrganisationInput!, $r: RegistrantInput!) { registerOrganisation(input: $i, registrant: $r) }";
const CONFIRM: &str = "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }";
const RESET: &str = "mutation($e: String!) { requestPasswordReset(email: $e) }";
const SET_PASSWORD: &str = "mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }";
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";

const OWNER_PASSWORD: &str = "das Passwort der Besitzerin";
const STRANGER_PASSWORD: &str = "das Passwort des Fremden";

fn client(address: &str) -> Option<IpAddr> {
    Some(address.parse().unwrap())
}

/// The page and token of the link in a mail (`…/confirm-email?token=…`).
fn link_in(body: &str) -> (String, String) {
    let start = body.find("token=").expect("a link with a token");
    let page = body[..start].rsplit('/').next().unwrap().trim_end_matches('?').to_owned();
    let token = body[start + "token=".len()..].split_whitespace().next().unwrap().to_owned();
    (page, token)
}

/// Follows the link of a mail as its reader would: a confirmation link confirms, a
/// reset link sets `password`. Returns the answer's first error code, if any.
async fn follow(app: &TestApp, body: &str, password: &str) -> Option<String> {
    let (page, token) = link_in(body);
    let answer = match page.as_str() {
        "confirm-email" => app.gql(None, CONFIRM, json!({ "t": token })).await,
        "reset-password" => app.gql(None, SET_PASSWORD, json!({ "t": token, "p": password })).await,
        other => panic!("a link to {other}"),
    };
    answer.code().map(str::to_owned)
}

async fn signs_in(app: &TestApp, email: &str, password: &str) -> bool {
    let a = app.gql(None, LOGIN, json!({ "e": email, "p": password })).await;
    a.body["data"]["login"]["accessToken"].is_string()
}

fn registrant(email: &str, password: &str) -> Registrant {
    Registrant { email: email.into(), display_name: "Jemand".into(), password: password.into(), language: Lang::De }
}

fn organisation(name: &str) -> OrganisationInput {
    OrganisationInput { name: Some(name.into()), kind: Some(OrganisationKind::Initiative), ..Default::default() }
}

async fn database(app: &TestApp) -> DatabaseConnection {
    Database::connect(app.database_url()).await.unwrap()
}

/// `(bucket, key)` of every row of `rate_events`.
async fn rate_rows(db: &DatabaseConnection) -> Vec<(String, String)> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT bucket, key FROM rate_events ORDER BY id"))
        .await
        .unwrap();
    rows.iter().map(|r| (r.try_get::<String>("", "bucket").unwrap(), r.try_get::<String>("", "key").unwrap())).collect()
}

// Finding 3: the owner registers; before they confirm, a stranger registers the same
// address with their own password. The owner's first link still works and the
// stranger's password never opens the account.
on_both_databases!(a_pending_registration_cannot_be_taken_over, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let owner = "besitzerin@verein.example";
    let input = json!({ "name": "Eigener Verein", "kind": "INITIATIVE" });
    let answer = app
        .gql(None, REGISTER, json!({ "i": input, "r": { "email": owner, "displayName": "Besitzerin", "password": OWNER_PASSWORD } }))
        .await;
    let first = mails_to(&app, owner, 1).await.remove(0);
    let stranger =
        app.core.register_organisation(organisation("Fremder Verein"), registrant(owner, STRANGER_PASSWORD), client("198.51.100.7")).await;
    assert!(stranger.is_ok(), "answered as any registration: {stranger:?}");
    assert_eq!(answer.data()["registerOrganisation"], true);
    // Whatever the second registration mailed, the owner's own link still works …
    let mails = mails_to(&app, owner, 2).await;
    assert!(mails.len() <= 2, "one mail for the second registration at most");
    assert_eq!(follow(&app, &first.body, OWNER_PASSWORD).await, None, "the owner's first link still works");
    assert!(signs_in(&app, owner, OWNER_PASSWORD).await, "the owner's password opens the account");
    assert!(!signs_in(&app, owner, STRANGER_PASSWORD).await, "the stranger's password never does");
    // … and a link the stranger's registration caused cannot hand them the account either.
    if let Some(second) = mails.get(1) {
        let _ = follow(&app, &second.body, OWNER_PASSWORD).await;
        assert!(!signs_in(&app, owner, STRANGER_PASSWORD).await);
    }

    // The other order: the stranger registers first, then the owner. The mail the
    // owner's registration causes never activates the stranger's password.
    let owner = "zweite@verein.example";
    app.core.register_organisation(organisation("Vorgemerkt"), registrant(owner, STRANGER_PASSWORD), client("198.51.100.7")).await.unwrap();
    app.core.register_organisation(organisation("Eigene Gründung"), registrant(owner, OWNER_PASSWORD), client("192.0.2.10")).await.unwrap();
    let mails = mails_to(&app, owner, 2).await;
    assert_eq!(mails.len(), 2, "the owner's registration is answered by mail");
    assert_eq!(follow(&app, &mails[1].body, OWNER_PASSWORD).await, None, "the owner's mail works");
    assert!(!signs_in(&app, owner, STRANGER_PASSWORD).await, "the stranger's password does not open the owner's account");
    assert!(signs_in(&app, owner, OWNER_PASSWORD).await, "the owner's does");
});

// Finding 5, reset: a stranger's reset requests for the owner's address neither stop
// the owner from getting a working link nor fill their mailbox.
on_both_databases!(a_stranger_cannot_keep_the_owner_from_resetting, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let owner = "multi@test.org";
    for _ in 0..30 {
        // The stranger's own client is refused after a while; that is all they get.
        let _ = app.core.request_password_reset(owner, client("198.51.100.7")).await;
    }
    let asked = app.core.request_password_reset(owner, client("192.0.2.10")).await;
    assert!(asked.is_ok(), "the owner's request is answered as any: {asked:?}");
    let mails = mails_to(&app, owner, 5).await;
    assert!(!mails.is_empty() && mails.len() <= 5, "mails to one address stay bounded: {}", mails.len());
    // The newest link in the owner's mailbox works.
    let newest = mails.last().unwrap();
    assert_eq!(follow(&app, &newest.body, OWNER_PASSWORD).await, None, "the owner's newest link works");
    assert!(signs_in(&app, owner, OWNER_PASSWORD).await);
    // Once used, no other link of the round works.
    assert_eq!(follow(&app, &mails[0].body, STRANGER_PASSWORD).await.as_deref(), Some("BAD_USER_INPUT"));
});

// Finding 5, registration: a stranger's registrations of the owner's address neither
// stop the owner from registering nor fill their mailbox.
on_both_databases!(a_stranger_cannot_keep_the_owner_from_registering, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let owner = "gruenderin@verein.example";
    for stranger in ["198.51.100.7", "198.51.100.8", "198.51.100.9"] {
        for n in 0..3 {
            let a = app
                .core
                .register_organisation(organisation(&format!("Fremd {n}")), registrant(owner, STRANGER_PASSWORD), client(stranger))
                .await;
            assert!(a.is_ok(), "answered as any registration: {a:?}");
        }
    }
    let asked =
        app.core.register_organisation(organisation("Eigene Gründung"), registrant(owner, OWNER_PASSWORD), client("192.0.2.10")).await;
    assert!(asked.is_ok(), "the owner's registration is answered as any: {asked:?}");
    let mails = mails_to(&app, owner, 3).await;
    assert!(mails.len() <= 3, "mails to one address stay bounded: {}", mails.len());
    // The newest mail gives the owner the account with their own password.
    assert_eq!(follow(&app, &mails.last().unwrap().body, OWNER_PASSWORD).await, None);
    assert!(signs_in(&app, owner, OWNER_PASSWORD).await, "the owner's password opens the account");
    assert!(!signs_in(&app, owner, STRANGER_PASSWORD).await, "the stranger's does not");
});

// Finding 6: once over a limit nothing more is recorded, and maintenance forgets old attempts.
on_both_databases!(refused_attempts_leave_no_rows, |app: TestApp| async move {
    let _ = Fixture::new(&app).await;
    let db = database(&app).await;
    let before = rate_rows(&db).await.len();
    let mut refused = 0;
    for n in 0..300 {
        let a = app.gql(None, RESET, json!({ "e": format!("niemand{n}@verein.example") })).await;
        refused += usize::from(a.code() == Some("RATE_LIMITED"));
    }
    assert!(refused >= 250, "the client is refused: {refused}");
    let added = rate_rows(&db).await.len() - before;
    assert!(added <= 20, "300 attempts, {refused} refused, added {added} rows");
    app.core.run_maintenance_at(chrono::Utc::now() + chrono::Duration::days(2)).await.unwrap();
    assert_eq!(rate_rows(&db).await.len(), 0, "maintenance forgets attempts older than the longest window");
});

// Finding 9: deleting an account leaves no trace of the person in the limits' table.
on_both_databases!(deleting_an_account_leaves_nothing_in_the_limits, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let email = "geht@verein.example";
    let user = app.core.create_user(email, "Geht bald", migraup_domain::Role::Multiplier, PASSWORD).await.unwrap();
    let token = crate::helpers::token_for(user.id);
    // Rows keyed by the address, by the address and a client, and by the account.
    let _ = app.core.login(email, "falsch geraten", client("198.51.100.7")).await;
    app.gql(None, RESET, json!({ "e": email })).await.data();
    let _ = mails_to(&app, email, 1).await;
    let _ = app
        .gql(Some(&f.admin), "mutation($e: String!) { inviteUser(input: { email: $e, role: COUNCIL }) { id } }", json!({ "e": email }))
        .await;
    let _ = app.core.register_organisation(organisation("Doppelt"), registrant(email, STRANGER_PASSWORD), client("198.51.100.8")).await;
    app.gql(Some(&token), "mutation { suggestOrganisation(input: { name: \"Vorschlag\", kind: INITIATIVE }) { id } }", json!({}))
        .await
        .data();
    let db = database(&app).await;
    let person_keys = [
        migraup_core::limits::person_key(app.core.settings(), email),
        migraup_core::limits::person_key(app.core.settings(), &user.id.to_string()),
    ];
    let by_person = |rows: &[(String, String)]| {
        rows.iter().filter(|(_, k)| person_keys.iter().any(|p| k == p || k.starts_with(&format!("{p}.")))).count()
    };
    let before = rate_rows(&db).await;
    assert!(by_person(&before) >= 5, "the rows are keyed by the person's hash: {before:?}");
    app.gql(Some(&token), "mutation($p: String!) { deleteMyAccount(password: $p) }", json!({ "p": PASSWORD })).await.data();
    let after = rate_rows(&db).await;
    assert!(!after.is_empty(), "rows of client addresses stay");
    for (bucket, key) in &after {
        assert!(!key.contains(email) && !key.contains(&user.id.to_string()), "{bucket} keeps the person in the clear: {key}");
    }
    assert_eq!(by_person(&after), 0, "{after:?}");
});

// Finding 9: `migraup dump` writes a file only its owner can read, also over an existing one.
on_both_databases!(a_dump_is_readable_only_by_its_owner, |app: TestApp| async move {
    use std::os::unix::fs::PermissionsExt as _;
    let _ = Fixture::new(&app).await;
    let dir = std::env::temp_dir().join(format!("migraup-dump-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let new = dir.join("new.jsonl");
    let existing = dir.join("existing.jsonl");
    std::fs::write(&existing, "alt").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
    for file in [&new, &existing] {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_migraup"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MIGRAUP_DATABASE_URL", app.database_url())
            .env("MIGRAUP_LOG", "warn")
            .arg("dump")
            .arg(file)
            .status()
            .expect("migraup dump runs");
        assert!(status.success());
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} is {mode:o}", file.display());
        let header: Value =
            serde_json::from_str(std::fs::read_to_string(file).unwrap().lines().next().unwrap()).expect("a dump, not the old content");
        assert_eq!(header["format"], "migraup-dump");
    }
    let _ = std::fs::remove_dir_all(dir);
});

// Finding 12: a representative's invitation answers alike for an address with and
// without an account; the existing person is told by mail.
on_both_databases!(an_invitation_does_not_tell_whether_an_address_has_an_account, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let invite = "mutation($e: String!, $o: ID!) { inviteUser(input: { email: $e, role: MO_REPRESENTATIVE, organisationId: $o }) { role organisation { id } } }";
    let existing = app.gql(Some(&f.representative), invite, json!({ "e": "multi@test.org", "o": f.org })).await;
    let new = app.gql(Some(&f.representative), invite, json!({ "e": "neu@verein.example", "o": f.org })).await;
    assert_eq!(existing.body.to_string(), new.body.to_string());
    assert!(new.body.get("errors").is_none(), "{}", new.body);
    let full = "mutation($e: String!, $o: ID!) { inviteUser(input: { email: $e, role: MO_REPRESENTATIVE, organisationId: $o }) { id email role expiresAt } }";
    let shape = |a: &Value| {
        let i = &a["data"]["inviteUser"];
        (i["id"].is_string(), i["email"].is_string(), i["role"].clone(), i["expiresAt"].as_str().map(|s| s[..10].to_owned()))
    };
    let existing = app.gql(Some(&f.representative), full, json!({ "e": "beirat@test.org", "o": f.org })).await;
    let new = app.gql(Some(&f.representative), full, json!({ "e": "noch-neu@verein.example", "o": f.org })).await;
    assert_eq!(shape(&existing.body), shape(&new.body), "{} / {}", existing.body, new.body);
    // The person with an account hears of it, with no link to a second account.
    let told = mails_to(&app, "multi@test.org", 1).await;
    assert_eq!(told.len(), 1);
    assert!(!told[0].body.contains("token="), "{}", told[0].body);
    assert!(mails_to(&app, "neu@verein.example", 1).await[0].body.contains("token="));
});
