//! Working groups (Fachnetzwerke) on both databases: a group's whole life (create,
//! invite, confirm, application, meeting with agenda, minutes with two actions, action
//! done, action to project, the network's new ties, leave, removal), who may do what,
//! reminders with a set clock, and what one anonymous document or a stranger gets.

use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Fixture, TestApp, partner_org},
    on_both_databases,
};

const CREATE: &str = "mutation($i: GroupInput!) { createWorkingGroup(input: $i) { id slug name canManage isMember version } }";
const GROUP: &str = "query($s: String!) { workingGroup(slug: $s) { id name canManage isMember
    members { id organisationId organisationName personName coordinator canEnd }
    meetings { id title status notes { agenda agendaHtml minutes minutesHtml minutesPublishedAt version canEdit attendance { name } documents { title url } } }
    actions { id title status ownerOrganisationName ownerPersonName dueOn canUpdate canMakeProject version projectId } } }";
const TO_DECIDE: &str = "{ inbox { count toDecide { id kind groupName organisationName version canDecide } } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!) { decideOrganisationRequest(id: $id, expectedVersion: $v, approve: true) { state } }";

/// Waits (up to a deadline) until `n` mails to `to` contain `needle`; returns how many do.
async fn mails_with(app: &TestApp, to: &str, needle: &str, n: usize) -> usize {
    let mut found = 0;
    for _ in 0..200 {
        found =
            app.core.dev_outbox().await.iter().filter(|m| m.to == to && (m.subject.contains(needle) || m.body.contains(needle))).count();
        if found >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    found
}

fn future(days: i64) -> String {
    (Utc::now() + Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn create_group(app: &TestApp, token: Option<&str>, topic: &str, name: &str, visibility: &str) -> Answer {
    app.gql(
        token,
        CREATE,
        json!({ "i": { "name": name, "visibility": visibility, "topicIds": [topic], "description": "Mehrsprachige Beratung im Bezirk" } }),
    )
    .await
}

async fn decide_first(app: &TestApp, token: &str) {
    let inbox = app.gql(Some(token), TO_DECIDE, json!({})).await;
    let item = inbox.data()["inbox"]["toDecide"][0].clone();
    assert_eq!(item["canDecide"], true, "{}", inbox.body);
    app.gql(Some(token), DECIDE, json!({ "id": item["id"], "v": item["version"] })).await.data();
}

fn meeting_input() -> Value {
    let day = future(14);
    json!({ "title": "Treffen Mehrsprachigkeit", "startsAt": format!("{day}T17:00"), "endsAt": format!("{day}T19:00"), "venue": "Rathaus Pankow", "visibility": "PUBLIC" })
}

on_both_databases!(a_working_group_lives_from_founding_to_leaving, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;

    // A multiplier founds the group and coordinates it.
    let created = create_group(&app, Some(&f.multiplier), &f.topic, "Fachnetzwerk Mehrsprachigkeit", "PUBLIC").await;
    let group = created.data()["createWorkingGroup"].clone();
    assert_eq!((group["canManage"].as_bool(), group["isMember"].as_bool()), (Some(true), Some(true)));
    let (gid, slug) = (group["id"].clone(), group["slug"].as_str().unwrap().to_owned());

    // Invitation of the partner organisation: its representative confirms in the inbox.
    let invite = "mutation($g: ID!, $o: ID!) { inviteOrganisationToGroup(groupId: $g, organisationId: $o, message: \"Willkommen\") { kind state groupName } }";
    let invited = app.gql(Some(&f.multiplier), invite, json!({ "g": gid, "o": partner })).await;
    assert_eq!(invited.data()["inviteOrganisationToGroup"]["kind"], "GROUP_INVITATION");
    assert_eq!(mails_with(&app, "andere@test.org", "Einladung in das Fachnetzwerk", 1).await, 1);
    // One open request per group and organisation, whoever asks.
    let twice = app.gql(Some(&f.multiplier), invite, json!({ "g": gid, "o": partner })).await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("organisationId")));
    let inbox = app.gql(Some(&f.other_representative), TO_DECIDE, json!({})).await;
    assert_eq!(inbox.data()["inbox"]["toDecide"][0]["groupName"], "Fachnetzwerk Mehrsprachigkeit");
    assert_eq!(inbox.data()["inbox"]["count"], 1);
    decide_first(&app, &f.other_representative).await;

    // An application of the representative's organisation: the coordinator decides.
    let apply = "mutation($g: ID!, $o: ID!) { applyToGroup(groupId: $g, organisationId: $o) { kind state } }";
    let applied = app.gql(Some(&f.representative), apply, json!({ "g": gid, "o": f.org })).await;
    assert_eq!(applied.data()["applyToGroup"]["kind"], "GROUP_APPLICATION");
    // Nobody applies for an organisation they do not act for.
    let foreign = app.gql(Some(&f.other_representative), apply, json!({ "g": gid, "o": f.org })).await;
    assert_eq!(foreign.code(), Some("FORBIDDEN"));
    decide_first(&app, &f.multiplier).await;

    let page = app.gql(Some(&f.representative), GROUP, json!({ "s": slug })).await;
    let members = page.data()["workingGroup"]["members"].as_array().unwrap().clone();
    assert_eq!(members.len(), 3, "{members:?}");
    assert_eq!(members[0]["coordinator"], true);
    assert_eq!(page.data()["workingGroup"]["isMember"], true);

    // The network shows who works together in the group.
    let net = app.gql(Some(&f.council), "{ networkOverview { edges { source target sources groupNames } } }", json!({})).await;
    let edges = net.data()["networkOverview"]["edges"].as_array().unwrap().clone();
    let tie = edges.iter().find(|e| e["sources"].as_array().unwrap().iter().any(|s| s == "GROUP")).expect("a group tie");
    assert_eq!(tie["groupNames"], json!(["Fachnetzwerk Mehrsprachigkeit"]));

    // A meeting with an agenda; publishing mails the members each in their language.
    let planned = app
        .gql(
            Some(&f.multiplier),
            "mutation($g: ID!, $i: EventInput!) { planMeeting(groupId: $g, input: $i, agenda: \"1. Begrüßung\\n2. **Dolmetschpool**\") { id status group { name } } }",
            json!({ "g": gid, "i": meeting_input() }),
        )
        .await;
    let meeting = planned.data()["planMeeting"]["id"].clone();
    assert_eq!(planned.data()["planMeeting"]["group"]["name"], "Fachnetzwerk Mehrsprachigkeit");
    app.gql(Some(&f.multiplier), "mutation($id: ID!) { publishEvent(id: $id) { status } }", json!({ "id": meeting })).await.data();
    assert_eq!(mails_with(&app, "vertretung@test.org", "Einladung: Treffen Mehrsprachigkeit", 1).await, 1);
    assert_eq!(mails_with(&app, "andere@test.org", "Dolmetschpool", 1).await, 1, "the agenda is in the invitation");

    // Minutes with script are shown as text; two coordinators saving get CONFLICT.
    let save = "mutation($e: ID!, $v: Int!, $i: NotesInput!) { saveMeetingNotes(eventId: $e, expectedVersion: $v, input: $i) { version minutesHtml } }";
    let notes = json!({ "agenda": "1. Begrüßung", "minutes": "Wir haben beschlossen.<script>alert(1)</script>",
        "documents": [{ "title": "Präsentation", "url": "https://example.org/folien.pdf" }],
        "attendeeOrganisationIds": [f.org, partner] });
    let saved = app.gql(Some(&f.multiplier), save, json!({ "e": meeting, "v": 1, "i": notes })).await;
    let html = saved.data()["saveMeetingNotes"]["minutesHtml"].as_str().unwrap().to_owned();
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;"), "{html}");
    let stale = app.gql(Some(&f.multiplier), save, json!({ "e": meeting, "v": 1, "i": notes })).await;
    assert_eq!(stale.code(), Some("CONFLICT"));
    // Not published yet: members do not read the minutes.
    let draft = app.gql(Some(&f.representative), GROUP, json!({ "s": slug })).await;
    assert_eq!(draft.data()["workingGroup"]["meetings"][0]["notes"]["minutes"], Value::Null);

    // Agreed actions: due in the past or without an owner is refused at its field.
    let record = "mutation($e: ID!, $i: ActionInput!) { recordAction(eventId: $e, input: $i) { id title version canUpdate } }";
    let past = app
        .gql(
            Some(&f.multiplier),
            record,
            json!({ "e": meeting, "i": { "title": "Flyer", "ownerOrganisationId": f.org, "dueOn": "2020-01-01" } }),
        )
        .await;
    assert_eq!((past.code(), past.field()), (Some("BAD_USER_INPUT"), Some("dueOn")));
    let nobody = app.gql(Some(&f.multiplier), record, json!({ "e": meeting, "i": { "title": "Flyer", "dueOn": future(30) } })).await;
    assert_eq!((nobody.code(), nobody.field()), (Some("BAD_USER_INPUT"), Some("owner")));
    let stranger = app
        .gql(
            Some(&f.representative),
            record,
            json!({ "e": meeting, "i": { "title": "Flyer", "ownerOrganisationId": f.org, "dueOn": future(30) } }),
        )
        .await;
    assert_eq!(stranger.code(), Some("FORBIDDEN"), "members do not record actions");
    let flyer = app
        .gql(
            Some(&f.multiplier),
            record,
            json!({ "e": meeting, "i": { "title": "Mehrsprachige Flyer drucken", "ownerOrganisationId": f.org, "dueOn": future(5) } }),
        )
        .await;
    let flyer = flyer.data()["recordAction"].clone();
    let pool = app
        .gql(
            Some(&f.multiplier),
            record,
            json!({ "e": meeting, "i": { "title": "Dolmetschpool aufbauen", "ownerOrganisationId": partner, "dueOn": future(60) } }),
        )
        .await;
    let pool = pool.data()["recordAction"].clone();

    // Published minutes reach the members and anonymous visitors of a public meeting.
    let publish = app
        .gql(
            Some(&f.multiplier),
            "mutation($e: ID!, $v: Int!) { publishMinutes(eventId: $e, expectedVersion: $v) { minutesPublishedAt } }",
            json!({ "e": meeting, "v": 2 }),
        )
        .await;
    assert!(publish.data()["publishMinutes"]["minutesPublishedAt"].is_string());
    assert_eq!(mails_with(&app, "andere@test.org", "Protokoll: Treffen Mehrsprachigkeit", 1).await, 1);
    let anonymous = app.gql(None, GROUP, json!({ "s": slug })).await;
    let g = &anonymous.data()["workingGroup"];
    assert!(g["meetings"][0]["notes"]["minutes"].as_str().unwrap().contains("beschlossen"));
    assert!(g["members"].as_array().unwrap().iter().all(|m| m["personName"].is_null()), "no individual names for visitors");
    assert!(g["actions"].as_array().unwrap().iter().all(|a| a["ownerPersonName"].is_null() && a["canUpdate"] == false));

    // The representative sees the action on their start page and marks it done.
    let mine = app.gql(Some(&f.representative), "{ myActions { id title } myNextMeetings { title } }", json!({})).await;
    assert_eq!(mine.data()["myActions"][0]["id"], flyer["id"]);
    assert_eq!(mine.data()["myNextMeetings"][0]["title"], "Treffen Mehrsprachigkeit");
    let status = "mutation($id: ID!, $v: Int!, $s: ActionStatus!, $r: String) { setActionStatus(id: $id, expectedVersion: $v, status: $s, reason: $r) { status version } }";
    let foreign = app.gql(Some(&f.other_representative), status, json!({ "id": flyer["id"], "v": 1, "s": "DONE" })).await;
    assert_eq!(foreign.code(), Some("FORBIDDEN"));
    let done = app.gql(Some(&f.representative), status, json!({ "id": flyer["id"], "v": 1, "s": "DONE" })).await;
    assert_eq!(done.data()["setActionStatus"]["status"], "DONE");
    let again = app.gql(Some(&f.representative), status, json!({ "id": flyer["id"], "v": 1, "s": "DONE" })).await;
    assert_eq!(again.code(), Some("BAD_USER_INPUT"), "done stays done");

    // The other action becomes a project led by the partner, linked back.
    let project = app
        .gql(
            Some(&f.other_representative),
            "mutation($id: ID!) { actionToProject(id: $id) { id title leadOrganisationId agreedAction { id groupName } } }",
            json!({ "id": pool["id"] }),
        )
        .await;
    let project = project.data()["actionToProject"].clone();
    assert_eq!(project["title"], "Dolmetschpool aufbauen");
    assert_eq!(project["leadOrganisationId"], json!(partner));
    assert_eq!(project["agreedAction"]["id"], pool["id"]);
    let origin =
        app.gql(None, "query($id: ID!) { project(id: $id) { agreedAction { title groupName } } }", json!({ "id": project["id"] })).await;
    assert_eq!(
        origin.data()["project"]["agreedAction"],
        json!({ "title": "Dolmetschpool aufbauen", "groupName": "Fachnetzwerk Mehrsprachigkeit" })
    );
    let twice =
        app.gql(Some(&f.other_representative), "mutation($id: ID!) { actionToProject(id: $id) { id } }", json!({ "id": pool["id"] })).await;
    assert_eq!(twice.code(), Some("BAD_USER_INPUT"));

    // Leaving and removal end memberships and are audited.
    let page = app.gql(Some(&f.multiplier), GROUP, json!({ "s": slug })).await;
    let members = page.data()["workingGroup"]["members"].as_array().unwrap().clone();
    let of = |org: &str| members.iter().find(|m| m["organisationId"] == org).unwrap()["id"].clone();
    let end = "mutation($m: ID!) { endGroupMembership(memberId: $m) }";
    let coordinator = members.iter().find(|m| m["coordinator"] == true).unwrap()["id"].clone();
    let last = app.gql(Some(&f.multiplier), end, json!({ "m": coordinator })).await;
    assert_eq!(last.code(), Some("BAD_USER_INPUT"), "the last coordinator stays");
    let not_mine = app.gql(Some(&f.representative), end, json!({ "m": of(&partner) })).await;
    assert_eq!(not_mine.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.other_representative), end, json!({ "m": of(&partner) })).await.data()["endGroupMembership"], true);
    assert_eq!(app.gql(Some(&f.multiplier), end, json!({ "m": of(&f.org) })).await.data()["endGroupMembership"], true);
    assert_eq!(mails_with(&app, "vertretung@test.org", "Nicht mehr im Fachnetzwerk", 1).await, 1, "a removal is told");
    assert_eq!(mails_with(&app, "andere@test.org", "Nicht mehr im Fachnetzwerk", 0).await, 0, "leaving is not mailed");
    let after = app.gql(Some(&f.multiplier), GROUP, json!({ "s": slug })).await;
    assert_eq!(after.data()["workingGroup"]["members"].as_array().unwrap().len(), 1);
    let log = app
        .gql(
            Some(&f.admin),
            "query($id: String) { auditLog(entityId: $id, first: 50) { edges { node { action } } } }",
            json!({ "id": gid }),
        )
        .await;
    let actions: Vec<String> =
        log.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap().to_owned()).collect();
    for expected in ["create_group", "approve_group_request", "save_minutes", "publish_minutes", "leave_group", "remove_group_member"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} missing in {actions:?}");
    }
});

on_both_databases!(who_may_do_what_with_a_working_group, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Founding: everyone who works in the network, not visitors or the council.
    assert_eq!(create_group(&app, None, &f.topic, "Ohne Konto", "PUBLIC").await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(create_group(&app, Some(&f.council), &f.topic, "Beirat gründet", "PUBLIC").await.code(), Some("FORBIDDEN"));
    let group = create_group(&app, Some(&f.representative), &f.topic, "Antidiskriminierung", "MEMBERS").await;
    let group = group.data()["createWorkingGroup"].clone();
    let public = create_group(&app, Some(&f.representative), &f.topic, "Vielfalt", "PUBLIC").await;
    let public_slug = public.data()["createWorkingGroup"]["slug"].clone();
    let slug = group["slug"].clone();

    // A members-only group is hidden from visitors, read by every member of the platform.
    let anonymous =
        app.gql(None, "query($s: String!) { workingGroup(slug: $s) { name } workingGroups { name } }", json!({ "s": slug })).await;
    assert_eq!(anonymous.data()["workingGroup"], Value::Null);
    assert_eq!(anonymous.data()["workingGroups"], json!([{ "name": "Vielfalt" }]));
    for token in [&f.council, &f.multiplier, &f.administration] {
        let read = app.gql(Some(token), "query($s: String!) { workingGroup(slug: $s) { name canManage } }", json!({ "s": slug })).await;
        assert_eq!(read.data()["workingGroup"], json!({ "name": "Antidiskriminierung", "canManage": false }));
    }

    // Only coordinators (and the coordination team) run it.
    let update = "mutation($id: ID!, $v: Int!) { updateWorkingGroup(id: $id, expectedVersion: $v, input: { name: \"Neu benannt\", visibility: MEMBERS }) { name version } }";
    let plan = "mutation($g: ID!, $i: EventInput!) { planMeeting(groupId: $g, input: $i) { id } }";
    for token in [&f.council, &f.multiplier, &f.administration, &f.other_representative] {
        assert_eq!(app.gql(Some(token), update, json!({ "id": group["id"], "v": 1 })).await.code(), Some("FORBIDDEN"));
        assert_eq!(app.gql(Some(token), plan, json!({ "g": group["id"], "i": meeting_input() })).await.code(), Some("FORBIDDEN"));
    }
    assert_eq!(app.gql(None, update, json!({ "id": group["id"], "v": 1 })).await.code(), Some("NOT_FOUND"));
    assert_eq!(app.gql(Some(&f.admin), update, json!({ "id": group["id"], "v": 1 })).await.data()["updateWorkingGroup"]["version"], 2);
    let stale = app.gql(Some(&f.representative), update, json!({ "id": group["id"], "v": 1 })).await;
    assert_eq!(stale.code(), Some("CONFLICT"));

    // A meeting of a members-only group stays members-only, even when asked public.
    let meeting = app.gql(Some(&f.representative), plan, json!({ "g": group["id"], "i": meeting_input() })).await;
    let meeting = meeting.data()["planMeeting"]["id"].clone();
    app.gql(Some(&f.representative), "mutation($id: ID!) { publishEvent(id: $id) { status } }", json!({ "id": meeting })).await.data();
    assert_eq!(app.gql(None, "query($id: ID!) { event(id: $id) { title } }", json!({ "id": meeting })).await.data()["event"], Value::Null);

    // A coordinator adds people; a person added is named to members, never to visitors.
    let add = "mutation($g: ID!, $e: String!) { addGroupPerson(groupId: $g, email: $e) { personName coordinator } }";
    let public_id = public.data()["createWorkingGroup"]["id"].clone();
    let added = app.gql(Some(&f.representative), add, json!({ "g": public_id, "e": "beirat@test.org" })).await;
    assert_eq!(added.data()["addGroupPerson"]["personName"], "beirat@test.org");
    assert_eq!(mails_with(&app, "beirat@test.org", "Sie arbeiten jetzt im Fachnetzwerk „Vielfalt“ mit", 1).await, 1, "the person is told");
    let unknown = app.gql(Some(&f.representative), add, json!({ "g": public_id, "e": "niemand@test.org" })).await;
    assert_eq!((unknown.code(), unknown.field()), (Some("BAD_USER_INPUT"), Some("email")));
    let not_coordinator = app.gql(Some(&f.council), add, json!({ "g": public_id, "e": "multi@test.org" })).await;
    assert_eq!(not_coordinator.code(), Some("FORBIDDEN"));
    let seen = app
        .gql(None, "query($s: String!) { workingGroup(slug: $s) { members { personName organisationName } } }", json!({ "s": public_slug }))
        .await;
    assert!(seen.data()["workingGroup"]["members"].as_array().unwrap().iter().all(|m| m["personName"].is_null()));
    // Participation per topic is the council's view.
    assert_eq!(app.gql(None, "{ groupParticipation { organisations } }", json!({})).await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(app.gql(Some(&f.multiplier), "{ groupParticipation { organisations } }", json!({})).await.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.council), "{ groupParticipation { groups organisations districtsWithout { name } topic { id } } }", json!({}))
        .await
        .data();
});

on_both_databases!(agreed_actions_are_reminded_once_a_week_before_and_once_when_overdue, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let group = create_group(&app, Some(&f.representative), &f.topic, "Fachnetzwerk Sprache", "PUBLIC").await;
    let gid = group.data()["createWorkingGroup"]["id"].clone();
    let apply = "mutation($g: ID!, $o: ID!) { applyToGroup(groupId: $g, organisationId: $o) { kind } }";
    app.gql(Some(&f.representative), apply, json!({ "g": gid, "o": f.org })).await.data();
    decide_first(&app, &f.representative).await;
    let plan = "mutation($g: ID!, $i: EventInput!) { planMeeting(groupId: $g, input: $i) { id } }";
    let meeting = app.gql(Some(&f.representative), plan, json!({ "g": gid, "i": meeting_input() })).await;
    let meeting = meeting.data()["planMeeting"]["id"].clone();
    let due = Utc::now().date_naive() + Duration::days(20);
    let record = "mutation($e: ID!, $i: ActionInput!) { recordAction(eventId: $e, input: $i) { id } }";
    app.gql(
        Some(&f.representative),
        record,
        json!({ "e": meeting, "i": { "title": "Übersetzung beauftragen", "ownerOrganisationId": f.org, "dueOn": due.to_string() } }),
    )
    .await
    .data();
    let at = |days_before: i64| Utc.from_utc_datetime(&(due - Duration::days(days_before)).and_hms_opt(8, 0, 0).unwrap());

    // Two weeks before: nothing. A week before: once, however often the task runs.
    assert_eq!(app.core.send_action_reminders_at(at(14)).await.unwrap(), 0);
    assert_eq!(app.core.send_action_reminders_at(at(7)).await.unwrap(), 1);
    assert_eq!(app.core.send_action_reminders_at(at(6)).await.unwrap(), 0);
    assert_eq!(mails_with(&app, "vertretung@test.org", "In einer Woche fällig", 1).await, 1);
    // On the due date nothing more; the day after, once as overdue.
    assert_eq!(app.core.send_action_reminders_at(at(0)).await.unwrap(), 0);
    assert_eq!(app.core.send_action_reminders_at(at(-1)).await.unwrap(), 1);
    assert_eq!(app.core.send_action_reminders_at(at(-2)).await.unwrap(), 0);
    assert_eq!(app.core.send_action_reminders_at(at(-30)).await.unwrap(), 0);
    assert_eq!(mails_with(&app, "vertretung@test.org", "Überfällig: Übersetzung beauftragen", 1).await, 1);
    assert_eq!(mails_with(&app, "vertretung@test.org", "In einer Woche fällig", 2).await, 1, "never twice");
});

// One document repeating the new operations is refused before anything runs.
on_both_databases!(group_operations_repeated_in_one_document_are_refused, |app: TestApp| async move {
    let before = app.core.statements().get();
    for field in [
        "createWorkingGroup(input: { name: \"Spam\" }) { id }",
        "applyToGroup(groupId: \"0190b7a0-0000-7000-8000-000000000000\", organisationId: \"0190b7a0-0000-7000-8000-000000000000\") { id }",
        "recordAction(eventId: \"0190b7a0-0000-7000-8000-000000000000\", input: { title: \"x\", dueOn: \"2030-01-01\" }) { id }",
    ] {
        let many = format!("mutation {{ {} }}", (0..1000).map(|i| format!("a{i}: {field}")).collect::<Vec<_>>().join(" "));
        let a = app.gql(None, &many, json!({})).await;
        assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    }
    // The nested lists of a group are counted: members × meetings × notes cannot explode.
    let nested = "{ workingGroups { members { id } meetings { notes { attendance { name } documents { url } } group { meetings { notes { attendance { name } } } } } } }";
    let a = app.gql(None, nested, json!({})).await;
    assert_eq!(a.code(), Some("BAD_USER_INPUT"), "{}", a.body);
    assert_eq!(app.core.statements().get(), before, "nothing reached the database");
});

// A group's description in more languages, checked like an organisation's.
on_both_databases!(a_group_describes_itself_in_more_languages, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let create = "mutation($i: GroupInput!) { createWorkingGroup(input: $i) { contentLanguage translations { language description } } }";
    let input = |language: &str| {
        json!({ "i": { "name": "Fachnetzwerk Sprachen", "description": "Wir arbeiten an Mehrsprachigkeit.", "contentLanguage": "de",
            "translations": [{ "language": language, "description": "نعمل على التعدد اللغوي." }] } })
    };
    let same = app.gql(Some(&f.representative), create, input("de")).await;
    assert_eq!((same.code(), same.field()), (Some("BAD_USER_INPUT"), Some("translations.0.language")));
    let made = app.gql(Some(&f.representative), create, input("ar")).await;
    assert_eq!(made.data()["createWorkingGroup"]["translations"], json!([{ "language": "ar", "description": "نعمل على التعدد اللغوي." }]));
    assert_eq!(made.data()["createWorkingGroup"]["contentLanguage"], "de");
});

// Every new operation as an anonymous visitor and as a stranger with a self-made
// account, on a real public group, meeting and action: refused, nothing written to the
// group, nobody mailed by it.
on_both_databases!(strangers_and_visitors_run_no_group_operation, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let stranger = crate::safety::self_registered(&app, "Selbst angelegt", "fremd@verein.example").await;
    let group = create_group(&app, Some(&f.representative), &f.topic, "Fachnetzwerk Offen", "PUBLIC").await;
    let gid = group.data()["createWorkingGroup"]["id"].clone();
    let apply = "mutation($g: ID!, $o: ID!) { applyToGroup(groupId: $g, organisationId: $o) { id } }";
    app.gql(Some(&f.representative), apply, json!({ "g": gid, "o": f.org })).await.data();
    decide_first(&app, &f.representative).await;
    let plan = "mutation($g: ID!, $i: EventInput!) { planMeeting(groupId: $g, input: $i) { id } }";
    let meeting =
        app.gql(Some(&f.representative), plan, json!({ "g": gid, "i": meeting_input() })).await.data()["planMeeting"]["id"].clone();
    app.gql(Some(&f.representative), "mutation($id: ID!) { publishEvent(id: $id) { id } }", json!({ "id": meeting })).await.data();
    let record = "mutation($e: ID!, $i: ActionInput!) { recordAction(eventId: $e, input: $i) { id } }";
    let action = app
        .gql(
            Some(&f.representative),
            record,
            json!({ "e": meeting, "i": { "title": "Flyer", "ownerOrganisationId": f.org, "dueOn": future(9) } }),
        )
        .await
        .data()["recordAction"]["id"]
        .clone();
    let page = app.gql(Some(&f.representative), GROUP, json!({ "s": "fachnetzwerk-offen" })).await;
    let member = page.data()["workingGroup"]["members"][0]["id"].clone();
    let mails_before = app.core.dev_outbox().await.len();
    let v = json!({ "g": gid, "o": f.org, "e": meeting, "a": action, "m": member });
    let operations = [
        "mutation { createWorkingGroup(input: { name: \"Fremdgründung\" }) { id } }",
        "mutation($g: ID!) { updateWorkingGroup(id: $g, expectedVersion: 1, input: { name: \"Gekapert\" }) { id } }",
        "mutation($g: ID!) { addGroupPerson(groupId: $g, email: \"beirat@test.org\") { id } }",
        "mutation($m: ID!) { endGroupMembership(memberId: $m) }",
        "mutation($g: ID!, $o: ID!) { inviteOrganisationToGroup(groupId: $g, organisationId: $o) { id } }",
        "mutation($g: ID!, $o: ID!) { applyToGroup(groupId: $g, organisationId: $o) { id } }",
        "mutation($g: ID!) { planMeeting(groupId: $g, input: { title: \"Fremd\", startsAt: \"2031-01-01T10:00\", endsAt: \"2031-01-01T11:00\", venue: \"X\" }) { id } }",
        "mutation($e: ID!) { saveMeetingNotes(eventId: $e, expectedVersion: 1, input: { minutes: \"Gekapert\" }) { version } }",
        "mutation($e: ID!) { publishMinutes(eventId: $e, expectedVersion: 1) { version } }",
        "mutation($e: ID!, $o: ID!) { recordAction(eventId: $e, input: { title: \"Fremd\", ownerOrganisationId: $o, dueOn: \"2031-01-01\" }) { id } }",
        "mutation($a: ID!) { setActionStatus(id: $a, expectedVersion: 1, status: DONE) { id } }",
        "mutation($a: ID!) { actionToProject(id: $a) { id } }",
    ];
    for op in operations {
        for (who, token) in [("anonymous", None), ("self-made account", Some(stranger.as_str()))] {
            let a = app.gql(token, op, v.clone()).await;
            let code = a.code().unwrap_or_else(|| panic!("{who} ran {op}: {}", a.body));
            assert!(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"].contains(&code), "{who}, {op}: {}", a.body);
        }
    }
    let after = app.gql(Some(&f.representative), GROUP, json!({ "s": "fachnetzwerk-offen" })).await;
    let g = &after.data()["workingGroup"];
    assert_eq!(g["name"], "Fachnetzwerk Offen");
    assert_eq!(g["members"].as_array().unwrap().len(), 2);
    assert_eq!(g["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(g["actions"][0]["status"], "OPEN");
    assert_eq!(g["meetings"][0]["notes"]["minutes"], Value::Null);
    let groups = app.gql(Some(&f.council), "{ workingGroups { name } }", json!({})).await;
    assert_eq!(groups.data()["workingGroups"].as_array().unwrap().len(), 1, "nobody founded a group");
    assert_eq!(app.core.dev_outbox().await.len(), mails_before, "nobody was mailed");
});
