//! Abuse limits for every costly or mail-sending operation, per client address and
//! per target (an e-mail address, an account). Attempts are rows of `rate_events`,
//! so the limits hold across several server instances on one PostgreSQL.
//!
//! An attempt is written first and counted after: of many concurrent attempts at
//! most `max` see a count within the limit, so a burst cannot slip through.
//! Sign-in counts only failures, keyed by account *and* client address: a stranger
//! who types wrong passwords from elsewhere cannot lock the owner out.

use std::net::IpAddr;

use chrono::{Duration, Utc};
use migraup_domain::{DomainError, error::DomainResult};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::{Core, entities::rate_event, errors::DbResultExt};

/// One limited operation and its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: u64,
    pub window_seconds: i64,
}

const fn limit(bucket: &'static str, max: u64, window_seconds: i64) -> Limit {
    Limit { bucket, max, window_seconds }
}

/// Failed sign-ins of one account from one client address.
pub const LOGIN_FAILURES_ACCOUNT_CLIENT: Limit = limit("login_account_client", 5, 15 * 60);
/// Failed sign-ins from one client address, whatever the account (credential stuffing).
pub const LOGIN_FAILURES_CLIENT: Limit = limit("login_client", 20, 15 * 60);
/// Reset links mailed to one address.
pub const RESET_PER_TARGET: Limit = limit("reset_target", 5, 60 * 60);
/// Reset requests from one client address.
pub const RESET_PER_CLIENT: Limit = limit("reset_client", 20, 60 * 60);
/// Registrations from one client address.
pub const REGISTER_PER_CLIENT: Limit = limit("register_client", 5, 60 * 60);
/// Registration mails to one address.
pub const REGISTER_PER_TARGET: Limit = limit("register_target", 3, 24 * 60 * 60);
/// Invitations one person sends.
pub const INVITE_PER_ACCOUNT: Limit = limit("invite_account", 50, 60 * 60);
/// Invitations to one address.
pub const INVITE_PER_TARGET: Limit = limit("invite_target", 3, 24 * 60 * 60);
/// Relation proposals, co-organiser and partner invitations one person sends.
pub const PROPOSALS_PER_ACCOUNT: Limit = limit("proposal_account", 60, 60 * 60);
/// Claim and join requests one person makes.
pub const REQUESTS_PER_ACCOUNT: Limit = limit("request_account", 20, 24 * 60 * 60);
/// Suggestions of organisations one person makes.
pub const SUGGESTIONS_PER_ACCOUNT: Limit = limit("suggestion_account", 20, 24 * 60 * 60);
/// Uploads for the import by one account (each keeps up to 8 MiB for two days).
pub const IMPORT_UPLOADS_PER_ACCOUNT: Limit = limit("import_upload_account", 30, 60 * 60);
/// Import previews by one account (each checks the whole file against the directory).
pub const IMPORT_PREVIEWS_PER_ACCOUNT: Limit = limit("import_preview_account", 200, 60 * 60);
/// Attempts to redeem a link token (invitation, reset, confirmation) from one address.
pub const TOKENS_PER_CLIENT: Limit = limit("token_client", 20, 10 * 60);

/// The key of a client address; without one (tests, internal calls) all share one key.
pub fn client_key(address: Option<IpAddr>) -> String {
    match address {
        // An IPv6 client controls its whole /64: key on the network, not the address.
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V4(v4)) => v4.to_string(),
        None => "-".into(),
    }
}

impl Core {
    /// Counts an attempt of `limit` for `key`; `RATE_LIMITED` with `retryAfter` when it
    /// is one too many.
    pub(crate) async fn hit(&self, limit: Limit, key: &str) -> DomainResult<()> {
        self.record_attempt(limit, key).await?;
        self.enforce(limit, key, limit.max).await
    }

    /// `RATE_LIMITED` when `key` is already at `limit` (for limits that count only
    /// failures, recorded afterwards with [`Core::record_attempt`]).
    pub(crate) async fn check_limit(&self, limit: Limit, key: &str) -> DomainResult<()> {
        self.enforce(limit, key, limit.max.saturating_sub(1)).await
    }

    async fn enforce(&self, limit: Limit, key: &str, allowed: u64) -> DomainResult<()> {
        let since = Utc::now() - Duration::seconds(limit.window_seconds);
        let recent = rate_event::Entity::find()
            .filter(rate_event::Column::Bucket.eq(limit.bucket))
            .filter(rate_event::Column::Key.eq(key))
            .filter(rate_event::Column::At.gt(since))
            .count(self.db())
            .await
            .internal()?;
        if recent <= allowed {
            return Ok(());
        }
        // The window frees a place when its oldest counted attempt leaves it.
        let oldest = rate_event::Entity::find()
            .filter(rate_event::Column::Bucket.eq(limit.bucket))
            .filter(rate_event::Column::Key.eq(key))
            .filter(rate_event::Column::At.gt(since))
            .order_by_asc(rate_event::Column::At)
            .limit(1)
            .one(self.db())
            .await
            .internal()?;
        let retry_after = oldest.map(|o| (o.at - since).num_seconds().max(1) as u64).unwrap_or(limit.window_seconds as u64);
        tracing::warn!(bucket = limit.bucket, retry_after, "rate limit reached");
        Err(DomainError::rate_limited_for(retry_after))
    }

    /// Notes one attempt.
    pub(crate) async fn record_attempt(&self, limit: Limit, key: &str) -> DomainResult<()> {
        rate_event::Entity::insert(rate_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            bucket: Set(limit.bucket.to_owned()),
            key: Set(key.to_owned()),
            at: Set(Utc::now()),
        })
        .exec_without_returning(self.db())
        .await
        .internal()?;
        Ok(())
    }

    /// Forgets attempts older than a day (the longest window).
    pub(crate) async fn prune_attempts(&self) -> DomainResult<u64> {
        let result = rate_event::Entity::delete_many()
            .filter(rate_event::Column::At.lt(Utc::now() - Duration::days(1)))
            .exec(self.db())
            .await
            .internal()?;
        Ok(result.rows_affected)
    }
}
