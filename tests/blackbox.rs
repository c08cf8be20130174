//! Black-box tests: the real `migraup` binary, started as a newcomer would, over HTTP.

mod instances;

use migraup_blackbox::{Server, TestDb, command};
use serde_json::{Value, json};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { role } } }";
/// The demo network's data file, the one the binary seeds.
const DEMO: &str = include_str!("../crates/core/data/demo.json");

/// The login variables of the demo coordination team (the file's first account).
fn demo_admin() -> Value {
    let demo: Value = serde_json::from_str(DEMO).unwrap();
    json!({ "e": demo["accounts"][0]["email"], "p": demo["accounts"][0]["password"] })
}

async fn check_demo_network(server: &Server) {
    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{}/healthz", server.url)).send().await.unwrap().status(), 200);
    assert_eq!(client.get(format!("{}/readyz", server.url)).send().await.unwrap().status(), 200);
    let mut admin = String::new();
    let demo: Value = serde_json::from_str(DEMO).unwrap();
    for account in demo["accounts"].as_array().unwrap() {
        let a = server.gql(&client, None, LOGIN, json!({ "e": account["email"], "p": account["password"] })).await;
        assert_eq!(a["data"]["login"]["user"]["role"], account["role"], "{a}");
        if account["role"] == "ADMIN" {
            admin = a["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
        }
    }
    let q = "{ organisations(first: 50) { totalCount edges { node { kind district { name } offeringCount visibility verification } } } districts { name } }";
    let all = server.gql(&client, Some(&admin), q, json!({})).await;
    let nodes: Vec<&Value> = all["data"]["organisations"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
    assert!(nodes.len() >= 40, "at least 40 organisations, got {}", nodes.len());
    for kind in ["MIGRANT_ORGANISATION", "INITIATIVE", "INFORMAL_NETWORK", "WELFARE_PROVIDER", "PUBLIC_INSTITUTION", "NETWORK", "OTHER"] {
        assert!(nodes.iter().any(|n| n["kind"] == kind), "a {kind}");
    }
    for district in all["data"]["districts"].as_array().unwrap() {
        assert!(nodes.iter().any(|n| n["district"]["name"] == district["name"]), "an organisation in {}", district["name"]);
    }
    assert!(nodes.iter().any(|n| n["visibility"] == "MEMBERS"), "some members-only organisations");
    assert!(nodes.iter().all(|n| n["offeringCount"].as_i64().unwrap() >= 1), "every organisation has offerings");
    let public = server.gql(&client, None, "{ organisations { totalCount } }", json!({})).await;
    assert!(public["data"]["organisations"]["totalCount"].as_i64().unwrap() < nodes.len() as i64);
}

#[tokio::test]
async fn binary_serves_the_demo_network_on_sqlite() {
    let server = Server::start(TestDb::sqlite(), &[("MIGRAUP_DEMO", "true")]);
    check_demo_network(&server).await;
}

#[tokio::test]
async fn binary_serves_the_demo_network_on_postgres() {
    let server = Server::start(TestDb::postgres(), &[("MIGRAUP_DEMO", "true")]);
    check_demo_network(&server).await;
}

#[tokio::test]
async fn invitation_link_from_the_e_mail_creates_an_account_that_signs_in() {
    let server = Server::start(TestDb::sqlite(), &[("MIGRAUP_DEMO", "true"), ("MIGRAUP_PUBLIC_URL", "https://migraup.example")]);
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let admin = server.gql(&client, None, LOGIN, demo_admin()).await;
    let token = admin["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
    let invite = server
        .gql(&client, Some(&token), "mutation { inviteUser(input: { email: \"neu@beispiel.de\", role: COUNCIL }) { id } }", json!({}))
        .await;
    assert!(invite["errors"].is_null(), "{invite}");
    let mails: Value = client.get(format!("{}/dev/mail", server.url)).send().await.unwrap().json().await.unwrap();
    let body = mails.as_array().unwrap().iter().find(|m| m["to"] == "neu@beispiel.de").expect("invitation e-mail")["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let link = body.split_whitespace().find(|w| w.starts_with("https://migraup.example/invitation?token=")).expect("link with token");
    let invitation_token = link.split("token=").nth(1).unwrap();
    let accept = server
        .gql(&client, None, "mutation($t: String!) { acceptInvitation(token: $t, displayName: \"Neues Beiratsmitglied\", password: \"Sitzung am Donnerstag\") { user { role } } }", json!({ "t": invitation_token }))
        .await;
    assert_eq!(accept["data"]["acceptInvitation"]["user"]["role"], "COUNCIL", "{accept}");
    // The refresh cookie set by the sign-in renews the session silently.
    let refreshed = server.gql(&client, None, "mutation { refreshSession { user { email } } }", json!({})).await;
    assert_eq!(refreshed["data"]["refreshSession"]["user"]["email"], "neu@beispiel.de", "{refreshed}");
    let login = server.gql(&client, None, LOGIN, json!({ "e": "neu@beispiel.de", "p": "Sitzung am Donnerstag" })).await;
    assert_eq!(login["data"]["login"]["user"]["role"], "COUNCIL");
}

#[test]
fn production_refuses_to_start_without_a_real_jwt_secret() {
    let db = TestDb::sqlite();
    for secret in [None, Some("short"), Some("change-me-change-me-change-me-change-me")] {
        let mut c = command(&db);
        c.args(["serve"]).env("MIGRAUP_ENV", "production").env("MIGRAUP_SMTP_URL", "smtp://127.0.0.1:2525");
        if let Some(s) = secret {
            c.env("MIGRAUP_JWT_SECRET", s);
        }
        let out = c.output().expect("run migraup");
        assert!(!out.status.success(), "must refuse {secret:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("MIGRAUP_JWT_SECRET"), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = command(&db).args(["seed-demo"]).env("MIGRAUP_ENV", "production").env("MIGRAUP_JWT_SECRET", "x".repeat(48)).output().unwrap();
    assert!(!out.status.success(), "no demo data in production");
}

#[test]
fn print_schema_prints_only_the_committed_schema() {
    let db = TestDb::sqlite();
    let out = command(&db).arg("print-schema").output().expect("run migraup");
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/api/schema.graphql")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

#[tokio::test]
async fn migrate_create_admin_and_seed_demo_commands() {
    let db = TestDb::postgres();
    assert!(command(&db).arg("migrate").status().unwrap().success());
    let created = command(&db)
        .args(["create-admin", "--email", "koordination@beispiel.de"])
        .env("MIGRAUP_ADMIN_PASSWORD", "Koordinationsteam Pankow")
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let weak = command(&db)
        .args(["create-admin", "--email", "zweite@beispiel.de"])
        .env("MIGRAUP_ADMIN_PASSWORD", "qwerty123456")
        .output()
        .unwrap();
    assert!(!weak.status.success(), "common passwords are refused");
    let first = command(&db).arg("seed-demo").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&first.stdout).trim(), "demo network added");
    let again = command(&db).arg("seed-demo").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), "demo network already present");
    let server = Server::start(db, &[]);
    let client = reqwest::Client::new();
    let login = server.gql(&client, None, LOGIN, json!({ "e": "koordination@beispiel.de", "p": "Koordinationsteam Pankow" })).await;
    assert_eq!(login["data"]["login"]["user"]["role"], "ADMIN", "{login}");
}

#[tokio::test]
async fn e_mails_leave_through_smtp_when_configured() {
    let sink = migraup_blackbox::SmtpSink::start();
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let server = Server::start(
        TestDb::sqlite(),
        &[("MIGRAUP_DEMO", "true"), ("MIGRAUP_SMTP_URL", &smtp), ("MIGRAUP_MAIL_FROM", "migraup <noreply@beispiel.de>")],
    );
    let client = reqwest::Client::new();
    let reset = server.gql(&client, None, "mutation { requestPasswordReset(email: \"beirat@demo.migraup.org\") }", json!({})).await;
    assert_eq!(reset["data"]["requestPasswordReset"], true, "{reset}");
    // The demo's invitations to co-organise went out too; the reset is the council's only mail.
    // The reset mail leaves after the answer (the same answer for every address).
    let mut messages: Vec<String> = Vec::new();
    for _ in 0..200 {
        messages = sink.messages().into_iter().filter(|m| m.contains("To: beirat@demo.migraup.org")).collect();
        if !messages.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(messages.len(), 1, "one e-mail through SMTP");
    let (headers, body) = messages[0].split_once("\r\n\r\n").expect("headers and body");
    let text = if headers.contains("Content-Transfer-Encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined).expect("base64 body")).unwrap()
    } else {
        body.to_owned()
    };
    assert!(text.contains("reset-password?token="), "{text}");
    let kept: Value = client.get(format!("{}/dev/mail", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(kept, json!([]), "nothing is kept in the development outbox when SMTP is configured");
}

fn fragment_bomb(levels: usize) -> String {
    let mut q = String::from("fragment G0 on Query { __typename }\n");
    for i in 1..=levels {
        q.push_str(&format!("fragment G{i} on Query {{ ...G{p} ...G{p} }}\n", p = i - 1));
    }
    q.push_str(&format!("{{ ...G{levels} }}"));
    q
}

/// The 1.3 KB document that used to stall the server for minutes.
#[tokio::test]
async fn a_fragment_bomb_is_refused_while_the_server_keeps_answering() {
    let server = Server::start(TestDb::sqlite(), &[]);
    let client = reqwest::Client::new();
    let bomb = fragment_bomb(30);
    assert!(bomb.len() < 1_400, "{}", bomb.len());
    let attacks: Vec<_> = (0..4)
        .map(|_| {
            let (client, url, bomb) = (client.clone(), server.url.clone(), bomb.clone());
            tokio::spawn(async move {
                let answer: Value =
                    client.post(format!("{url}/graphql")).json(&json!({ "query": bomb })).send().await.unwrap().json().await.unwrap();
                answer
            })
        })
        .collect();
    assert_eq!(client.get(format!("{}/healthz", server.url)).send().await.unwrap().status(), 200);
    let directory = server.gql(&client, None, "{ organisations(first: 5) { totalCount } }", json!({})).await;
    assert!(directory["errors"].is_null(), "{directory}");
    for attack in attacks {
        let answer = attack.await.unwrap();
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
    }
}

#[test]
fn development_mode_refuses_a_public_address() {
    let db = TestDb::sqlite();
    let out = command(&db).args(["serve"]).env("MIGRAUP_BIND", "0.0.0.0:0").output().expect("run migraup");
    assert!(!out.status.success(), "development mode must not listen on every interface");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loopback") && stderr.contains("/dev/mail"), "{stderr}");
}

/// A client that never finishes its headers is disconnected; others are served meanwhile.
#[tokio::test]
async fn a_slow_client_is_disconnected_after_the_header_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = Server::start(TestDb::sqlite(), &[]);
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: migraup\r\nX-Slow: ").await.unwrap();
    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{}/healthz", server.url)).send().await.unwrap().status(), 200);
    let mut buffer = Vec::new();
    // The server closes the connection (perhaps after a 408); a generous deadline only
    // keeps a broken server from hanging the test.
    let read = tokio::time::timeout(std::time::Duration::from_secs(60), slow.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "the server kept the slow connection open");
    let text = String::from_utf8_lossy(&buffer);
    assert!(buffer.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
}

/// The Docker image is made of `cargo xtask dist`'s folder; the test suite builds it
/// (debug profile) and starts that binary in production mode with the web app.
#[tokio::test]
async fn the_dist_folder_serves_the_web_app_in_production() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let binary = dist.join("migraup");
    assert!(binary.exists() && dist.join("web/index.html").exists(), "{} is missing: run `cargo xtask dist --debug` first", dist.display());
    let sink = migraup_blackbox::SmtpSink::start();
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let web = dist.join("web");
    let server = Server::start_binary(
        &binary,
        TestDb::sqlite(),
        &[
            ("MIGRAUP_ENV", "production"),
            ("MIGRAUP_JWT_SECRET", "a-production-secret-for-the-dist-test-0123456789"),
            ("MIGRAUP_SMTP_URL", &smtp),
            ("MIGRAUP_PUBLIC_URL", "https://migraup.example"),
            ("MIGRAUP_STATIC_DIR", web.to_str().unwrap()),
        ],
    );
    let client = reqwest::Client::new();
    let index = client.get(format!("{}/organisations", server.url)).send().await.unwrap();
    assert_eq!(index.status(), 200);
    let csp = index.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline") && csp.contains("'sha256-"), "{csp}");
    assert!(index.headers().contains_key("strict-transport-security"));
    assert!(index.text().await.unwrap().contains("<html"));
    // The WASM goes out as the Brotli copy made at build time, byte for byte.
    let wasm =
        std::fs::read_dir(&web).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).find(|n| n.ends_with(".wasm")).unwrap();
    let precompressed = std::fs::read(web.join(format!("{wasm}.br"))).expect("a .br copy next to the WASM");
    let sent = client.get(format!("{}/{wasm}", server.url)).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(sent.headers()["content-encoding"], "br");
    assert!(sent.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(sent.bytes().await.unwrap().as_ref(), precompressed.as_slice());
    let plain = client.get(format!("{}/{wasm}", server.url)).send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"), "a client without Brotli or gzip gets the plain file");
    // Anonymous visitors of the public pages load the public bundle; a browser the app
    // marked as signed in loads the whole app. Both bundles' inline scripts are allowed.
    let public_page = client.get(format!("{}/organisations", server.url)).send().await.unwrap().text().await.unwrap();
    assert!(public_page.contains("/public/migraup-frontend-") && public_page.contains("id=\"ssr\""), "{public_page}");
    let whole = client.get(format!("{}/organisations", server.url)).header("cookie", "migraup_app=whole").send().await.unwrap();
    let whole = whole.text().await.unwrap();
    assert!(!whole.contains("/public/migraup-frontend-") && whole.contains("migraup-frontend-"), "{whole}");
    assert_eq!(csp.matches("'sha256-").count(), 2, "{csp}");
    // No development mail page: the path is just a page of the web app.
    let mail = client.get(format!("{}/dev/mail", server.url)).send().await.unwrap();
    assert!(mail.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(!mail.text().await.unwrap().contains("token="));
    assert_eq!(client.get(format!("{}/graphql", server.url)).send().await.unwrap().status(), 404, "no GraphiQL");
    let introspection = server.gql(&client, None, "{ __schema { queryType { name } } }", json!({})).await;
    assert!(introspection["data"]["__schema"].is_null(), "{introspection}");
}

/// The SMTP server is down when an e-mail is due: it waits in the outbox, survives a
/// restart of migraup, and arrives once the SMTP server is back, exactly once.
#[tokio::test]
async fn a_mail_waits_in_the_outbox_until_smtp_is_back_also_across_a_restart() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let env = [("MIGRAUP_DEMO", "true"), ("MIGRAUP_SMTP_URL", smtp.as_str()), ("MIGRAUP_MAIL_RETRY_SECONDS", "1")];
    let server = Server::start(TestDb::sqlite(), &env);
    let client = reqwest::Client::new();
    let admin = server.gql(&client, None, LOGIN, demo_admin()).await;
    let token = admin["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
    let invite = server
        .gql(&client, Some(&token), "mutation { inviteUser(input: { email: \"spaeter@beispiel.de\", role: COUNCIL }) { id } }", json!({}))
        .await;
    assert!(invite["errors"].is_null(), "{invite}");
    let outbox = "{ mailOutbox { to attempts sentAt lastError } }";
    let mut tried = false;
    for _ in 0..100 {
        let o = server.gql(&client, Some(&token), outbox, json!({})).await;
        let mail = o["data"]["mailOutbox"].as_array().unwrap().iter().find(|m| m["to"] == "spaeter@beispiel.de").cloned().unwrap();
        // The worker counts an attempt when it claims the mail and records the error
        // after the SMTP connection failed: between the two the row is still in flight.
        if mail["attempts"].as_i64().unwrap() >= 1 && mail["lastError"].is_string() {
            assert!(mail["sentAt"].is_null(), "{mail}");
            tried = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(tried, "the worker tried and failed while SMTP was down");
    // Restart migraup on the same database, with the SMTP server back.
    let db = server.stop();
    let sink = migraup_blackbox::SmtpSink::start_on(port);
    let server = Server::start(db, &env);
    let mut received = Vec::new();
    for _ in 0..300 {
        received = sink.messages().into_iter().filter(|m| m.contains("To: spaeter@beispiel.de")).collect();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(received.len(), 1, "the invitation arrives once");
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let again = sink.messages().into_iter().filter(|m| m.contains("To: spaeter@beispiel.de")).count();
    assert_eq!(again, 1, "and is not sent twice");
    drop(server);
}

/// The README's move from SQLite to PostgreSQL: two commands.
#[tokio::test]
async fn the_demo_network_moves_from_sqlite_to_postgresql_with_dump_and_restore() {
    let sqlite = TestDb::sqlite();
    assert!(command(&sqlite).arg("seed-demo").status().unwrap().success());
    let file = std::env::temp_dir().join(format!("migraup-dump-{}.jsonl", uuid::Uuid::now_v7().simple()));
    let dumped = command(&sqlite).args(["dump", file.to_str().unwrap()]).output().unwrap();
    assert!(dumped.status.success(), "{}", String::from_utf8_lossy(&dumped.stderr));
    let postgres = TestDb::postgres();
    let restored = command(&postgres).args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let again = command(&postgres).args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert!(!again.status.success(), "a database with content is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"), "{}", String::from_utf8_lossy(&again.stderr));
    let _ = std::fs::remove_file(&file);
    let server = Server::start(postgres, &[]);
    let client = reqwest::Client::new();
    let login = server.gql(&client, None, LOGIN, demo_admin()).await;
    let token = login["data"]["login"]["accessToken"].as_str().expect("the demo admin signs in on PostgreSQL").to_owned();
    let all = server.gql(&client, Some(&token), "{ organisations { totalCount } }", json!({})).await;
    assert!(all["data"]["organisations"]["totalCount"].as_i64().unwrap() >= 40, "{all}");
}

/// SIGTERM in the middle of a burst: the server stops accepting, but every request that
/// reached it (also those still in the listen backlog) is answered, then it exits cleanly.
#[tokio::test]
async fn sigterm_during_a_burst_fails_no_request() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut server = Server::start(TestDb::sqlite(), &[("MIGRAUP_DEMO", "true")]);
    let address = server.url.trim_start_matches("http://").to_owned();
    let query = serde_json::json!({ "query": "{ organisations(first: 20) { totalCount edges { node { name offerings { title } } } facets { topics { count } districts { count } } } }" }).to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: migraup\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
        query.len()
    );
    let mut connections = Vec::new();
    for _ in 0..64 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        connections.push((std::time::Instant::now(), stream));
    }
    server.terminate();
    let answers: Vec<_> = connections
        .into_iter()
        .map(|(sent, mut stream)| {
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let _ = stream.read_to_end(&mut buffer).await;
                (sent.elapsed(), String::from_utf8_lossy(&buffer).into_owned())
            })
        })
        .collect();
    let mut failed = 0;
    let mut longest = std::time::Duration::ZERO;
    for answer in answers {
        let (took, text) = answer.await.unwrap();
        longest = longest.max(took);
        if !(text.starts_with("HTTP/1.1 200") && text.contains("totalCount")) {
            failed += 1;
            eprintln!("failed: {}", text.chars().take(200).collect::<String>());
        }
    }
    eprintln!("SIGTERM during 64 requests: {failed} failed, longest {longest:?}");
    assert_eq!(failed, 0);
    assert_eq!(server.wait_for_exit(std::time::Duration::from_secs(60)), Some(true), "the server exits cleanly");
    // Nothing listens any more.
    assert!(tokio::net::TcpStream::connect(&address).await.is_err());
}

/// An SMTP server that accepts connections and never answers (issue 25, finding 8):
/// SIGTERM still ends migraup within its grace, and the mail it could not send stays in
/// the outbox for the next start.
#[tokio::test]
async fn sigterm_ends_the_server_while_the_smtp_server_never_answers() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp = format!("smtp://127.0.0.1:{}", silent.local_addr().unwrap().port());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = accepted.clone();
    std::thread::spawn(move || {
        // Connections are kept open, unanswered, for as long as the test runs.
        let mut held = Vec::new();
        for stream in silent.incoming().map_while(Result::ok) {
            held.push(stream);
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let mut server = Server::start(TestDb::postgres(), &[("MIGRAUP_DEMO", "true"), ("MIGRAUP_SMTP_URL", &smtp)]);
    let client = reqwest::Client::new();
    let reset = server.gql(&client, None, "mutation { requestPasswordReset(email: \"beirat@demo.migraup.org\") }", json!({})).await;
    assert_eq!(reset["data"]["requestPasswordReset"], true, "{reset}");
    let unsent = "SELECT count(*) FROM mail_outbox WHERE recipient = 'beirat@demo.migraup.org' AND sent_at IS NULL AND failed_at IS NULL";
    let database = server.db.url.clone();
    let count = |sql: &str| {
        let out = std::process::Command::new("psql").args([&database, "-tAc", sql]).output().expect("psql");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().parse::<i64>().expect("a count")
    };
    // The reset mail is written after the answer, and the worker hangs in a send.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while (count(unsent) == 0 || accepted.load(std::sync::atomic::Ordering::SeqCst) == 0) && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(unsent), 1, "the reset mail is queued");
    assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) > 0, "the mail worker connected to the silent SMTP server");
    server.terminate();
    // A bound, not a timing measurement: before the fix the process was still running after minutes.
    assert_eq!(server.wait_for_exit(std::time::Duration::from_secs(30)), Some(true), "the server exits within its grace");
    assert_eq!(count(unsent), 1, "the unsent mail is still in the outbox for the next start");
}

/// Issue 25, finding 1: the probe's anonymous 189-byte document made the release server
/// answer 824 MB at 12.8 GB of memory. Against the real binary with the demo network it
/// is refused at once with a small answer, and the server's memory stays low.
#[tokio::test]
async fn the_probes_nested_offerings_document_is_refused_and_memory_stays_low() {
    let server = Server::start(TestDb::sqlite(), &[("MIGRAUP_DEMO", "true")]);
    let client = reqwest::Client::new();
    let q = "{ organisations(first: 50) { edges { node { id offeringCount } } } }";
    let all = server.gql(&client, None, q, json!({})).await;
    let busiest = all["data"]["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|e| e["node"]["offeringCount"].as_i64().unwrap())
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let probe = format!(
        "{{ organisation(id:\"{busiest}\"){{ offerings {{ organisation {{ offerings {{ organisation {{ offerings {{ organisation {{ offerings {{ organisation {{ id }} }} }} }} }} }} }} }} }} }}"
    );
    assert_eq!(probe.len(), 189);
    for _ in 0..20 {
        let started = std::time::Instant::now();
        let response = client.post(format!("{}/graphql", server.url)).json(&json!({ "query": probe })).send().await.unwrap();
        let body = response.bytes().await.unwrap();
        // Printed for the issue's note; speed is not asserted.
        eprintln!("probe answered {} bytes in {:?}", body.len(), started.elapsed());
        assert!(body.len() < 2_000, "a small answer, got {} bytes", body.len());
        let answer: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
        assert_eq!(answer["errors"][0]["extensions"]["reason"], "TOO_COSTLY", "{answer}");
    }
    // What the guard lets through (two levels) is answered, and stays small with the demo data.
    let two = format!("{{ organisation(id:\"{busiest}\") {{ offerings {{ organisation {{ offerings {{ id title }} }} }} }} }}");
    let answer = server.gql(&client, None, &two, json!({})).await;
    assert!(answer["errors"].is_null(), "{answer}");
    let peak = server.peak_memory_kib();
    eprintln!("peak memory after the probe: {peak} KiB");
    assert!(peak < 400 * 1024, "peak memory {peak} KiB");
}
