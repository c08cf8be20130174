//! Turning database errors into domain errors without leaking SQL text.

use migraup_domain::{DomainError, Reason};
use sea_orm::{DbErr, SqlErr};

/// Maps a database error: logged once here, answered as `INTERNAL`.
pub(crate) fn internal(err: DbErr) -> DomainError {
    tracing::error!(error = %err, "database error");
    DomainError::internal()
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
