//! Future planning and a voice, on both databases: an idea's whole way (a gap, two
//! supports, comments, discussion, measure, project with the supporters as partners,
//! a second idea not pursued with mails), a concern's whole life (administration only:
//! who sees it where, joined, taken, answered, closed, reopened once), the flag after
//! 14 days with a set clock, the council's medians on a fixed clock, and what one
//! anonymous document or a self-made account gets.

use axum::{body::Body, http::Request};
use chrono::{Duration, TimeZone, Utc};
use migraup_core::concerns::ConcernInput;
use migraup_domain::{ConcernVisibility, Lang};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp, partner_org},
    on_both_databases,
};

const PROPOSE: &str =
    "mutation($i: IdeaInput!) { proposeIdea(input: $i) { id status version canSupportFor gapTopic { id } gapDistrict { id } } }";
const IDEA: &str = "query($id: ID!) { idea(id: $id) { id title status version canMove canSupportFor canComment projectId statusReason
    owner { name } dueOn supports { organisation { id name } offer } timeline { status note actorName }
    comments { id body authorName removedReason canEdit canRemove } } }";
const SUPPORT: &str = "mutation($i: ID!, $o: ID!, $offer: String) { supportIdea(ideaId: $i, organisationId: $o, offer: $offer) { supports { organisation { name } } } }";
const MOVE: &str = "mutation($id: ID!, $v: Int!, $s: IdeaStatus!, $i: IdeaStepInput) { moveIdea(id: $id, expectedVersion: $v, status: $s, input: $i) { status version } }";
const RAISE: &str = "mutation($i: ConcernInput!) { raiseConcern(input: $i) { id status version visibility parties { organisation { name } raised } canJoinFor } }";
const CONCERN: &str = "query($id: ID!) { concern(id: $id) { id subject status version canAnswer canReopen reopened assigneeName
    parties { organisation { id } } timeline { kind text } } }";

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

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let request = Request::get(path).header("accept-language", "de").body(Body::empty()).unwrap();
    let (status, _, body) = app.raw(request).await;
    (status.as_u16(), String::from_utf8(body).unwrap())
}

async fn idea(app: &TestApp, token: Option<&str>, id: &Value) -> Value {
    app.gql(token, IDEA, json!({ "id": id })).await.data()["idea"].clone()
}

on_both_databases!(an_idea_becomes_a_measure_and_a_project_with_its_supporters, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;

    // The council proposes a measure for a gap: the gap is among its topics and Ortsteile.
    let translations = json!([{ "language": "ar", "description": "مقهى لغوي مفتوح" }, { "language": "en", "title": "Language café in the north", "description": "An open meeting place" }]);
    let input = json!({ "title": "Sprachcafé im Norden", "description": "Ein offener Treff", "gapTopicId": f.topic, "gapDistrictId": f.district, "translations": translations });
    let proposed = app.gql(Some(&f.council), PROPOSE, json!({ "i": input })).await;
    let created = proposed.data()["proposeIdea"].clone();
    assert_eq!((created["status"].as_str(), created["gapTopic"]["id"].as_str()), (Some("PROPOSED"), Some(f.topic.as_str())));
    let id = created["id"].clone();
    // The description in more languages, a title where one was given.
    let texts =
        app.gql(None, "query($id: ID!) { idea(id: $id) { translations { language title description } } }", json!({ "id": id })).await;
    let expected = json!([{ "language": "ar", "title": null, "description": "مقهى لغوي مفتوح" }, { "language": "en", "title": "Language café in the north", "description": "An open meeting place" }]);
    assert_eq!(texts.data()["idea"]["translations"], expected);
    // Only half a gap is refused at its field.
    let half = app.gql(Some(&f.council), PROPOSE, json!({ "i": { "title": "Halbe Lücke", "gapTopicId": f.topic } })).await;
    assert_eq!((half.code(), half.field()), (Some("BAD_USER_INPUT"), Some("gapDistrictId")));

    // Two organisations support it, each once; a multiplier gives no organisation's support.
    let first = app.gql(Some(&f.representative), SUPPORT, json!({ "i": id, "o": f.org, "offer": "Räume dienstags" })).await;
    assert_eq!(first.data()["supportIdea"]["supports"].as_array().unwrap().len(), 1);
    let twice = app.gql(Some(&f.representative), SUPPORT, json!({ "i": id, "o": f.org })).await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("organisationId")));
    let foreign = app.gql(Some(&f.other_representative), SUPPORT, json!({ "i": id, "o": f.org })).await;
    assert_eq!(foreign.code(), Some("FORBIDDEN"));
    let multiplier = app.gql(Some(&f.multiplier), SUPPORT, json!({ "i": id, "o": f.org })).await;
    assert_eq!(multiplier.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.other_representative), SUPPORT, json!({ "i": id, "o": partner })).await.data();

    // Comments: plain text, the author edits, the coordination team removes with a reason.
    let comment = "mutation($i: ID!, $b: String!) { commentOnIdea(ideaId: $i, body: $b) { id body canEdit } }";
    let c = app.gql(Some(&f.multiplier), comment, json!({ "i": id, "b": "<b>Gute Idee</b>" })).await;
    let cid = c.data()["commentOnIdea"]["id"].clone();
    assert_eq!(c.data()["commentOnIdea"]["canEdit"], true);
    let edit = "mutation($id: ID!, $b: String!) { editComment(id: $id, body: $b) { body } }";
    assert_eq!(
        app.gql(Some(&f.multiplier), edit, json!({ "id": cid, "b": "Gute Idee!" })).await.data()["editComment"]["body"],
        "Gute Idee!"
    );
    assert_eq!(app.gql(Some(&f.council), edit, json!({ "id": cid, "b": "fremd" })).await.code(), Some("FORBIDDEN"));
    let empty = app.gql(Some(&f.multiplier), comment, json!({ "i": id, "b": "   " })).await;
    assert_eq!((empty.code(), empty.field()), (Some("BAD_USER_INPUT"), Some("body")));
    let remove = "mutation($id: ID!, $r: String!) { removeComment(id: $id, reason: $r) { body removedReason } }";
    assert_eq!(app.gql(Some(&f.council), remove, json!({ "id": cid, "r": "Werbung" })).await.code(), Some("FORBIDDEN"));
    let removed = app.gql(Some(&f.admin), remove, json!({ "id": cid, "r": "Werbung" })).await;
    assert_eq!(removed.data()["removeComment"], json!({ "body": null, "removedReason": "Werbung" }));
    // Visitors read the idea and its supporters, not the comments (they name people).
    let public = idea(&app, None, &id).await;
    assert_eq!(public["supports"].as_array().unwrap().len(), 2);
    assert_eq!(public["comments"], json!([]));
    assert_eq!(public["canComment"], false);

    // Only the coordination team and the administration move it; a stale version conflicts.
    let discuss = json!({ "id": id, "v": 1, "s": "UNDER_DISCUSSION", "i": { "note": "Thema im nächsten Treffen" } });
    assert_eq!(app.gql(Some(&f.council), MOVE, discuss.clone()).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.representative), MOVE, discuss.clone()).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.administration), MOVE, discuss.clone()).await.data()["moveIdea"]["version"], 2);
    assert_eq!(app.gql(Some(&f.admin), MOVE, discuss).await.code(), Some("CONFLICT"));
    // Under way only through a project; a measure needs its owner and due date.
    let skip = app.gql(Some(&f.admin), MOVE, json!({ "id": id, "v": 2, "s": "UNDER_WAY" })).await;
    assert_eq!((skip.code(), skip.field()), (Some("BAD_USER_INPUT"), Some("status")));
    let no_owner = app.gql(Some(&f.admin), MOVE, json!({ "id": id, "v": 2, "s": "ADOPTED", "i": { "dueOn": future(60) } })).await;
    assert_eq!(no_owner.field(), Some("ownerOrganisationId"));
    let adopt =
        json!({ "id": id, "v": 2, "s": "ADOPTED", "i": { "ownerOrganisationId": f.org, "dueOn": future(60), "resources": "2 Räume" } });
    assert_eq!(app.gql(Some(&f.admin), MOVE, adopt).await.data()["moveIdea"]["status"], "ADOPTED");

    // The project: the owner leads, the other supporter is invited as partner.
    let to_project = "mutation($id: ID!, $v: Int!) { ideaToProject(id: $id, expectedVersion: $v) { id title lead { name } partners { organisation { name } state } } }";
    let made = app.gql(Some(&f.admin), to_project, json!({ "id": id, "v": 3 })).await;
    let project = made.data()["ideaToProject"].clone();
    assert_eq!(project["title"], "Sprachcafé im Norden");
    assert_eq!(project["partners"][0]["organisation"]["name"], "Frauentreff Weißensee", "{project}");
    assert_eq!(app.gql(Some(&f.admin), to_project, json!({ "id": id, "v": 4 })).await.field(), Some("status"));
    let now = idea(&app, Some(&f.council), &id).await;
    assert_eq!((now["status"].as_str(), now["projectId"].as_str()), (Some("UNDER_WAY"), project["id"].as_str()));
    let steps: Vec<&str> = now["timeline"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(steps, ["PROPOSED", "UNDER_DISCUSSION", "ADOPTED", "UNDER_WAY"]);
    assert_eq!(now["owner"]["name"], "Verein Sonnenblume e.V.");
    let done = app.gql(Some(&f.admin), MOVE, json!({ "id": id, "v": 4, "s": "DONE" })).await;
    assert_eq!(done.data()["moveIdea"]["status"], "DONE");

    // A second idea is not pursued: the reason goes to the proposer and the supporters.
    let other = app.gql(Some(&f.multiplier), PROPOSE, json!({ "i": { "title": "Zweite Idee" } })).await.data()["proposeIdea"]["id"].clone();
    app.gql(Some(&f.representative), SUPPORT, json!({ "i": other, "o": f.org })).await.data();
    let no_reason = app.gql(Some(&f.admin), MOVE, json!({ "id": other, "v": 1, "s": "NOT_PURSUED" })).await;
    assert_eq!(no_reason.field(), Some("reason"));
    let dropped = json!({ "id": other, "v": 1, "s": "NOT_PURSUED", "i": { "reason": "Kein Geld im Haushalt 2027" } });
    app.gql(Some(&f.administration), MOVE, dropped).await.data();
    assert_eq!(mails_with(&app, "multi@test.org", "Kein Geld im Haushalt 2027", 1).await, 1);
    assert_eq!(mails_with(&app, "vertretung@test.org", "Kein Geld im Haushalt 2027", 1).await, 1);
    let after = app.gql(Some(&f.representative), SUPPORT, json!({ "i": other, "o": f.org })).await;
    assert_eq!(after.code(), Some("BAD_USER_INPUT"), "an ended idea takes no support");

    // The council's board counts both; the gap has its measure.
    let board = app
        .gql(
            Some(&f.council),
            "{ councilBoard { ideas { status count } gapsWithMeasure gaps { topic { id } district { id } measures } } }",
            json!({}),
        )
        .await;
    let counts: Vec<(String, i64)> = board.data()["councilBoard"]["ideas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["status"].as_str().unwrap().to_owned(), c["count"].as_i64().unwrap()))
        .collect();
    assert!(counts.contains(&("DONE".into(), 1)) && counts.contains(&("NOT_PURSUED".into(), 1)), "{counts:?}");
    assert_eq!(app.gql(Some(&f.representative), "{ councilBoard { gapsWithMeasure } }", json!({})).await.code(), Some("FORBIDDEN"));
    // The public page of the idea, server-rendered, and the sitemap.
    let (status, page) = get(&app, &format!("/ideas/{}", id.as_str().unwrap())).await;
    assert_eq!(status, 200);
    assert!(page.contains("Sprachcafé im Norden") && page.contains("Frauentreff Weißensee"), "{page}");
    let (_, sitemap) = get(&app, "/sitemap.xml").await;
    assert!(sitemap.contains(&format!("/ideas/{}</loc>", id.as_str().unwrap())));
});

on_both_databases!(a_concern_for_the_administration_only_is_read_by_it_and_its_organisations, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let partner = partner_org(&app, &f).await;
    let input = json!({ "organisationId": f.org, "subject": "Wartezeiten Ausländerbehörde", "body": "Unsere Mitglieder warten Monate auf Termine.", "topicIds": [f.topic], "visibility": "ADMINISTRATION" });
    // Only a representative of the organisation raises it.
    assert_eq!(app.gql(Some(&f.other_representative), RAISE, json!({ "i": input })).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(Some(&f.administration), RAISE, json!({ "i": input })).await.code(), Some("FORBIDDEN"));
    let short = json!({ "organisationId": f.org, "subject": "Kurz", "body": "zu kurz" });
    assert_eq!(app.gql(Some(&f.representative), RAISE, json!({ "i": short })).await.field(), Some("body"));
    let raised = app.gql(Some(&f.representative), RAISE, json!({ "i": input })).await;
    let id = raised.data()["raiseConcern"]["id"].clone();
    assert_eq!(raised.data()["raiseConcern"]["status"], "OPEN");

    // Nobody else reads it: not the other organisation, the coordination team, the council
    // or a visitor; not in lists, search, pages, sitemap or the board's files.
    let list = "query($q: String) { concerns(search: $q) { id subject } }";
    for token in [Some(f.other_representative.as_str()), Some(&f.admin), Some(&f.council), Some(&f.multiplier), None] {
        assert_eq!(app.gql(token, CONCERN, json!({ "id": id })).await.data()["concern"], Value::Null);
        assert_eq!(app.gql(token, list, json!({ "q": "Wartezeiten" })).await.data()["concerns"], json!([]));
    }
    let join = "mutation($id: ID!, $o: ID!) { joinConcern(id: $id, organisationId: $o) { parties { organisation { id } } } }";
    assert_eq!(app.gql(Some(&f.other_representative), join, json!({ "id": id, "o": partner })).await.code(), Some("NOT_FOUND"));
    let (status, page) = get(&app, &format!("/concerns/{}", id.as_str().unwrap())).await;
    assert!(status == 404 && !page.contains("Wartezeiten"), "{status}");
    let (_, sitemap) = get(&app, "/sitemap.xml").await;
    assert!(!sitemap.contains(id.as_str().unwrap()));
    let csv = app.gql(Some(&f.council), "{ councilBoard { csv(table: CONCERNS) concerns { open } } }", json!({})).await;
    assert!(!csv.body.to_string().contains("Wartezeiten"));
    assert_eq!(csv.data()["councilBoard"]["concerns"][0]["open"], 1, "counted without being shown");
    // The organisation and the administration do.
    assert_eq!(app.gql(Some(&f.representative), list, json!({ "q": "wartezeiten" })).await.data()["concerns"][0]["id"], id);
    let seen = app.gql(Some(&f.administration), CONCERN, json!({ "id": id })).await;
    assert_eq!(seen.data()["concern"]["canAnswer"], true);

    // The administration takes it on, answers (not empty), closes; each step is mailed.
    let take = "mutation($id: ID!, $v: Int!) { takeConcern(id: $id, expectedVersion: $v) { status version assigneeName } }";
    assert_eq!(app.gql(Some(&f.admin), take, json!({ "id": id, "v": 1 })).await.code(), Some("FORBIDDEN"));
    let taken = app.gql(Some(&f.administration), take, json!({ "id": id, "v": 1 })).await;
    assert_eq!(taken.data()["takeConcern"]["status"], "IN_PROGRESS");
    assert_eq!(mails_with(&app, "vertretung@test.org", "übernommen", 1).await, 1);
    let answer = "mutation($id: ID!, $v: Int!, $t: String!) { answerConcern(id: $id, expectedVersion: $v, text: $t) { status version } }";
    let blank = app.gql(Some(&f.administration), answer, json!({ "id": id, "v": 2, "t": "  " })).await;
    assert_eq!((blank.code(), blank.field()), (Some("BAD_USER_INPUT"), Some("text")));
    let answered =
        app.gql(Some(&f.administration), answer, json!({ "id": id, "v": 2, "t": "Wir richten ab Januar Sammeltermine ein." })).await;
    assert_eq!(answered.data()["answerConcern"]["status"], "ANSWERED");
    assert_eq!(app.gql(Some(&f.administration), answer, json!({ "id": id, "v": 2, "t": "Zweimal" })).await.code(), Some("CONFLICT"));
    assert_eq!(mails_with(&app, "vertretung@test.org", "Sammeltermine", 1).await, 1);
    let mine = app.gql(Some(&f.representative), CONCERN, json!({ "id": id })).await;
    let steps = mine.data()["concern"]["timeline"].as_array().unwrap().clone();
    assert_eq!(steps.iter().map(|s| s["kind"].as_str().unwrap()).collect::<Vec<_>>(), ["RAISED", "TAKEN", "ANSWERED"]);
    assert_eq!(steps[2]["text"], "Wir richten ab Januar Sammeltermine ein.");
    let close = "mutation($id: ID!, $v: Int!) { closeConcern(id: $id, expectedVersion: $v) { status version canReopen } }";
    assert_eq!(app.gql(Some(&f.representative), close, json!({ "id": id, "v": 3 })).await.code(), Some("FORBIDDEN"));
    app.gql(Some(&f.administration), close, json!({ "id": id, "v": 3 })).await.data();

    // Reopened once, with a reason; not twice.
    let reopen =
        "mutation($id: ID!, $v: Int!, $r: String!) { reopenConcern(id: $id, expectedVersion: $v, reason: $r) { status version reopened } }";
    let again = app.gql(Some(&f.representative), reopen, json!({ "id": id, "v": 4, "r": "Die Termine fehlen weiterhin." })).await;
    assert_eq!(again.data()["reopenConcern"]["reopened"], true);
    assert_eq!(mails_with(&app, "verwaltung@test.org", "Die Termine fehlen weiterhin.", 1).await, 1);
    app.gql(Some(&f.administration), close, json!({ "id": id, "v": 5 })).await.data();
    let twice = app.gql(Some(&f.representative), reopen, json!({ "id": id, "v": 6, "r": "Noch einmal" })).await;
    assert_eq!((twice.code(), twice.field()), (Some("BAD_USER_INPUT"), Some("reason")), "{}", twice.body);
    assert!(twice.body["errors"][0]["message"].as_str().unwrap().contains("nur einmal"), "{}", twice.body);

    // A public concern: another organisation joins it and is told of the answer.
    let open = json!({ "organisationId": f.org, "subject": "Mehr Sprachmittlung", "body": "Die Beratungen brauchen Sprachmittlung.", "visibility": "PUBLIC" });
    let public = app.gql(Some(&f.representative), RAISE, json!({ "i": open })).await.data()["raiseConcern"]["id"].clone();
    let joined = app.gql(Some(&f.other_representative), join, json!({ "id": public, "o": partner })).await;
    assert_eq!(joined.data()["joinConcern"]["parties"].as_array().unwrap().len(), 2);
    assert_eq!(app.gql(Some(&f.other_representative), join, json!({ "id": public, "o": partner })).await.field(), Some("organisationId"));
    app.gql(Some(&f.administration), answer, json!({ "id": public, "v": 1, "t": "Wir prüfen den Pool." })).await.data();
    assert_eq!(mails_with(&app, "andere@test.org", "Wir prüfen den Pool.", 1).await, 1);
    let (status, page) = get(&app, &format!("/concerns/{}", public.as_str().unwrap())).await;
    assert!(status == 200 && page.contains("Wir prüfen den Pool."), "{page}");
});

on_both_databases!(unanswered_concerns_are_flagged_once_after_fourteen_days, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let actor = app.core.authenticate(Some(&f.representative), Lang::De).await.unwrap();
    let org = f.org.parse().unwrap();
    let raise = |subject: &str, visibility, days: i64| {
        let input = ConcernInput {
            organisation_id: org,
            subject: subject.into(),
            body: "Ein Anliegen mit genug Text.".into(),
            topic_ids: vec![],
            visibility: Some(visibility),
        };
        app.core.raise_concern_at(&actor, input, Utc::now() - Duration::days(days))
    };
    raise("Alt und vertraulich", ConcernVisibility::Administration, 15).await.unwrap();
    raise("Neu", ConcernVisibility::Public, 3).await.unwrap();
    assert_eq!(app.core.flag_unanswered_concerns_at(Utc::now()).await.unwrap(), 1);
    assert_eq!(app.core.flag_unanswered_concerns_at(Utc::now()).await.unwrap(), 0, "never twice");
    assert_eq!(mails_with(&app, "verwaltung@test.org", "Alt und vertraulich", 1).await, 1);
    // The coordination team hears of it without the subject of a concern it may not read.
    assert_eq!(mails_with(&app, "admin@test.org", "nur für das Bezirksamt", 1).await, 1);
    assert_eq!(mails_with(&app, "admin@test.org", "Alt und vertraulich", 1).await, 0);
    let list = app.gql(Some(&f.administration), "{ concerns { subject overdue } }", json!({})).await;
    let overdue: Vec<(String, bool)> = list.data()["concerns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["subject"].as_str().unwrap().to_owned(), c["overdue"].as_bool().unwrap()))
        .collect();
    assert!(overdue.contains(&("Alt und vertraulich".into(), true)) && overdue.contains(&("Neu".into(), false)), "{overdue:?}");
});

on_both_databases!(the_council_reads_medians_per_quarter_on_a_fixed_clock, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let rep = app.core.authenticate(Some(&f.representative), Lang::De).await.unwrap();
    let staff = app.core.authenticate(Some(&f.administration), Lang::De).await.unwrap();
    let org = f.org.parse().unwrap();
    let topic = f.topic.parse().unwrap();
    // Raised in the second quarter of 2026; first answers after 2, 4 and 9 days (median
    // 4), the first two closed after 10 and 20 days (median 15); one raised in Q3 open.
    let start = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
    for (i, (answer, close)) in [(2, Some(10)), (4, Some(20)), (9, None)].into_iter().enumerate() {
        let input = ConcernInput {
            organisation_id: org,
            subject: format!("Anliegen {i}"),
            body: "Ein Anliegen mit genug Text.".into(),
            topic_ids: vec![topic],
            visibility: Some(ConcernVisibility::Administration),
        };
        let c = app.core.raise_concern_at(&rep, input, start).await.unwrap();
        let c = app.core.answer_concern_at(&staff, c.id, c.version, "Antwort", start + Duration::days(answer)).await.unwrap();
        if let Some(days) = close {
            app.core.close_concern_at(&staff, c.id, c.version, None, start + Duration::days(days)).await.unwrap();
        }
    }
    let later = ConcernInput {
        organisation_id: org,
        subject: "Im Sommer".into(),
        body: "Ein Anliegen mit genug Text.".into(),
        topic_ids: vec![topic],
        visibility: Some(ConcernVisibility::Public),
    };
    app.core.raise_concern_at(&rep, later, Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap()).await.unwrap();
    let q = "{ councilBoard { quarters { quarter raised answered closed medianDaysToAnswer medianDaysToClose } concerns { topic { id } open answered closed } xlsxBase64 } }";
    let board = app.gql(Some(&f.council), q, json!({})).await;
    let b = board.data()["councilBoard"].clone();
    assert_eq!(
        b["quarters"],
        json!([
            { "quarter": "2026-Q3", "raised": 1, "answered": 0, "closed": 0, "medianDaysToAnswer": null, "medianDaysToClose": null },
            { "quarter": "2026-Q2", "raised": 3, "answered": 3, "closed": 2, "medianDaysToAnswer": 4.0, "medianDaysToClose": 15.0 }
        ])
    );
    assert_eq!(b["concerns"][0], json!({ "topic": { "id": f.topic }, "open": 2, "answered": 3, "closed": 2 }));
    assert!(b["xlsxBase64"].as_str().unwrap().starts_with("UEsD"), "a zip");
    let csv = app.gql(Some(&f.administration), "{ councilBoard { csv(table: QUARTERS) } }", json!({})).await;
    let text = csv.data()["councilBoard"]["csv"].as_str().unwrap().to_owned();
    assert!(text.lines().any(|l| l == "2026-Q2,3,3,2,4.0,15.0"), "{text}");
});

on_both_databases!(strangers_and_visitors_plan_and_raise_nothing, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let stranger = crate::safety::self_registered(&app, "Selbstgemacht e.V.", "fremd@example.org").await;
    let id = app.gql(Some(&f.council), PROPOSE, json!({ "i": { "title": "Eine Idee" } })).await.data()["proposeIdea"]["id"].clone();
    let raise = json!({ "i": { "organisationId": f.org, "subject": "Ein Anliegen", "body": "Mit genug Text darin." } });
    let concern = app.gql(Some(&f.representative), RAISE, raise.clone()).await.data()["raiseConcern"]["id"].clone();
    let operations = [
        (PROPOSE, json!({ "i": { "title": "Fremde Idee" } })),
        (SUPPORT, json!({ "i": id, "o": f.org })),
        ("mutation($i: ID!) { commentOnIdea(ideaId: $i, body: \"Hallo\") { id } }", json!({ "i": id })),
        (MOVE, json!({ "id": id, "v": 1, "s": "UNDER_DISCUSSION" })),
        ("mutation($i: ID!) { ideaToProject(id: $i, expectedVersion: 1) { id } }", json!({ "i": id })),
        (RAISE, raise),
        ("mutation($i: ID!) { takeConcern(id: $i, expectedVersion: 1) { id } }", json!({ "i": concern })),
        ("mutation($i: ID!) { answerConcern(id: $i, expectedVersion: 1, text: \"Antwort\") { id } }", json!({ "i": concern })),
        ("mutation($i: ID!) { closeConcern(id: $i, expectedVersion: 1) { id } }", json!({ "i": concern })),
        ("{ councilBoard { gapsWithMeasure } }", json!({})),
    ];
    for (query, vars) in operations {
        let anonymous = app.gql(None, query, vars.clone()).await;
        assert!(matches!(anonymous.code(), Some("UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND")), "{query}: {}", anonymous.body);
        let made = app.gql(Some(&stranger), query, vars).await;
        assert!(matches!(made.code(), Some("FORBIDDEN" | "NOT_FOUND")), "{query}: {}", made.body);
    }
    // Comments of a whole list of ideas are too costly to ask for at once.
    let list = app.gql(None, "{ ideas { comments { body } } }", json!({})).await;
    assert_eq!(list.body["errors"][0]["extensions"]["reason"], "TOO_COSTLY", "{}", list.body);
    let one = app.gql(None, "query($i: ID!) { idea(id: $i) { comments { body } } }", json!({ "i": id })).await;
    assert_eq!(one.data()["idea"]["comments"], json!([]));
});

on_both_databases!(a_thousand_repeats_meet_the_limits, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Ten ideas a day per account; the eleventh is refused and nothing is written.
    for i in 0..10 {
        let a = app.gql(Some(&f.multiplier), PROPOSE, json!({ "i": { "title": format!("Idee Nummer {i}") } })).await;
        a.data();
    }
    let eleventh = app.gql(Some(&f.multiplier), PROPOSE, json!({ "i": { "title": "Idee Nummer elf" } })).await;
    assert_eq!(eleventh.code(), Some("RATE_LIMITED"), "{}", eleventh.body);
    let all = app.gql(Some(&f.council), "{ ideas(search: \"Nummer\") { id } }", json!({})).await;
    assert_eq!(all.data()["ideas"].as_array().unwrap().len(), 10);
    // Ten concerns a day per account.
    for i in 0..10 {
        let c = json!({ "organisationId": f.org, "subject": format!("Anliegen {i}"), "body": "Ein Anliegen mit genug Text." });
        app.gql(Some(&f.representative), RAISE, json!({ "i": c })).await.data();
    }
    let c = json!({ "organisationId": f.org, "subject": "Anliegen elf", "body": "Ein Anliegen mit genug Text." });
    assert_eq!(app.gql(Some(&f.representative), RAISE, json!({ "i": c })).await.code(), Some("RATE_LIMITED"));
    // Supports are one per organisation however often one asks.
    let id =
        app.gql(Some(&f.council), PROPOSE, json!({ "i": { "title": "Eine unterstützte Idee" } })).await.data()["proposeIdea"]["id"].clone();
    for _ in 0..20 {
        app.gql(Some(&f.representative), SUPPORT, json!({ "i": id, "o": f.org })).await;
    }
    assert_eq!(idea(&app, Some(&f.council), &id).await["supports"].as_array().unwrap().len(), 1);
});
