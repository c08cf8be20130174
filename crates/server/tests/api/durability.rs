//! Data that lasts: concurrent writers on SQLite and PostgreSQL, and outages.

use axum::{body::Body, http::Request};
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use crate::{
    helpers::{Backend, Fixture, TestApp, postgres_admin_url, published_event},
    on_both_databases,
};

const CREATE: &str = "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }";

on_both_databases!(eight_concurrent_writers_never_fail, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let app = std::sync::Arc::new(app);
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (app, admin) = (app.clone(), f.admin.clone());
            tokio::spawn(async move {
                let mut failures = Vec::new();
                for i in 0..50 {
                    let name = format!("Gleichzeitig {c}-{i}");
                    let a = app.gql(Some(&admin), CREATE, json!({ "i": { "name": name, "kind": "INITIATIVE" } })).await;
                    if a.body.get("errors").is_some() {
                        failures.push(a.body.to_string());
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = Vec::new();
    for client in clients {
        failures.extend(client.await.unwrap());
    }
    assert!(failures.is_empty(), "{} of 400 failed, e.g. {}", failures.len(), failures[0]);
    let all = app.gql(Some(&f.admin), "{ organisations(filter: { search: \"Gleichzeitig\" }) { totalCount } }", json!({})).await;
    assert_eq!(all.data()["organisations"]["totalCount"], 400);
});

/// PostgreSQL refuses connections under the running server: `/readyz` says so, GraphQL
/// answers `UNAVAILABLE` (never `INTERNAL`), and requests succeed again once it is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_is_unavailable_and_passes_without_a_restart() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let _ = Fixture::new(&app).await;
    let name = app.postgres_name().unwrap().to_owned();
    let admin = Database::connect(postgres_admin_url()).await.unwrap();
    admin.execute_unprepared(&format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false")).await.unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    let query = "{ organisations { totalCount } }";
    let mut codes = Vec::new();
    for _ in 0..3 {
        let a = app.gql(None, query, json!({})).await;
        codes.push(a.code().map(str::to_owned));
    }
    assert!(codes.iter().all(|c| c.as_deref() == Some("UNAVAILABLE")), "{codes:?}");
    let a = app.gql_with(None, &[("accept-language", "en")], query, json!({})).await;
    assert!(a.body["errors"][0]["message"].as_str().unwrap().contains("try again"), "{}", a.body);
    let (status, _, _) = app.raw(Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 503);
    admin.execute_unprepared(&format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true")).await.unwrap();
    let mut recovered = false;
    for _ in 0..50 {
        if app.gql(None, query, json!({})).await.body.get("errors").is_none() {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "requests succeed again without a restart");
    let (status, _, _) = app.raw(Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
}

/// Two servers on one database (behind a load balancer): their mail workers together
/// send every mail exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_mail_workers_on_one_database_never_send_twice() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::spawn(backend).await;
        let f = Fixture::new(&app).await;
        for i in 0..30 {
            let a = app
                .gql(
                    Some(&f.admin),
                    "mutation($e: String!) { inviteUser(input: { email: $e, role: COUNCIL }) { id } }",
                    json!({ "e": format!("gast{i}@beispiel.de") }),
                )
                .await;
            a.data();
        }
        let settings = crate::helpers::settings(app.database_url().to_owned());
        let second = migraup_server::build_core(&settings).await.unwrap();
        let first = app.core.clone();
        let run = |core: migraup_core::Core| async move { while core.deliver_due().await.unwrap() > 0 {} };
        tokio::join!(run(first.clone()), run(second.clone()), run(first.clone()), run(second.clone()));
        let mut sent: Vec<String> =
            first.mailer().kept().into_iter().chain(second.mailer().kept()).map(|m| m.to).filter(|t| t.starts_with("gast")).collect();
        sent.sort();
        let unique = {
            let mut u = sent.clone();
            u.dedup();
            u
        };
        assert_eq!(sent.len(), 30, "{backend:?}: every mail once, {} sent", sent.len());
        assert_eq!(unique.len(), 30, "{backend:?}: none twice");
        let outbox = app.gql(Some(&f.admin), "{ mailOutbox { sentAt } }", json!({})).await;
        assert!(outbox.data()["mailOutbox"].as_array().unwrap().iter().all(|m| m["sentAt"].is_string()), "{backend:?}");
    }
}

on_both_databases!(a_person_downloads_their_data_and_deletes_their_account, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // The multiplier registers for an event, then downloads and deletes.
    let id = published_event(
        &app,
        &f,
        json!({ "title": "Elterncafé", "startsAt": "2031-05-04T10:00", "endsAt": "2031-05-04T12:00", "venue": "Saal" }),
    )
    .await;
    app.gql(Some(&f.multiplier), "mutation($id: ID!) { registerForEvent(eventId: $id) { status } }", json!({ "id": id })).await.data();
    let data = app.gql(Some(&f.multiplier), "{ myData }", json!({})).await;
    let data = &data.data()["myData"];
    assert_eq!(data["account"]["email"], "multi@test.org");
    assert_eq!(data["eventRegistrations"][0]["event"], "Elterncafé", "{data}");
    assert!(data["auditEntries"].as_array().unwrap().iter().any(|a| a["action"] == "create_user"), "{data}");
    let wrong = app.gql(Some(&f.multiplier), "mutation { deleteMyAccount(password: \"falsch falsch falsch\") }", json!({})).await;
    assert_eq!(wrong.field(), Some("password"));
    app.gql(Some(&f.multiplier), "mutation { deleteMyAccount(password: \"ein langes Test-Passwort\") }", json!({})).await.data();
    // Gone everywhere the API shows people; the audit log keeps only a pseudonym.
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { email } } } }", json!({})).await;
    assert!(!users.body.to_string().contains("multi@test.org"));
    let csv = app
        .gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { registrationsCsv registeredCount } }", json!({ "id": id }))
        .await;
    assert!(!csv.body.to_string().contains("multi@test.org"), "{}", csv.body);
    let audit = app.gql(Some(&f.admin), "{ auditLog(first: 50) { edges { node { action changes } } } }", json!({})).await;
    assert!(!audit.body.to_string().contains("multi@test.org"));
    assert!(audit.body.to_string().contains("erase_person"));
    assert_eq!(
        app.gql(None, "mutation { login(email: \"multi@test.org\", password: \"ein langes Test-Passwort\") { accessToken } }", json!({}))
            .await
            .code(),
        Some("UNAUTHENTICATED")
    );
    // The coordination team erases on request; nobody else may.
    let council = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email } } } }", json!({})).await;
    let council_id = council.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == "beirat@test.org").unwrap()
        ["node"]["id"]
        .clone();
    assert_eq!(
        app.gql(Some(&f.administration), "mutation($id: ID!) { deleteAccount(id: $id) }", json!({ "id": council_id })).await.code(),
        Some("FORBIDDEN")
    );
    app.gql(Some(&f.admin), "mutation($id: ID!) { deleteAccount(id: $id) }", json!({ "id": council_id })).await.data();
});

/// Rows of a dump as values (key order and JSON formatting aside), timestamps cut to
/// microseconds (PostgreSQL's precision), without the header.
fn canonical(dump: &[u8]) -> Vec<serde_json::Value> {
    fn cut(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
                    let t = t.with_timezone(&chrono::Utc);
                    *s = t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(cut),
            serde_json::Value::Object(o) => o.values_mut().for_each(cut),
            _ => {}
        }
    }
    String::from_utf8_lossy(dump)
        .lines()
        .skip(1)
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            cut(&mut v);
            v
        })
        .collect()
}

/// The demo network moves SQLite → PostgreSQL → SQLite unchanged, sign-ins included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dump_and_restore_move_everything_between_the_databases() {
    let first = TestApp::spawn(Backend::Sqlite).await;
    first.core.seed_demo().await.unwrap();
    let mut dump1 = Vec::new();
    let summary = first.core.dump(&mut dump1).await.unwrap();
    assert!(summary.tables >= 28 && summary.rows > 300, "{summary:?}");
    let header: serde_json::Value = serde_json::from_str(String::from_utf8_lossy(&dump1).lines().next().unwrap()).unwrap();
    assert_eq!(header["format"], "migraup-dump");
    // A database with content is refused, and nothing changes.
    let refused = first.core.restore(std::io::Cursor::new(dump1.clone())).await.unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("database"));

    let second = TestApp::spawn(Backend::Postgres).await;
    second.core.restore(std::io::Cursor::new(dump1.clone())).await.unwrap();
    let mut dump2 = Vec::new();
    second.core.dump(&mut dump2).await.unwrap();
    let third = TestApp::spawn(Backend::Sqlite).await;
    third.core.restore(std::io::Cursor::new(dump2.clone())).await.unwrap();
    let mut dump3 = Vec::new();
    third.core.dump(&mut dump3).await.unwrap();
    let (c1, c2, c3) = (canonical(&dump1), canonical(&dump2), canonical(&dump3));
    assert_eq!(c1.len(), c2.len());
    assert_eq!(c1, c2, "SQLite → PostgreSQL keeps every row");
    assert_eq!(c2, c3, "PostgreSQL → SQLite keeps every row");
    // The restored network works: the demo coordination team signs in, the directory is complete.
    let demo_admin = &migraup_core::demo::DEMO.accounts[0];
    let token = third.login(&demo_admin.email, &demo_admin.password).await;
    let count = third.gql(Some(&token), "{ organisations { totalCount } }", json!({})).await;
    let original =
        first.gql(Some(&first.login(&demo_admin.email, &demo_admin.password).await), "{ organisations { totalCount } }", json!({})).await;
    assert_eq!(count.data()["organisations"]["totalCount"], original.data()["organisations"]["totalCount"]);
    // A dump of another schema version is refused with a clear field.
    let mut newer = String::from_utf8(dump1).unwrap();
    newer = newer.replacen("\"schemaVersion\":", "\"schemaVersion\":99,\"was\":", 1);
    let fresh = TestApp::spawn(Backend::Sqlite).await;
    let e = fresh.core.restore(std::io::Cursor::new(newer.into_bytes())).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("schemaVersion"));
}

// Retention: registrations of an event that ended more than `MIGRAUP_RETENTION_MONTHS`
// (12) ago are removed by the maintenance task; the event keeps its seat count.
on_both_databases!(retention_anonymises_registrations_of_long_ended_events, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let id = published_event(
        &app,
        &f,
        json!({ "title": "Sommerfest", "startsAt": "2031-07-04T10:00", "endsAt": "2031-07-04T18:00", "venue": "Hof", "capacity": 10 }),
    )
    .await;
    for who in [&f.multiplier, &f.council] {
        app.gql(Some(who), "mutation($id: ID!) { registerForEvent(eventId: $id) { status } }", json!({ "id": id })).await.data();
    }
    let ended = chrono::DateTime::parse_from_rfc3339("2031-07-04T16:00:00Z").unwrap().to_utc();
    let registrations = || async {
        let data = app.gql(Some(&f.multiplier), "{ myData }", json!({})).await;
        data.data()["myData"]["eventRegistrations"].as_array().unwrap().len()
    };
    // Eleven months after the event: kept.
    app.core.run_maintenance_at(ended + chrono::Months::new(11)).await.unwrap();
    assert_eq!(registrations().await, 1);
    // Thirteen months after: the person's registration is gone, the count stays.
    app.core.run_maintenance_at(ended + chrono::Months::new(13)).await.unwrap();
    assert_eq!(registrations().await, 0);
    let seats = app
        .gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { registeredCount registrationsCsv } }", json!({ "id": id }))
        .await;
    assert_eq!(seats.data()["event"]["registeredCount"], 2, "{}", seats.body);
    assert!(!seats.body.to_string().contains("multi@test.org"));
    // Running it again changes nothing.
    app.core.run_maintenance_at(ended + chrono::Months::new(14)).await.unwrap();
    let again = app.gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { registeredCount } }", json!({ "id": id })).await;
    assert_eq!(again.data()["event"]["registeredCount"], 2);
});

// A contact person's consent and its withdrawal are both dated in their data.
on_both_databases!(consent_given_and_withdrawn_keeps_both_dates, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let set = |consent: bool| {
        app.gql(
            Some(&f.representative),
            "mutation($o: ID!, $c: Boolean!) { updateMyMembership(organisationId: $o, isContactPerson: true, contactConsent: $c) { isContactPerson } }",
            json!({ "o": f.org, "c": consent }),
        )
    };
    set(true).await.data();
    let data = app.gql(Some(&f.representative), "{ myData }", json!({})).await;
    let membership =
        data.data()["myData"]["memberships"].as_array().unwrap().iter().find(|m| m["organisationId"] == f.org.as_str()).unwrap().clone();
    assert!(membership["contactConsentGivenAt"].is_string(), "{membership}");
    assert!(membership["contactConsentWithdrawnAt"].is_null());
    set(false).await.data();
    let data = app.gql(Some(&f.representative), "{ myData }", json!({})).await;
    let membership =
        data.data()["myData"]["memberships"].as_array().unwrap().iter().find(|m| m["organisationId"] == f.org.as_str()).unwrap().clone();
    assert!(membership["contactConsentGivenAt"].is_null(), "{membership}");
    assert!(membership["contactConsentWithdrawnAt"].is_string(), "{membership}");
});

// A deleted account gives its seat back: the first person waiting moves up and is told.
on_both_databases!(a_deleted_account_frees_its_seat_for_the_waitlist, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let id = published_event(
        &app,
        &f,
        json!({ "title": "Kleiner Kurs", "startsAt": "2031-05-04T10:00", "endsAt": "2031-05-04T12:00", "venue": "Raum 1", "capacity": 1 }),
    )
    .await;
    let register = "mutation($id: ID!) { registerForEvent(eventId: $id) { status } }";
    assert_eq!(app.gql(Some(&f.multiplier), register, json!({ "id": id })).await.data()["registerForEvent"]["status"], "REGISTERED");
    assert_eq!(app.gql(Some(&f.council), register, json!({ "id": id })).await.data()["registerForEvent"]["status"], "WAITLISTED");
    // Without a seat limit, cancelling (and erasing) frees nothing to fill, and fails nowhere.
    let open = published_event(
        &app,
        &f,
        json!({ "title": "Offener Abend", "startsAt": "2031-05-05T18:00", "endsAt": "2031-05-05T20:00", "venue": "Saal" }),
    )
    .await;
    app.gql(Some(&f.multiplier), register, json!({ "id": open })).await.data();
    let cancelled =
        app.gql(Some(&f.multiplier), "mutation($id: ID!) { cancelRegistration(eventId: $id) { status } }", json!({ "id": open })).await;
    assert_eq!(cancelled.data()["cancelRegistration"]["status"], "CANCELLED");
    app.gql(Some(&f.multiplier), "mutation { deleteMyAccount(password: \"ein langes Test-Passwort\") }", json!({})).await.data();
    let mine = app.gql(Some(&f.council), "query($id: ID!) { event(id: $id) { myRegistration { status } } }", json!({ "id": id })).await;
    assert_eq!(mine.data()["event"]["myRegistration"]["status"], "REGISTERED", "{}", mine.body);
    assert!(app.core.dev_outbox().await.iter().any(|m| m.to == "beirat@test.org" && m.subject.contains("Platz frei")));
});

/// PostgreSQL connections are killed again and again while events (each written to
/// four tables) are created: every event that exists is complete, none is half-written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_killed_mid_mutation_leaves_nothing_half_written() {
    let app = std::sync::Arc::new(TestApp::spawn(Backend::Postgres).await);
    let f = Fixture::new(&app).await;
    let name = app.postgres_name().unwrap().to_owned();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let killer = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let admin = Database::connect(postgres_admin_url()).await.unwrap();
            let mut killed = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let rows = admin
                    .query_all_raw(sea_orm::Statement::from_string(
                        sea_orm::DbBackend::Postgres,
                        format!(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                        ),
                    ))
                    .await
                    .unwrap();
                killed += rows.len() as u64;
                tokio::time::sleep(std::time::Duration::from_millis(60)).await;
            }
            killed
        })
    };
    let (mut succeeded, mut failed) = (0i64, 0i64);
    for i in 0..40 {
        let input = json!({ "o": [f.org], "i": {
            "title": format!("Abend {i}"), "startsAt": "2031-05-04T18:00", "endsAt": "2031-05-04T20:00", "venue": "Saal",
            "topicIds": [f.topic], "languages": ["de", "ar"] } });
        let a = app
            .gql(
                Some(&f.representative),
                "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
                input,
            )
            .await;
        match a.code() {
            None => succeeded += 1,
            Some("UNAVAILABLE" | "INTERNAL") => failed += 1,
            Some(other) => panic!("unexpected {other}: {}", a.body),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let killed = killer.await.unwrap();
    eprintln!("{succeeded} created, {failed} failed, {killed} connections killed");
    assert!(killed > 0 && succeeded > 0, "the test must kill connections while creating events");
    let db = Database::connect(app.database_url()).await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            let row = db.query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql)).await.unwrap().unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let events = count("SELECT count(*) FROM events WHERE title LIKE 'Abend %'").await;
    assert!(events >= succeeded, "every confirmed event is there ({events} ≥ {succeeded})");
    assert_eq!(count("SELECT count(*) FROM events e WHERE title LIKE 'Abend %' AND NOT EXISTS (SELECT 1 FROM event_organisers o WHERE o.event_id = e.id)").await, 0);
    assert_eq!(count("SELECT count(*) FROM events e WHERE title LIKE 'Abend %' AND (SELECT count(*) FROM event_languages l WHERE l.event_id = e.id) <> 2").await, 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM events e WHERE title LIKE 'Abend %' AND NOT EXISTS (SELECT 1 FROM event_topics t WHERE t.event_id = e.id)"
        )
        .await,
        0
    );
    assert_eq!(count("SELECT count(*) FROM audit_log WHERE action = 'create_event'").await, events, "one audit entry per event");
}

// A stored name the code does not know (a hand edit, a newer version's row) fails the
// read loudly; it used to become the weakest value silently (a role became MULTIPLIER).
on_both_databases!(an_unknown_stored_value_is_an_error_not_a_downgrade, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let db = Database::connect(app.database_url()).await.unwrap();
    let query = "{ organisation(id: $id) { kind } }".replace("$id", &format!("\"{}\"", f.org));
    assert_eq!(app.gql(Some(&f.admin), &query, json!({})).await.data()["organisation"]["kind"], "MIGRANT_ORGANISATION");
    db.execute_unprepared("UPDATE organisations SET kind = 'SECRET_SOCIETY' WHERE name = 'Verein Sonnenblume e.V.'").await.unwrap();
    let a = app.gql(Some(&f.admin), &query, json!({})).await;
    assert_eq!(a.code(), Some("INTERNAL"), "{}", a.body);
    // A role nobody knows signs nobody in, not even as the weakest role.
    db.execute_unprepared("UPDATE users SET role = 'ROOT' WHERE email = 'multi@test.org'").await.unwrap();
    let a = app.gql(Some(&f.multiplier), "{ me { role } }", json!({})).await;
    assert_ne!(a.body["data"]["me"]["role"], "MULTIPLIER", "{}", a.body);
    assert!(a.code().is_some(), "{}", a.body);
});
