//! The server's hourly task: each area removes what its own rules say must not be
//! kept; this room only calls them, in one transaction, so no area reaches into another.

use chrono::Utc;
use migraup_domain::error::DomainResult;

use crate::{Core, errors::DbResultExt};

impl Core {
    /// Removes what the rules say must not be kept: unconfirmed registrations (and visitors' unconfirmed
    /// sign-ups for public events) after their link expired, rejected registrations after
    /// [`REJECTED_KEPT_DAYS`](crate::organisations::REJECTED_KEPT_DAYS), used and expired
    /// link tokens, old rate-limit attempts. Idempotent, so several server instances
    /// may run it. Returns the number of rows removed.
    pub async fn run_maintenance(&self) -> DomainResult<u64> {
        self.run_maintenance_at(Utc::now()).await
    }

    /// [`Core::run_maintenance`] as if it were `now` (tests set the clock).
    pub async fn run_maintenance_at(&self, now: chrono::DateTime<Utc>) -> DomainResult<u64> {
        let mut removed = self.prune_attempts(now).await?;
        let txn = self.begin_write().await?;
        removed += crate::organisations::prune_registrations(&txn, now).await?;
        removed += crate::accounts::prune_tokens(&txn, now).await?;
        removed += crate::events::registrations::anonymise_old_registrations(&txn, now, self.settings().retention_months).await?;
        removed += crate::events::guests::prune_unconfirmed(&txn, now).await?;
        removed += crate::import::prune_batches(&txn, now).await?;
        txn.commit().await.internal()?;
        Ok(removed)
    }
}
