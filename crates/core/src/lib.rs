//! The use cases of migraup and their persistence. Every public function takes the
//! acting person ([`Actor`]) and asks the domain's policy before it reads or writes;
//! entities stay inside this crate, callers get the view structs of [`views`].

pub mod accounts;
pub mod actor;
pub mod api_tokens;
pub mod audit;
pub mod backups;
pub mod berlin;
pub mod calendar;
pub mod concerns;
pub mod council;
pub mod db;
pub mod demo;
pub mod dump;
mod entities;
mod errors;
pub mod events;
pub mod freshness;
mod group_roles;
pub mod groups;
pub mod ideas;
pub mod import;
pub mod inbox;
pub mod limits;
mod link_tables;
pub mod mail;
mod mail_texts;
mod maintenance;
pub mod markdown;
pub mod network;
pub mod offerings;
pub mod open_data;
pub mod operating;
pub mod organisations;
pub mod outbox;
pub mod paging;
mod participation;
pub mod passwords;
mod personal_data;
pub mod projects;
mod recipients;
pub mod reference;
pub mod region;
pub mod relations;
pub mod self_service;
pub mod sessions;
pub mod snapshots;
pub mod synthetic;
pub mod taxonomy;
pub mod translations;
mod versions;
pub mod views;
mod visibility;

use std::sync::Arc;

pub use actor::Actor;
pub use db::StatementCounter;
pub use migraup_domain as domain;
pub use migraup_domain::{DomainError, ErrorCode};
use sea_orm::DatabaseConnection;

/// Settings the core needs; the server fills them from its configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// HMAC key for access tokens (HS256).
    pub jwt_secret: String,
    /// The public address of the web app, for links in e-mails.
    pub public_url: String,
    /// Production hardens a few defaults (secure cookies, no dev mail page).
    pub production: bool,
    /// The first wait before a failed mail is tried again (doubled each time).
    pub mail_retry_seconds: u64,
    /// Registrations of events that ended more than this many months ago are anonymised.
    pub retention_months: u32,
    /// The licence of the open data (`/open-data`), as the operator configures it.
    pub open_data_licence: open_data::Licence,
    /// The district's Ortsteile with residents and boundaries (`MIGRAUP_REGION_DIR`;
    /// Pankow by default).
    pub region: Arc<region::Region>,
}

/// The application core: database, settings, mail and password hashing.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    settings: Settings,
    mailer: mail::Mailer,
    passwords: passwords::Passwords,
    statements: StatementCounter,
    network: network::AnalysisCache,
    /// Public calendar feeds by filter and change stamp (see `calendar`).
    feeds: std::sync::Mutex<std::collections::HashMap<String, Arc<dyn std::any::Any + Send + Sync>>>,
    /// Each person's private feed as last built, with the key it was built for (change
    /// stamp and day): a calendar app polling it costs one build per change.
    personal_feeds: std::sync::Mutex<std::collections::HashMap<uuid::Uuid, (String, Arc<String>)>>,
    /// The anonymous directory's facet counts by filter and change stamp (see `organisations::list`).
    facets: std::sync::Mutex<std::collections::HashMap<String, organisations::Facets>>,
    /// How often the caches answered (for `/metrics`).
    network_counter: operating::CacheCounter,
    feed_counter: operating::CacheCounter,
    facet_counter: operating::CacheCounter,
    /// Imports running in this server and how far they are (see `import`).
    imports: import::Progress,
    /// Set when the server was told to stop: `/readyz` answers 503 so that load
    /// balancers send no more requests while the ones in flight finish.
    stopping: std::sync::atomic::AtomicBool,
}

impl Core {
    /// Builds the core on a migrated database.
    pub fn new(db: db::Database, settings: Settings, mailer: mail::Mailer) -> Self {
        let db::Database { connection, statements } = db;
        Core {
            inner: Arc::new(Inner {
                db: connection,
                settings,
                mailer,
                passwords: passwords::Passwords::new(),
                network: network::AnalysisCache::default(),
                feeds: Default::default(),
                personal_feeds: Default::default(),
                facets: Default::default(),
                network_counter: Default::default(),
                feed_counter: Default::default(),
                facet_counter: Default::default(),
                imports: Default::default(),
                stopping: Default::default(),
                statements,
            }),
        }
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The configured settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The mail path (SMTP or the development outbox).
    pub fn mailer(&self) -> &mail::Mailer {
        &self.inner.mailer
    }

    /// Counts SQL statements; used by tests and benchmarks.
    pub fn statements(&self) -> &StatementCounter {
        &self.inner.statements
    }

    pub(crate) fn network_cache(&self) -> &network::AnalysisCache {
        &self.inner.network
    }

    /// Begins a write transaction. On SQLite its first statement is a write, which
    /// takes the write lock at once (what `BEGIN IMMEDIATE` does): a transaction that
    /// read first cannot upgrade its lock while another writer commits ("database is
    /// locked", and waiting does not help), so writers queue behind the busy timeout
    /// instead. PostgreSQL is unchanged.
    pub(crate) async fn begin_write(&self) -> migraup_domain::error::DomainResult<sea_orm::DatabaseTransaction> {
        use sea_orm::{ConnectionTrait as _, TransactionTrait as _};
        let txn = self.inner.db.begin().await.map_err(errors::internal)?;
        if db::is_sqlite(&self.inner.db) {
            txn.execute_unprepared("DELETE FROM rate_events WHERE 0 = 1").await.map_err(errors::internal)?;
        }
        Ok(txn)
    }

    /// A stamp that changes with every write: each write records an audit entry in its
    /// transaction, so the newest audit id (UUIDv7) changes, also across several server
    /// instances. Caches of public answers key on it (the server's embeds too).
    pub async fn change_stamp(&self) -> migraup_domain::error::DomainResult<Option<uuid::Uuid>> {
        use sea_orm::{EntityTrait as _, QueryOrder as _, QuerySelect as _};
        entities::audit_log::Entity::find()
            .select_only()
            .column(entities::audit_log::Column::Id)
            .order_by_desc(entities::audit_log::Column::Id)
            .limit(1)
            .into_tuple::<uuid::Uuid>()
            .one(self.db())
            .await
            .map_err(errors::internal)
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.inner.db.ping().await.is_ok()
    }

    /// Notes that the server is stopping (see [`Core::is_stopping`]).
    pub fn mark_stopping(&self) {
        self.inner.stopping.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the server is stopping: it still answers, but is no longer ready.
    pub fn is_stopping(&self) -> bool {
        self.inner.stopping.load(std::sync::atomic::Ordering::Relaxed)
    }
}
