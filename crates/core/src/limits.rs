//! Abuse limits for every costly or mail-sending operation, per client address and
//! per target (an e-mail address, an account). Attempts are rows of `rate_events`,
//! so the limits hold across several server instances on one PostgreSQL.
//!
//! Once a key is over its limit nothing more is recorded, so refused attempts do not
//! fill the table. Counting and recording happen in one transaction that holds a lock
//! on the key (SQLite's write lock, a PostgreSQL advisory lock), so a burst of
//! concurrent attempts cannot slip past the limit either.
//! Sign-in counts only failures, keyed by account *and* client address: a stranger
//! who types wrong passwords from elsewhere cannot lock the owner out. Limits per
//! address that a stranger could use up (reset links, registration mails) bound only
//! the mails sent: the request is answered as any other, so they lock nobody out.
//!
//! Keys are stored as keyed hashes (HMAC-SHA256 with a key derived from the server's
//! secret), one per part: the table names no address or account, and erasing a
//! person removes the rows of their address and account ([`forget_person`]).

use std::net::IpAddr;

use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use migraup_domain::{DomainError, error::DomainResult};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use sha2::Sha256;
use uuid::Uuid;

use crate::{Core, Settings, entities::rate_event, errors::DbResultExt};

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
/// Reset links mailed to one address (requests beyond are answered alike and send
/// nothing; the links sent live as long as the window, so the newest still works).
pub const RESET_PER_TARGET: Limit = limit("reset_target", 5, 60 * 60);
/// Reset requests from one client address.
pub const RESET_PER_CLIENT: Limit = limit("reset_client", 20, 60 * 60);
/// Registrations from one client address.
pub const REGISTER_PER_CLIENT: Limit = limit("register_client", 5, 60 * 60);
/// Mails one address gets from registrations (confirmation, "already registered",
/// "still waiting"); registrations beyond are answered alike and send nothing.
pub const REGISTER_PER_TARGET: Limit = limit("register_target", 3, 24 * 60 * 60);
/// Sign-ups for public events from one client address (a visitor signs up for a
/// few events; a script inventing addresses is stopped here).
pub const GUEST_SIGNUPS_PER_CLIENT: Limit = limit("guest_client", 10, 60 * 60);
/// Mails one address gets from sign-ups for public events; sign-ups beyond are
/// answered alike and send nothing.
pub const GUEST_MAILS_PER_TARGET: Limit = limit("guest_target", 5, 24 * 60 * 60);
/// Invitations one person sends.
pub const INVITE_PER_ACCOUNT: Limit = limit("invite_account", 50, 60 * 60);
/// Invitations to one address.
pub const INVITE_PER_TARGET: Limit = limit("invite_target", 3, 24 * 60 * 60);
/// Relation proposals, co-organiser and partner invitations one person sends (the
/// coordination team's recorded relations mail nobody and are not counted).
pub const PROPOSALS_PER_ACCOUNT: Limit = limit("proposal_account", 60, 60 * 60);
/// Claim and join requests one person makes.
pub const REQUESTS_PER_ACCOUNT: Limit = limit("request_account", 20, 24 * 60 * 60);
/// Working groups one account starts a day (a founder becomes coordinator).
pub const GROUPS_PER_ACCOUNT: Limit = limit("group_account", 10, 24 * 60 * 60);
/// Ideas one account proposes a day.
pub const IDEAS_PER_ACCOUNT: Limit = limit("idea_account", 10, 24 * 60 * 60);
/// Comments one account writes an hour.
pub const COMMENTS_PER_ACCOUNT: Limit = limit("comment_account", 60, 60 * 60);
/// Concerns one account raises a day (each mails the administration when flagged).
pub const CONCERNS_PER_ACCOUNT: Limit = limit("concern_account", 10, 24 * 60 * 60);
/// Suggestions of organisations one person makes.
pub const SUGGESTIONS_PER_ACCOUNT: Limit = limit("suggestion_account", 20, 24 * 60 * 60);
/// Uploads for the import by one account (each keeps up to 8 MiB for two days).
pub const IMPORT_UPLOADS_PER_ACCOUNT: Limit = limit("import_upload_account", 30, 60 * 60);
/// Import previews by one account (each checks the whole file against the directory).
pub const IMPORT_PREVIEWS_PER_ACCOUNT: Limit = limit("import_preview_account", 200, 60 * 60);
/// New private calendar feed addresses one person makes a day.
pub const FEED_RENEWALS_PER_ACCOUNT: Limit = limit("feed_account", 20, 24 * 60 * 60);
/// Requests one integration token may make (reads and writes), per token.
pub const API_TOKEN_REQUESTS: Limit = limit("api_token_requests", 1_000, 60 * 60);
/// Integration tokens one person may make.
pub const API_TOKENS_PER_ACCOUNT: Limit = limit("api_token_account", 30, 24 * 60 * 60);
/// Attempts to redeem a link token (invitation, reset, confirmation) from one address.
pub const TOKENS_PER_CLIENT: Limit = limit("token_client", 20, 10 * 60);

/// The longest window: older attempts count for nothing and are pruned.
const LONGEST_WINDOW_SECONDS: i64 = 24 * 60 * 60;

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

/// What an attempt counts against: one part (an address, an account, a client) or a
/// person together with a client (failed sign-ins).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Key<'a> {
    One(&'a str),
    Pair(&'a str, &'a str),
}

impl<'a> From<&'a str> for Key<'a> {
    fn from(part: &'a str) -> Self {
        Key::One(part)
    }
}

impl<'a> From<&'a String> for Key<'a> {
    fn from(part: &'a String) -> Self {
        Key::One(part)
    }
}

/// The stored form of one key part: a keyed hash, so the table names nobody, yet the
/// same part always gives the same key. Public for tests that look for a person's rows.
pub fn person_key(settings: &Settings, part: &str) -> String {
    // A key of its own, derived from the server's secret: a rate key is never a token signature.
    let mut derive = Hmac::<Sha256>::new_from_slice(settings.jwt_secret.as_bytes()).expect("HMAC takes a key of any length");
    derive.update(b"migraup rate_events keys v1");
    let mut mac = Hmac::<Sha256>::new_from_slice(&derive.finalize().into_bytes()).expect("HMAC takes a key of any length");
    mac.update(part.as_bytes());
    // 128 bits: collisions stay out of reach, and the index stays small.
    mac.finalize().into_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn stored(settings: &Settings, key: Key<'_>) -> String {
    match key {
        Key::One(part) => person_key(settings, part),
        // The person's part first: erasing them removes the pair by its prefix.
        Key::Pair(person, client) => format!("{}.{}", person_key(settings, person), person_key(settings, client)),
    }
}

/// Removes the attempts keyed by a person's address or account (in the caller's
/// transaction): what erasing them must not leave behind.
pub(crate) async fn forget_person(db: &impl ConnectionTrait, settings: &Settings, email: &str, account: uuid::Uuid) -> DomainResult<u64> {
    let address = person_key(settings, email);
    let gone = rate_event::Entity::delete_many()
        .filter(
            Condition::any()
                .add(rate_event::Column::Key.eq(address.as_str()))
                .add(rate_event::Column::Key.eq(person_key(settings, &account.to_string())))
                .add(rate_event::Column::Key.starts_with(format!("{address}."))),
        )
        .exec(db)
        .await
        .internal()?;
    Ok(gone.rows_affected)
}

impl Core {
    /// Counts an attempt of `limit` for `key`; `RATE_LIMITED` with `retryAfter` when it
    /// is one too many (and then records nothing).
    pub(crate) async fn hit<'k>(&self, limit: Limit, key: impl Into<Key<'k>>) -> DomainResult<()> {
        let key = stored(self.settings(), key.into());
        if self.admit(limit, &key).await? {
            return Ok(());
        }
        Err(self.refusal(limit, &key).await?)
    }

    /// Counts an attempt of `limit` for `key` if it is within the limit: `false`, with
    /// nothing recorded, when it is not. For bounds answered alike (mails to an address).
    pub(crate) async fn within<'k>(&self, limit: Limit, key: impl Into<Key<'k>>) -> DomainResult<bool> {
        let key = stored(self.settings(), key.into());
        let admitted = self.admit(limit, &key).await?;
        if !admitted {
            tracing::info!(bucket = limit.bucket, "bound reached; nothing sent");
        }
        Ok(admitted)
    }

    /// `RATE_LIMITED` when `key` is already at `limit` (for limits that count only
    /// failures, recorded afterwards with [`Core::record_attempt`]).
    pub(crate) async fn check_limit<'k>(&self, limit: Limit, key: impl Into<Key<'k>>) -> DomainResult<()> {
        let key = stored(self.settings(), key.into());
        if recent(self.db(), limit, &key).await? < limit.max {
            return Ok(());
        }
        Err(self.refusal(limit, &key).await?)
    }

    /// Notes one failure (after [`Core::check_limit`] let the attempt through).
    pub(crate) async fn record_attempt<'k>(&self, limit: Limit, key: impl Into<Key<'k>>) -> DomainResult<()> {
        let key = stored(self.settings(), key.into());
        insert_attempt(self.db(), limit, &key).await
    }

    /// Records an attempt unless `key` is at `limit`; `false` when refused, and then
    /// nothing is written: refused attempts cost no rows.
    async fn admit(&self, limit: Limit, key: &str) -> DomainResult<bool> {
        // Attempts on one key are decided one after the other (SQLite: the write lock
        // `begin_write` takes; PostgreSQL: a lock on the key until the commit).
        let txn = self.begin_write().await?;
        if !crate::db::is_sqlite(&txn) {
            let lock =
                Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_advisory_xact_lock($1)", [lock_id(limit, key).into()]);
            txn.execute_raw(lock).await.internal()?;
        }
        if recent(&txn, limit, key).await? >= limit.max {
            return Ok(false);
        }
        insert_attempt(&txn, limit, key).await?;
        txn.commit().await.internal()?;
        Ok(true)
    }

    /// The refusal, with the seconds until the window frees a place.
    async fn refusal(&self, limit: Limit, key: &str) -> DomainResult<DomainError> {
        let since = Utc::now() - Duration::seconds(limit.window_seconds);
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
        Ok(DomainError::rate_limited_for(retry_after))
    }

    /// Forgets attempts older than the longest window, as of `now` (maintenance).
    pub(crate) async fn prune_attempts(&self, now: chrono::DateTime<Utc>) -> DomainResult<u64> {
        let result = rate_event::Entity::delete_many()
            .filter(rate_event::Column::At.lt(now - Duration::seconds(LONGEST_WINDOW_SECONDS)))
            .exec(self.db())
            .await
            .internal()?;
        Ok(result.rows_affected)
    }
}

/// Attempts of `key` within the window of `limit`.
async fn recent(db: &impl ConnectionTrait, limit: Limit, key: &str) -> DomainResult<u64> {
    let since = Utc::now() - Duration::seconds(limit.window_seconds);
    rate_event::Entity::find()
        .filter(rate_event::Column::Bucket.eq(limit.bucket))
        .filter(rate_event::Column::Key.eq(key))
        .filter(rate_event::Column::At.gt(since))
        .count(db)
        .await
        .internal()
}

async fn insert_attempt(db: &impl ConnectionTrait, limit: Limit, key: &str) -> DomainResult<()> {
    rate_event::Entity::insert(rate_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        bucket: Set(limit.bucket.to_owned()),
        key: Set(key.to_owned()),
        at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await
    .internal()?;
    Ok(())
}

/// The advisory lock of one bucket and key (FNV-1a: stable across servers and builds).
fn lock_id(limit: Limit, key: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in limit.bucket.bytes().chain([b'/']).chain(key.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}
