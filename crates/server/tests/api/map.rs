//! The map of the Ortsteile, on both databases: its areas, names and counts, classes
//! that follow the figures per resident, a click that filters the directory, the table
//! with the same figures, places from coordinates, the Ortsteil proposed for a point
//! and the profiles whose coordinates and Ortsteil disagree; and a second, made-up
//! region that the platform serves from its own folder.

use std::collections::HashMap;

use axum::{body::Body, http::Request};
use serde_json::json;

use crate::{
    helpers::{Backend, Fixture, TestApp},
    on_both_databases,
};

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let request = Request::get(path).header("accept-language", "de").body(Body::empty()).unwrap();
    let (status, _, body) = app.raw(request).await;
    (status.as_u16(), String::from_utf8(body).unwrap())
}

async fn districts(app: &TestApp) -> HashMap<String, String> {
    let answer = app.gql(None, "{ districts { id name residents } }", json!({})).await;
    answer.data()["districts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap().to_owned(), d["id"].as_str().unwrap().to_owned()))
        .collect()
}

/// A verified organisation in `district`, at `place` (longitude, latitude) if given.
async fn organisation(app: &TestApp, f: &Fixture, name: &str, district: &str, place: Option<(f64, f64)>) -> String {
    let mut input =
        json!({ "name": name, "kind": "INITIATIVE", "districtId": district, "topicIds": [f.topic], "addressVisibility": "PUBLIC" });
    if let Some((longitude, latitude)) = place {
        input["latitude"] = json!(latitude);
        input["longitude"] = json!(longitude);
    }
    let a =
        app.gql(Some(&f.admin), "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }", json!({ "i": input })).await;
    a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned()
}

const MAP: &str = "{ networkOverview { map(measure: ORGANISATIONS) { svg classStep source areas { district { name } residents count perTenThousand class } }
    districtMismatches { name chosenDistrictId locatedDistrictId } } }";

on_both_databases!(the_map_shows_organisations_per_resident_and_filters_the_directory, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let ids = districts(&app).await;
    let region = app.core.region().clone();
    let inside = |name: &str, n: usize| region.point_inside(region.area(name).unwrap(), n).unwrap();
    // Two in the smallest Ortsteil (1,078 residents), one in Buch, one in Prenzlauer Berg.
    organisation(&app, &f, "Malchow eins", &ids["Stadtrandsiedlung Malchow"], Some(inside("Stadtrandsiedlung Malchow", 0))).await;
    organisation(&app, &f, "Malchow zwei", &ids["Stadtrandsiedlung Malchow"], None).await;
    organisation(&app, &f, "Bucher Runde", &ids["Buch"], Some(inside("Buch", 1))).await;
    // Its coordinates lie in Buch, its Ortsteil says Prenzlauer Berg.
    organisation(&app, &f, "Verlegter Treff", &ids["Prenzlauer Berg"], Some(inside("Buch", 2))).await;

    // Residents come from the region's files.
    let answer = app.gql(None, "{ districts { name residents } }", json!({})).await;
    let residents: HashMap<String, i64> = answer.data()["districts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap().to_owned(), d["residents"].as_i64().unwrap()))
        .collect();
    assert_eq!(residents.len(), 13);
    assert_eq!(residents["Prenzlauer Berg"], 159_369);
    assert_eq!(residents.values().sum::<i64>(), 400_396);

    // The council's map: per 10,000 residents, classes of 5 (the highest figure 18.6 / 4, rounded up).
    let answer = app.gql(Some(&f.council), MAP, json!({})).await;
    let map = answer.data()["networkOverview"]["map"].clone();
    let area = |name: &str| map["areas"].as_array().unwrap().iter().find(|a| a["district"]["name"] == name).unwrap().clone();
    assert_eq!(map["areas"].as_array().unwrap().len(), 13);
    assert_eq!(map["classStep"], 5.0);
    let malchow = area("Stadtrandsiedlung Malchow");
    assert_eq!((malchow["count"].as_i64(), malchow["residents"].as_i64(), malchow["class"].as_i64()), (Some(2), Some(1078), Some(4)));
    assert!((malchow["perTenThousand"].as_f64().unwrap() - 2.0 * 10_000.0 / 1078.0).abs() < 1e-9);
    assert_eq!((area("Buch")["count"].as_i64(), area("Buch")["class"].as_i64()), (Some(1), Some(1)));
    assert_eq!((area("Prenzlauer Berg")["count"].as_i64(), area("Prenzlauer Berg")["class"].as_i64()), (Some(1), Some(1)));
    assert_eq!((area("Karow")["count"].as_i64(), area("Karow")["class"].as_i64()), (Some(0), Some(0)));
    let svg = map["svg"].as_str().unwrap();
    assert_eq!(svg.matches("<path ").count(), 13);
    for name in residents.keys() {
        assert!(svg.contains(&format!(">{name}</tspan>")), "{name} is named on the map");
    }
    assert!(map["source"].as_str().unwrap().contains("Zensus 2022"));
    // Only the coordination team gets the profiles whose coordinates lie elsewhere.
    assert!(answer.data()["networkOverview"]["districtMismatches"].is_null());
    let admin = app.gql(Some(&f.admin), MAP, json!({})).await;
    let mismatches = admin.data()["networkOverview"]["districtMismatches"].clone();
    assert_eq!(
        mismatches,
        json!([{ "name": "Verlegter Treff", "chosenDistrictId": ids["Prenzlauer Berg"], "locatedDistrictId": ids["Buch"] }])
    );

    // The public map: the directory's filters, the same figures as a table, the links.
    let (status, page) = get(&app, "/map").await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("<path ").count(), 13);
    assert_eq!(page.matches("<circle ").count(), 3, "the three organisations with coordinates are places");
    let malchow_link = format!("/organisations?districts={}", ids["Stadtrandsiedlung Malchow"]);
    assert!(page.contains(&format!("<a href=\"{malchow_link}\"")), "a click on an Ortsteil opens the directory filtered to it");
    // The table row of Malchow: 2 organisations, 1.078 residents, 18,6 per 10,000 (German).
    let row = page.split("<tr>").find(|r| r.contains("Stadtrandsiedlung Malchow</a></th>")).expect("Malchow's row");
    for cell in [">2<", ">1.078<", ">18,6<"] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
    let (status, list) = get(&app, &malchow_link).await;
    assert_eq!(status, 200);
    assert!(list.contains("Malchow eins") && list.contains("Malchow zwei") && !list.contains("Bucher Runde"));
    assert!(list.contains("href=\"/map?districts=") || list.contains("href=\"/map\""), "the list links back to its map");
    // A filter narrows the map: the organisations in Malchow speak no Arabic.
    let (_, georgian) = get(&app, "/map?languages=ar").await;
    assert!(georgian.contains("name=\"languages\" value=\"ar\" checked"));
    let row = georgian.split("<tr>").find(|r| r.contains("Stadtrandsiedlung Malchow</a></th>")).unwrap();
    assert!(row.contains(">0<"), "{row}");

    // The Ortsteil of a point, for the profile form.
    let locate = "query($a: Float!, $o: Float!) { locateDistrict(latitude: $a, longitude: $o) { district { name } onBorder } }";
    let (x, y) = inside("Buch", 0);
    let found = app.gql(None, locate, json!({ "a": y, "o": x })).await;
    assert_eq!(found.data()["locateDistrict"], json!({ "district": { "name": "Buch" }, "onBorder": false }));
    // Alexanderplatz lies in Mitte, outside Pankow.
    assert!(app.gql(None, locate, json!({ "a": 52.5219, "o": 13.4132 })).await.data()["locateDistrict"].is_null());
    // A thousand repeats in one document are refused before any is computed.
    let many: String = (0..1000).map(|i| format!("l{i}: locateDistrict(latitude: 52.6, longitude: 13.4) {{ onBorder }} ")).collect();
    assert!(app.gql(None, &format!("{{ {many} }}"), json!({})).await.code().is_some(), "a thousand aliases are refused");
    let wrong = app.gql(None, locate, json!({ "a": 95.0, "o": 13.4 })).await;
    assert_eq!((wrong.code(), wrong.field()), (Some("BAD_USER_INPUT"), Some("latitude")));
});

/// A made-up town of three quarters, squares side by side.
fn made_up_region() -> tempfile_dir::Dir {
    let dir = tempfile_dir::Dir::new();
    std::fs::write(
        dir.path().join("region.json"),
        r#"{ "name": "Musterstadt",
             "residents": { "file": "einwohner.csv", "name_column": "viertel", "residents_column": "einwohner", "source": "Musterzählung 2025" },
             "boundaries": { "file": "viertel.geojson", "name_property": "name", "source": "Mustervermessung" } }"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("einwohner.csv"), "viertel,einwohner\nAltstadt,5000\nHafen,20000\nNeustadt,10000\n").unwrap();
    let square = |name: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"name":"{name}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},50.0],[{x1},50.0],[{x1},50.01],[{x},50.01],[{x},50.0]]]}}}}"#,
            x1 = x + 0.01
        )
    };
    let features = [square("Altstadt", 8.0), square("Hafen", 8.01), square("Neustadt", 8.02)].join(",");
    std::fs::write(dir.path().join("viertel.geojson"), format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)).unwrap();
    dir
}

/// A folder removed when dropped.
mod tempfile_dir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!("migraup-region-{}", uuid::Uuid::now_v7().simple()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn another_region(backend: Backend) {
    let folder = made_up_region();
    let app = TestApp::spawn_in_region(backend, folder.path()).await;
    let f = Fixture::new(&app).await;
    let answer = app.gql(None, "{ districts { name region residents } }", json!({})).await;
    assert_eq!(
        answer.data()["districts"],
        json!([
            { "name": "Altstadt", "region": "Musterstadt", "residents": 5000 },
            { "name": "Hafen", "region": "Musterstadt", "residents": 20000 },
            { "name": "Neustadt", "region": "Musterstadt", "residents": 10000 }
        ])
    );
    let ids = districts(&app).await;
    organisation(&app, &f, "Hafenverein", &ids["Hafen"], Some((8.015, 50.005))).await;
    // The coverage and the map are the made-up town's.
    let query = "{ networkOverview { coverage { districts { name } } map(measure: ORGANISATIONS) { svg source areas { district { name } count perTenThousand } } } }";
    let answer = app.gql(Some(&f.council), query, json!({})).await;
    let o = answer.data()["networkOverview"].clone();
    assert_eq!(o["coverage"]["districts"], json!([{ "name": "Altstadt" }, { "name": "Hafen" }, { "name": "Neustadt" }]));
    let hafen = o["map"]["areas"].as_array().unwrap().iter().find(|a| a["district"]["name"] == "Hafen").unwrap().clone();
    assert_eq!(hafen["count"], 1);
    assert!((hafen["perTenThousand"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(o["map"]["svg"].as_str().unwrap().matches("<path ").count(), 3);
    assert!(o["map"]["source"].as_str().unwrap().contains("Musterzählung 2025"));
    let (_, page) = get(&app, "/map").await;
    assert_eq!(page.matches("<path ").count(), 3);
    assert!(page.contains(">Hafen</tspan>") && !page.contains("Prenzlauer Berg"));
    let located = app.gql(None, "{ locateDistrict(latitude: 50.005, longitude: 8.025) { district { name } onBorder } }", json!({})).await;
    assert_eq!(located.data()["locateDistrict"]["district"]["name"], "Neustadt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_region_from_its_folder_sqlite() {
    another_region(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_region_from_its_folder_postgres() {
    another_region(Backend::Postgres).await;
}

const SNAPSHOTS: &str = "{ networkSnapshots { month organisations ties events offerings gaps } }";
const CHANGE: &str = "query($from: String!, $to: String) { networkChange(from: $from, to: $to) { from to
    organisations { before after } ties { before after } offerings { before after } gaps { before after }
    newOrganisations { name } goneOrganisations { name } newTies endedTies gapsClosed { topicId districtId } gapsOpened { topicId }
    map { svg areas { district { name } count class } } } }";

on_both_databases!(monthly_snapshots_show_what_changed_and_survive_a_restore, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let ids = districts(&app).await;
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let buch = organisation(&app, &f, "Bucher Runde", &ids["Buch"], None).await;
    // The end of October, taken on 1 November: once, however often the task runs.
    assert!(app.core.take_monthly_snapshot_at(at("2026-11-01T05:00:00Z")).await.unwrap());
    assert!(!app.core.take_monthly_snapshot_at(at("2026-11-01T05:00:00Z")).await.unwrap());
    assert!(!app.core.take_monthly_snapshot_at(at("2026-11-20T05:00:00Z")).await.unwrap());
    // November: a new organisation tied to Buch's, and an offering on the topic in Karow.
    let karow = organisation(&app, &f, "Karower Treff", &ids["Karow"], None).await;
    let tie = "mutation($a: ID!, $b: ID!) { proposeRelation(input: { fromOrganisationId: $a, toOrganisationId: $b, kind: COOPERATION }) { state } }";
    assert_eq!(app.gql(Some(&f.admin), tie, json!({ "a": buch, "b": karow })).await.data()["proposeRelation"]["state"], "CONFIRMED");
    let offering = "mutation($o: ID!, $i: OfferingInput!) { createOffering(organisationId: $o, input: $i) { id } }";
    let input = json!({ "title": "Hausaufgabenhilfe", "category": "COURSE", "districtId": ids["Karow"], "topicIds": [f.topic] });
    app.gql(Some(&f.admin), offering, json!({ "o": karow, "i": input })).await.data();
    assert!(app.core.take_monthly_snapshot_at(at("2026-12-01T06:00:00Z")).await.unwrap());

    let list = app.gql(Some(&f.council), SNAPSHOTS, json!({})).await;
    let months: Vec<&str> = list.data()["networkSnapshots"].as_array().unwrap().iter().map(|s| s["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2026-11", "2026-10"], "one a month, newest first");
    let change = app.gql(Some(&f.council), CHANGE, json!({ "from": "2026-10", "to": "2026-11" })).await;
    let c = change.data()["networkChange"].clone();
    let (before, after) = (c["organisations"]["before"].as_f64().unwrap(), c["organisations"]["after"].as_f64().unwrap());
    assert_eq!(after - before, 1.0);
    assert_eq!(c["newOrganisations"], json!([{ "name": "Karower Treff" }]));
    assert_eq!(c["goneOrganisations"], json!([]));
    assert_eq!((c["newTies"].as_i64(), c["endedTies"].as_i64()), (Some(1), Some(0)));
    assert_eq!(c["ties"]["after"].as_f64().unwrap() - c["ties"]["before"].as_f64().unwrap(), 1.0);
    assert_eq!(c["offerings"], json!({ "before": 0.0, "after": 1.0 }));
    assert_eq!(c["gapsClosed"], json!([{ "topicId": f.topic, "districtId": ids["Karow"] }]));
    assert_eq!(c["gapsOpened"], json!([]));
    assert_eq!(c["gaps"]["before"].as_f64().unwrap() - c["gaps"]["after"].as_f64().unwrap(), 1.0);
    // On the map: the one new organisation in Karow, nothing new elsewhere.
    let new_in =
        |name: &str| c["map"]["areas"].as_array().unwrap().iter().find(|a| a["district"]["name"] == name).unwrap()["count"].clone();
    assert_eq!((new_in("Karow"), new_in("Buch")), (json!(1), json!(0)));
    assert_eq!(c["map"]["svg"].as_str().unwrap().matches("<path ").count(), 13);
    assert!(c["map"]["svg"].as_str().unwrap().contains("Neue Organisationen je 10.000"));
    // Against today.
    let today = app.gql(Some(&f.administration), CHANGE, json!({ "from": "2026-10" })).await;
    assert!(today.data()["networkChange"]["to"].is_null());
    assert_eq!(today.data()["networkChange"]["newTies"], 1);
    // Not for a representative (a neighbourhood is no whole network), nor a visitor or a made-up month.
    assert_eq!(app.gql(Some(&f.representative), SNAPSHOTS, json!({})).await.code(), Some("FORBIDDEN"));
    assert!(app.gql(None, CHANGE, json!({ "from": "2026-10" })).await.code().is_some());
    let unknown = app.gql(Some(&f.council), CHANGE, json!({ "from": "1999-01" })).await;
    assert_eq!((unknown.code(), unknown.field()), (Some("BAD_USER_INPUT"), Some("from")));

    // Snapshots are part of dump and restore.
    let mut dump = Vec::new();
    app.core.dump(&mut dump).await.unwrap();
    let restored = TestApp::spawn(Backend::Sqlite).await;
    restored.core.restore(std::io::Cursor::new(dump)).await.unwrap();
    let council = app.gql(Some(&f.council), SNAPSHOTS, json!({})).await.data()["networkSnapshots"].clone();
    let user =
        restored.core.create_user("beirat2@test.org", "Beirat", migraup_domain::Role::Council, crate::helpers::PASSWORD).await.unwrap();
    let token = crate::helpers::token_for(user.id);
    assert_eq!(restored.gql(Some(&token), SNAPSHOTS, json!({})).await.data()["networkSnapshots"], council);
});

/// Every table of the database is in the dump (working groups, ideas and concerns
/// were once left out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_is_in_the_dump() {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let app = TestApp::spawn(Backend::Sqlite).await;
    let db = Database::connect(app.database_url()).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
        ))
        .await
        .unwrap();
    let mut tables: Vec<String> = rows.iter().map(|r| r.try_get::<String>("", "name").unwrap()).collect();
    tables.sort();
    let mut dumped: Vec<String> = migraup_core::dump::dumped_tables().into_iter().map(str::to_owned).collect();
    dumped.sort();
    assert_eq!(dumped, tables);
}
