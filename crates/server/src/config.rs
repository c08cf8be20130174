//! Configuration: command line and environment (`MIGRAUP_*`), optionally from a file
//! of `KEY=value` lines (`--config FILE` or `MIGRAUP_CONFIG`).

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

/// The migraup server.
#[derive(Parser, Debug)]
#[command(name = "migraup", version, about = "The working platform of a network of migrant organisations")]
pub struct Cli {
    /// A file of `MIGRAUP_*=value` lines read before the environment is parsed.
    #[arg(long, env = "MIGRAUP_CONFIG", global = true)]
    pub config: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do (default: serve).
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Migrate, then serve the API and the web app.
    Serve,
    /// Apply pending database migrations and reference data, then exit.
    Migrate,
    /// Create an ADMIN account; the password comes from MIGRAUP_ADMIN_PASSWORD or a prompt.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Koordination")]
        name: String,
    },
    /// Add the demo network (idempotent).
    SeedDemo,
    /// Exit 0 when the server on MIGRAUP_BIND's port answers `/readyz` (for container
    /// health checks: no curl or shell in the image).
    Health,
    /// Print the GraphQL schema (SDL) to standard output.
    PrintSchema,
    /// Write a backup into DIR (or MIGRAUP_BACKUP_DIR) now and rotate the folder as the
    /// daily backup does (the newest of 14 days and of 8 weeks are kept).
    Backup { dir: Option<std::path::PathBuf> },
    /// Write every table to FILE (JSON lines) from one snapshot; safe while the server runs.
    Dump { file: std::path::PathBuf },
    /// Put a dump into an empty database (SQLite or PostgreSQL), all or nothing.
    Restore { file: std::path::PathBuf },
}

/// Settings shared by all commands.
#[derive(clap::Args, Debug, Clone)]
pub struct Settings {
    /// Database URL: `sqlite://migraup.sqlite` or `postgres://user@host/db`.
    #[arg(long, env = "MIGRAUP_DATABASE_URL", default_value = "sqlite://migraup.sqlite", global = true)]
    pub database_url: String,
    /// Address to listen on.
    #[arg(long, env = "MIGRAUP_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: SocketAddr,
    /// `development` or `production`.
    #[arg(long, env = "MIGRAUP_ENV", default_value = "development", global = true)]
    pub env: String,
    /// HMAC key for access tokens; required (32+ characters) in production.
    #[arg(long, env = "MIGRAUP_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,
    /// The address people reach the app at, for links in e-mails.
    #[arg(long, env = "MIGRAUP_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// SMTP server, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.org`.
    #[arg(long, env = "MIGRAUP_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,
    /// Sender of e-mails.
    #[arg(long, env = "MIGRAUP_MAIL_FROM", default_value = "migraup <noreply@migraup.invalid>", global = true)]
    pub mail_from: String,
    /// The built web app (trunk's `dist`).
    #[arg(long, env = "MIGRAUP_STATIC_DIR", default_value = "frontend/dist", global = true)]
    pub static_dir: std::path::PathBuf,
    /// Seed the demo network when the database has no accounts (development only).
    #[arg(long, env = "MIGRAUP_DEMO", default_value_t = false, global = true)]
    pub demo: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (addresses or networks,
    /// comma-separated, e.g. `10.0.0.0/8,127.0.0.1`). Nobody else is believed.
    #[arg(long, env = "MIGRAUP_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,
    /// Seconds before a failed e-mail is tried again (doubled each time, at most an hour).
    #[arg(long, env = "MIGRAUP_MAIL_RETRY_SECONDS", default_value_t = 30, global = true)]
    pub mail_retry_seconds: u64,
    /// Registrations of events that ended more than this many months ago are anonymised
    /// (only their number stays); expired links and invitations go after a day.
    #[arg(long, env = "MIGRAUP_RETENTION_MONTHS", default_value_t = 12, global = true)]
    pub retention_months: u32,
    /// The licence of the open data at `/open-data` (the public directory as HSDS and CSV).
    #[arg(long, env = "MIGRAUP_OPEN_DATA_LICENCE", default_value = "CC BY 4.0", global = true)]
    pub open_data_licence: String,
    /// Where the licence's text is.
    #[arg(long, env = "MIGRAUP_OPEN_DATA_LICENCE_URL", default_value = "https://creativecommons.org/licenses/by/4.0/", global = true)]
    pub open_data_licence_url: String,
    /// Markdown file with the Impressum (legal notice), shown at `/impressum`.
    #[arg(long, env = "MIGRAUP_IMPRINT_FILE", global = true)]
    pub imprint_file: Option<std::path::PathBuf>,
    /// Markdown file with the Datenschutzerklärung (privacy notice), shown at `/datenschutz`.
    #[arg(long, env = "MIGRAUP_PRIVACY_FILE", global = true)]
    pub privacy_file: Option<std::path::PathBuf>,
    /// A folder describing the district's Ortsteile (`region.json`, residents as CSV,
    /// boundaries as GeoJSON; see `docs/operations.md`); Berlin-Pankow's when not set.
    #[arg(long, env = "MIGRAUP_REGION_DIR", global = true)]
    pub region_dir: Option<std::path::PathBuf>,
    /// Bearer token that `/metrics` requires in production (without it, `/metrics` is
    /// not served in production; development serves it to anyone on the loopback).
    #[arg(long, env = "MIGRAUP_METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<String>,
    /// Apply pending migrations when the server starts. With several instances, set it
    /// to false and run `migraup migrate` once before starting them: an instance then
    /// refuses to start on a database that lacks its migrations, and keeps working on
    /// one that a newer release has migrated (releases only expand the schema).
    #[arg(long, env = "MIGRAUP_MIGRATE_ON_START", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub migrate_on_start: bool,
    /// Seconds a stopping server goes on serving while `/readyz` already answers 503,
    /// so that a load balancer takes it out first (longer than its health check's
    /// interval; Caddy's is 2 s). Then it stops accepting and finishes what it has.
    #[arg(long, env = "MIGRAUP_SHUTDOWN_DRAIN_SECONDS", default_value_t = 5, global = true)]
    pub shutdown_drain_seconds: u64,
    /// A folder for the daily backup (a dump, rotated: the newest of 14 days and of 8
    /// weeks are kept). One instance writes it, whichever claims the day first. None:
    /// no scheduled backup.
    #[arg(long, env = "MIGRAUP_BACKUP_DIR", global = true)]
    pub backup_dir: Option<std::path::PathBuf>,
    /// The hour (Berlin time, 0–23) from which the day's backup is made.
    #[arg(long, env = "MIGRAUP_BACKUP_HOUR", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..24), global = true)]
    pub backup_hour: u32,
    /// Allow a production server whose public URL is `http://` (only behind a proxy
    /// that itself answers on https, or for a closed network).
    #[arg(long, env = "MIGRAUP_ALLOW_HTTP", default_value_t = false, global = true)]
    pub allow_http: bool,
}

/// Secrets that must never be used in production.
const PLACEHOLDER_SECRETS: &[&str] = &["change-me", "changeme", "secret", "migraup", "please-change-this-secret-in-production"];

impl Settings {
    /// Whether this is a production deployment.
    pub fn production(&self) -> bool {
        self.env.eq_ignore_ascii_case("production")
    }

    /// The proxies whose `X-Forwarded-For` is believed: addresses (`10.0.0.2`) or
    /// networks (`10.0.0.0/8`), separated by commas; empty means none.
    pub fn trusted_proxies(&self) -> Result<Vec<ipnet::IpNet>, String> {
        self.trusted_proxies
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("MIGRAUP_TRUSTED_PROXIES: '{p}' is neither an address nor a network"))
            })
            .collect()
    }

    /// The public URL, defaulting to the bind address.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.bind)).trim_end_matches('/').to_owned()
    }

    /// Checks the settings; in production refuses defaults that would be unsafe.
    pub fn check(&self) -> Result<(), String> {
        if !matches!(self.env.to_ascii_lowercase().as_str(), "development" | "production") {
            return Err(format!("MIGRAUP_ENV must be 'development' or 'production', not '{}'", self.env));
        }
        self.trusted_proxies()?;
        if self.production() {
            match &self.jwt_secret {
                None => return Err("MIGRAUP_JWT_SECRET is required in production".into()),
                Some(s) if s.len() < 32 => return Err("MIGRAUP_JWT_SECRET must be at least 32 characters in production".into()),
                Some(s) if PLACEHOLDER_SECRETS.iter().any(|p| s.eq_ignore_ascii_case(p) || s.to_lowercase().contains("change")) => {
                    return Err("MIGRAUP_JWT_SECRET is a placeholder; generate one, e.g. `openssl rand -base64 48`".into());
                }
                Some(_) => {}
            }
            if self.smtp_url.is_none() {
                return Err("MIGRAUP_SMTP_URL is required in production (invitations and password resets are e-mailed)".into());
            }
            if self.demo {
                return Err("MIGRAUP_DEMO is for development only (demo passwords are public)".into());
            }
            if !self.public_url().starts_with("https://") && !self.allow_http {
                return Err(format!(
                    "MIGRAUP_PUBLIC_URL must start with https:// in production (it is {}); sign-in cookies and passwords must not travel in clear text. Set MIGRAUP_ALLOW_HTTP=true only behind a proxy that answers on https",
                    self.public_url()
                ));
            }
        } else if !self.bind.ip().is_loopback() {
            // Development serves every e-mail (reset links included) at /dev/mail,
            // GraphiQL and introspection: never to the network.
            return Err(format!(
                "development mode serves /dev/mail (every reset and invitation link), GraphiQL and demo data, so it listens only on a loopback address, not {}. Set MIGRAUP_ENV=production (with MIGRAUP_JWT_SECRET, MIGRAUP_SMTP_URL and an https MIGRAUP_PUBLIC_URL) or MIGRAUP_BIND=127.0.0.1:8080",
                self.bind
            ));
        }
        Ok(())
    }
}
