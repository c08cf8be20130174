//! How a person stands to working groups, read by the groups and by the events (a
//! group's meetings are events its coordinators plan): its own room, so that events
//! and groups do not import each other.

use std::collections::HashMap;

use migraup_domain::{DomainError, Operation, Visibility, error::DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    Actor,
    entities::working_group::{group, member},
    errors::DbResultExt,
};

/// How the actor stands to a group.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Standing {
    pub coordinator: bool,
    pub member: bool,
}

/// Whether the actor may read a group of this visibility.
pub(crate) fn can_view(actor: &Actor, visibility: Visibility) -> bool {
    visibility == Visibility::Public || actor.may_as(Operation::ViewMembersOnlyGroup, false)
}

/// The active membership key of a party (`<group>:org:<id>` or `<group>:person:<id>`).
pub(crate) fn active_key(group_id: Uuid, organisation_id: Option<Uuid>, user_id: Option<Uuid>) -> String {
    match (organisation_id, user_id) {
        (Some(o), _) => format!("{group_id}:org:{o}"),
        (None, Some(u)) => format!("{group_id}:person:{u}"),
        (None, None) => format!("{group_id}:none"),
    }
}

/// How the actor stands to each of these groups, in one query.
pub(crate) async fn standings(db: &impl ConnectionTrait, actor: &Actor, group_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Standing>> {
    let Some(user) = actor.user.as_ref().filter(|_| !actor.is_provisional()) else { return Ok(HashMap::new()) };
    let rows = member::Entity::find()
        .filter(member::Column::GroupId.is_in(group_ids.to_vec()))
        .filter(member::Column::ActiveKey.is_not_null())
        .filter(
            sea_orm::Condition::any()
                .add(member::Column::UserId.eq(user.id))
                .add(member::Column::OrganisationId.is_in(user.organisations.clone())),
        )
        .all(db)
        .await
        .internal()?;
    let mut out: HashMap<Uuid, Standing> = HashMap::new();
    for r in rows {
        let s = out.entry(r.group_id).or_default();
        s.member = true;
        s.coordinator |= r.coordinator && r.user_id == Some(user.id);
    }
    Ok(out)
}

/// A meeting of a members-only group is for members of the platform only.
pub(crate) async fn meeting_visibility(db: &impl ConnectionTrait, group_id: Uuid, asked: Visibility) -> DomainResult<Visibility> {
    let found = group::Entity::find_by_id(group_id).one(db).await.internal()?.ok_or_else(DomainError::not_found)?;
    Ok(if found.visibility.0 == Visibility::Members { Visibility::Members } else { asked })
}

/// The names a group's pages show, read in two statements: organisations the actor may
/// see (name and slug), and people only for those who may see a group's people (visitors never do).
pub(crate) async fn names(
    db: &impl ConnectionTrait,
    actor: &Actor,
    organisation_ids: impl IntoIterator<Item = Uuid>,
    person_ids: impl IntoIterator<Item = Uuid>,
) -> DomainResult<(HashMap<Uuid, (String, String)>, HashMap<Uuid, String>)> {
    let organisations = crate::entities::organisation::Entity::find()
        .filter(crate::entities::organisation::Column::Id.is_in(organisation_ids.into_iter().collect::<Vec<_>>()))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .filter(|o| crate::visibility::can_view(actor, o))
        .map(|o| (o.id, (o.name, o.slug)))
        .collect();
    let shown: Vec<Uuid> = if actor.may_as(Operation::ViewGroupPeople, false) { person_ids.into_iter().collect() } else { Vec::new() };
    let people = crate::entities::user::Entity::find()
        .filter(crate::entities::user::Column::Id.is_in(shown))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok((organisations, people))
}
