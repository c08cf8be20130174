//! The migraup server: configuration, start-up and the axum router. `main.rs` is a
//! thin CLI around this, so tests can start the real router on port 0.

mod calendar;
pub mod config;
mod graphql;
mod http;
mod import;
mod legal;
mod metrics;
mod nul;
mod pages;
mod state;

use std::{net::SocketAddr, path::Path, time::Duration};

use anyhow::Context as _;
use migraup_core::{Core, Settings as CoreSettings, db, mail::Mailer};
use rand::RngCore as _;

pub use config::{Cli, Command, Settings};
pub use http::router;

/// Connects, migrates, seeds reference data (and demo data if asked) and builds the core.
pub async fn build_core(settings: &Settings) -> anyhow::Result<Core> {
    settings.check().map_err(anyhow::Error::msg)?;
    let database = db::connect(&settings.database_url).await.context("connecting to the database")?;
    if settings.migrate_on_start {
        db::migrate(&database).await.context("migrating the database")?;
    } else {
        let state = db::schema_state(&database).await.context("reading the database's migrations")?;
        if !state.pending.is_empty() {
            anyhow::bail!(
                "the database lacks {} migration(s) of this release ({}); run `migraup migrate` once, then start the servers",
                state.pending.len(),
                state.pending.join(", ")
            );
        }
        if !state.newer.is_empty() {
            tracing::info!(newer = state.newer.len(), "a newer release has migrated the database; this release keeps working on it");
        }
    }
    let jwt_secret = match &settings.jwt_secret {
        Some(s) => s.clone(),
        None => {
            // Development without a configured secret: a random one per process, so no
            // default secret exists anywhere. Sessions end when the server restarts.
            tracing::warn!("MIGRAUP_JWT_SECRET not set: using a random secret for this run");
            let mut bytes = [0u8; 48];
            rand::rng().fill_bytes(&mut bytes);
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
    };
    let mailer = match &settings.smtp_url {
        Some(url) => Mailer::smtp(url, &settings.mail_from).map_err(anyhow::Error::msg).context("MIGRAUP_SMTP_URL")?,
        None => Mailer::outbox(),
    };
    let region = match &settings.region_dir {
        Some(dir) => migraup_core::region::Region::load(dir).with_context(|| format!("MIGRAUP_REGION_DIR {}", dir.display()))?,
        None => migraup_core::region::Region::pankow(),
    };
    let core = Core::new(
        database,
        CoreSettings {
            jwt_secret,
            public_url: settings.public_url(),
            production: settings.production(),
            mail_retry_seconds: settings.mail_retry_seconds,
            retention_months: settings.retention_months,
            open_data_licence: migraup_core::open_data::Licence {
                name: settings.open_data_licence.clone(),
                url: settings.open_data_licence_url.clone(),
            },
            region: std::sync::Arc::new(region),
        },
        mailer,
    );
    core.seed_reference_data().await.map_err(|e| anyhow::anyhow!("seeding reference data: {e}"))?;
    if settings.demo && core.seed_demo().await.map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))? {
        tracing::info!("demo network added");
    }
    Ok(core)
}

/// Whether the server listening on `bind` (its port, on the loopback when it listens
/// on every address) answers `GET /readyz` with 200 within 3 seconds.
pub async fn ready(bind: SocketAddr) -> bool {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = if bind.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], bind.port())) } else { bind };
    let check = async {
        let mut stream = tokio::net::TcpStream::connect(address).await.ok()?;
        stream.write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        Some(answer.starts_with(b"HTTP/1.1 200"))
    };
    tokio::time::timeout(Duration::from_secs(3), check).await.ok().flatten().unwrap_or(false)
}

/// A running server.
pub struct Running {
    pub address: SocketAddr,
    pub core: Core,
    pub handle: tokio::task::JoinHandle<()>,
}

/// A client must send a request's headers within this time, and an idle kept-alive
/// connection is closed after it: slow clients cannot hold connections open.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long connections keep being served normally after a shutdown signal (see
/// [`accept_loop`]); new connections are refused from the signal on.
const SHUTDOWN_SETTLE: Duration = Duration::from_secs(1);
/// How long requests in flight may take to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
/// How long the mail being sent may take to finish after a shutdown signal; then the
/// round is abandoned (an SMTP server that does not answer must not hold the stop).
const MAIL_STOP_GRACE: Duration = Duration::from_secs(5);

/// Binds and serves until the task is dropped or a shutdown signal arrives.
pub async fn serve(settings: &Settings) -> anyhow::Result<Running> {
    let core = build_core(settings).await?;
    let listener = tokio::net::TcpListener::bind(settings.bind).await.with_context(|| format!("binding {}", settings.bind))?;
    let address = listener.local_addr()?;
    let app = router(core.clone(), settings, Path::new(&settings.static_dir))?;
    tokio::spawn(maintenance(core.clone()));
    tokio::spawn(freshness_reminders(core.clone()));
    if let Some(dir) = settings.backup_dir.clone() {
        tokio::spawn(daily_backup(core.clone(), dir, settings.backup_hour));
    }
    let (stop_mail, stopped) = tokio::sync::watch::channel(false);
    let mail_worker = tokio::spawn(deliver_mail(core.clone(), stopped));
    // At the signal the server first says it is no longer ready and goes on serving for
    // `drain`, so that a load balancer's health check (Caddy's: every 2 s) takes it out
    // before it stops accepting: a request sent on a kept-alive connection at the
    // moment it closes would fail, and POSTs are not retried. The mail worker is told
    // after, so it stops while the connections finish.
    let drain = Duration::from_secs(settings.shutdown_drain_seconds);
    let stopping = core.clone();
    let shutdown = async move {
        shutdown_signal().await;
        stopping.mark_stopping();
        tokio::time::sleep(drain).await;
        let _ = stop_mail.send(true);
    };
    let handle = tokio::spawn(async move {
        accept_loop(listener, app, shutdown).await;
        let _ = mail_worker.await;
    });
    Ok(Running { address, core, handle })
}

/// hyper's HTTP/1 server with a header-read timeout (axum::serve sets none), the peer
/// address for each request, and a graceful stop: on SIGTERM no new connections are
/// accepted and the requests in flight finish (up to [`SHUTDOWN_GRACE`]).
async fn accept_loop(listener: tokio::net::TcpListener, app: axum::Router, shutdown: impl std::future::Future<Output = ()>) {
    use hyper_util::{
        rt::{TokioIo, TokioTimer},
        server::graceful::GracefulShutdown,
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).keep_alive(true);
    let graceful = GracefulShutdown::new();
    let serve = |stream: tokio::net::TcpStream, peer: SocketAddr| {
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            tower::ServiceExt::oneshot(app.clone(), request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Timeouts and resets by clients are normal; nothing to report.
            let _ = connection.await;
        });
    };
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        serve(stream, peer);
    }
    // Clients whose connection the kernel has already accepted (waiting in the listen
    // backlog) sent their request before the stop: they are served too, not reset.
    if let Ok(listener) = listener.into_std() {
        while let Ok((stream, peer)) = listener.accept() {
            if let Ok(stream) = stream.set_nonblocking(true).and_then(|()| tokio::net::TcpStream::from_std(stream)) {
                serve(stream, peer);
            }
        }
    }
    // hyper closes a connection at once if it has not read a request yet, even when the
    // request is waiting in the socket: the connections just accepted get a moment to
    // read theirs before every connection is told to finish and close.
    tokio::time::sleep(SHUTDOWN_SETTLE).await;
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => tracing::warn!("requests still running after the grace period; stopping"),
    }
}

/// Removes expired registrations, rejected registrations after 30 days, old link
/// tokens and rate-limit attempts: at start and every hour. Every step is idempotent,
/// so several instances on one database may run it.
async fn maintenance(core: Core) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match core.run_maintenance().await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "maintenance removed expired data"),
            Err(e) => tracing::warn!(error = %e, "maintenance failed"),
        }
    }
}

/// Reminds representatives to confirm entries that are almost a year old, and the ones
/// responsible for agreed actions of working groups: at start and every day. Each
/// reminder is claimed before it is sent (see `core::freshness`,
/// `core::groups::actions`), so a restart or a second instance sends nothing twice.
async fn freshness_reminders(core: Core) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 3600));
    loop {
        every_day.tick().await;
        if let Err(e) = core.send_freshness_reminders().await {
            tracing::warn!(error = %e, "sending freshness reminders failed");
        }
        if let Err(e) = core.send_action_reminders_at(chrono::Utc::now()).await {
            tracing::warn!(error = %e, "sending reminders of agreed actions failed");
        }
        if let Err(e) = core.flag_unanswered_concerns_at(chrono::Utc::now()).await {
            tracing::warn!(error = %e, "flagging unanswered concerns failed");
        }
        if let Err(e) = core.take_monthly_snapshot_at(chrono::Utc::now()).await {
            tracing::warn!(error = %e, "taking the monthly snapshot of the network failed");
        }
    }
}

/// The day's backup, from `hour` (Berlin) on: checked at start and every ten minutes;
/// the first instance to claim the day writes it (see `core::backups`).
async fn daily_backup(core: Core, dir: std::path::PathBuf, hour: u32) {
    let mut every_ten_minutes = tokio::time::interval(Duration::from_secs(600));
    loop {
        every_ten_minutes.tick().await;
        let now = chrono::Utc::now();
        if chrono::Timelike::hour(&migraup_core::berlin::local(now)) < hour {
            continue;
        }
        match core.scheduled_backup(&dir, now).await {
            Ok(Some(run)) if !run.succeeded() => tracing::error!(error = ?run.error, "the daily backup failed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "claiming the daily backup failed"),
        }
    }
}

/// Sends what the outbox holds, every second. A mail claimed here is leased, so other
/// instances on the same database leave it alone; after a restart sending resumes.
/// Once `stop` turns true it stops between two rounds, or gives the round in progress
/// [`MAIL_STOP_GRACE`] and then abandons it: a mail not yet marked sent stays in the
/// outbox and is sent after its lease (by the next start or another instance).
async fn deliver_mail(core: Core, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut every_second = tokio::time::interval(Duration::from_secs(1));
    every_second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let report = |done: Result<usize, migraup_domain::DomainError>| {
        if let Err(e) = done {
            tracing::warn!(error = %e, "delivering mail failed");
        }
    };
    loop {
        tokio::select! {
            _ = every_second.tick() => {}
            _ = stop.changed() => return,
        }
        let round = core.deliver_due();
        tokio::pin!(round);
        tokio::select! {
            done = &mut round => report(done),
            _ = stop.changed() => {
                match tokio::time::timeout(MAIL_STOP_GRACE, round).await {
                    Ok(done) => report(done),
                    Err(_) => tracing::warn!("mail round abandoned at shutdown; unsent mails stay in the outbox"),
                }
                return;
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
