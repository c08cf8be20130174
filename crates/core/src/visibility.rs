//! What an actor may see: which organisations (the policy's scope, as a query and per
//! row) and which offerings (those not hidden for their age). Every area that reads
//! organisations or offerings filters through here.

use chrono::{DateTime, Months, Utc};
use migraup_domain::{
    DomainError, Operation, OrganisationScope, Reason, Role, VerificationState, Visibility, error::DomainResult,
    freshness::HIDE_AFTER_MONTHS,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, sea_query::SelectStatement};
use uuid::Uuid;

use crate::{
    Actor, Core,
    entities::{offering, organisation},
    errors::DbResultExt,
};

/// The organisations the actor's role may see, as a condition on `organisations`.
pub(crate) fn scope_condition(actor: &Actor) -> Condition {
    let verified = organisation::Column::Verification.eq(VerificationState::Verified.as_str());
    match actor.scope() {
        OrganisationScope::VerifiedPublic => {
            Condition::all().add(verified).add(organisation::Column::Visibility.eq(Visibility::Public.as_str()))
        }
        OrganisationScope::VerifiedAndOwn => {
            let own = actor.user.as_ref().map(|u| u.organisations.clone()).unwrap_or_default();
            Condition::any().add(verified).add(organisation::Column::Id.is_in(own))
        }
        OrganisationScope::Everything => Condition::all(),
        OrganisationScope::PublicAndOwn => {
            let own = actor.user.as_ref().map(|u| u.organisations.clone()).unwrap_or_default();
            Condition::any()
                .add(Condition::all().add(verified).add(organisation::Column::Visibility.eq(Visibility::Public.as_str())))
                .add(organisation::Column::Id.is_in(own))
        }
    }
}

/// The ids of every organisation the actor may see.
pub(crate) fn visible_to(actor: &Actor) -> SelectStatement {
    matching_ids(scope_condition(actor))
}

/// `SELECT id FROM organisations WHERE <cond>`.
pub(crate) fn matching_ids(cond: Condition) -> SelectStatement {
    organisation::Entity::find().select_only().column(organisation::Column::Id).filter(cond).into_query()
}

/// `SELECT id FROM organisations WHERE id IN (ids) AND <scope>`: the batch reads only
/// ever return data of organisations the actor may see.
pub(crate) fn visible_subquery(actor: &Actor, ids: &[Uuid]) -> SelectStatement {
    matching_ids(Condition::all().add(organisation::Column::Id.is_in(ids.to_vec())).add(scope_condition(actor)))
}

/// Whether `actor` may read this organisation at all.
pub(crate) fn can_view(actor: &Actor, m: &organisation::Model) -> bool {
    let op = if m.verification.0 != VerificationState::Verified {
        Operation::ViewUnverifiedOrganisation
    } else if m.visibility.0 == Visibility::Members {
        Operation::ViewMembersOnlyOrganisation
    } else {
        Operation::ViewPublicOrganisation
    };
    actor.may(op, Some(m.id))
}

/// Whether the actor may see the organisation with this id.
pub(crate) async fn can_view_id(core: &Core, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    Ok(organisation::Entity::find_by_id(id).one(core.db()).await.internal()?.is_some_and(|m| can_view(actor, &m)))
}

/// Checks that every organisation exists and is visible to the actor.
pub(crate) async fn check_organisations(db: &impl ConnectionTrait, actor: &Actor, field: &str, ids: &[Uuid]) -> DomainResult<()> {
    let found = organisation::Entity::find().filter(organisation::Column::Id.is_in(ids.to_vec())).all(db).await.internal()?;
    if found.len() != ids.len() || !found.iter().all(|o| can_view(actor, o)) {
        return Err(DomainError::invalid(field, Reason::UnknownId));
    }
    Ok(())
}

/// `now` minus `months` whole months (the last day of a shorter month where needed).
pub(crate) fn months_before(now: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(months)).unwrap_or(now)
}

/// The offerings `actor` is shown: all of them for the coordination team and the
/// district administration and for the organisation's own members, else only those
/// confirmed within [`HIDE_AFTER_MONTHS`].
pub(crate) fn offering_shown(actor: &Actor, now: DateTime<Utc>) -> Condition {
    if matches!(actor.role(), Some(Role::Admin | Role::Administration)) {
        return Condition::all();
    }
    let own = actor.user.as_ref().map(|u| u.organisations.clone()).unwrap_or_default();
    Condition::any()
        .add(offering::Column::ConfirmedAt.gte(months_before(now, HIDE_AFTER_MONTHS)))
        .add(offering::Column::OrganisationId.is_in(own))
}
