//! Benchmark (not a test): how long `networkOverview` takes end to end — an HTTP
//! request through the real router, authentication, the core's queries, metrics,
//! layout and the JSON answer — for synthetic networks of 500, 2,000 and 8,000
//! organisations with ten ties each, on SQLite and (2,000) on PostgreSQL.
//!
//! Run: `cargo xtask bench` (release build). Prints a Markdown table.

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use axum::{body::Body, extract::connect_info::MockConnectInfo, http::Request};
use http_body_util::BodyExt;
use migraup_domain::Role;
use migraup_server::Settings;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The network page's query (without the exports). At 8,000 organisations the list of
/// 80,000 ties alone is over the answer's 8 MiB wall, so the ties are asked for only
/// up to 4,000 organisations; the computation (metrics, layout) is the same.
const QUERY: &str = "{ networkOverview {
    summary { organisations ties density components communities modularity isolates bridges }
    nodes { organisationId name kind districtId degree weightedDegree betweenness community broker isolate x y }
    EDGES
    coverage { topics { id label } districts { id name } cells { organisations offerings gap } }
    growth { month organisations events relations } kinds { kind count } } }";

fn settings(database_url: String) -> Settings {
    Settings {
        database_url,
        bind: "127.0.0.1:0".parse().expect("address"),
        env: "development".into(),
        jwt_secret: Some("benchmark-secret-that-is-long-enough-for-hs256".into()),
        public_url: Some("http://migraup.bench".into()),
        smtp_url: None,
        mail_from: "migraup <noreply@migraup.bench>".into(),
        static_dir: "/nonexistent".into(),
        demo: false,
        trusted_proxies: None,
        allow_http: false,
        mail_retry_seconds: 1,
        retention_months: 12,
        open_data_licence: "CC BY 4.0".into(),
        open_data_licence_url: "https://creativecommons.org/licenses/by/4.0/".into(),
        imprint_file: None,
        privacy_file: None,
        metrics_token: None,
        region_dir: None,
        migrate_on_start: true,
        backup_dir: None,
        backup_hour: 3,
        shutdown_drain_seconds: 0,
    }
}

async fn post(router: &axum::Router, token: Option<&str>, body: Value) -> (Vec<u8>, Duration) {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    if let Some(t) = token {
        request = request.header("authorization", format!("Bearer {t}"));
    }
    let started = Instant::now();
    let response = router.clone().oneshot(request.body(Body::from(body.to_string())).expect("request")).await.expect("answer");
    let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    (bytes, started.elapsed())
}

struct Row {
    database: &'static str,
    organisations: usize,
    ties: usize,
    edges: u64,
    seed: Duration,
    cold: Duration,
    warm: Duration,
    bytes: usize,
    dump: Duration,
    dump_bytes: usize,
    restore: Duration,
}

async fn measure(database: &'static str, url: String, organisations: usize) -> Row {
    let ties = organisations * 10;
    let core = migraup_server::build_core(&settings(url.clone())).await.expect("core");
    let router = migraup_server::router(core.clone(), &settings(url), std::path::Path::new("/nonexistent"))
        .expect("router")
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    core.create_user("beirat@bench.org", "Beirat", Role::Council, "ein langes Benchmark-Passwort").await.expect("council");
    let started = Instant::now();
    core.seed_synthetic_network(organisations, ties).await.expect("seed");
    let seed = started.elapsed();
    let (login, _) = post(
        &router,
        None,
        json!({ "query": "mutation { login(email: \"beirat@bench.org\", password: \"ein langes Benchmark-Passwort\") { accessToken } }" }),
    )
    .await;
    let login: Value = serde_json::from_slice(&login).expect("json");
    let token = login["data"]["login"]["accessToken"].as_str().expect("token").to_owned();
    // The first request computes the metrics; the next ones find them in the cache
    // (the same network), so they show the cost of reading and answering alone.
    let mut times = Vec::new();
    let mut last = Vec::new();
    let query = QUERY.replace("EDGES", if organisations <= 4000 { "edges { source target weight sources bridge }" } else { "" });
    for _ in 0..3 {
        let (bytes, took) = post(&router, Some(&token), json!({ "query": query })).await;
        times.push(took);
        last = bytes;
    }
    let answer: Value = serde_json::from_slice(&last).expect("json");
    assert!(answer.get("errors").is_none(), "{answer}");
    let summary = &answer["data"]["networkOverview"]["summary"];
    assert_eq!(summary["organisations"].as_u64(), Some(organisations as u64));
    // The daily backup of this network (`migraup backup`: the dump written to a file,
    // synced, rotated), and `restore` of it into a fresh SQLite file.
    let dir = std::env::temp_dir().join(format!("migraup-bench-backup-{}", uuid::Uuid::now_v7().simple()));
    let started = Instant::now();
    let run = core.backup_now(&dir).await.expect("backup");
    let dump_time = started.elapsed();
    let dump = std::fs::read(dir.join(run.file.expect("a backup file"))).expect("the backup");
    let _ = std::fs::remove_dir_all(&dir);
    let file = std::env::temp_dir().join(format!("migraup-bench-restore-{}.sqlite", uuid::Uuid::now_v7().simple()));
    let target = migraup_server::build_core(&settings(format!("sqlite://{}", file.display()))).await.expect("target");
    let started = Instant::now();
    target.restore(std::io::Cursor::new(&dump)).await.expect("restore");
    let restore = started.elapsed();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    Row {
        database,
        organisations,
        ties,
        edges: summary["ties"].as_u64().unwrap_or(0),
        seed,
        cold: times[0],
        warm: times[1].min(times[2]),
        bytes: last.len(),
        dump: dump_time,
        dump_bytes: dump.len(),
        restore,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let sizes: Vec<usize> = std::env::var("MIGRAUP_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![500, 2000, 8000]);
    let mut rows = Vec::new();
    runtime.block_on(async {
        for &n in &sizes {
            let file = std::env::temp_dir().join(format!("migraup-bench-{n}-{}.sqlite", uuid::Uuid::now_v7().simple()));
            rows.push(measure("SQLite", format!("sqlite://{}", file.display()), n).await);
            let _ = std::fs::remove_file(&file);
        }
        let admin_url = std::env::var("MIGRAUP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        match Database::connect(&admin_url).await {
            Ok(admin) => {
                let name = format!("migraup_bench_{}", uuid::Uuid::now_v7().simple());
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create");
                let server = admin_url.rsplit_once('/').map(|(s, _)| s.to_owned()).unwrap_or(admin_url.clone());
                rows.push(measure("PostgreSQL", format!("{server}/{name}"), 2000).await);
                admin.execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)")).await.expect("drop");
            }
            Err(e) => eprintln!("PostgreSQL not reachable ({e}); measured SQLite only"),
        }
    });
    println!(
        "| database | organisations | ties seeded | distinct ties | seeding | networkOverview, first | again (cached metrics) | answer size | backup | backup size | restore into SQLite |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {:.1} s | {:.0} ms | {:.0} ms | {:.1} MB | {:.2} s | {:.1} MB | {:.2} s |",
            r.database,
            r.organisations,
            r.ties,
            r.edges,
            r.seed.as_secs_f64(),
            r.cold.as_secs_f64() * 1000.0,
            r.warm.as_secs_f64() * 1000.0,
            r.bytes as f64 / 1e6,
            r.dump.as_secs_f64(),
            r.dump_bytes as f64 / 1e6,
            r.restore.as_secs_f64()
        );
    }
}
