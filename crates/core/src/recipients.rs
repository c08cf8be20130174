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
