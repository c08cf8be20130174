//! "Doors found by probing" (issue 25), finding 1: answers that grow without bound.
//! Every list has a bound the guard counts (stored lists refuse to pass it), lists
//! nested through back-references multiply, and an answer past a few megabytes is
//! ended with a clear error.

use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

const CREATE_OFFERING: &str = "mutation($o: ID!, $i: OfferingInput!) { createOffering(organisationId: $o, input: $i) { id } }";

/// The probe's 189-byte document, for one organisation.
fn probe(organisation: &str) -> String {
    format!(
        "{{ organisation(id:\"{organisation}\"){{ offerings {{ organisation {{ offerings {{ organisation {{ offerings {{ organisation {{ offerings {{ organisation {{ id }} }} }} }} }} }} }} }} }} }}"
    )
}

/// Fills the fixture's organisation with offerings up to the bound, each with a long description.
async fn fill_offerings(app: &TestApp, f: &Fixture) {
    let description = "Beratung in vielen Sprachen. ".repeat(170);
    assert!(description.chars().count() <= 5000);
    for i in 0..migraup_domain::bounds::OFFERINGS_PER_ORGANISATION {
        let input = json!({ "title": format!("Angebot {i}"), "description": description });
        app.gql(Some(&f.representative), CREATE_OFFERING, json!({ "o": f.org, "i": input })).await.data();
    }
}

fn reason(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["reason"].as_str()
}

on_both_databases!(an_organisation_holds_at_most_its_bound_of_offerings, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    fill_offerings(&app, &f).await;
    let one_more = app.gql(Some(&f.representative), CREATE_OFFERING, json!({ "o": f.org, "i": { "title": "Noch eins" } })).await;
    assert_eq!(one_more.code(), Some("BAD_USER_INPUT"), "{}", one_more.body);
    assert_eq!(one_more.field(), Some("offerings"));
    assert!(one_more.body["errors"][0]["message"].as_str().unwrap().contains("100"), "{}", one_more.body);

    // The probe's document is refused before it runs, anonymously and signed in.
    for token in [None, Some(f.admin.as_str())] {
        let answer = app.gql(token, &probe(&f.org), json!({})).await;
        assert_eq!(answer.code(), Some("BAD_USER_INPUT"), "{}", answer.body);
        assert_eq!(reason(&answer.body), Some("TOO_COSTLY"), "{}", answer.body);
    }
    // Two levels pass the guard, but their answer (100 × 100 long descriptions, about
    // 50 MB) is ended at its size limit: the error alone, no partial data.
    let two = format!("{{ organisation(id:\"{}\") {{ offerings {{ organisation {{ offerings {{ description }} }} }} }} }}", f.org);
    let answer = app.gql(None, &two, json!({})).await;
    assert_eq!(answer.code(), Some("BAD_USER_INPUT"), "{}", &answer.body.to_string()[..400.min(answer.body.to_string().len())]);
    assert_eq!(reason(&answer.body), Some("ANSWER_TOO_LARGE"));
    assert!(answer.body["data"].is_null());
    assert_eq!(answer.body["errors"].as_array().unwrap().len(), 1);
    assert!(answer.body.to_string().len() < 2_000, "only the error is sent");
    // One level, what the profile page asks, is answered whole.
    let one = format!("{{ organisation(id:\"{}\") {{ offerings {{ title description }} }} }}", f.org);
    let answer = app.gql(None, &one, json!({})).await;
    assert_eq!(answer.data()["organisation"]["offerings"].as_array().unwrap().len(), 100);
});

on_both_databases!(linked_lists_and_participants_hold_at_most_their_bound, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // 31 languages, three more than the reference data holds.
    for code in ["qa", "qb", "qc"] {
        let add = "mutation($c: String!) { upsertLanguage(code: $c, labelDe: \"Test\", labelEn: \"Test\", nativeName: \"Test\", rightToLeft: false) { code } }";
        app.gql(Some(&f.admin), add, json!({ "c": code })).await.data();
    }
    let all = app.gql(None, "{ languages { code } }", json!({})).await;
    let codes: Vec<Value> = all.data()["languages"].as_array().unwrap().iter().map(|l| l["code"].clone()).collect();
    assert!(codes.len() > 30, "{}", codes.len());
    let bound = migraup_domain::bounds::LINKS_PER_LIST as usize;
    let input = |n: usize| json!({ "title": "Sprachcafé", "languages": codes[..n].to_vec() });
    let refused = app.gql(Some(&f.representative), CREATE_OFFERING, json!({ "o": f.org, "i": input(bound + 1) })).await;
    assert_eq!(refused.code(), Some("BAD_USER_INPUT"), "{}", refused.body);
    assert_eq!(refused.field(), Some("languages"));
    app.gql(Some(&f.representative), CREATE_OFFERING, json!({ "o": f.org, "i": input(bound) })).await.data();
    // Nothing half-written: the refused offering is not there.
    let listed =
        app.gql(None, &format!("{{ organisation(id:\"{}\") {{ offerings {{ languages {{ code }} }} }} }}", f.org), json!({})).await;
    let offerings = listed.data()["organisation"]["offerings"].as_array().unwrap().clone();
    assert!(offerings.iter().all(|o| o["languages"].as_array().unwrap().len() <= bound), "{offerings:?}");
});
