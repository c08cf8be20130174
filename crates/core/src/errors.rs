//! Turning database errors into domain errors without leaking SQL text.

use migraup_domain::{DomainError, Reason};
use sea_orm::{DbErr, SqlErr};

/// Maps a database error: logged once here, answered as `INTERNAL`, or `UNAVAILABLE`
/// when the database cannot be reached (an outage passes; a bug does not).
pub(crate) fn internal(err: DbErr) -> DomainError {
    if is_unavailable(&err) {
        tracing::warn!(error = %err, "database unreachable");
        return DomainError::unavailable();
    }
    tracing::error!(error = %err, "database error");
    DomainError::internal()
}

/// Errors of reaching the database (pool timeout, refused or broken connection), as
/// opposed to errors of a statement.
fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx::Error as Sqlx};
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            matches!(e.as_ref(), Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::Tls(_) | Sqlx::WorkerCrashed)
                || matches!(e.as_ref(), Sqlx::Database(d) if d.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08") || c == "55000"))
        }
        DbErr::Conn(_) => true,
        _ => false,
    }
}

/// Like [`internal`], but a unique-constraint violation becomes `BAD_USER_INPUT` on `field`.
pub(crate) fn unique_or_internal(err: DbErr, field: &str) -> DomainError {
    if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        DomainError::invalid(field, Reason::AlreadyTaken)
    } else {
        internal(err)
    }
}

/// `.internal()?` on database results.
pub(crate) trait DbResultExt<T> {
    fn internal(self) -> Result<T, DomainError>;
}

impl<T> DbResultExt<T> for Result<T, DbErr> {
    fn internal(self) -> Result<T, DomainError> {
        self.map_err(internal)
    }
}
