//! Optimistic locking, one way for every versioned table: `claim` raises the version
//! from the one the client last saw (`UPDATE … SET version = v + 1 WHERE id = ? AND
//! version = v`), which also takes the row's write lock for the transaction, or
//! answers `CONFLICT` with the current version (`NOT_FOUND` when the row is gone).
//! A version that cannot exist (`i32::MAX`, say) ends as `CONFLICT`, never as an
//! overflow panic or a silent wrap: the next version saturates.

use migraup_domain::{DomainError, error::DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use uuid::Uuid;

use crate::errors::{DbResultExt, unique_or_internal};

/// A table with a UUID `id` and an integer `version`.
pub(crate) trait Versioned: EntityTrait {
    const ID: Self::Column;
    const VERSION: Self::Column;
}

macro_rules! versioned {
    ($($module:ident),* $(,)?) => {
        $(impl Versioned for crate::entities::$module::Entity {
            const ID: Self::Column = crate::entities::$module::Column::Id;
            const VERSION: Self::Column = crate::entities::$module::Column::Version;
        })*
    };
}

versioned!(organisation, offering, event, project, relation, user, topic, target_group, district, organisation_request, import_batch);

impl Versioned for crate::entities::working_group::group::Entity {
    const ID: Self::Column = crate::entities::working_group::group::Column::Id;
    const VERSION: Self::Column = crate::entities::working_group::group::Column::Version;
}

impl Versioned for crate::entities::working_group::action::Entity {
    const ID: Self::Column = crate::entities::working_group::action::Column::Id;
    const VERSION: Self::Column = crate::entities::working_group::action::Column::Version;
}

impl Versioned for crate::entities::ideas::idea::Entity {
    const ID: Self::Column = crate::entities::ideas::idea::Column::Id;
    const VERSION: Self::Column = crate::entities::ideas::idea::Column::Version;
}

impl Versioned for crate::entities::concerns::concern::Entity {
    const ID: Self::Column = crate::entities::concerns::concern::Column::Id;
    const VERSION: Self::Column = crate::entities::concerns::concern::Column::Version;
}

/// The version after `v`.
pub(crate) fn next(v: i32) -> i32 {
    v.saturating_add(1)
}

/// Claims row `id` at version `expected` (see the module).
pub(crate) async fn claim<E: Versioned>(db: &impl ConnectionTrait, id: Uuid, expected: i32) -> DomainResult<()> {
    claim_with::<E>(db, id, expected, Vec::new(), None).await
}

/// [`claim`], setting more columns in the same statement; a unique violation of one of
/// them is answered as `unique_field` taken.
pub(crate) async fn claim_with<E: Versioned>(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected: i32,
    also: Vec<(E::Column, Expr)>,
    unique_field: Option<&'static str>,
) -> DomainResult<()> {
    let mut update =
        E::update_many().col_expr(E::VERSION, Expr::value(next(expected))).filter(E::ID.eq(id)).filter(E::VERSION.eq(expected));
    for (column, value) in also {
        update = update.col_expr(column, value);
    }
    let claimed = match unique_field {
        Some(field) => update.exec(db).await.map_err(|e| unique_or_internal(e, field))?,
        None => update.exec(db).await.internal()?,
    };
    if claimed.rows_affected == 1 {
        return Ok(());
    }
    let current: Option<i32> = E::find().select_only().column(E::VERSION).filter(E::ID.eq(id)).into_tuple().one(db).await.internal()?;
    match current {
        Some(version) => Err(DomainError::conflict(version)),
        None => Err(DomainError::not_found()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_largest_version_does_not_overflow() {
        assert_eq!(super::next(1), 2);
        assert_eq!(super::next(i32::MAX), i32::MAX);
    }
}
