//! DataLoaders at work: a page of organisations (with topics, languages, offering
//! counts) or of events (with organisers, topics, languages, seats and one's own
//! registration) costs the same number of SQL statements for 5 as for 50.

use migraup_core::{Actor, actor::ActorUser, organisations::OrganisationInput};
use migraup_domain::{OrganisationKind, Role};
use serde_json::json;

use crate::{helpers::TestApp, on_both_databases};

const PAGE: &str = "query($n: Int!) { organisations(first: $n) { totalCount edges { node { name topics { label } languages { code } offeringCount district { name } } } } }";

on_both_databases!(a_page_costs_a_fixed_number_of_statements, |app: TestApp| async move {
    let admin = Actor {
        user: Some(ActorUser { id: uuid::Uuid::now_v7(), role: Role::Admin, organisations: vec![], provisional: false }),
        lang: Default::default(),
        token: None,
    };
    let topics = app.gql(None, "{ topics { id } }", json!({})).await;
    let topic_ids: Vec<uuid::Uuid> =
        topics.data()["topics"].as_array().unwrap().iter().take(3).map(|t| t["id"].as_str().unwrap().parse().unwrap()).collect();
    for i in 0..55 {
        let input = OrganisationInput {
            name: Some(format!("Organisation {i:02}")),
            kind: Some(OrganisationKind::MigrantOrganisation),
            topic_ids: Some(topic_ids.clone()),
            languages: Some(vec!["de".into(), "ar".into()]),
            ..Default::default()
        };
        app.core.create_organisation(&admin, input).await.expect("organisation");
    }
    let count = |n: i64| {
        let app = &app;
        async move {
            let before = app.core.statements().get();
            let a = app.gql(None, PAGE, json!({ "n": n })).await;
            assert_eq!(a.data()["organisations"]["edges"].as_array().unwrap().len() as i64, n);
            app.core.statements().get() - before
        }
    };
    let small = count(5).await;
    let large = count(50).await;
    eprintln!("statements for a page of 5: {small}, of 50: {large}");
    assert_eq!(small, large);
    assert!(large <= 12, "{large} statements");
});

const EVENTS: &str = "query($n: Int!) { events(first: $n) { totalCount edges { node { title startsAtLocal district { name } topics { label } languages { code } organisers { state organisation { name } } registeredCount waitlistCount myRegistration { status } } } } }";

on_both_databases!(a_page_of_events_costs_a_fixed_number_of_statements, |app: TestApp| async move {
    let f = crate::helpers::Fixture::new(&app).await;
    let org: uuid::Uuid = f.org.parse().unwrap();
    let topic: uuid::Uuid = f.topic.parse().unwrap();
    let user = app.core.create_user("planer@test.org", "Planerin", Role::Administration, crate::helpers::PASSWORD).await.expect("user");
    let planner = Actor {
        user: Some(ActorUser { id: user.id, role: Role::Administration, organisations: vec![org], provisional: false }),
        lang: Default::default(),
        token: None,
    };
    for i in 0..55 {
        let input = migraup_core::events::EventInput {
            title: format!("Treffen Nummer {i:02}"),
            starts_at: format!("2027-03-{:02}T18:00", 1 + i % 28),
            ends_at: format!("2027-03-{:02}T20:00", 1 + i % 28),
            venue: Some("Stadtteilzentrum".into()),
            capacity: Some(20),
            topic_ids: vec![topic],
            languages: vec!["de".into(), "ar".into()],
            ..Default::default()
        };
        let e = app.core.create_event(&planner, &[org], input).await.expect("event");
        app.core.publish_event(&planner, e.id).await.expect("published");
    }
    let count = |n: i64| {
        let app = &app;
        let token = f.multiplier.clone();
        async move {
            let before = app.core.statements().get();
            let a = app.gql(Some(&token), EVENTS, json!({ "n": n })).await;
            assert_eq!(a.data()["events"]["edges"].as_array().unwrap().len() as i64, n);
            app.core.statements().get() - before
        }
    };
    let small = count(5).await;
    let large = count(50).await;
    eprintln!("statements for a page of 5 events: {small}, of 50: {large}");
    assert_eq!(small, large);
    // 17 since visitors of public events hold seats too (their counts are one more read).
    assert!(large <= 17, "{large} statements");
});

const NETWORK: &str = "{ networkOverview { summary { organisations ties } nodes { name degree betweenness community } edges { weight sources } coverage { topics { label } districts { name } cells { offerings } languages { languages { code } } } growth { month } kinds { count } completeness { score } } }";

on_both_databases!(the_network_overview_costs_the_same_statements_for_any_size, |app: TestApp| async move {
    let admin = app.core.create_user("koordination@test.org", "Koordination", Role::Admin, crate::helpers::PASSWORD).await.expect("user");
    let token = app.login("koordination@test.org", crate::helpers::PASSWORD).await;
    let _ = admin;
    let count = |organisations: usize| {
        let (app, token) = (&app, token.clone());
        async move {
            app.core.seed_synthetic_network(organisations, organisations * 10).await.expect("seed");
            let before = app.core.statements().get();
            let a = app.gql(Some(&token), NETWORK, json!({})).await;
            assert!(a.data()["networkOverview"]["summary"]["organisations"].as_u64().unwrap() >= organisations as u64);
            app.core.statements().get() - before
        }
    };
    let small = count(20).await;
    let large = count(200).await;
    eprintln!("statements for the network overview of 20: {small}, of 220: {large}");
    assert_eq!(small, large);
});

// (Meetings' notes too would pass the guard's budget for 200 groups: a group page asks for them.)
const GROUPS: &str = "{ workingGroups { name topics { label } members { organisationName personName } meetings { title } actions { title ownerOrganisationName } } }";

/// The fewest statements of three reads: the mail worker delivers the meetings'
/// invitations meanwhile, and its statements count on the same counter.
async fn read_groups(app: &TestApp, token: &str) -> (usize, u64) {
    let mut fewest = (0, u64::MAX);
    for _ in 0..3 {
        let before = app.core.statements().get();
        let a = app.gql(Some(token), GROUPS, json!({})).await;
        let n = a.data()["workingGroups"].as_array().unwrap().len();
        let count = app.core.statements().get() - before;
        if count < fewest.1 {
            fewest = (n, count);
        }
    }
    fewest
}

async fn make_group(app: &TestApp, f: &crate::helpers::Fixture, i: usize) {
    // Ten groups a day per account: two founders.
    let founder = if i < 6 { &f.representative } else { &f.other_representative };
    let create = "mutation($i: GroupInput!) { createWorkingGroup(input: $i) { id } }";
    let g = app.gql(Some(founder), create, json!({ "i": { "name": format!("Fachnetzwerk {i:02}"), "topicIds": [f.topic] } })).await;
    let gid = g.data()["createWorkingGroup"]["id"].clone();
    let plan = "mutation($g: ID!, $i: EventInput!) { planMeeting(groupId: $g, input: $i, agenda: \"1. Start\") { id } }";
    let input =
        json!({ "title": format!("Treffen {i:02}"), "startsAt": "2031-05-04T17:00", "endsAt": "2031-05-04T19:00", "venue": "Rathaus" });
    let m = app.gql(Some(founder), plan, json!({ "g": gid, "i": input })).await;
    let publish = "mutation($id: ID!) { publishEvent(id: $id) { id } }";
    app.gql(Some(founder), publish, json!({ "id": m.data()["planMeeting"]["id"] })).await.data();
}

/// Like `on_both_databases!`, on a runtime of one thread: a DataLoader's batch task
/// then starts only once the request waits, so every key of a list is in it. On more
/// threads a machine busy with other tests can pause the request for longer than the
/// loader's 1 ms window and split a batch (seen in CI): the count would measure the
/// machine, not the queries.
macro_rules! on_both_databases_in_one_thread {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "current_thread")]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "current_thread")]
            async fn postgres() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

// A list of groups reads members, meetings and actions of every group
// in a fixed number of statements: as many for 12 groups as for 2.
on_both_databases_in_one_thread!(working_groups_cost_a_fixed_number_of_statements, |app: TestApp| async move {
    let f = crate::helpers::Fixture::new(&app).await;
    for i in 0..2 {
        make_group(&app, &f, i).await;
    }
    let (two, small) = read_groups(&app, &f.council).await;
    for i in 2..12 {
        make_group(&app, &f, i).await;
    }
    let (twelve, large) = read_groups(&app, &f.council).await;
    eprintln!("statements for 2 working groups: {small}, for 12: {large}");
    assert_eq!((two, twelve), (2, 12));
    assert_eq!(small, large);
});

const IDEAS: &str = "{ ideas { title topics { label } districts { name } supports { organisation { name } offer } timeline { status actorName } owner { name } } concerns { subject parties { organisation { name } } topics { label } timeline { kind text } } }";

/// The fewest statements of three reads (as `read_groups`).
async fn read_ideas(app: &TestApp, token: &str) -> (usize, usize, u64) {
    let mut fewest = (0, 0, u64::MAX);
    for _ in 0..3 {
        let before = app.core.statements().get();
        let a = app.gql(Some(token), IDEAS, json!({})).await;
        let (ideas, concerns) = (a.data()["ideas"].as_array().unwrap().len(), a.data()["concerns"].as_array().unwrap().len());
        let count = app.core.statements().get() - before;
        if count < fewest.2 {
            fewest = (ideas, concerns, count);
        }
    }
    fewest
}

async fn make_idea_and_concern(app: &TestApp, f: &crate::helpers::Fixture, partner: &str, i: usize) {
    // Ten ideas and ten concerns a day per account: two of each kind of author.
    let proposer = if i < 6 { &f.council } else { &f.multiplier };
    let propose = "mutation($i: IdeaInput!) { proposeIdea(input: $i) { id } }";
    let input = json!({ "title": format!("Idee {i:02}"), "topicIds": [f.topic], "districtIds": [f.district] });
    let idea = app.gql(Some(proposer), propose, json!({ "i": input })).await.data()["proposeIdea"]["id"].clone();
    let support = "mutation($i: ID!, $o: ID!) { supportIdea(ideaId: $i, organisationId: $o, offer: \"Räume\") { id } }";
    app.gql(Some(&f.representative), support, json!({ "i": idea, "o": f.org })).await.data();
    let (raiser, org) = if i < 6 { (&f.representative, f.org.as_str()) } else { (&f.other_representative, partner) };
    let raise = "mutation($i: ConcernInput!) { raiseConcern(input: $i) { id } }";
    let c = json!({ "organisationId": org, "subject": format!("Anliegen {i:02}"), "body": "Ein Anliegen mit genug Text.", "topicIds": [f.topic] });
    app.gql(Some(raiser), raise, json!({ "i": c })).await.data();
}

// The lists of ideas and concerns read links, supports, names and timelines of every
// item in a fixed number of statements: as many for 12 of each as for 2.
on_both_databases_in_one_thread!(ideas_and_concerns_cost_a_fixed_number_of_statements, |app: TestApp| async move {
    let f = crate::helpers::Fixture::new(&app).await;
    let partner = crate::helpers::partner_org(&app, &f).await;
    for i in 0..2 {
        make_idea_and_concern(&app, &f, &partner, i).await;
    }
    let (ideas, concerns, small) = read_ideas(&app, &f.administration).await;
    assert_eq!((ideas, concerns), (2, 2));
    for i in 2..12 {
        make_idea_and_concern(&app, &f, &partner, i).await;
    }
    let (ideas, concerns, large) = read_ideas(&app, &f.administration).await;
    eprintln!("statements for 2 ideas and 2 concerns: {small}, for 12 of each: {large}");
    assert_eq!((ideas, concerns), (12, 12));
    assert_eq!(small, large);
});
