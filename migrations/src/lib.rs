//! Database schema migrations. Portable column types only, so that SQLite and
//! PostgreSQL get the same schema; a merged migration is never edited, a change
//! is a new migration. Reference and demo data are not migrations (see the core).

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261125_000001_initial;
mod m20261125_000002_events_projects;
mod m20261126_000003_relations;
mod m20261126_000004_trust;
mod m20261126_000005_outbox;
mod m20261126_000006_retention;
mod m20261126_000007_languages;
mod m20261127_000008_self_service;
mod m20261127_000009_import;
mod m20261206_000010_event_guests;
mod m20261206_000011_working_groups;
mod m20261206_000012_ideas_concerns;
mod m20261206_000013_network_snapshots;
mod m20261207_000014_calendar_feeds;
mod m20261208_000015_tokens_backups;

/// How many migrations the previous release had. The ones after them are this
/// release's own and only expand the schema (new tables, new nullable or defaulted
/// columns, new indexes), so the previous release keeps working during a rolling
/// update; removing what it used waits for a later release (contract). A test
/// (`crates/server/tests/api/migrations.rs`) proves it on both databases. Raise it to
/// the number of migrations when a release is made.
pub const PREVIOUS_RELEASE: u32 = 14;

/// All migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_events_projects::Migration),
            Box::new(m20261126_000003_relations::Migration),
            Box::new(m20261126_000004_trust::Migration),
            Box::new(m20261126_000005_outbox::Migration),
            Box::new(m20261126_000006_retention::Migration),
            Box::new(m20261126_000007_languages::Migration),
            Box::new(m20261127_000008_self_service::Migration),
            Box::new(m20261127_000009_import::Migration),
            Box::new(m20261206_000010_event_guests::Migration),
            Box::new(m20261206_000011_working_groups::Migration),
            Box::new(m20261206_000012_ideas_concerns::Migration),
            Box::new(m20261206_000013_network_snapshots::Migration),
            Box::new(m20261207_000014_calendar_feeds::Migration),
            Box::new(m20261208_000015_tokens_backups::Migration),
        ]
    }
}
