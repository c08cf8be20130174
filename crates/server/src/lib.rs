//! The migraup server: configuration, start-up and the axum router. `main.rs` is a
//! thin CLI around this, so tests can start the real router on port 0.

mod calendar;
pub mod config;
mod graphql;
mod http;

use std::{net::SocketAddr, path::Path};

use anyhow::Context as _;
use migraup_core::{Core, Settings as CoreSettings, db, mail::Mailer};
use rand::RngCore as _;

pub use config::{Cli, Command, Settings};
pub use http::router;

/// Connects, migrates, seeds reference data (and demo data if asked) and builds the core.
pub async fn build_core(settings: &Settings) -> anyhow::Result<Core> {
    settings.check().map_err(anyhow::Error::msg)?;
    let database = db::connect(&settings.database_url).await.context("connecting to the database")?;
    db::migrate(&database).await.context("migrating the database")?;
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
    let core =
        Core::new(database, CoreSettings { jwt_secret, public_url: settings.public_url(), production: settings.production() }, mailer);
    core.seed_reference_data().await.map_err(|e| anyhow::anyhow!("seeding reference data: {e}"))?;
    if settings.demo && core.seed_demo().await.map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))? {
        tracing::info!("demo network added");
    }
    Ok(core)
}

/// A running server.
pub struct Running {
    pub address: SocketAddr,
    pub core: Core,
    pub handle: tokio::task::JoinHandle<()>,
}

/// Binds and serves until the task is dropped or a shutdown signal arrives.
pub async fn serve(settings: &Settings) -> anyhow::Result<Running> {
    let core = build_core(settings).await?;
    let listener = tokio::net::TcpListener::bind(settings.bind).await.with_context(|| format!("binding {}", settings.bind))?;
    let address = listener.local_addr()?;
    let app = router(core.clone(), settings, Path::new(&settings.static_dir));
    let handle = tokio::spawn(async move {
        let served =
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await;
        if let Err(e) = served {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running { address, core, handle })
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
