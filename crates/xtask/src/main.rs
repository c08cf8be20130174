//! The README's commands, so that a newcomer needs exactly two:
//!
//! - `cargo xtask run`: the app on SQLite with the demo network, on a printed URL.
//! - `cargo xtask test`: installs what the tests need, checks the architecture
//!   invariants, lints, and runs every test on SQLite and PostgreSQL.
//! - `cargo xtask schema`: rewrites `crates/api/schema.graphql`.

use std::{
    env,
    net::{TcpStream, ToSocketAddrs},
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    thread::sleep,
    time::Duration,
};

use anyhow::{Context, Result, bail};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("workspace root").to_owned()
}

/// Runs a command in the workspace root, failing with its name when it fails.
fn run(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("\n==> {program} {}", args.join(" "));
    let status = Command::new(program).args(args).current_dir(root()).status().with_context(|| format!("starting {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).current_dir(root()).output().is_ok_and(|o| o.status.success())
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app(),
        Some("test") => test_all(),
        Some("schema") => schema(),
        _ => {
            eprintln!("usage: cargo xtask <run | test | schema>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and starts the app with demo data on SQLite.
fn run_app() -> Result<()> {
    // SAFETY-free: we only set variables the user did not set themselves.
    let mut command = Command::new("cargo");
    command.args(["run", "--quiet", "--package", "migraup-server", "--bin", "migraup", "--", "serve"]).current_dir(root());
    if env::var_os("MIGRAUP_DEMO").is_none() {
        command.env("MIGRAUP_DEMO", "true");
    }
    eprintln!("==> building and starting migraup (demo data on SQLite: ./migraup.sqlite)");
    let status = command.status().context("starting cargo run")?;
    if !status.success() {
        bail!("migraup exited with {status}");
    }
    Ok(())
}

fn schema() -> Result<()> {
    let sdl = Command::new("cargo")
        .args(["run", "--quiet", "--package", "migraup-server", "--bin", "migraup", "--", "print-schema"])
        .current_dir(root())
        .output()
        .context("printing the schema")?;
    if !sdl.status.success() {
        bail!("print-schema failed: {}", String::from_utf8_lossy(&sdl.stderr));
    }
    std::fs::write(root().join("crates/api/schema.graphql"), sdl.stdout)?;
    eprintln!("crates/api/schema.graphql written");
    Ok(())
}

/// Installs the tools the tests need when they are missing.
fn ensure_tools() -> Result<()> {
    if !succeeds("cargo", &["nextest", "--version"]) {
        run("cargo", &["install", "cargo-nextest", "--locked"])?;
    }
    if !output("rustup", &["target", "list", "--installed"]).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !succeeds("cargo", &["clippy", "--version"]) {
        run("rustup", &["component", "add", "clippy", "rustfmt"])?;
    }
    Ok(())
}

/// PostgreSQL must be reachable: tests that need it fail loudly, never skip.
fn ensure_postgres() -> Result<()> {
    let url = env::var("MIGRAUP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let host_port = url.split('@').nth(1).and_then(|rest| rest.split('/').next()).unwrap_or("127.0.0.1:5432").to_owned();
    let reachable = || {
        host_port
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
    };
    if reachable() {
        return Ok(());
    }
    eprintln!("==> PostgreSQL at {host_port} is not reachable; trying to start the local cluster");
    if let Ok(versions) = std::fs::read_dir("/etc/postgresql") {
        for version in versions.flatten() {
            let v = version.file_name().to_string_lossy().into_owned();
            let _ = Command::new("pg_ctlcluster").args(["--skip-systemctl-redirect", &v, "main", "start"]).status();
        }
    }
    for _ in 0..30 {
        if reachable() {
            return Ok(());
        }
        sleep(Duration::from_secs(1));
    }
    bail!("PostgreSQL is required for the tests and is not reachable at {host_port} (set MIGRAUP_TEST_POSTGRES_URL)")
}

/// The domain crate must stay free of IO so that it builds for the browser.
fn check_invariants() -> Result<()> {
    run("cargo", &["check", "--quiet", "--package", "migraup-domain", "--target", "wasm32-unknown-unknown"])?;
    let tree = output("cargo", &["tree", "--package", "migraup-domain", "--edges", "normal", "--prefix", "none"]);
    for forbidden in ["sea-orm", "tokio", "axum", "async-graphql", "sqlx"] {
        if tree.lines().any(|l| l.starts_with(&format!("{forbidden} "))) {
            bail!("invariant broken: migraup-domain depends on {forbidden}");
        }
    }
    let api_tree = output("cargo", &["tree", "--package", "migraup-api", "--edges", "normal", "--depth", "1", "--prefix", "none"]);
    if api_tree.lines().any(|l| l.starts_with("sea-orm ")) {
        bail!("invariant broken: the API crate must reach the database only through the core");
    }
    Ok(())
}

fn test_all() -> Result<()> {
    ensure_tools()?;
    ensure_postgres()?;
    run("cargo", &["fmt", "--all", "--check"])?;
    check_invariants()?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])?;
    run("cargo", &["build", "--workspace", "--all-targets", "--quiet"])?;
    run("cargo", &["nextest", "run", "--workspace", "--profile", "ci"])?;
    Ok(())
}
