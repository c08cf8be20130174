//! Connecting to SQLite or PostgreSQL, migrating, and counting statements.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use migraup_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, DbErr};

/// Counts the SQL statements sent, so tests can prove a page costs a fixed number.
#[derive(Clone, Default, Debug)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    /// Statements sent since start.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A connected database and its statement counter.
pub struct Database {
    pub connection: DatabaseConnection,
    pub statements: StatementCounter,
}

/// Connects; for SQLite the file is created when missing, and foreign keys, WAL and a
/// busy timeout are switched on so concurrent writers wait instead of failing.
pub async fn connect(url: &str) -> Result<Database, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    let mut url = url.to_owned();
    if is_sqlite && !url.contains("mode=") && !url.contains(":memory:") {
        url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
    }
    let mut options = ConnectOptions::new(url.clone());
    // An unreachable database is answered `UNAVAILABLE` within seconds, never a hang.
    options.sqlx_logging(false).connect_timeout(std::time::Duration::from_secs(2)).acquire_timeout(std::time::Duration::from_secs(2));
    if url.contains(":memory:") {
        // Every connection to `sqlite::memory:` is a database of its own: keep exactly one.
        options.max_connections(1).min_connections(1);
    } else if is_sqlite {
        options.max_connections(8);
    } else {
        options.max_connections(16);
    }
    if is_sqlite {
        options.map_sqlx_sqlite_opts(|o| {
            o.foreign_keys(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10))
        });
    }
    let mut connection = sea_orm::Database::connect(options).await?;
    let statements = StatementCounter::default();
    let counter = statements.0.clone();
    connection.set_metric_callback(move |_info| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    Ok(Database { connection, statements })
}

/// Applies pending migrations.
pub async fn migrate(db: &Database) -> Result<(), DbErr> {
    Migrator::up(&db.connection, None).await
}

/// Where the database's schema stands against this binary's migrations, without
/// changing it (instances that do not migrate on start, see `migraup migrate`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SchemaState {
    /// This binary's migrations the database lacks: it must be migrated first.
    pub pending: Vec<String>,
    /// Migrations of a newer release the database has: this release keeps working on
    /// them, since a release only expands the schema (contracting what an older release
    /// still uses waits for a later one).
    pub newer: Vec<String>,
}

/// Reads the applied migrations from sea-orm's own table (`seaql_migrations`); an
/// empty database has every migration pending.
pub async fn schema_state(db: &Database) -> Result<SchemaState, DbErr> {
    let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let applied: Vec<String> = match db
        .connection
        .query_all_raw(sea_orm::Statement::from_string(db.connection.get_database_backend(), "SELECT version FROM seaql_migrations"))
        .await
    {
        Ok(rows) => rows.iter().filter_map(|r| r.try_get::<String>("", "version").ok()).collect(),
        // No table yet: nothing applied.
        Err(_) => Vec::new(),
    };
    Ok(SchemaState {
        pending: known.iter().filter(|k| !applied.contains(k)).cloned().collect(),
        newer: applied.into_iter().filter(|a| !known.contains(a)).collect(),
    })
}

/// Whether the connection is SQLite (a few statements differ, e.g. locking).
pub fn is_sqlite(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Sqlite
}
