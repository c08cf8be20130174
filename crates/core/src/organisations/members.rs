//! Members of an organisation and the contact-person consent.

use chrono::Utc;
use migraup_domain::{DomainError, Operation, Reason, UserStatus, error::DomainResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core,
    accounts::{insert_membership, membership_view},
    audit,
    entities::{membership, organisation, user},
    errors::DbResultExt,
    sessions::user_view,
    views::{Member, Membership},
};

impl Core {
    /// The members of an organisation (its editors and ADMIN).
    pub async fn members(&self, actor: &Actor, organisation_id: Uuid) -> DomainResult<Vec<Member>> {
        actor.authorize(Operation::ManageOrganisationMembers, Some(organisation_id))?;
        let rows =
            membership::Entity::find().filter(membership::Column::OrganisationId.eq(organisation_id)).all(self.db()).await.internal()?;
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|m| m.user_id).collect::<Vec<_>>()))
            .all(self.db())
            .await
            .internal()?;
        let mut members: Vec<Member> = rows
            .iter()
            .filter_map(|m| users.iter().find(|u| u.id == m.user_id).map(|u| Member { user: user_view(u), membership: membership_view(m) }))
            .collect();
        members.sort_by(|a, b| a.user.display_name.cmp(&b.user.display_name));
        Ok(members)
    }

    /// Adds an existing, active account to an organisation.
    pub async fn add_member(&self, actor: &Actor, organisation_id: Uuid, user_id: Uuid) -> DomainResult<Membership> {
        actor.authorize(Operation::ManageOrganisationMembers, Some(organisation_id))?;
        let txn = self.begin_write().await?;
        if organisation::Entity::find_by_id(organisation_id).one(&txn).await.internal()?.is_none() {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        }
        let found = user::Entity::find_by_id(user_id).one(&txn).await.internal()?;
        if found.is_none_or(|u| u.status.0 != UserStatus::Active) {
            return Err(DomainError::invalid("userId", Reason::UnknownId));
        }
        insert_membership(&txn, user_id, organisation_id).await?;
        audit::record(&txn, actor, "add_member", "organisation", organisation_id, json!({ "userId": user_id })).await?;
        let created =
            membership::Entity::find_by_id((user_id, organisation_id)).one(&txn).await.internal()?.ok_or_else(DomainError::internal)?;
        txn.commit().await.internal()?;
        Ok(membership_view(&created))
    }

    /// Removes a member; the last member cannot be removed, or nobody could edit it.
    pub async fn remove_member(&self, actor: &Actor, organisation_id: Uuid, user_id: Uuid) -> DomainResult<bool> {
        actor.authorize(Operation::ManageOrganisationMembers, Some(organisation_id))?;
        let txn = self.begin_write().await?;
        let members =
            membership::Entity::find().filter(membership::Column::OrganisationId.eq(organisation_id)).all(&txn).await.internal()?;
        if !members.iter().any(|m| m.user_id == user_id) {
            return Err(DomainError::invalid("userId", Reason::UnknownId));
        }
        if members.len() == 1 && actor.role() != Some(migraup_domain::Role::Admin) {
            return Err(DomainError::invalid("userId", Reason::NotAllowed));
        }
        membership::Entity::delete_by_id((user_id, organisation_id)).exec(&txn).await.internal()?;
        audit::record(&txn, actor, "remove_member", "organisation", organisation_id, json!({ "userId": user_id })).await?;
        txn.commit().await.internal()?;
        Ok(true)
    }

    /// A member says whether they are a contact person and consents (or not) to being
    /// shown to signed-in users. Only the person themselves can consent.
    pub async fn update_my_membership(
        &self,
        actor: &Actor,
        organisation_id: Uuid,
        is_contact_person: bool,
        consent: bool,
    ) -> DomainResult<Membership> {
        let me = actor.require_user()?;
        let txn = self.begin_write().await?;
        let found =
            membership::Entity::find_by_id((me.id, organisation_id)).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let mut active: membership::ActiveModel = found.clone().into();
        active.is_contact_person = Set(is_contact_person);
        active.contact_consent_at = Set(if consent { found.contact_consent_at.or(Some(Utc::now())) } else { None });
        if !consent && found.contact_consent_at.is_some() {
            // The withdrawal is a record of its own (DSGVO Art. 7): its date stays.
            active.contact_consent_withdrawn_at = Set(Some(Utc::now()));
        }
        let updated = active.update(&txn).await.internal()?;
        audit::record(
            &txn,
            Some(me.id),
            "update_membership",
            "organisation",
            organisation_id,
            json!({ "isContactPerson": is_contact_person, "contactConsent": consent }),
        )
        .await?;
        txn.commit().await.internal()?;
        Ok(membership_view(&updated))
    }
}
