//! The mail outbox. A use case that sends mail writes it here with [`enqueue`], in the
//! transaction of its change: the mail exists exactly when the change does. A worker
//! in the server ([`Core::deliver_due`]) sends due mails with retries and back-off and
//! gives up after [`MAX_ATTEMPTS`]; the coordination team sees failures and resends.
//!
//! Several server instances may share one database: a worker claims a batch with a
//! lease (`locked_until`) in one statement, on PostgreSQL with `FOR UPDATE SKIP
//! LOCKED`, so two workers never send the same mail.

use chrono::{DateTime, Duration, Utc};
use migraup_domain::{
    DomainError, Operation,
    error::{DomainResult, ErrorCode},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{Actor, Core, audit, entities::mail_outbox, errors::DbResultExt};

/// Attempts before a mail is marked failed and shown to the coordination team.
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a worker may take to send a claimed mail before another may try.
const LEASE_SECONDS: i64 = 120;
/// Mails one worker claims at a time.
const BATCH: i64 = 20;

/// A mail as the coordination team sees it.
#[derive(Clone, Debug)]
pub struct OutboxMail {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

fn view(m: mail_outbox::Model) -> OutboxMail {
    OutboxMail {
        id: m.id,
        to: m.recipient,
        subject: m.subject,
        body: m.body,
        attempts: m.attempts,
        created_at: m.created_at,
        sent_at: m.sent_at,
        failed_at: m.failed_at,
        next_attempt_at: m.next_attempt_at,
        last_error: m.last_error,
    }
}

/// Writes a mail into the outbox, in the caller's transaction.
pub(crate) async fn enqueue(db: &impl ConnectionTrait, to: &str, subject: &str, body: &str) -> DomainResult<()> {
    let now = Utc::now();
    mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        recipient: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await
    .internal()?;
    Ok(())
}

/// The wait before attempt `attempts + 1`: the base, doubled each time, at most an hour.
fn back_off(base_seconds: u64, attempts: i32) -> Duration {
    let factor = 1u64 << attempts.clamp(0, 12);
    Duration::seconds(base_seconds.saturating_mul(factor).min(3600) as i64)
}

impl Core {
    /// Claims due mails, sends them and records the outcome. Returns how many were sent.
    pub async fn deliver_due(&self) -> DomainResult<usize> {
        let now = Utc::now();
        let backend = self.db().get_database_backend();
        let (lock, p) = match backend {
            DbBackend::Postgres => (" FOR UPDATE SKIP LOCKED", ["$1", "$2", "$3"]),
            _ => ("", ["?", "?", "?"]),
        };
        // One statement: select due, unleased mails and lease them (and count the attempt).
        let sql = format!(
            "UPDATE mail_outbox SET locked_until = {lease}, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {now} \
             AND (locked_until IS NULL OR locked_until < {now2}) ORDER BY id LIMIT {BATCH}{lock}) \
             RETURNING id, recipient, subject, body, attempts",
            lease = p[0],
            now = p[1],
            now2 = p[2],
        );
        let lease = now + Duration::seconds(LEASE_SECONDS);
        let rows = self
            .db()
            .query_all_raw(Statement::from_sql_and_values(backend, sql, [lease.into(), now.into(), now.into()]))
            .await
            .internal()?;
        let mut sent = 0;
        let mut rows = rows.into_iter();
        while let Some(row) = rows.next() {
            let get = |e: sea_orm::DbErr| {
                tracing::error!(error = %e, "reading a claimed mail failed");
                DomainError::internal()
            };
            let id: Uuid = row.try_get("", "id").map_err(get)?;
            let to: String = row.try_get("", "recipient").map_err(get)?;
            let subject: String = row.try_get("", "subject").map_err(get)?;
            let body: String = row.try_get("", "body").map_err(get)?;
            let attempts: i32 = row.try_get("", "attempts").map_err(get)?;
            let update = mail_outbox::Entity::update_many().filter(mail_outbox::Column::Id.eq(id));
            match self.mailer().send(&to, &subject, &body).await {
                Ok(()) => {
                    update
                        .col_expr(mail_outbox::Column::SentAt, Expr::value(Utc::now()))
                        .col_expr(mail_outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                        .exec(self.db())
                        .await
                        .internal()?;
                    sent += 1;
                }
                Err(e) => {
                    let give_up = attempts >= MAX_ATTEMPTS;
                    let next = Utc::now() + back_off(self.settings().mail_retry_seconds, attempts - 1);
                    tracing::warn!(mail.id = %id, attempts, give_up, "sending a mail failed");
                    update
                        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(next))
                        .col_expr(mail_outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                        .col_expr(mail_outbox::Column::LastError, Expr::value(format!("{:?}", e.reason)))
                        .col_expr(mail_outbox::Column::FailedAt, Expr::value(give_up.then(Utc::now)))
                        .exec(self.db())
                        .await
                        .internal()?;
                    if e.code == ErrorCode::Unavailable {
                        // The SMTP server does not answer: the rest of the round would
                        // each wait as long. They are handed back, their attempt not counted.
                        use sea_orm::sea_query::ExprTrait;
                        let rest: Vec<Uuid> = rows.filter_map(|r| r.try_get::<Uuid>("", "id").ok()).collect();
                        mail_outbox::Entity::update_many()
                            .filter(mail_outbox::Column::Id.is_in(rest))
                            .col_expr(mail_outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                            .col_expr(mail_outbox::Column::Attempts, ExprTrait::sub(Expr::col(mail_outbox::Column::Attempts), 1))
                            .exec(self.db())
                            .await
                            .internal()?;
                        break;
                    }
                }
            }
        }
        Ok(sent)
    }

    /// The outbox for the coordination team: failed mails first, then the newest.
    pub async fn mail_outbox(&self, actor: &Actor, failed_only: bool) -> DomainResult<Vec<OutboxMail>> {
        actor.authorize(Operation::ManageOutbox, None)?;
        let mut query = mail_outbox::Entity::find();
        if failed_only {
            query = query.filter(mail_outbox::Column::FailedAt.is_not_null());
        }
        let rows = query.order_by_desc(mail_outbox::Column::Id).limit(200).all(self.db()).await.internal()?;
        let (mut failed, rest): (Vec<_>, Vec<_>) = rows.into_iter().map(view).partition(|m| m.failed_at.is_some());
        failed.extend(rest);
        Ok(failed)
    }

    /// Sends a failed mail again (the coordination team).
    pub async fn resend_mail(&self, actor: &Actor, id: Uuid) -> DomainResult<OutboxMail> {
        actor.authorize(Operation::ManageOutbox, None)?;
        let txn = self.begin_write().await?;
        let found = mail_outbox::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if found.sent_at.is_some() {
            return Err(DomainError::invalid("id", migraup_domain::Reason::InvalidState));
        }
        let mut active: mail_outbox::ActiveModel = found.into();
        active.failed_at = Set(None);
        active.attempts = Set(0);
        active.next_attempt_at = Set(Utc::now());
        active.locked_until = Set(None);
        let updated = active.update(&txn).await.internal()?;
        audit::record(&txn, actor, "resend_mail", "mail", id, serde_json::json!({})).await?;
        txn.commit().await.internal()?;
        Ok(view(updated))
    }

    /// Development without SMTP only: the outbox, newest last, for `/dev/mail` and
    /// tests (sent or not: a mail is here as soon as its change is committed).
    pub async fn dev_outbox(&self) -> Vec<crate::mail::SentMail> {
        if self.settings().production || matches!(self.mailer(), crate::mail::Mailer::Smtp { .. }) {
            return Vec::new();
        }
        let rows = mail_outbox::Entity::find().order_by_desc(mail_outbox::Column::Id).limit(500).all(self.db()).await.unwrap_or_default();
        rows.into_iter()
            .rev()
            .map(|m| crate::mail::SentMail {
                to: m.recipient,
                subject: m.subject,
                body: m.body,
                sent_at: m.sent_at.unwrap_or(m.created_at),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn back_off_doubles_up_to_an_hour() {
        assert_eq!(super::back_off(30, 0).num_seconds(), 30);
        assert_eq!(super::back_off(30, 1).num_seconds(), 60);
        assert_eq!(super::back_off(30, 3).num_seconds(), 240);
        assert_eq!(super::back_off(30, 20).num_seconds(), 3600);
    }
}
