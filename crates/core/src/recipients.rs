//! Who is told: the people who speak for an organisation (its active
//! representatives) and the coordination team. Every area that mails one of them
//! asks here.

use migraup_domain::{Role, UserStatus, error::DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    entities::{membership, user},
    errors::DbResultExt,
    mail_texts::Recipient,
};

/// E-mail addresses of the active representatives of an organisation.
pub(crate) async fn representatives(db: &impl ConnectionTrait, organisation_id: Uuid) -> DomainResult<Vec<Recipient>> {
    let members = membership::Entity::find().filter(membership::Column::OrganisationId.eq(organisation_id)).all(db).await.internal()?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(members.into_iter().map(|m| m.user_id).collect::<Vec<_>>()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .filter(user::Column::Role.eq(Role::MoRepresentative.as_str()))
        .all(db)
        .await
        .internal()?;
    Ok(users.iter().map(Into::into).collect())
}

/// The coordination team's addresses, for notifications.
pub(crate) async fn coordination_team(db: &impl ConnectionTrait) -> DomainResult<Vec<Recipient>> {
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .all(db)
        .await
        .internal()?;
    Ok(admins.iter().map(Into::into).collect())
}

/// The district administration's staff (active accounts), who answer concerns.
pub(crate) async fn administration_staff(db: &impl ConnectionTrait) -> DomainResult<Vec<Recipient>> {
    let staff = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Administration.as_str()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .all(db)
        .await
        .internal()?;
    Ok(staff.iter().map(Into::into).collect())
}

/// The coordinators of a working group (active accounts), for its requests.
pub(crate) async fn group_coordinators(db: &impl ConnectionTrait, group_id: Uuid) -> DomainResult<Vec<Recipient>> {
    use crate::entities::working_group::member;
    let ids: Vec<Option<Uuid>> = member::Entity::find()
        .filter(member::Column::GroupId.eq(group_id))
        .filter(member::Column::ActiveKey.is_not_null())
        .filter(member::Column::Coordinator.eq(true))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.into_iter().flatten().collect::<Vec<_>>()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .all(db)
        .await
        .internal()?;
    Ok(users.iter().map(Into::into).collect())
}

/// Everyone a working group tells of its meetings and minutes: its individual members
/// and the representatives of its member organisations, each address once.
pub(crate) async fn group_members(db: &impl ConnectionTrait, group_id: Uuid) -> DomainResult<Vec<Recipient>> {
    use crate::entities::working_group::member;
    let rows = member::Entity::find()
        .filter(member::Column::GroupId.eq(group_id))
        .filter(member::Column::ActiveKey.is_not_null())
        .all(db)
        .await
        .internal()?;
    let people: Vec<Uuid> = rows.iter().filter_map(|m| m.user_id).collect();
    let organisations: Vec<Uuid> = rows.iter().filter_map(|m| m.organisation_id).collect();
    let reps: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.is_in(organisations))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let users =
        user::Entity::find()
            .filter(sea_orm::Condition::any().add(user::Column::Id.is_in(people)).add(
                sea_orm::Condition::all().add(user::Column::Id.is_in(reps)).add(user::Column::Role.eq(Role::MoRepresentative.as_str())),
            ))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .all(db)
            .await
            .internal()?;
    Ok(users.iter().map(Into::into).collect())
}
