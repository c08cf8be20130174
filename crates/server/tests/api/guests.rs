//! Public sign-up for public events on both databases: a visitor without an account
//! signs up, confirms by the mailed link, is counted against the seats and the
//! waitlist in one queue with members, cancels, and the seat moves on; made-up
//! addresses hold no seat, one client is limited, and the retention rule erases them.

use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, mails_to, published_event},
    on_both_databases,
};

const SIGN_UP: &str = "mutation($e: ID!, $n: String!, $m: String!) { signUpForEvent(eventId: $e, name: $n, email: $m) }";
const CONFIRM: &str = "mutation($t: String!) { confirmEventSignUp(token: $t) { name status position event { title } } }";
const CANCEL: &str = "mutation($t: String!) { cancelEventSignUp(token: $t) { status } }";

async fn sign_up(app: &TestApp, event: &Value, name: &str, email: &str) -> Answer {
    app.gql(None, SIGN_UP, json!({ "e": event, "n": name, "m": email })).await
}

fn token_in(body: &str) -> String {
    let start = body.find("token=").expect("link with token") + "token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn link_token(app: &TestApp, to: &str, n: usize) -> String {
    token_in(&mails_to(app, to, n).await.pop().expect("a mail").body)
}

async fn seats(app: &TestApp, f: &Fixture, event: &Value) -> (i64, i64) {
    let a = app
        .gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { registeredCount waitlistCount } }", json!({ "id": event }))
        .await;
    (a.data()["event"]["registeredCount"].as_i64().unwrap(), a.data()["event"]["waitlistCount"].as_i64().unwrap())
}

async fn public_event(app: &TestApp, f: &Fixture, capacity: i64) -> Value {
    published_event(
        app,
        f,
        json!({ "title": "Sommerfest im Kiez", "startsAt": "2031-07-04T10:00", "endsAt": "2031-07-04T18:00", "venue": "Hof",
                "capacity": capacity, "visibility": "PUBLIC" }),
    )
    .await
}

on_both_databases!(a_visitor_signs_up_confirms_is_counted_cancels_and_the_seat_moves_on, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let event = public_event(&app, &f, 1).await;

    // Signing up takes no seat: only the link does.
    assert_eq!(sign_up(&app, &event, "Amira Haddad", "amira@example.org").await.data()["signUpForEvent"], true);
    assert_eq!(sign_up(&app, &event, "Jonas Berg", "jonas@example.org").await.data()["signUpForEvent"], true);
    assert_eq!(seats(&app, &f, &event).await, (0, 0), "unconfirmed sign-ups hold no seat");

    let amira = link_token(&app, "amira@example.org", 1).await;
    let confirmed = app.gql(None, CONFIRM, json!({ "t": amira })).await;
    assert_eq!(
        confirmed.data()["confirmEventSignUp"],
        json!({ "name": "Amira Haddad", "status": "REGISTERED", "position": null, "event": { "title": "Sommerfest im Kiez" } })
    );
    // The link shows the sign-up again without taking a second seat.
    assert_eq!(app.gql(None, CONFIRM, json!({ "t": amira })).await.data()["confirmEventSignUp"]["status"], "REGISTERED");
    assert_eq!(seats(&app, &f, &event).await, (1, 0));

    // The event is full: the next visitor and then a member wait, in one queue.
    let jonas = link_token(&app, "jonas@example.org", 1).await;
    let waiting = app.gql(None, CONFIRM, json!({ "t": jonas })).await;
    assert_eq!(
        (waiting.data()["confirmEventSignUp"]["status"].as_str(), waiting.data()["confirmEventSignUp"]["position"].as_i64()),
        (Some("WAITLISTED"), Some(1))
    );
    let member = app
        .gql(Some(&f.multiplier), "mutation($id: ID!) { registerForEvent(eventId: $id) { status position } }", json!({ "id": event }))
        .await;
    assert_eq!(member.data()["registerForEvent"], json!({ "status": "WAITLISTED", "position": 2 }));
    assert_eq!(seats(&app, &f, &event).await, (1, 2));

    // The organisers see visitors and members together, visitors marked.
    let list = app
        .gql(
            Some(&f.representative),
            "query($id: ID!) { event(id: $id) { registrations { displayName guest registration { status position } } } }",
            json!({ "id": event }),
        )
        .await;
    assert_eq!(
        list.data()["event"]["registrations"],
        json!([
            { "displayName": "Amira Haddad", "guest": true, "registration": { "status": "REGISTERED", "position": null } },
            { "displayName": "Jonas Berg", "guest": true, "registration": { "status": "WAITLISTED", "position": 1 } },
            { "displayName": "multi@test.org", "guest": false, "registration": { "status": "WAITLISTED", "position": 2 } },
        ])
    );

    // Amira cancels: Jonas moves up and is told.
    assert_eq!(app.gql(None, CANCEL, json!({ "t": amira })).await.data()["cancelEventSignUp"]["status"], "CANCELLED");
    assert_eq!(seats(&app, &f, &event).await, (1, 1));
    assert!(
        mails_to(&app, "jonas@example.org", 2).await.iter().any(|m| m.body.contains("Sommerfest im Kiez") && m.subject == "Platz frei")
    );
    assert_eq!(app.gql(None, CONFIRM, json!({ "t": jonas })).await.data()["confirmEventSignUp"]["status"], "REGISTERED");
    // A link given back cannot cancel twice; a made-up link is refused at its field.
    let twice = app.gql(None, CANCEL, json!({ "t": amira })).await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("token")));
    let made_up = app.gql(None, CONFIRM, json!({ "t": "not-a-token" })).await;
    assert_eq!((made_up.code(), made_up.field()), (Some("BAD_USER_INPUT"), Some("token")));

    // The retention rule erases visitors with the registrations; the count stays.
    let ended = chrono::DateTime::parse_from_rfc3339("2031-07-04T16:00:00Z").unwrap().to_utc();
    app.core.run_maintenance_at(ended + chrono::Months::new(13)).await.unwrap();
    assert_eq!(app.gql(None, CONFIRM, json!({ "t": jonas })).await.field(), Some("token"));
    assert_eq!(seats(&app, &f, &event).await.0, 1);
});

on_both_databases!(visitors_sign_up_only_for_public_published_events_with_valid_input, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let members_only = published_event(
        &app,
        &f,
        json!({ "title": "Interne Runde", "startsAt": "2031-07-04T10:00", "endsAt": "2031-07-04T12:00", "venue": "Büro", "visibility": "MEMBERS" }),
    )
    .await;
    assert_eq!(sign_up(&app, &members_only, "Amira", "amira@example.org").await.code(), Some("NOT_FOUND"));
    let event = public_event(&app, &f, 10).await;
    let bad_mail = sign_up(&app, &event, "Amira", "keine-adresse").await;
    assert_eq!((bad_mail.code(), bad_mail.field()), (Some("BAD_USER_INPUT"), Some("email")));
    let formula = sign_up(&app, &event, "=HYPERLINK(\"x\")", "amira@example.org").await;
    assert_eq!((formula.code(), formula.field()), (Some("BAD_USER_INPUT"), Some("name")));
    let unknown = sign_up(&app, &json!("0190b7a0-0000-7000-8000-000000000000"), "Amira", "amira@example.org").await;
    assert_eq!(unknown.code(), Some("NOT_FOUND"));
    // A cancelled event takes nobody.
    app.gql(Some(&f.representative), "mutation($id: ID!) { cancelEvent(id: $id, reason: \"Regen\") { id } }", json!({ "id": event }))
        .await
        .data();
    let closed = sign_up(&app, &event, "Amira", "amira@example.org").await;
    assert_eq!((closed.code(), closed.field()), (Some("BAD_USER_INPUT"), Some("eventId")));
    assert!(app.core.dev_outbox().await.iter().all(|m| m.to != "amira@example.org"), "nothing was mailed");
});

on_both_databases!(made_up_addresses_hold_no_seat_and_one_client_is_limited, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let event = public_event(&app, &f, 2).await;
    // A script inventing addresses: ten are answered, then the client is stopped.
    for i in 0..10 {
        assert_eq!(sign_up(&app, &event, "Bot", &format!("bot{i}@example.org")).await.data()["signUpForEvent"], true);
    }
    assert_eq!(sign_up(&app, &event, "Bot", "bot10@example.org").await.code(), Some("RATE_LIMITED"));
    // None of them holds a seat, so real people still get both.
    assert_eq!(seats(&app, &f, &event).await, (0, 0));
    for who in [&f.multiplier, &f.council] {
        let a = app.gql(Some(who), "mutation($id: ID!) { registerForEvent(eventId: $id) { status } }", json!({ "id": event })).await;
        assert_eq!(a.data()["registerForEvent"]["status"], "REGISTERED");
    }
    // Unconfirmed links die after two days and the hourly task removes them.
    let token = link_token(&app, "bot0@example.org", 1).await;
    app.core.run_maintenance_at(chrono::Utc::now() + chrono::Duration::hours(49)).await.unwrap();
    assert_eq!(app.gql(None, CONFIRM, json!({ "t": token })).await.field(), Some("token"));
});

on_both_databases!(one_address_gets_a_bounded_number_of_mails, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let event = public_event(&app, &f, 10).await;
    // Asked seven times, answered alike; mailed five times (the newest link works).
    for _ in 0..7 {
        assert_eq!(sign_up(&app, &event, "Amira", "amira@example.org").await.data()["signUpForEvent"], true);
    }
    let mails: Vec<_> = app.core.dev_outbox().await.into_iter().filter(|m| m.to == "amira@example.org").collect();
    assert_eq!(mails.len(), 5);
    let newest = token_in(&mails.last().unwrap().body);
    assert_eq!(app.gql(None, CONFIRM, json!({ "t": newest })).await.data()["confirmEventSignUp"]["status"], "REGISTERED");
    assert_eq!(seats(&app, &f, &event).await, (1, 0));
});

// One document repeating the visitors' operations is refused before anything runs:
// no statement, no sign-up, no mail.
on_both_databases!(visitor_operations_repeated_in_one_document_are_refused, |app: TestApp| async move {
    let before = app.core.statements().get();
    for field in [
        "signUpForEvent(eventId: \"0190b7a0-0000-7000-8000-000000000000\", name: \"Bot\", email: \"bot@example.org\")",
        "confirmEventSignUp(token: \"x\") { status }",
        "cancelEventSignUp(token: \"x\") { status }",
    ] {
        let many = format!("mutation {{ {} }}", (0..1000).map(|i| format!("a{i}: {field}")).collect::<Vec<_>>().join(" "));
        let a = app.gql(None, &many, json!({})).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    }
    assert_eq!(app.core.statements().get(), before, "nothing reached the database");
    assert!(app.core.dev_outbox().await.is_empty());
});
