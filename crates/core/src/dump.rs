//! `migraup dump FILE` and `migraup restore FILE`: every table in one portable,
//! versioned JSON-lines file, taken from one consistent snapshot while the server
//! runs, and put back into an empty database of either kind (SQLite or PostgreSQL).
//!
//! The format: a first line `{"format":"migraup-dump","formatVersion":1,"schemaVersion":N,…}`
//! (N = number of applied migrations), then one line per row, `{"table":"users","row":{…}}`,
//! tables in the order their foreign keys need, rows by primary key. Field names and
//! values are those of the tables (timestamps in RFC 3339, ids as UUID strings).

use std::io::{BufRead, Write};

use migraup_domain::{DomainError, error::DomainResult};
use migraup_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    AccessMode, ConnectionTrait, EntityName, EntityTrait, IntoActiveModel, IsolationLevel, Iterable, PaginatorTrait, PrimaryKeyToColumn,
    QueryOrder, TransactionTrait,
};
use serde_json::{Value, json};

use crate::{Core, entities::*, errors::DbResultExt};

/// The dump format this build writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// What a dump or restore did.
#[derive(Clone, Debug, Default)]
pub struct DumpSummary {
    pub tables: usize,
    pub rows: u64,
}

fn io(e: impl std::fmt::Display) -> DomainError {
    tracing::error!(error = %e, "reading or writing the dump failed");
    DomainError::internal()
}

/// Every table, parents before children.
macro_rules! each_table {
    ($m:ident) => {
        $m!(district);
        $m!(topic);
        $m!(language);
        $m!(target_group);
        $m!(user);
        $m!(organisation);
        $m!(link_tables::organisation_topic);
        $m!(link_tables::organisation_language);
        $m!(link_tables::organisation_target_group);
        $m!(membership);
        $m!(organisation_request);
        $m!(offering);
        $m!(link_tables::offering_topic);
        $m!(link_tables::offering_language);
        $m!(link_tables::offering_target_group);
        $m!(translation);
        $m!(user_token);
        $m!(refresh_token);
        $m!(project);
        $m!(link_tables::project_topic);
        $m!(participation::project_partner);
        $m!(event);
        $m!(link_tables::event_topic);
        $m!(link_tables::event_language);
        $m!(participation::event_organiser);
        $m!(event_registration);
        $m!(event_guest);
        $m!(relation);
        $m!(audit_log);
        $m!(rate_event);
        $m!(mail_outbox);
        $m!(import_batch);
        $m!(import_mapping);
        $m!(working_group::group);
        $m!(working_group::translation);
        $m!(link_tables::working_group_topic);
        $m!(working_group::member);
        $m!(working_group::notes);
        $m!(working_group::document);
        $m!(working_group::attendance);
        $m!(working_group::action);
        $m!(ideas::idea);
        $m!(ideas::translation);
        $m!(link_tables::idea_topic);
        $m!(link_tables::idea_district);
        $m!(link_tables::idea_target_group);
        $m!(ideas::support);
        $m!(ideas::comment);
        $m!(ideas::step);
        $m!(concerns::concern);
        $m!(link_tables::concern_topic);
        $m!(concerns::party);
        $m!(concerns::step);
        $m!(network_snapshot);
        $m!(calendar_feed);
        $m!(api_token);
        $m!(backup_run);
    };
}

/// The names of the tables a dump holds (a test compares them with the database's).
pub fn dumped_tables() -> Vec<&'static str> {
    let mut tables = Vec::new();
    macro_rules! name {
        ($entity:path) => {{
            use $entity as m;
            tables.push(m::Entity::default().table_name());
        }};
    }
    each_table!(name);
    tables
}

async fn dump_table<E>(db: &impl ConnectionTrait, out: &mut impl Write) -> DomainResult<u64>
where
    E: EntityTrait,
    E::Model: serde::Serialize,
{
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let table = E::default().table_name().to_owned();
    let mut rows = 0;
    for row in query.all(db).await.internal()? {
        serde_json::to_writer(&mut *out, &json!({ "table": table, "row": row })).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
        rows += 1;
    }
    Ok(rows)
}

async fn restore_table<E>(db: &impl ConnectionTrait, rows: Vec<Value>) -> DomainResult<u64>
where
    E: EntityTrait,
    E::Model: serde::de::DeserializeOwned + IntoActiveModel<E::ActiveModel>,
{
    let count = rows.len() as u64;
    let mut models = Vec::with_capacity(rows.len());
    for row in rows {
        let model: E::Model = serde_json::from_value(row).map_err(|e| {
            tracing::error!(error = %e, table = E::default().table_name(), "a row of the dump does not fit the table");
            DomainError::invalid("file", migraup_domain::Reason::InvalidDocument)
        })?;
        models.push(model.into_active_model());
    }
    // Chunks keep every statement under SQLite's and PostgreSQL's parameter limits.
    while !models.is_empty() {
        let rest = models.split_off(models.len().min(200));
        let chunk = std::mem::replace(&mut models, rest);
        E::insert_many(chunk).exec_without_returning(db).await.internal()?;
    }
    Ok(count)
}

/// Applied migrations: the schema version a dump records.
async fn schema_version(core: &Core) -> DomainResult<u64> {
    Ok(Migrator::get_applied_migrations(core.db()).await.internal()?.len() as u64)
}

impl Core {
    /// Writes every table to `out` from one consistent snapshot.
    pub async fn dump(&self, out: &mut impl Write) -> DomainResult<DumpSummary> {
        let version = schema_version(self).await?;
        let header = json!({
            "format": "migraup-dump",
            "formatVersion": FORMAT_VERSION,
            "schemaVersion": version,
            "createdAt": chrono::Utc::now(),
            "source": self.db().get_database_backend().as_str(),
        });
        serde_json::to_writer(&mut *out, &header).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
        // One snapshot: repeatable read on PostgreSQL; SQLite (WAL) reads one snapshot per transaction.
        let txn = if crate::db::is_sqlite(self.db()) {
            self.db().begin().await.internal()?
        } else {
            self.db().begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await.internal()?
        };
        let mut summary = DumpSummary::default();
        macro_rules! dump {
            ($entity:path) => {{
                use $entity as m;
                summary.rows += dump_table::<m::Entity>(&txn, out).await?;
                summary.tables += 1;
            }};
        }
        each_table!(dump);
        txn.commit().await.internal()?;
        out.flush().map_err(io)?;
        Ok(summary)
    }

    /// Puts a dump into this database, which must hold no content yet (reference data
    /// seeded at start is replaced by the dump's). All or nothing: one transaction.
    pub async fn restore(&self, input: impl BufRead) -> DomainResult<DumpSummary> {
        let mut lines = input.lines();
        let header: Value =
            serde_json::from_str(&lines.next().ok_or_else(|| DomainError::invalid("file", migraup_domain::Reason::Required))?.map_err(io)?)
                .map_err(|_| DomainError::invalid("file", migraup_domain::Reason::InvalidDocument))?;
        if header["format"] != "migraup-dump" || header["formatVersion"].as_u64() != Some(FORMAT_VERSION) {
            return Err(DomainError::invalid("file", migraup_domain::Reason::InvalidDocument));
        }
        let ours = schema_version(self).await?;
        if header["schemaVersion"].as_u64() != Some(ours) {
            return Err(DomainError::invalid("schemaVersion", migraup_domain::Reason::OutOfRange { min: ours as i64, max: ours as i64 }));
        }
        let occupied = user::Entity::find().count(self.db()).await.internal()?
            + organisation::Entity::find().count(self.db()).await.internal()?
            + event::Entity::find().count(self.db()).await.internal()?;
        if occupied > 0 {
            return Err(DomainError::invalid("database", migraup_domain::Reason::AlreadyTaken));
        }
        let mut by_table: std::collections::HashMap<String, Vec<Value>> = std::collections::HashMap::new();
        for line in lines {
            let line = line.map_err(io)?;
            if line.trim().is_empty() {
                continue;
            }
            let mut entry: Value =
                serde_json::from_str(&line).map_err(|_| DomainError::invalid("file", migraup_domain::Reason::InvalidDocument))?;
            let table = entry["table"].as_str().unwrap_or_default().to_owned();
            by_table.entry(table).or_default().push(entry["row"].take());
        }
        let txn = self.begin_write().await?;
        // The seeded reference data (and anything else) goes; the dump's takes its place.
        // Children before parents: `each_table!` in reverse.
        for table in dumped_tables().iter().rev() {
            txn.execute_unprepared(&format!("DELETE FROM \"{table}\"")).await.internal()?;
        }
        let mut summary = DumpSummary::default();
        macro_rules! restore {
            ($entity:path) => {{
                use $entity as m;
                let name = m::Entity::default().table_name().to_owned();
                if let Some(rows) = by_table.remove(&name) {
                    summary.rows += restore_table::<m::Entity>(&txn, rows).await?;
                }
                summary.tables += 1;
            }};
        }
        each_table!(restore);
        if let Some(unknown) = by_table.keys().next() {
            tracing::error!(table = %unknown, "the dump names a table this version does not know");
            return Err(DomainError::invalid("file", migraup_domain::Reason::InvalidDocument));
        }
        txn.commit().await.internal()?;
        Ok(summary)
    }
}
