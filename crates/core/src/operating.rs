//! Figures for operating the server (`/metrics`): the connection pool, the mail
//! outbox and how often the computation caches answered. Read when scraped; nothing
//! here is personal data.

use std::sync::atomic::{AtomicU64, Ordering};

use migraup_domain::error::DomainResult;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{Core, entities::mail_outbox, errors::DbResultExt};

/// Hits and misses of one cache.
#[derive(Default)]
pub(crate) struct CacheCounter {
    hits: AtomicU64,
    misses: AtomicU64,
}

impl CacheCounter {
    pub(crate) fn count(&self, hit: bool) {
        if hit { &self.hits } else { &self.misses }.fetch_add(1, Ordering::Relaxed);
    }

    fn read(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}

/// One scrape's figures.
#[derive(Clone, Debug, Default)]
pub struct OperatingFigures {
    /// Open connections of the pool, and how many of them are idle.
    pub pool_size: u32,
    pub pool_idle: u64,
    /// Mails waiting to be sent (not yet sent, not given up).
    pub outbox_queued: u64,
    /// Mails given up after every attempt (shown to the coordination team).
    pub outbox_failed: u64,
    /// (cache name, hits, misses) since start.
    pub caches: Vec<(&'static str, u64, u64)>,
    /// SQL statements since start.
    pub statements: u64,
    /// The newest backup that was written and the newest that failed (Unix seconds),
    /// and the size of the newest written one; none before the first.
    pub backup_last_success: Option<i64>,
    pub backup_last_failure: Option<i64>,
    pub backup_last_bytes: Option<i64>,
}

impl Core {
    /// The figures `/metrics` reports.
    pub async fn operating_figures(&self) -> DomainResult<OperatingFigures> {
        let (pool_size, pool_idle) = match self.db().get_database_backend() {
            DbBackend::Sqlite => {
                let pool = self.db().get_sqlite_connection_pool();
                (pool.size(), pool.num_idle() as u64)
            }
            DbBackend::Postgres => {
                let pool = self.db().get_postgres_connection_pool();
                (pool.size(), pool.num_idle() as u64)
            }
            _ => (0, 0),
        };
        let outbox_queued = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::SentAt.is_null())
            .filter(mail_outbox::Column::FailedAt.is_null())
            .count(self.db())
            .await
            .internal()?;
        let outbox_failed =
            mail_outbox::Entity::find().filter(mail_outbox::Column::FailedAt.is_not_null()).count(self.db()).await.internal()?;
        let (network_hits, network_misses) = self.inner.network_counter.read();
        let (feed_hits, feed_misses) = self.inner.feed_counter.read();
        let (facet_hits, facet_misses) = self.inner.facet_counter.read();
        let backups = self.recent_backups(crate::backups::RUNS_SHOWN).await?;
        let written = backups.iter().find(|b| b.succeeded());
        let failed = backups.iter().find(|b| b.error.is_some());
        Ok(OperatingFigures {
            backup_last_success: written.map(|b| b.started_at.timestamp()),
            backup_last_failure: failed.map(|b| b.started_at.timestamp()),
            backup_last_bytes: written.and_then(|b| b.bytes),
            pool_size,
            pool_idle,
            outbox_queued,
            outbox_failed,
            caches: vec![
                ("network_analysis", network_hits, network_misses),
                ("calendar_feed", feed_hits, feed_misses),
                ("directory_facets", facet_hits, facet_misses),
            ],
            statements: self.statements().get(),
        })
    }
}
