//! Updates without downtime: this release's migrations only expand the schema, so the
//! previous release (still running on the other instance during a rolling update)
//! keeps working on it. Checked on both databases: migrate to the previous release,
//! read every column, migrate to this one, compare.

use std::collections::BTreeMap;

use migraup_migrations::{Migrator, MigratorTrait, PREVIOUS_RELEASE};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

/// A column as the database describes it: type, not null, has a default.
type Columns = BTreeMap<(String, String), (String, bool, bool)>;

async fn columns(db: &DatabaseConnection) -> Columns {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT table_name AS tbl, column_name AS col, data_type AS ty, (is_nullable = 'NO') AS not_null, \
             (column_default IS NOT NULL) AS has_default FROM information_schema.columns WHERE table_schema = 'public'"
        }
        _ => {
            "SELECT m.name AS tbl, p.name AS col, p.type AS ty, (p.\"notnull\" = 1) AS not_null, \
             (p.dflt_value IS NOT NULL) AS has_default FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("columns");
    rows.iter()
        .map(|r| {
            let text = |c: &str| r.try_get::<String>("", c).expect(c);
            let flag = |c: &str| r.try_get::<bool>("", c).or_else(|_| r.try_get::<i32>("", c).map(|v| v != 0)).expect(c);
            ((text("tbl"), text("col")), (text("ty"), flag("not_null"), flag("has_default")))
        })
        .collect()
}

async fn this_release_only_expands(url: &str) {
    let db = Database::connect(url).await.expect("connect");
    let all = Migrator::migrations().len() as u32;
    assert!(PREVIOUS_RELEASE < all, "this release has migrations of its own");
    Migrator::up(&db, Some(PREVIOUS_RELEASE)).await.expect("migrate to the previous release");
    let before = columns(&db).await;
    Migrator::up(&db, None).await.expect("migrate to this release");
    let after = columns(&db).await;
    let old_tables: Vec<&String> = before.keys().map(|(t, _)| t).collect();
    for (column, shape) in &before {
        // Nothing the previous release reads or writes is removed or changed.
        assert_eq!(after.get(column), Some(shape), "{column:?} was changed or removed");
    }
    for ((table, column), (_, not_null, has_default)) in &after {
        if old_tables.contains(&table) && !before.contains_key(&(table.clone(), column.clone())) {
            // The previous release inserts rows without it.
            assert!(!not_null || *has_default, "{table}.{column} is new, NOT NULL and has no default");
        }
    }
    let added = after.len() - before.len();
    eprintln!("{} columns before, {added} added by this release's {} migration(s)", before.len(), all - PREVIOUS_RELEASE);
    assert!(added > 0);
}

#[tokio::test]
async fn this_releases_migrations_only_expand_on_sqlite() {
    let db = migraup_blackbox::TestDb::sqlite();
    this_release_only_expands(&format!("{}?mode=rwc", db.url)).await;
}

#[tokio::test]
async fn this_releases_migrations_only_expand_on_postgres() {
    let db = migraup_blackbox::TestDb::postgres_empty();
    this_release_only_expands(&db.url).await;
}
