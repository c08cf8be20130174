//! Joint events through the API on both databases: planning with co-organisers,
//! publishing, registrations with waitlist (also under concurrent requests), bad
//! input, optimistic locking, cancellation e-mails, CSV and calendar files.

use axum::{body::Body, http::Request};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp, partner_org, published_event},
    on_both_databases,
};

const EVENT_FIELDS: &str = "id version status canManage startsAt startsAtLocal endsAtLocal registeredCount waitlistCount \
     organisers { organisationId state } myRegistration { status position }";

fn event_input(extra: Value) -> Value {
    let mut input = json!({
        "title": "Interkulturelles Nachbarschaftsfest",
        "description": "Musik, Essen und Austausch im Kiez.",
        "startsAt": "2027-01-14T18:00",
        "endsAt": "2027-01-14T21:00",
        "venue": "Stadtteilzentrum Pankow",
        "street": "Schönholzer Straße 10",
        "postalCode": "13187",
        "languages": ["de", "ar"],
    });
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    input
}

async fn create(app: &TestApp, token: &str, orgs: &[&str], extra: Value) -> crate::helpers::Answer {
    app.gql(
        Some(token),
        &format!("mutation($o: [ID!]!, $i: EventInput!) {{ createEvent(organisationIds: $o, input: $i) {{ {EVENT_FIELDS} }} }}"),
        json!({ "o": orgs, "i": event_input(extra) }),
    )
    .await
}

async fn created(app: &TestApp, token: &str, orgs: &[&str], extra: Value) -> Value {
    let a = create(app, token, orgs, extra).await;
    a.data()["createEvent"].clone()
}

async fn respond(app: &TestApp, token: &str, event: &str, org: &str, accept: bool) -> crate::helpers::Answer {
    app.gql(
        Some(token),
        "mutation($e: ID!, $o: ID!, $a: Boolean!) { respondToOrganiserInvitation(eventId: $e, organisationId: $o, accept: $a) { status organisers { organisationId state } } }",
        json!({ "e": event, "o": org, "a": accept }),
    )
    .await
}

async fn publish(app: &TestApp, token: Option<&str>, event: &str) -> crate::helpers::Answer {
    app.gql(token, "mutation($id: ID!) { publishEvent(id: $id) { status version } }", json!({ "id": event })).await
}

async fn register(app: &TestApp, token: &str, event: &str) -> Value {
    let a = app.gql(Some(token), "mutation($e: ID!) { registerForEvent(eventId: $e) { status position } }", json!({ "e": event })).await;
    a.data()["registerForEvent"].clone()
}

async fn my_registration(app: &TestApp, token: &str, event: &str) -> Value {
    let a = app.gql(Some(token), "query($id: ID!) { event(id: $id) { myRegistration { status position } } }", json!({ "id": event })).await;
    a.data()["event"]["myRegistration"].clone()
}

/// A published event of `f.org` (the representative's organisation) with `capacity` seats.
async fn published(app: &TestApp, f: &Fixture, capacity: Option<i32>) -> String {
    let e = created(app, &f.representative, &[&f.org], json!({ "capacity": capacity })).await;
    let id = e["id"].as_str().unwrap().to_owned();
    publish(app, Some(&f.representative), &id).await.data();
    id
}

on_both_databases!(joint_event_is_published_only_when_every_organiser_confirmed, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // The district administration plans with two organisations; both are invited.
    let e = created(&app, &f.administration, &[&f.org, &f.unverified], json!({})).await;
    let id = e["id"].as_str().unwrap().to_owned();
    assert_eq!(e["status"], "DRAFT");
    assert_eq!(e["canManage"], true);
    assert!(e["organisers"].as_array().unwrap().iter().all(|o| o["state"] == "INVITED"), "{e}");
    // Winter time: 18:00 in Berlin is 17:00 UTC.
    assert_eq!(e["startsAt"], "2027-01-14T17:00:00+00:00");
    assert_eq!(e["startsAtLocal"], "2027-01-14T18:00");

    // Drafts are hidden from the public and from people who do not plan them.
    let anon = app.gql(None, "query($id: ID!) { event(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(anon.data()["event"], Value::Null);
    let multi = app.gql(Some(&f.multiplier), "query($id: ID!) { event(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(multi.data()["event"], Value::Null);

    let a = publish(&app, Some(&f.administration), &id).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"));
    assert_eq!(a.field(), Some("organisers"));

    // The inbox shows the invitation to the representative.
    let inbox = app.gql(Some(&f.representative), "{ myOrganiserInvitations { event { id } organisationId } }", json!({})).await;
    assert_eq!(inbox.data()["myOrganiserInvitations"][0]["event"]["id"], id.as_str());

    // Only members answer for their organisation.
    let a = respond(&app, &f.other_representative, &id, &f.org, true).await;
    assert_eq!(a.code(), Some("FORBIDDEN"));
    respond(&app, &f.representative, &id, &f.org, true).await.data();
    let a = publish(&app, Some(&f.administration), &id).await;
    assert_eq!(a.field(), Some("organisers"), "one organiser is still invited");
    respond(&app, &f.other_representative, &id, &f.unverified, true).await.data();
    // Answering twice is not possible.
    let a = respond(&app, &f.other_representative, &id, &f.unverified, false).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"));

    let a = publish(&app, Some(&f.administration), &id).await;
    assert_eq!(a.data()["publishEvent"]["status"], "PUBLISHED");
    let list = app
        .gql(
            None,
            "{ events(filter: { from: \"2026-01-01T00:00:00Z\" }) { totalCount edges { node { id title organisers { state } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(list.data()["events"]["totalCount"], 1);
    assert_eq!(list.data()["events"]["edges"][0]["node"]["id"], id.as_str());

    // The audit log has every step.
    let log = app.gql(Some(&f.admin), "{ auditLog(first: 50, entity: \"event\") { edges { node { action } } } }", json!({})).await;
    let actions: Vec<&str> =
        log.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
    for action in ["create_event", "respond_to_organiser_invitation", "publish_event"] {
        assert!(actions.contains(&action), "{action} missing in {actions:?}");
    }
});

on_both_databases!(a_declined_organiser_does_not_block_publishing, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // The representative plans for their own organisation (confirmed at once) and invites another.
    let partner = partner_org(&app, &f).await;
    // An organisation the representative cannot see cannot be invited.
    let hidden = create(&app, &f.representative, &[&f.org, &f.unverified], json!({})).await;
    assert_eq!(hidden.field(), Some("organisationIds"));
    let e = created(&app, &f.representative, &[&f.org, &partner], json!({})).await;
    let id = e["id"].as_str().unwrap().to_owned();
    let states: Vec<(&str, &str)> =
        e["organisers"].as_array().unwrap().iter().map(|o| (o["organisationId"].as_str().unwrap(), o["state"].as_str().unwrap())).collect();
    assert!(states.contains(&(f.org.as_str(), "CONFIRMED")), "{states:?}");
    assert!(states.contains(&(partner.as_str(), "INVITED")), "{states:?}");
    // The invited organisation's representative got an e-mail.
    assert!(app.core.dev_outbox().await.iter().any(|m| m.to == "andere@test.org" && m.body.contains(&id)));
    respond(&app, &f.other_representative, &id, &partner, false).await.data();
    assert_eq!(publish(&app, Some(&f.representative), &id).await.data()["publishEvent"]["status"], "PUBLISHED");
    // Invited again after declining: back to INVITED.
    let a = app
        .gql(
            Some(&f.representative),
            "mutation($e: ID!, $o: ID!) { inviteCoOrganiser(eventId: $e, organisationId: $o) { organisers { organisationId state } } }",
            json!({ "e": id, "o": partner }),
        )
        .await;
    assert!(a.data()["inviteCoOrganiser"]["organisers"].as_array().unwrap().iter().any(|o| o["state"] == "INVITED"));
    let again = app
        .gql(
            Some(&f.representative),
            "mutation($e: ID!, $o: ID!) { inviteCoOrganiser(eventId: $e, organisationId: $o) { id } }",
            json!({ "e": id, "o": partner }),
        )
        .await;
    assert_eq!(again.field(), Some("organisationId"));
});

on_both_databases!(bad_input_is_refused_at_its_field_and_nothing_is_written, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let cases: Vec<(Value, Vec<&str>, &str)> = vec![
        (json!({ "endsAt": "2027-01-14T17:00" }), vec![&f.org], "endsAt"),
        (json!({ "endsAt": "2027-01-14T18:00" }), vec![&f.org], "endsAt"),
        (json!({ "capacity": 0 }), vec![&f.org], "capacity"),
        (json!({ "capacity": -5 }), vec![&f.org], "capacity"),
        (json!({}), vec![unknown.as_str()], "organisationIds"),
        (json!({}), vec![], "organisationIds"),
        (json!({ "venue": null, "onlineUrl": null }), vec![&f.org], "venue"),
        (json!({ "onlineUrl": "javascript:alert(1)" }), vec![&f.org], "onlineUrl"),
        // 29 March 2027, 02:30 does not exist in Berlin (clocks jump to 03:00).
        (json!({ "startsAt": "2027-03-28T02:30", "endsAt": "2027-03-28T05:00" }), vec![&f.org], "startsAt"),
        (json!({ "startsAt": "14.01.2027 18:00" }), vec![&f.org], "startsAt"),
        (json!({ "title": "  " }), vec![&f.org], "title"),
        (json!({ "districtId": unknown }), vec![&f.org], "districtId"),
        (json!({ "languages": ["xx"] }), vec![&f.org], "languages"),
    ];
    for (extra, orgs, field) in cases {
        let a = create(&app, &f.administration, &orgs, extra.clone()).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{extra}: {}", a.body);
        assert_eq!(a.field(), Some(field), "{extra}: {}", a.body);
        assert!(a.body["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let list = app.gql(Some(&f.admin), "{ events { totalCount } }", json!({})).await;
    assert_eq!(list.data()["events"]["totalCount"], 0, "nothing half-written");
    // An online event needs no place; daylight saving: 18:00 in July is 16:00 UTC.
    let e = created(&app, &f.administration, &[&f.org], json!({ "venue": null, "onlineUrl": "https://meet.example.org/fest", "startsAt": "2027-07-01T18:00", "endsAt": "2027-07-01T19:30" })).await;
    assert_eq!(e["startsAt"], "2027-07-01T16:00:00+00:00");
});

on_both_databases!(concurrent_edits_get_conflict, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let e = created(&app, &f.representative, &[&f.org], json!({})).await;
    let (id, v) = (e["id"].as_str().unwrap(), e["version"].as_i64().unwrap());
    let update = |title: &'static str| {
        app.gql(
            Some(&f.representative),
            "mutation($id: ID!, $v: Int!, $i: EventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $i) { title version } }",
            json!({ "id": id, "v": v, "i": event_input(json!({ "title": title })) }),
        )
    };
    let first = update("Fest am Garbátyplatz").await;
    assert_eq!(first.data()["updateEvent"]["version"], v + 1);
    let second = update("Fest im Bürgerpark").await;
    assert_eq!(second.code(), Some("CONFLICT"));
    assert_eq!(second.body["errors"][0]["extensions"]["currentVersion"], v + 1);
    let now = app.gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { title } }", json!({ "id": id })).await;
    assert_eq!(now.data()["event"]["title"], "Fest am Garbátyplatz");
    // A representative of another organisation may not edit it.
    let foreign = app
        .gql(
            Some(&f.other_representative),
            "mutation($id: ID!, $v: Int!, $i: EventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $i) { title } }",
            json!({ "id": id, "v": v + 1, "i": event_input(json!({})) }),
        )
        .await;
    assert!(matches!(foreign.code(), Some("FORBIDDEN" | "NOT_FOUND")), "{}", foreign.body);
});

on_both_databases!(waitlist_moves_up_in_order_when_a_seat_frees, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let id = published(&app, &f, Some(1)).await;
    assert_eq!(register(&app, &f.multiplier, &id).await, json!({ "status": "REGISTERED", "position": null }));
    assert_eq!(register(&app, &f.council, &id).await, json!({ "status": "WAITLISTED", "position": 1 }));
    assert_eq!(register(&app, &f.administration, &id).await, json!({ "status": "WAITLISTED", "position": 2 }));
    // Asking again changes nothing.
    assert_eq!(register(&app, &f.council, &id).await, json!({ "status": "WAITLISTED", "position": 1 }));
    let counts = app.gql(None, "query($id: ID!) { event(id: $id) { registeredCount waitlistCount } }", json!({ "id": id })).await;
    assert_eq!(counts.data()["event"], json!({ "registeredCount": 1, "waitlistCount": 2 }));

    let a = app.gql(Some(&f.multiplier), "mutation($e: ID!) { cancelRegistration(eventId: $e) { status } }", json!({ "e": id })).await;
    assert_eq!(a.data()["cancelRegistration"]["status"], "CANCELLED");
    assert_eq!(my_registration(&app, &f.council, &id).await, json!({ "status": "REGISTERED", "position": null }));
    assert_eq!(my_registration(&app, &f.administration, &id).await, json!({ "status": "WAITLISTED", "position": 1 }));
    assert_eq!(my_registration(&app, &f.multiplier, &id).await, Value::Null);
    assert!(app.core.dev_outbox().await.iter().any(|m| m.to == "beirat@test.org" && m.subject.contains("Platz frei")));

    // Organisers see the list and the CSV; others do not.
    let list = app
        .gql(
            Some(&f.representative),
            "query($id: ID!) { event(id: $id) { registrations { displayName registration { status position } } registrationsCsv } }",
            json!({ "id": id }),
        )
        .await;
    let rows = list.data()["event"]["registrations"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["registration"]["status"], "REGISTERED");
    assert_eq!(rows[1]["registration"]["position"], 1);
    let csv = list.data()["event"]["registrationsCsv"].as_str().unwrap().to_owned();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("Name,E-Mail,Status,Wartelistenplatz,Angemeldet am"));
    assert!(csv.contains("beirat@test.org,angemeldet,,"), "{csv}");
    assert!(csv.contains("verwaltung@test.org,Warteliste,1,"), "{csv}");
    let denied = app.gql(Some(&f.multiplier), "query($id: ID!) { event(id: $id) { registrationsCsv } }", json!({ "id": id })).await;
    assert_eq!(denied.code(), Some("FORBIDDEN"));

    // More seats: the next person moves up at once.
    let v = app.gql(Some(&f.representative), "query($id: ID!) { event(id: $id) { version } }", json!({ "id": id })).await;
    let v = v.data()["event"]["version"].as_i64().unwrap();
    app.gql(
        Some(&f.representative),
        "mutation($id: ID!, $v: Int!, $i: EventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $i) { version } }",
        json!({ "id": id, "v": v, "i": event_input(json!({ "capacity": 2 })) }),
    )
    .await
    .data();
    assert_eq!(my_registration(&app, &f.administration, &id).await, json!({ "status": "REGISTERED", "position": null }));
});

on_both_databases!(two_people_asking_for_the_last_seat_at_once_one_gets_it, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    for round in 0..5 {
        let id = published(&app, &f, Some(1)).await;
        let query = "mutation($e: ID!) { registerForEvent(eventId: $e) { status } }";
        let (a, b) =
            tokio::join!(app.gql(Some(&f.multiplier), query, json!({ "e": id })), app.gql(Some(&f.council), query, json!({ "e": id })),);
        let mut got: Vec<String> = [a, b].iter().map(|x| x.data()["registerForEvent"]["status"].as_str().unwrap().to_owned()).collect();
        got.sort();
        assert_eq!(got, ["REGISTERED", "WAITLISTED"], "round {round}");
        let counts = app.gql(None, "query($id: ID!) { event(id: $id) { registeredCount waitlistCount } }", json!({ "id": id })).await;
        assert_eq!(counts.data()["event"], json!({ "registeredCount": 1, "waitlistCount": 1 }), "round {round}");
    }
});

on_both_databases!(cancelling_a_published_event_tells_everyone_registered, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let id = published(&app, &f, Some(1)).await;
    register(&app, &f.multiplier, &id).await;
    register(&app, &f.council, &id).await;
    let a = app
        .gql(
            Some(&f.representative),
            "mutation($id: ID!) { cancelEvent(id: $id, reason: \"Der Saal ist nicht verfügbar.\") { status cancelReason } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(a.data()["cancelEvent"], json!({ "status": "CANCELLED", "cancelReason": "Der Saal ist nicht verfügbar." }));
    let mails = app.core.dev_outbox().await;
    for to in ["multi@test.org", "beirat@test.org"] {
        assert!(mails.iter().any(|m| m.to == to && m.subject.contains("Abgesagt") && m.body.contains("nicht verfügbar")), "{to}");
    }
    let late = app.gql(Some(&f.administration), "mutation($e: ID!) { registerForEvent(eventId: $e) { status } }", json!({ "e": id })).await;
    assert_eq!(late.code(), Some("BAD_USER_INPUT"));
    let again = app.gql(Some(&f.representative), "mutation($id: ID!) { cancelEvent(id: $id) { status } }", json!({ "id": id })).await;
    assert_eq!(again.code(), Some("BAD_USER_INPUT"));
});

on_both_databases!(event_operations_answer_as_the_policy_says, |app: TestApp| async move {
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
    // Membership: the representative belongs to `f.org` and to no other organisation
    // here; the others belong to none. A foreign organisation has no members at all.
    let foreign = f.unverified.clone();
    for (role, token) in roles {
        for (org, member) in [(&f.org, role == Some(Role::MoRepresentative)), (&foreign, false)] {
            let who = format!("{role:?} member={member}");
            // createEvent
            let a = match token {
                Some(t) => create(&app, t, &[org], json!({})).await,
                None => {
                    app.gql(
                        None,
                        "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
                        json!({ "o": [org], "i": event_input(json!({})) }),
                    )
                    .await
                }
            };
            let expect = policy::is_allowed(role, Operation::CreateEvent, member);
            check(&a, expect, role, &format!("createEvent {who}"));

            // An event organised (confirmed) by `org`, made by the administration as the org.
            let e = created(&app, &f.administration, &[org], json!({ "capacity": 10 })).await;
            let id = e["id"].as_str().unwrap().to_owned();
            if org == &f.org {
                respond(&app, &f.representative, &id, org, true).await.data();
            } else {
                respond(&app, &f.other_representative, &id, org, true).await.data();
            }
            // publishEvent (ManageEvent)
            let a = publish(&app, token, &id).await;
            let expect = policy::is_allowed(role, Operation::ManageEvent, member);
            check_or_hidden(&a, expect, role, &format!("publishEvent {who}"));
            if !expect {
                publish(&app, Some(&f.administration), &id).await.data();
            }
            // registrations (ManageEvent) on the published event
            let a = app.gql(token, "query($id: ID!) { event(id: $id) { registrations { email } } }", json!({ "id": id })).await;
            check(&a, policy::is_allowed(role, Operation::ManageEvent, member), role, &format!("registrations {who}"));
            // registerForEvent
            let a = app.gql(token, "mutation($e: ID!) { registerForEvent(eventId: $e) { status } }", json!({ "e": id })).await;
            check(&a, policy::is_allowed(role, Operation::RegisterForEvent, member), role, &format!("registerForEvent {who}"));
        }
        // respondToOrganiserInvitation for the representative's organisation
        let e = created(&app, &f.administration, &[&f.org], json!({})).await;
        let id = e["id"].as_str().unwrap().to_owned();
        let a = app
            .gql(
                token,
                "mutation($e: ID!, $o: ID!) { respondToOrganiserInvitation(eventId: $e, organisationId: $o, accept: true) { status } }",
                json!({ "e": id, "o": f.org }),
            )
            .await;
        let member = role == Some(Role::MoRepresentative);
        check_or_hidden(&a, policy::is_allowed(role, Operation::RespondForOrganisation, member), role, &format!("respond {role:?}"));
    }
});

fn check(a: &crate::helpers::Answer, allowed: bool, role: Option<migraup_domain::Role>, what: &str) {
    if allowed {
        a.data();
    } else {
        let expected = if role.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
        assert_eq!(a.code(), Some(expected), "{what}: {}", a.body);
    }
}

/// Like [`check`], but a draft the caller may not even see answers `NOT_FOUND`.
fn check_or_hidden(a: &crate::helpers::Answer, allowed: bool, role: Option<migraup_domain::Role>, what: &str) {
    if allowed {
        a.data();
    } else {
        let expected = if role.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
        assert!(matches!(a.code(), Some(c) if c == expected || c == "NOT_FOUND"), "{what}: {}", a.body);
    }
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let (status, headers, body) = app.raw(Request::get(path).body(Body::empty()).unwrap()).await;
    let kind = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status.as_u16(), kind, String::from_utf8_lossy(&body).into_owned())
}

/// Parses with the independent `ical` crate and returns the calendar.
fn parse_calendar(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    parser.next().expect("one calendar").expect("valid iCalendar")
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

on_both_databases!(calendar_files_are_valid_icalendar_in_berlin_time, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let winter = published(&app, &f, None).await;
    let summer = created(&app, &f.representative, &[&f.org], json!({ "title": "Sommerfest; mit Komma, und Umlaut ä", "startsAt": "2027-07-01T18:00", "endsAt": "2027-07-01T22:00", "districtId": f.district })).await;
    let summer = summer["id"].as_str().unwrap().to_owned();
    publish(&app, Some(&f.representative), &summer).await.data();
    let draft = created(&app, &f.representative, &[&f.org], json!({ "title": "Noch geheim" })).await;

    let (status, kind, body) = get(&app, &format!("/events/{winter}.ics")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let cal = parse_calendar(&body);
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(prop(&cal.timezones[0].properties, "TZID").and_then(|p| p.value.as_deref()), Some("Europe/Berlin"));
    assert_eq!(cal.events.len(), 1);
    let start = prop(&cal.events[0].properties, "DTSTART").expect("DTSTART");
    assert_eq!(start.value.as_deref(), Some("20270114T180000"));
    let tz = start.params.as_ref().and_then(|ps| ps.iter().find(|(k, _)| k == "TZID")).map(|(_, v)| v[0].clone());
    assert_eq!(tz.as_deref(), Some("Europe/Berlin"));

    let (status, _, body) = get(&app, "/calendar.ics").await;
    assert_eq!(status, 200);
    let cal = parse_calendar(&body);
    let summaries: Vec<String> = cal.events.iter().filter_map(|e| prop(&e.properties, "SUMMARY").and_then(|p| p.value.clone())).collect();
    assert_eq!(cal.events.len(), 2, "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("Sommerfest")), "{summaries:?}");
    let summer_start = cal.events.iter().find_map(|e| {
        let s = prop(&e.properties, "SUMMARY")?.value.clone()?;
        s.contains("Sommerfest").then(|| prop(&e.properties, "DTSTART").and_then(|p| p.value.clone()))?
    });
    assert_eq!(summer_start.as_deref(), Some("20270701T180000"));

    // Filtered by Ortsteil (slug): only the summer event has one.
    let districts = app.gql(None, "{ districts { id slug } }", json!({})).await;
    let slug = districts.data()["districts"].as_array().unwrap().iter().find(|d| d["id"] == f.district.as_str()).unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, _, body) = get(&app, &format!("/calendar.ics?district={slug}")).await;
    assert_eq!(parse_calendar(&body).events.len(), 1);
    let (_, _, body) = get(&app, "/calendar.ics?organisation=verein-sonnenblume-e-v").await;
    assert_eq!(parse_calendar(&body).events.len(), 2, "both published events are the organisation's");
    let (status, _, _) = get(&app, "/calendar.ics?topic=gibt-es-nicht").await;
    assert_eq!(status, 400);
    // Drafts have no calendar file.
    let (status, _, _) = get(&app, &format!("/events/{}.ics", draft["id"].as_str().unwrap())).await;
    assert_eq!(status, 404);
});

// A person's private feed holds the members-only events they may see, the public feed
// does not; the address is the only credential, so a new one ends the old, revoking
// ends it, and a disabled account's feed answers 404 (as does a made-up secret).
on_both_databases!(a_private_calendar_feed_shows_what_its_owner_may_see, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let renew = "mutation { renewCalendarFeed }";
    assert_eq!(app.gql(None, renew, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let input = json!({ "title": "Nur für Mitglieder", "startsAt": "2027-03-01T18:00", "endsAt": "2027-03-01T20:00", "venue": "Saal", "visibility": "MEMBERS" });
    published_event(&app, &f, input).await;
    let path = |url: &Value| format!("/calendar/{}", url.as_str().unwrap().rsplit_once("/calendar/").unwrap().1);
    let first = path(&app.gql(Some(&f.multiplier), renew, json!({})).await.data()["renewCalendarFeed"]);
    assert!(first.ends_with(".ics") && first.len() > 50, "{first}");

    let (status, kind, body) = get(&app, &first).await;
    assert_eq!((status, kind.as_str()), (200, "text/calendar; charset=utf-8"));
    let titles = |body: &str| -> Vec<String> {
        parse_calendar(body).events.iter().filter_map(|e| prop(&e.properties, "SUMMARY").and_then(|p| p.value.clone())).collect()
    };
    assert!(titles(&body).contains(&"Nur für Mitglieder".to_owned()), "{body}");
    let (_, _, public) = get(&app, "/calendar.ics").await;
    assert!(!titles(&public).contains(&"Nur für Mitglieder".to_owned()), "the public feed holds public events only");
    let mine = app.gql(Some(&f.multiplier), "{ myCalendarFeed { createdAt lastUsedAt } }", json!({})).await;
    assert!(mine.data()["myCalendarFeed"]["lastUsedAt"].is_string(), "{}", mine.body);
    assert!(app.gql(Some(&f.council), "{ myCalendarFeed { createdAt } }", json!({})).await.data()["myCalendarFeed"].is_null());

    // A new address ends the old one.
    let second = path(&app.gql(Some(&f.multiplier), renew, json!({})).await.data()["renewCalendarFeed"]);
    assert_eq!(get(&app, &first).await.0, 404);
    assert_eq!(get(&app, &second).await.0, 200);
    for guess in ["/calendar/x.ics", "/calendar/.ics", &format!("/calendar/{}", "A".repeat(43)) as &str, "/calendar/abc"] {
        assert_eq!(get(&app, guess).await.0, 404, "{guess}");
    }
    // Revoked: 404.
    assert_eq!(app.gql(Some(&f.multiplier), "mutation { revokeCalendarFeed }", json!({})).await.data()["revokeCalendarFeed"], true);
    assert_eq!(get(&app, &second).await.0, 404);
    // Making and ending addresses is in the person's history.
    let me = app.gql(Some(&f.multiplier), "{ me { id } }", json!({})).await.data()["me"]["id"].clone();
    let log = app
        .gql(
            Some(&f.admin),
            "query($id: String!) { auditLog(entity: \"user\", entityId: $id) { edges { node { action } } } }",
            json!({ "id": me }),
        )
        .await;
    let actions: Vec<String> =
        log.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions.iter().filter(|a| *a == "renew_calendar_feed").count(), 2, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "revoke_calendar_feed").count(), 1, "{actions:?}");

    // A disabled account's feed answers 404.
    let third = path(&app.gql(Some(&f.council), renew, json!({})).await.data()["renewCalendarFeed"]);
    assert_eq!(get(&app, &third).await.0, 200);
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email version } } } }", json!({})).await;
    let council =
        users.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == "beirat@test.org").unwrap()["node"]
            .clone();
    app.gql(
        Some(&f.admin),
        "mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, status: DISABLED) { status } }",
        json!({ "id": council["id"], "v": council["version"] }),
    )
    .await
    .data();
    assert_eq!(get(&app, &third).await.0, 404);
    // A thousand renewals are not a thousand writes: 20 a day for one person.
    let codes: Vec<Option<String>> = {
        let mut codes = Vec::new();
        for _ in 0..20 {
            codes.push(app.gql(Some(&f.multiplier), renew, json!({})).await.code().map(str::to_owned));
        }
        codes
    };
    assert_eq!(codes.iter().filter(|c| c.as_deref() == Some("RATE_LIMITED")).count(), 2, "{codes:?}");
});
