//! Scheduled backups: once a day one instance (the first to claim the day's row in
//! `backup_runs`) writes a dump ([`Core::dump`]) into the backup folder, then keeps
//! the newest backup of each of the last 14 days and of each of the last 8 weeks and
//! deletes the rest of its own files. Every run is recorded, so `/metrics` and the
//! coordination team see a failed or missing backup.
//!
//! A backup is written as `…jsonl.partial` and renamed when complete and synced: a
//! crash leaves no file that looks like a backup. Files are readable by the owner only.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use migraup_domain::{Operation, error::DomainResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr};
use uuid::Uuid;

use crate::{Actor, Core, berlin, entities::backup_run, errors::DbResultExt};

/// Daily backups kept (the newest of each day).
pub const KEEP_DAILY: usize = 14;
/// Weekly backups kept (the newest of each ISO week).
pub const KEEP_WEEKLY: usize = 8;
/// Runs shown to the coordination team.
pub const RUNS_SHOWN: u64 = migraup_domain::bounds::BACKUP_RUNS;

const PREFIX: &str = "migraup-";
const SUFFIX: &str = ".jsonl";

/// One backup as recorded.
#[derive(Clone, Debug)]
pub struct BackupRun {
    pub day: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub file: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
}

impl BackupRun {
    /// Whether it wrote its file.
    pub fn succeeded(&self) -> bool {
        self.file.is_some() && self.error.is_none()
    }
}

fn view(m: backup_run::Model) -> BackupRun {
    BackupRun { day: m.day, started_at: m.started_at, finished_at: m.finished_at, file: m.file, bytes: m.bytes, error: m.error }
}

/// The file name of a backup made at `at`: sorts by time, tells its Berlin date.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", berlin::local(at).format("%Y-%m-%d-%H%M%S"))
}

/// The Berlin date a backup file was made on, if `name` is one of ours.
fn date_of(name: &str) -> Option<NaiveDate> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok().filter(|_| stamp.len() == 17)
}

/// Which of `names` (backup files of the folder) rotation deletes: it keeps the newest
/// file of each of the newest [`KEEP_DAILY`] days and of each of the newest
/// [`KEEP_WEEKLY`] ISO weeks. Names that are not backups are never deleted.
pub fn to_delete(names: &[String]) -> Vec<String> {
    let mut backups: Vec<(&String, NaiveDate)> = names.iter().filter_map(|n| date_of(n).map(|d| (n, d))).collect();
    // Newest first; a name sorts by its time.
    backups.sort_by(|a, b| b.0.cmp(a.0));
    let mut keep: BTreeSet<&String> = BTreeSet::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (name, date) in &backups {
        if !days.contains(date) && days.len() < KEEP_DAILY {
            days.push(*date);
            keep.insert(name);
        }
        let week = (date.iso_week().year(), date.iso_week().week());
        if !weeks.contains(&week) && weeks.len() < KEEP_WEEKLY {
            weeks.push(week);
            keep.insert(name);
        }
    }
    backups.into_iter().filter(|(n, _)| !keep.contains(n)).map(|(n, _)| n.clone()).collect()
}

impl Core {
    /// Today's scheduled backup into `dir`, if no instance has taken today's yet:
    /// `None` when another one did (or this one already did).
    pub async fn scheduled_backup(&self, dir: &Path, now: DateTime<Utc>) -> DomainResult<Option<BackupRun>> {
        let day = berlin::local(now).date_naive().to_string();
        let claim = backup_run::ActiveModel {
            id: Set(Uuid::now_v7()),
            day: Set(day.clone()),
            started_at: Set(now),
            finished_at: Set(None),
            file: Set(None),
            bytes: Set(None),
            error: Set(None),
        };
        match claim.insert(self.db()).await {
            Ok(row) => Ok(Some(self.write_backup(dir, row).await)),
            // The day's row exists: another instance (or an earlier run) took it.
            Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => Ok(None),
            Err(e) => Err(crate::errors::internal(e)),
        }
    }

    /// A backup into `dir` now, whatever the day (`migraup backup`), rotated and recorded.
    pub async fn backup_now(&self, dir: &Path) -> DomainResult<BackupRun> {
        let now = Utc::now();
        let row = backup_run::ActiveModel {
            id: Set(Uuid::now_v7()),
            // Made by hand: a key of its own, so the day's scheduled backup still runs.
            day: Set(format!("manual-{}", Uuid::now_v7())),
            started_at: Set(now),
            finished_at: Set(None),
            file: Set(None),
            bytes: Set(None),
            error: Set(None),
        }
        .insert(self.db())
        .await
        .internal()?;
        Ok(self.write_backup(dir, row).await)
    }

    /// Writes, syncs and renames the file, rotates, and records how it went.
    async fn write_backup(&self, dir: &Path, row: backup_run::Model) -> BackupRun {
        let name = file_name(row.started_at);
        let outcome = self.write_file(dir, &name).await;
        let finished = Utc::now();
        let (file, bytes, error) = match &outcome {
            Ok(bytes) => (Some(name.clone()), Some(*bytes as i64), None),
            Err(e) => (None, None, Some(e.clone())),
        };
        match &outcome {
            Ok(bytes) => tracing::info!(file = %name, bytes, ms = (finished - row.started_at).num_milliseconds(), "backup written"),
            Err(e) => tracing::error!(error = %e, dir = %dir.display(), "backup failed"),
        }
        let recorded = backup_run::Entity::update_many()
            .col_expr(backup_run::Column::FinishedAt, Expr::value(finished))
            .col_expr(backup_run::Column::File, Expr::value(file.clone()))
            .col_expr(backup_run::Column::Bytes, Expr::value(bytes))
            .col_expr(backup_run::Column::Error, Expr::value(error.clone()))
            .filter(backup_run::Column::Id.eq(row.id))
            .exec(self.db())
            .await;
        if let Err(e) = recorded {
            tracing::error!(error = %e, "recording the backup failed");
        }
        BackupRun { day: row.day, started_at: row.started_at, finished_at: Some(finished), file, bytes, error }
    }

    /// The dump into `dir/name`, then rotation; the file's size, or what went wrong.
    async fn write_file(&self, dir: &Path, name: &str) -> Result<u64, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let path = dir.join(name);
        let partial: PathBuf = dir.join(format!("{name}.partial"));
        let file = private_file(&partial).map_err(|e| format!("creating {}: {e}", partial.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let dumped = self.dump(&mut out).await;
        let synced = out.into_inner().map_err(std::io::IntoInnerError::into_error).and_then(|f| f.sync_all());
        if let Err(e) = dumped.map_err(|e| format!("{e}")).and(synced.map_err(|e| format!("writing {}: {e}", partial.display()))) {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, &path).map_err(|e| format!("renaming to {}: {e}", path.display()))?;
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
        let names: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        for old in to_delete(&names) {
            if let Err(e) = std::fs::remove_file(dir.join(&old)) {
                tracing::warn!(error = %e, file = %old, "removing an old backup failed");
            }
        }
        Ok(bytes)
    }

    /// The latest backups, newest first, for the coordination team (they look after
    /// the mail outbox and the server's upkeep).
    pub async fn backup_runs(&self, actor: &Actor) -> DomainResult<Vec<BackupRun>> {
        actor.authorize(Operation::ManageOutbox, None)?;
        self.recent_backups(RUNS_SHOWN).await
    }

    /// The newest `n` backups (also for `/metrics`).
    pub(crate) async fn recent_backups(&self, n: u64) -> DomainResult<Vec<BackupRun>> {
        let rows = backup_run::Entity::find().order_by_desc(backup_run::Column::StartedAt).limit(n).all(self.db()).await.internal()?;
        Ok(rows.into_iter().map(view).collect())
    }
}

fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)
    }
    #[cfg(not(unix))]
    {
        std::fs::File::create(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(date: NaiveDate, hms: &str) -> String {
        format!("{PREFIX}{}-{hms}{SUFFIX}", date.format("%Y-%m-%d"))
    }

    #[test]
    fn rotation_keeps_fourteen_days_and_eight_weeks() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        // Ninety days of backups, two on the newest day, and a stranger's file.
        let mut names: Vec<String> = (0..90).map(|d| name(today - chrono::Duration::days(d), "030000")).collect();
        names.push(name(today, "120000"));
        names.push("notes.txt".into());
        names.push(format!("{PREFIX}2026-12-06-030000{SUFFIX}.partial"));
        let gone = to_delete(&names);
        let kept: Vec<&String> = names.iter().filter(|n| !gone.contains(n)).collect();
        // Not ours: never touched.
        assert!(kept.iter().any(|n| *n == "notes.txt") && !gone.iter().any(|n| n.ends_with(".partial")));
        let dates: BTreeSet<NaiveDate> = kept.iter().filter_map(|n| date_of(n)).collect();
        // The 14 newest days, each once (the later of today's two).
        for d in 0..14 {
            assert!(dates.contains(&(today - chrono::Duration::days(d))), "day {d}");
        }
        assert!(kept.contains(&&name(today, "120000")) && gone.contains(&name(today, "030000")));
        // Eight weeks, each by its newest: today's week and seven Sundays before it.
        let weeks: BTreeSet<_> = dates.iter().map(|d| (d.iso_week().year(), d.iso_week().week())).collect();
        assert_eq!(weeks.len(), 8);
        assert_eq!(
            kept.iter().filter(|n| date_of(n).is_some()).count(),
            14 + 6,
            "14 days (two weeks' newest among them) and 6 more Sundays"
        );
        // Nothing older than eight weeks.
        assert!(dates.iter().all(|d| *d > today - chrono::Duration::weeks(8)));
    }
}
