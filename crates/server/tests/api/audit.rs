//! The audit log reads like a record of people's work, on both databases: who acted
//! (by name), what happened (in the reader's language), which record (by its name
//! now), and one record's history on its own.

use serde_json::json;

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

const HISTORY: &str = "query($id: String) { auditLog(first: 50, entity: \"organisation\", entityId: $id) { totalCount edges { node { \
                       actorName action actionLabel entityLabel entityName entityId } } } }";

on_both_databases!(the_audit_log_names_who_did_what_to_which_record, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let log = app.gql(Some(&f.admin), HISTORY, json!({ "id": f.org })).await;
    let edges = log.data()["auditLog"]["edges"].as_array().unwrap().clone();
    assert!(!edges.is_empty(), "{}", log.body);
    // One record's history only.
    assert!(edges.iter().all(|e| e["node"]["entityId"] == f.org.as_str()), "{edges:?}");
    let created = edges.iter().map(|e| &e["node"]).find(|n| n["action"] == "create").expect("its creation");
    assert_eq!(created["actionLabel"], "Angelegt");
    assert_eq!(created["entityLabel"], "Organisation");
    assert_eq!(created["entityName"], "Verein Sonnenblume e.V.");
    assert_eq!(created["actorName"], "admin@test.org");
    // In the reader's language.
    let english = app.gql_with(Some(&f.admin), &[("accept-language", "en")], HISTORY, json!({ "id": f.org })).await;
    let created =
        english.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).find(|n| n["action"] == "create").cloned();
    assert_eq!(created.map(|n| (n["actionLabel"].clone(), n["entityLabel"].clone())), Some((json!("Created"), json!("Organisation"))));
    // Only the coordination team reads it.
    assert_eq!(app.gql(Some(&f.representative), HISTORY, json!({ "id": f.org })).await.code(), Some("FORBIDDEN"));
    assert_eq!(app.gql(None, HISTORY, json!({ "id": f.org })).await.code(), Some("UNAUTHENTICATED"));
});
