//! The spreadsheet import through the real router: the example file (`examples/`) with
//! its known duplicates, the merge into an existing organisation, idempotent
//! re-import, the remembered mapping; bad files and bad decisions with their messages
//! and nothing written; an import that fails half-way writes nothing.

use axum::{body::Body, http::Request};
use serde_json::{Value, json};

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

const EXAMPLE: &str = include_str!("../../../../examples/import-example.csv");

const PREVIEW: &str = "mutation($b: ID!, $m: [ImportColumnInput!]) { previewImport(batchId: $b, mapping: $m) {
    batchId fileName notices similarityThreshold
    columns { index header field samples }
    summary { rows new invalid duplicates known unchanged undecided }
    rows { line status name cells { field value error }
           candidates { organisation { id name } line name reasons similarity differences { field current incoming } }
           suggested { action into takeFields } } } }";
const COMMIT: &str = "mutation($b: ID!, $d: [ImportDecisionInput!]!) { commitImport(batchId: $b, decisions: $d) { id state total } }";
const BATCH: &str = "query($b: ID!) { importBatch(id: $b) { state processed total created merged skipped unchanged error } }";

/// Uploads a file as `token`; the status and the JSON answer.
async fn upload(app: &TestApp, token: Option<&str>, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let mut builder = Request::post(format!("/import?name={name}")).header("accept-language", "en");
    if let Some(t) = token {
        builder = builder.header("authorization", format!("Bearer {t}"));
    }
    let (status, _, body) = app.raw(builder.body(Body::from(bytes)).unwrap()).await;
    (status.as_u16(), serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn uploaded(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> String {
    let (status, body) = upload(app, Some(token), name, bytes).await;
    assert_eq!(status, 200, "{body}");
    body["batchId"].as_str().unwrap().to_owned()
}

async fn preview(app: &TestApp, token: &str, batch: &str) -> Value {
    let a = app.gql_with(Some(token), &[("accept-language", "en")], PREVIEW, json!({ "b": batch })).await;
    a.data()["previewImport"].clone()
}

/// Waits until the import has finished (it runs in the background) and answers the batch.
async fn finished(app: &TestApp, token: &str, batch: &str) -> Value {
    for _ in 0..2400 {
        let a = app.gql_with(Some(token), &[("accept-language", "en")], BATCH, json!({ "b": batch })).await;
        let b = a.data()["importBatch"].clone();
        if b["state"] != "RUNNING" {
            return b;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import did not finish");
}

async fn organisation_count(app: &TestApp, admin: &str) -> i64 {
    let a = app.gql(Some(admin), "{ organisations(first: 1) { totalCount } }", json!({})).await;
    a.data()["organisations"]["totalCount"].as_i64().unwrap()
}

/// The import actions among the newest audit entries.
async fn audit_actions(app: &TestApp, admin: &str) -> Vec<String> {
    let a = app.gql(Some(admin), "{ auditLog(first: 50) { edges { node { action } } } }", json!({})).await;
    a.data()["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap().to_owned()).collect()
}

fn row(preview: &Value, line: i64) -> &Value {
    preview["rows"].as_array().unwrap().iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("line {line} not shown"))
}

on_both_databases!(the_example_file_imports_with_its_duplicates_and_again_changes_nothing, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Already in the directory, without phone or offerings: the file's row merges into it.
    let cafe = app
        .gql(
            Some(&f.admin),
            "mutation { createOrganisation(input: { name: \"Café Vielfalt\", kind: INITIATIVE, website: \"https://cafe-vielfalt.example\", description: \"Treffpunkt im Kiez.\" }) { id } }",
            json!({}),
        )
        .await
        .data()["createOrganisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = organisation_count(&app, &f.admin).await;
    let batch = uploaded(&app, &f.admin, "import-example.csv", EXAMPLE.as_bytes().to_vec()).await;
    let p = preview(&app, &f.admin, &batch).await;

    // The columns are recognised by their German headers.
    let fields: Vec<&Value> = p["columns"].as_array().unwrap().iter().map(|c| &c["field"]).collect();
    let expected = [
        "EXTERNAL_ID",
        "NAME",
        "KIND",
        "LEGAL_FORM",
        "DESCRIPTION",
        "WEBSITE",
        "EMAIL",
        "PHONE",
        "STREET",
        "POSTAL_CODE",
        "CITY",
        "FOUNDED_YEAR",
        "LANGUAGES",
        "OFFERINGS",
    ];
    assert_eq!(fields, expected.iter().map(|f| json!(f)).collect::<Vec<_>>().iter().collect::<Vec<_>>());
    assert_eq!(p["summary"], json!({ "rows": 20, "new": 15, "invalid": 1, "duplicates": 4, "known": 0, "unchanged": 0, "undecided": 2 }));
    assert_eq!(p["similarityThreshold"], json!(0.85));

    // The reason at the cell: a founding year in the future.
    let bad = row(&p, 17);
    assert_eq!(bad["status"], "INVALID");
    let year = bad["cells"].as_array().unwrap().iter().find(|c| c["field"] == "FOUNDED_YEAR").unwrap();
    assert_eq!(year["value"], "2104");
    assert!(year["error"].as_str().unwrap().contains("1800"), "{year}");
    // Values as they would be saved: the kind from its German label, languages as codes.
    let first = row(&p, 2);
    let cell = |r: &Value, field: &str| r["cells"].as_array().unwrap().iter().find(|c| c["field"] == field).unwrap()["value"].clone();
    assert_eq!(cell(first, "KIND"), "MIGRANT_ORGANISATION");
    assert_eq!(cell(first, "LANGUAGES"), "de; ar; en");
    assert_eq!(cell(row(&p, 3), "WEBSITE"), "https://www.dvk-pankow.example");

    // The known duplicates: with and without "e.V." (and the same phone) …
    let same_name = row(&p, 13);
    assert_eq!(same_name["candidates"][0]["line"], 2);
    assert_eq!(same_name["candidates"][0]["reasons"], json!(["SAME_PHONE", "SAME_NAME"]));
    assert_eq!(same_name["suggested"]["action"], "SKIP");
    // … the same website with and without "www." (under another name: a person decides) …
    let same_site = row(&p, 14);
    assert_eq!(same_site["candidates"][0]["line"], 3);
    assert_eq!(same_site["candidates"][0]["reasons"], json!(["SAME_WEBSITE"]));
    assert_eq!(same_site["suggested"], Value::Null);
    // … a typo: similar, so a person decides …
    let typo = row(&p, 15);
    assert_eq!(typo["candidates"][0]["line"], 4);
    assert_eq!(typo["candidates"][0]["reasons"], json!(["SIMILAR_NAME"]));
    assert!(typo["candidates"][0]["similarity"].as_f64().unwrap() >= 0.85);
    assert_eq!(typo["suggested"], Value::Null);
    // … and an organisation of the directory, merged by filling what it lacks.
    let existing = row(&p, 5);
    assert_eq!(existing["candidates"][0]["organisation"]["id"], cafe);
    assert_eq!(existing["candidates"][0]["reasons"], json!(["SAME_WEBSITE", "SAME_NAME"]));
    assert_eq!(existing["suggested"]["action"], "MERGE");
    let take = existing["suggested"]["takeFields"].as_array().unwrap();
    assert!(take.contains(&json!("PHONE")) && take.contains(&json!("OFFERINGS")) && !take.contains(&json!("DESCRIPTION")), "{take:?}");
    // Different places with similar names are not duplicates.
    assert_eq!(row(&p, 7)["status"], "NEW");
    assert_eq!(row(&p, 8)["status"], "NEW");

    // Nothing is imported while a possible duplicate waits for a decision.
    let a = app.gql_with(Some(&f.admin), &[("accept-language", "en")], COMMIT, json!({ "b": batch, "d": [] })).await;
    assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some("decisions")));
    assert!(a.body["errors"][0]["message"].as_str().unwrap().contains("14, 15"), "{}", a.body);
    assert_eq!(organisation_count(&app, &f.admin).await, before);

    let decisions = json!([{ "line": 14, "action": "SKIP" }, { "line": 15, "action": "SKIP" }]);
    let a = app.gql(Some(&f.admin), COMMIT, json!({ "b": batch, "d": decisions })).await;
    assert_eq!(a.data()["commitImport"]["total"], 20);
    let done = finished(&app, &f.admin, &batch).await;
    assert_eq!(
        done,
        json!({ "state": "DONE", "processed": 20, "total": 20, "created": 15, "merged": 1, "skipped": 4, "unchanged": 0, "error": null })
    );
    assert_eq!(organisation_count(&app, &f.admin).await, before + 15);
    // One audit entry per created and per merged organisation.
    let actions = audit_actions(&app, &f.admin).await;
    assert_eq!(actions.iter().filter(|a| *a == "import").count(), 15);
    assert_eq!(actions.iter().filter(|a| *a == "import_merge").count(), 1);

    // The merge filled what was missing and kept what was there.
    let merged = app
        .gql(
            Some(&f.admin),
            "query($id: ID!) { organisation(id: $id) { name description phone offerings { title } } }",
            json!({ "id": cafe }),
        )
        .await;
    let merged = &merged.data()["organisation"];
    assert_eq!(
        (merged["name"].as_str(), merged["description"].as_str(), merged["phone"].as_str()),
        (Some("Café Vielfalt"), Some("Treffpunkt im Kiez."), Some("030 4711 0004"))
    );
    assert_eq!(merged["offerings"].as_array().unwrap().len(), 2);
    // An imported organisation is public, verified, with its offerings, and claimable.
    let found = app
        .gql(
            None,
            "{ organisations(first: 5, filter: { search: \"Brückenbauer\" }) { edges { node { name verification claimable languages { code } offerings { title } } } } }",
            json!({}),
        )
        .await;
    let edges = found.data()["organisations"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "the duplicate row was skipped");
    let node = &edges[0]["node"];
    assert_eq!(
        (node["name"].as_str(), node["verification"].as_str(), node["claimable"].as_bool()),
        (Some("Brückenbauer Pankow e.V."), Some("VERIFIED"), Some(true))
    );
    assert_eq!(node["offerings"].as_array().unwrap().len(), 2);
    assert_eq!(node["languages"].as_array().unwrap().len(), 3);

    // The same file again: everything is known, nothing changes.
    let again = uploaded(&app, &f.admin, "import-example.csv", EXAMPLE.as_bytes().to_vec()).await;
    let p = preview(&app, &f.admin, &again).await;
    assert_eq!(p["summary"]["new"], 0);
    assert_eq!(p["summary"]["unchanged"], 16, "{}", p["summary"]);
    app.gql(Some(&f.admin), COMMIT, json!({ "b": again, "d": decisions })).await.data();
    let done = finished(&app, &f.admin, &again).await;
    assert_eq!((done["state"].as_str(), done["created"].as_i64(), done["merged"].as_i64()), (Some("DONE"), Some(0), Some(0)));
    assert_eq!(organisation_count(&app, &f.admin).await, before + 15);
    let actions_again = audit_actions(&app, &f.admin).await;
    assert_eq!(actions_again, actions, "no new audit entries");
});

/// A workbook with a formula on its first sheet and a second sheet.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Organisationen").unwrap();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet.write_string(0, 1, "PLZ").unwrap();
    sheet.write_string(1, 0, "Nachbarschaftsladen Rosenthal").unwrap();
    sheet.write_number(1, 1, 13158).unwrap();
    sheet.write_formula(2, 0, Formula::new("=\"Elterncafé \"&\"Buchholz\"").set_result("Elterncafé Buchholz")).unwrap();
    sheet.write_number(2, 1, 13127).unwrap();
    let other = book.add_worksheet();
    other.set_name("Notizen").unwrap();
    other.write_string(0, 0, "nicht importieren").unwrap();
    book.save_to_buffer().unwrap()
}

on_both_databases!(bad_files_and_bad_decisions_get_a_clear_message_and_write_nothing, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let before = organisation_count(&app, &f.admin).await;
    let audit_before = audit_actions(&app, &f.admin).await;

    // Only the coordination team uploads, and the body is not read for anyone else.
    let (status, body) = upload(&app, None, "x.csv", b"Name\nVerein".to_vec()).await;
    assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (401, Some("UNAUTHENTICATED")));
    let (status, body) = upload(&app, Some(&f.representative), "x.csv", b"Name\nVerein".to_vec()).await;
    assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (403, Some("FORBIDDEN")));
    let a = app.gql(Some(&f.representative), BATCH, json!({ "b": uuid::Uuid::now_v7().to_string() })).await;
    assert_eq!(a.code(), Some("FORBIDDEN"));

    // Files that cannot be imported, each with its reason at the field "file".
    let many = format!("Name\n{}", (0..10_001).map(|i| format!("Verein {i}\n")).collect::<String>());
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old excel".to_vec(), "neither as CSV nor as an Excel workbook"),
        ("empty.csv", b"Name,Ort\n\n\n".to_vec(), "no rows below its header"),
        ("binary.pdf", b"%PDF-1.7\x00\x01\x02\x03".to_vec(), "neither as CSV nor as an Excel workbook"),
        ("broken.xlsx", b"PK\x03\x04not really a workbook".to_vec(), "neither as CSV nor as an Excel workbook"),
        ("many.csv", many.into_bytes(), "more than 10000 rows"),
    ];
    for (name, bytes, message) in cases {
        let (status, body) = upload(&app, Some(&f.admin), name, bytes).await;
        let error = &body["errors"][0];
        assert_eq!(
            (status, error["extensions"]["code"].as_str(), error["extensions"]["field"].as_str()),
            (400, Some("BAD_USER_INPUT"), Some("file")),
            "{name}"
        );
        assert!(error["message"].as_str().unwrap().contains(message), "{name}: {error}");
    }

    // Semicolons and Windows-1252 (German Excel's "CSV") are read, and said so.
    let batch = uploaded(
        &app,
        &f.admin,
        "excel.csv",
        b"Name;Ort;Webseite\r\nBr\xfccke Rosenthal;Berlin;\r\n;;\r\n=HYPERLINK(\"http://x\");Berlin;\r\n".to_vec(),
    )
    .await;
    let p = preview(&app, &f.admin, &batch).await;
    let notices = p["notices"].to_string();
    assert!(notices.contains("semicolons") && notices.contains("Windows-1252") && notices.contains("1 empty row was skipped"), "{notices}");
    assert_eq!(row(&p, 2)["name"], "Brücke Rosenthal");
    // A formula written into a CSV is no value.
    let formula = row(&p, 4);
    assert_eq!(formula["status"], "INVALID");
    assert!(formula["cells"][0]["error"].as_str().unwrap().contains("formula"), "{formula}");

    // A workbook: the first sheet with data is read, the others named; formulas arrive computed.
    let batch_xlsx = uploaded(&app, &f.admin, "liste.xlsx", workbook()).await;
    let p = preview(&app, &f.admin, &batch_xlsx).await;
    let notices = p["notices"].to_string();
    assert!(
        notices.contains("Organisationen") && notices.contains("Notizen") && notices.contains("1 cell contains a formula"),
        "{notices}"
    );
    assert_eq!(row(&p, 3)["name"], "Elterncafé Buchholz");
    let postal = row(&p, 2)["cells"].as_array().unwrap().iter().find(|c| c["field"] == "POSTAL_CODE").unwrap()["value"].clone();
    assert_eq!(postal, "13158", "a number cell without a decimal point");

    // A mapping without a name, or with a field twice, is refused.
    let twice = json!([{ "index": 0, "field": "NAME" }, { "index": 1, "field": "NAME" }]);
    let a = app.gql(Some(&f.admin), PREVIEW, json!({ "b": batch_xlsx, "m": twice })).await;
    assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some("mapping")));
    let nameless = json!([{ "index": 0, "field": null }, { "index": 1, "field": "POSTAL_CODE" }]);
    app.gql(Some(&f.admin), PREVIEW, json!({ "b": batch_xlsx, "m": nameless })).await.data();
    let a = app.gql(Some(&f.admin), COMMIT, json!({ "b": batch_xlsx, "d": [] })).await;
    assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some("mapping")));

    // Decisions: an invalid row cannot be imported, a merge only into one of the row's
    // candidates (not into any organisation one names), lines must exist.
    for d in [
        json!([{ "line": 4, "action": "NEW" }]),
        json!([{ "line": 2, "action": "MERGE", "into": f.org }]),
        json!([{ "line": 99, "action": "NEW" }]),
    ] {
        let a = app.gql(Some(&f.admin), COMMIT, json!({ "b": batch, "d": d })).await;
        assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some("decisions")), "{d}");
    }

    // An import that fails half-way writes nothing: two rows with the same external
    // id, both forced to be new, break the unique id at the second.
    let clash =
        uploaded(&app, &f.admin, "clash.csv", b"ID,Name\nX-1,Erster Verein Rosenthal\nX-1,Zweiter Verein Wilhelmsruh\n".to_vec()).await;
    let p = preview(&app, &f.admin, &clash).await;
    assert_eq!(row(&p, 3)["candidates"][0]["reasons"], json!(["EXTERNAL_ID"]));
    let both_new = json!([{ "line": 2, "action": "NEW" }, { "line": 3, "action": "NEW" }]);
    app.gql(Some(&f.admin), COMMIT, json!({ "b": clash, "d": both_new })).await.data();
    let failed = finished(&app, &f.admin, &clash).await;
    assert_eq!(failed["state"], "FAILED");
    assert!(failed["error"].as_str().unwrap().starts_with("Line 3:"), "{failed}");
    // A batch is imported once.
    let a = app.gql(Some(&f.admin), COMMIT, json!({ "b": clash, "d": both_new })).await;
    assert_eq!((a.code(), a.field()), (Some("BAD_USER_INPUT"), Some("batchId")));

    assert_eq!(organisation_count(&app, &f.admin).await, before, "nothing was written");
    assert_eq!(audit_actions(&app, &f.admin).await, audit_before);
});

on_both_databases!(a_mapping_is_remembered_for_the_next_file_with_the_same_header, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let file = b"Verein,Kiez,Netz\nTreffpunkt Wilhelmsruh,Wilhelmsruh,www.treff-wilhelmsruh.example\n".to_vec();
    let first = uploaded(&app, &f.admin, "a.csv", file.clone()).await;
    let p = preview(&app, &f.admin, &first).await;
    assert_eq!(p["columns"][0]["field"], Value::Null, "'Verein' is no known header");
    let mapping = json!([{ "index": 0, "field": "NAME" }, { "index": 1, "field": null }, { "index": 2, "field": "WEBSITE" }]);
    let a = app.gql(Some(&f.admin), PREVIEW, json!({ "b": first, "m": mapping })).await;
    assert_eq!(a.data()["previewImport"]["summary"]["new"], 1);
    let second = uploaded(&app, &f.admin, "b.csv", file).await;
    let p = preview(&app, &f.admin, &second).await;
    let fields: Vec<&Value> = p["columns"].as_array().unwrap().iter().map(|c| &c["field"]).collect();
    assert_eq!(fields, [&json!("NAME"), &Value::Null, &json!("WEBSITE")]);
    assert_eq!(row(&p, 2)["cells"][1]["value"], "https://www.treff-wilhelmsruh.example");
});

/// A workbook whose one sheet unpacks to 150 MB of spaces (about 150 KB packed).
const BOMB: &str = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        for _ in range(150):
            f.write(b" " * (1024 * 1024))
"#;

on_both_databases!(floods_bombs_and_self_made_accounts_get_nothing_from_the_import, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let batch = uploaded(&app, &f.admin, "klein.csv", b"Name\nVerein am Anger\n".to_vec()).await;
    // A self-made account (registered its own organisation, address confirmed, not
    // verified) is as far from the import as a stranger.
    let register = "mutation { registerOrganisation(input: { name: \"Eigene Gründung\", kind: INITIATIVE }, registrant: { email: \"selbst@example.org\", displayName: \"Selbst\", password: \"ein langes Passwort hier\" }) }";
    app.gql(None, register, json!({})).await.data();
    let mail = crate::helpers::mail_to(&app, "selbst@example.org").await;
    let start = mail.body.find("token=").unwrap() + "token=".len();
    let token = mail.body[start..].split_whitespace().next().unwrap().to_owned();
    let confirmed = app.gql(None, "mutation($t: String!) { confirmEmail(token: $t) { accessToken } }", json!({ "t": token })).await;
    let stranger = confirmed.data()["confirmEmail"]["accessToken"].as_str().unwrap().to_owned();
    let (status, _) = upload(&app, Some(&stranger), "x.csv", b"Name\nVerein".to_vec()).await;
    assert_eq!(status, 403);
    for (who, code) in [(Some(stranger.as_str()), "FORBIDDEN"), (None, "UNAUTHENTICATED")] {
        assert_eq!(app.gql(who, PREVIEW, json!({ "b": batch })).await.code(), Some(code));
        assert_eq!(app.gql(who, COMMIT, json!({ "b": batch, "d": [] })).await.code(), Some(code));
        assert_eq!(app.gql(who, BATCH, json!({ "b": batch })).await.code(), Some(code));
    }
    // One document cannot repeat the costly preview.
    let repeated: String = (0..6).map(|i| format!(" p{i}: previewImport(batchId: \"{batch}\") {{ batchId }}")).collect();
    assert_eq!(app.gql(Some(&f.admin), &format!("mutation {{{repeated} }}"), json!({})).await.code(), Some("BAD_USER_INPUT"));

    // A workbook that would unpack to 150 MB is refused before it is unpacked.
    let path = std::env::temp_dir().join(format!("migraup-{}-bomb.xlsx", uuid::Uuid::now_v7()));
    let out = std::process::Command::new("python3").arg("-c").arg(BOMB).arg(&path).output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bomb = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(bomb.len() < 1024 * 1024, "the bomb is small: {} bytes", bomb.len());
    let (status, body) = upload(&app, Some(&f.admin), "bomb.xlsx", bomb).await;
    assert_eq!((status, body["errors"][0]["extensions"]["field"].as_str()), (413, Some("file")), "{body}");

    // Uploads keep files for two days: at most 30 an hour per account.
    let mut accepted = 0;
    loop {
        let (status, body) = upload(&app, Some(&f.admin), "x.csv", b"Name\nVerein am Anger\n".to_vec()).await;
        if status == 429 {
            assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
            break;
        }
        assert_eq!(status, 200, "{body}");
        accepted += 1;
        assert!(accepted <= 30, "uploads are limited");
    }
});

on_both_databases!(two_rows_merging_into_one_organisation_both_count, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let create = "mutation { createOrganisation(input: { name: \"Café Vielfalt\", kind: INITIATIVE, website: \"https://cafe-vielfalt.example\" }) { id } }";
    let cafe = app.gql(Some(&f.admin), create, json!({})).await.data()["createOrganisation"]["id"].as_str().unwrap().to_owned();
    // Row 2 is the same name; row 3 a typo of it with the same website: both the café,
    // each with something it lacks. The second merge sees the first (one transaction).
    let file = "Name,Webseite,Telefon,E-Mail,Sprachen,Angebote\n\
        Café Vielfalt,,030 4711 0004,,Deutsch,Sprachtandem\n\
        Cafe Vielfallt,cafe-vielfalt.example,,hallo@cafe-vielfalt.example,Türkisch,Sprachtandem; Frühstück\n";
    let batch = uploaded(&app, &f.admin, "cafe.csv", file.as_bytes().to_vec()).await;
    let p = preview(&app, &f.admin, &batch).await;
    assert_eq!(row(&p, 2)["suggested"]["into"], cafe.as_str());
    assert_eq!(row(&p, 3)["suggested"]["into"], cafe.as_str(), "{}", row(&p, 3));
    app.gql(Some(&f.admin), COMMIT, json!({ "b": batch, "d": [] })).await.data();
    let done = finished(&app, &f.admin, &batch).await;
    assert_eq!((done["state"].as_str(), done["merged"].as_i64(), done["created"].as_i64()), (Some("DONE"), Some(2), Some(0)), "{done}");
    let q = "query($id: ID!) { organisation(id: $id) { phone email languages { code } offerings { title } } }";
    let o = app.gql(Some(&f.admin), q, json!({ "id": cafe })).await.data()["organisation"].clone();
    assert_eq!((o["phone"].as_str(), o["email"].as_str()), (Some("030 4711 0004"), Some("hallo@cafe-vielfalt.example")));
    let mut languages: Vec<&str> = o["languages"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    languages.sort_unstable();
    assert_eq!(languages, ["de", "tr"], "the second merge adds to the first");
    let mut titles: Vec<&str> = o["offerings"].as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap()).collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Frühstück", "Sprachtandem"], "no offering twice");
});

on_both_databases!(a_merge_takes_exactly_the_fields_the_person_ticks, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let create = "mutation { createOrganisation(input: { name: \"Café Vielfalt\", kind: INITIATIVE, description: \"Alt.\", email: \"alt@cafe-vielfalt.example\" }) { id version } }";
    let created = app.gql(Some(&f.admin), create, json!({})).await.data()["createOrganisation"].clone();
    let cafe = created["id"].as_str().unwrap().to_owned();
    let file = "Name,Beschreibung,E-Mail,Telefon\nCafé Vielfalt,Neu aus der Liste.,neu@cafe-vielfalt.example,030 4711 0004\n";
    let batch = uploaded(&app, &f.admin, "cafe.csv", file.as_bytes().to_vec()).await;
    let p = preview(&app, &f.admin, &batch).await;
    // Field by field: the current value beside the file's.
    let differences = &row(&p, 2)["candidates"][0]["differences"];
    let description = differences.as_array().unwrap().iter().find(|d| d["field"] == "DESCRIPTION").unwrap();
    assert_eq!((description["current"].as_str(), description["incoming"].as_str()), (Some("Alt."), Some("Neu aus der Liste.")));
    // By default only the empty phone would be taken; the person takes the description instead.
    assert_eq!(row(&p, 2)["suggested"]["takeFields"], json!(["PHONE"]));
    let decisions = json!([{ "line": 2, "action": "MERGE", "into": cafe, "takeFields": ["DESCRIPTION"] }]);
    app.gql(Some(&f.admin), COMMIT, json!({ "b": batch, "d": decisions })).await.data();
    assert_eq!(finished(&app, &f.admin, &batch).await["merged"], 1);
    let q = "query($id: ID!) { organisation(id: $id) { description email phone version } }";
    let o = app.gql(Some(&f.admin), q, json!({ "id": cafe })).await.data()["organisation"].clone();
    assert_eq!(o["description"], "Neu aus der Liste.");
    assert_eq!(o["email"], "alt@cafe-vielfalt.example", "not ticked: kept");
    assert_eq!(o["phone"], Value::Null, "not ticked: not taken");
    assert_eq!(o["version"].as_i64(), created["version"].as_i64().map(|v| v + 1), "one version step, as an edit");
});
