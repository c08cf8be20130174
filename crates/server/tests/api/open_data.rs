//! Data in and out: the HSDS 3.0 export validated against the published schemas (with
//! Python's `jsonschema`, an independent validator), the open-data page and CSV, and
//! the network as GraphML and GEXF read back by NetworkX.

use axum::{body::Body, http::Request};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

/// Runs a Python script on `args`; its last output line is JSON. Python with
/// `jsonschema` and `networkx` is part of the test set-up (`cargo xtask test`).
fn python(script: &str, args: &[&str]) -> Value {
    let out = std::process::Command::new("python3").arg("-c").arg(script).args(args).output().expect("python3 is needed for these tests");
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    serde_json::from_str(text.lines().last().unwrap_or_default()).expect("JSON from python")
}

/// A file in the temporary directory, removed when dropped.
struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_file(name: &str, content: &str) -> (TempFile, String) {
    let path = std::env::temp_dir().join(format!("migraup-{}-{name}", uuid::Uuid::now_v7()));
    std::fs::write(&path, content).unwrap();
    let text = path.to_string_lossy().into_owned();
    (TempFile(path), text)
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let (status, headers, body) = app.raw(Request::get(path).body(Body::empty()).unwrap()).await;
    let kind = headers.get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status.as_u16(), kind, String::from_utf8(body).unwrap())
}

const VALIDATE: &str = r#"
import json, sys
from jsonschema import Draft202012Validator, validators, FormatChecker
package = json.load(open(sys.argv[1]))
problems = []
for kind, schema_file in (("organizations", "organization.json"), ("services", "service.json")):
    schema = json.load(open(sys.argv[2] + "/" + schema_file))
    cls = validators.validator_for(schema, default=Draft202012Validator)
    v = cls(schema, format_checker=FormatChecker())
    for item in package[kind]:
        problems += [kind + " " + item.get("id", "?") + ": " + e.message for e in v.iter_errors(item)]
print(json.dumps({"organizations": len(package["organizations"]), "services": len(package["services"]), "problems": problems[:20]}))
"#;

on_both_databases!(the_public_directory_exports_as_valid_hsds, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // A full public profile with an offering, and a phone only members see.
    let edit = "mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { description: \"Beratung und Kultur für Familien in Pankow.\", website: \"https://sonnenblume.example\", email: \"post@sonnenblume.example\", phone: \"+49 30 1234567\", phoneVisibility: MEMBERS, street: \"Florastraße 1\", postalCode: \"13187\", city: \"Berlin\", latitude: 52.56, longitude: 13.41, foundedYear: 2004, legalForm: \"e.V.\", districtId: $d }) { id } }";
    app.gql(Some(&f.admin), &edit.replace("$d", &format!("\"{}\"", f.district)), json!({ "id": f.org })).await.data();
    let offering = "mutation($o: ID!) { createOffering(organisationId: $o, input: { title: \"Sozialberatung\", schedule: \"dienstags 10–13 Uhr\", languages: [\"ar\", \"de\"], cost: \"kostenlos\" }) { id } }";
    app.gql(Some(&f.representative), offering, json!({ "o": f.org })).await.data();
    app.gql(Some(&f.representative), offering, json!({ "o": f.members_only })).await.data();

    let (status, kind, body) = get(&app, "/open-data/hsds.json").await;
    assert_eq!((status, kind.starts_with("application/json")), (200, true), "{body}");
    let package: Value = serde_json::from_str(&body).unwrap();
    // What the public sees, nothing else: no members-only or unverified organisation,
    // no members-only phone.
    let names: Vec<&str> = package["organizations"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Verein Sonnenblume e.V."]);
    assert!(!body.contains("1234567"), "a members-only phone is not open data");
    assert_eq!(package["services"].as_array().unwrap().len(), 1);
    assert_eq!(package["license"]["name"], "CC BY 4.0");
    let service = &package["services"][0];
    assert_eq!(service["schedules"][0]["description"], "dienstags 10–13 Uhr");
    assert_eq!(service["languages"].as_array().unwrap().len(), 2);

    let (_dir, path) = temp_file("hsds.json", &body);
    let schemas = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/hsds-3.0");
    let checked = python(VALIDATE, &[&path, schemas]);
    assert_eq!(checked["problems"], json!([]), "every organisation and service is valid HSDS 3.0");
    assert_eq!((checked["organizations"].as_u64(), checked["services"].as_u64()), (Some(1), Some(1)));

    // The directory as CSV, and the page that names the licence.
    let (status, kind, csv) = get(&app, "/open-data/directory.csv").await;
    assert_eq!((status, kind.starts_with("text/csv")), (200, true));
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Verein Sonnenblume e.V.") && !csv.contains("Geschützter Kreis") && !csv.contains("1234567"));
    let (status, _, page) = get(&app, "/open-data").await;
    assert_eq!(status, 200);
    assert!(page.contains("CC BY 4.0") && page.contains("/open-data/hsds.json") && page.contains("/open-data/directory.csv"));
    assert!(page.contains("/open-data/hsds.zip"));

    // The same data in HSDS's tabular form, read back with Python's zipfile and csv.
    let (status, headers, zip) = app.raw(Request::get("/open-data/hsds.zip").body(Body::empty()).unwrap()).await;
    assert_eq!((status.as_u16(), headers.get("content-type").unwrap().to_str().unwrap()), (200, "application/zip"));
    let path = std::env::temp_dir().join(format!("migraup-{}-hsds.zip", uuid::Uuid::now_v7()));
    std::fs::write(&path, &zip).unwrap();
    let _zip = TempFile(path.clone());
    let tables = python(TABLES, &[&path.to_string_lossy()]);
    // No phone table: the only phone is for members.
    assert_eq!(tables["resources"], json!(["address", "language", "location", "organization", "schedule", "service", "service_area"]));
    assert_eq!(tables["organization"]["rows"], 1);
    assert_eq!(tables["service"]["rows"], 1);
    assert_eq!(tables["service"]["first"]["organization_id"], package["organizations"][0]["id"]);
    assert_eq!(tables["language"]["rows"], 2);
    assert_eq!(tables["language"]["first"]["service_id"], service["id"]);
    assert_eq!(tables["address"]["first"]["location_id"], package["organizations"][0]["locations"][0]["id"]);
    assert_eq!(tables["organization"]["first"]["name"], "Verein Sonnenblume e.V.");
});

const TABLES: &str = r#"
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
package = json.loads(z.read("datapackage.json"))
out = {"resources": sorted(r["name"] for r in package["resources"])}
for r in package["resources"]:
    rows = list(csv.DictReader(io.StringIO(z.read(r["path"]).decode("utf-8"))))
    out[r["name"]] = {"rows": len(rows), "first": rows[0] if rows else None}
print(json.dumps(out))
"#;

const READ_BACK: &str = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
h = nx.read_gexf(sys.argv[2])
computed = nx.betweenness_centrality(g)
top = max(g.nodes, key=lambda n: g.nodes[n]["betweenness"])
print(json.dumps({
    "graphml": [g.number_of_nodes(), g.number_of_edges()],
    "gexf": [h.number_of_nodes(), h.number_of_edges()],
    "top": top,
    "attribute": g.nodes[top]["betweenness"],
    "computed": computed[top],
    "gexf_attribute": h.nodes[top]["betweenness"],
    "community": g.nodes[top]["community"],
    "weights": sum(d["weight"] for _, _, d in g.edges(data=True)),
}))
"#;

on_both_databases!(the_network_reads_back_in_networkx_as_graphml_and_gexf, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    app.core.seed_synthetic_network(40, 70).await.unwrap();
    // Four organisations work together in a working group: six more ties, the group named.
    let some = app.gql(Some(&f.council), "{ networkOverview { nodes { organisationId } } }", json!({})).await;
    let ids: Vec<Value> =
        some.data()["networkOverview"]["nodes"].as_array().unwrap().iter().take(4).map(|n| n["organisationId"].clone()).collect();
    let group =
        app.gql(Some(&f.admin), "mutation { createWorkingGroup(input: { name: \"Fachnetzwerk Vielfalt\" }) { id } }", json!({})).await;
    let gid = group.data()["createWorkingGroup"]["id"].clone();
    for org in &ids {
        let invite = "mutation($g: ID!, $o: ID!) { inviteOrganisationToGroup(groupId: $g, organisationId: $o) { id version } }";
        let r = app.gql(Some(&f.admin), invite, json!({ "g": gid, "o": org })).await.data()["inviteOrganisationToGroup"].clone();
        let decide = "mutation($id: ID!, $v: Int!) { decideOrganisationRequest(id: $id, expectedVersion: $v, approve: true) { state } }";
        app.gql(Some(&f.admin), decide, json!({ "id": r["id"], "v": r["version"] })).await.data();
    }
    let query = "{ networkOverview { summary { organisations ties } nodes { organisationId betweenness community } edges { weight } graphml gexf } }";
    assert_eq!(app.gql(Some(&f.multiplier), query, json!({})).await.code(), Some("FORBIDDEN"));
    let answer = app.gql(Some(&f.council), query, json!({})).await;
    let o = answer.data()["networkOverview"].clone();
    let (_a, graphml) = temp_file("network.graphml", o["graphml"].as_str().unwrap());
    let (_b, gexf) = temp_file("network.gexf", o["gexf"].as_str().unwrap());
    let read = python(READ_BACK, &[&graphml, &gexf]);
    let counts = json!([o["summary"]["organisations"], o["summary"]["ties"]]);
    assert_eq!(read["graphml"], counts);
    assert_eq!(read["gexf"], counts);
    let node = o["nodes"].as_array().unwrap().iter().find(|n| n["organisationId"] == read["top"]).expect("the node");
    let ours = node["betweenness"].as_f64().unwrap();
    assert!(ours > 0.0);
    for other in ["attribute", "computed", "gexf_attribute"] {
        assert!((read[other].as_f64().unwrap() - ours).abs() < 1e-9, "{other}: {} vs {ours}", read[other]);
    }
    assert_eq!(read["community"], node["community"]);
    assert!(o["graphml"].as_str().unwrap().contains("Fachnetzwerk Vielfalt"), "the group is named on its ties");
    let weights: f64 = o["edges"].as_array().unwrap().iter().map(|e| e["weight"].as_f64().unwrap()).sum();
    assert!((read["weights"].as_f64().unwrap() - weights).abs() < 1e-6);
});
