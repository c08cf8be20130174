//! Organisations support an idea: one support per organisation, given by one of its
//! representatives, with an optional offer of what it could contribute.

use chrono::Utc;
use migraup_domain::{DomainError, IdeaStatus, Operation, Reason, bounds, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use super::{Idea, load};
use crate::{Actor, Core, audit, entities::ideas::support, errors::DbResultExt};

impl Core {
    /// Gives an organisation's support; a second support of the same organisation is
    /// refused (`ALREADY_TAKEN`), also when two representatives click at once.
    pub async fn support_idea(&self, actor: &Actor, idea_id: Uuid, organisation_id: Uuid, offer: Option<String>) -> DomainResult<Idea> {
        let user = actor.require_user()?.clone();
        actor.authorize_as(Operation::SupportIdea, actor.is_member(organisation_id))?;
        let offer = validate::optional_text("offer", offer.as_deref(), 2000)?;
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, idea_id).await?;
        if matches!(found.status.0, IdeaStatus::Done | IdeaStatus::NotPursued) {
            return Err(DomainError::invalid("ideaId", Reason::InvalidState));
        }
        let count = support::Entity::find().filter(support::Column::IdeaId.eq(idea_id)).count(&txn).await.internal()?;
        if count >= bounds::SUPPORTS_PER_IDEA {
            return Err(DomainError::invalid("organisationId", Reason::TooManyItems { max: bounds::SUPPORTS_PER_IDEA as usize }));
        }
        let already = support::Entity::find_by_id((idea_id, organisation_id)).one(&txn).await.internal()?;
        if already.is_some() {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyTaken));
        }
        support::ActiveModel {
            idea_id: Set(idea_id),
            organisation_id: Set(organisation_id),
            given_by: Set(Some(user.id)),
            offer: Set(offer.clone()),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await
        .map_err(|e| crate::errors::unique_or_internal(e, "organisationId"))?;
        audit::record(&txn, Some(user.id), "support_idea", "idea", idea_id, json!({ "organisation": organisation_id, "offer": offer }))
            .await?;
        txn.commit().await.internal()?;
        self.idea(actor, idea_id).await?.ok_or_else(DomainError::internal)
    }

    /// Takes an organisation's support back (its representatives).
    pub async fn withdraw_support(&self, actor: &Actor, idea_id: Uuid, organisation_id: Uuid) -> DomainResult<Idea> {
        actor.authorize_as(Operation::SupportIdea, actor.is_member(organisation_id))?;
        let txn = self.begin_write().await?;
        load(&txn, actor, idea_id).await?;
        let gone = support::Entity::delete_many()
            .filter(support::Column::IdeaId.eq(idea_id))
            .filter(support::Column::OrganisationId.eq(organisation_id))
            .exec(&txn)
            .await
            .internal()?;
        if gone.rows_affected == 0 {
            return Err(DomainError::not_found());
        }
        audit::record(&txn, actor, "withdraw_support", "idea", idea_id, json!({ "organisation": organisation_id })).await?;
        txn.commit().await.internal()?;
        self.idea(actor, idea_id).await?.ok_or_else(DomainError::internal)
    }
}
