//! Personal data rights (GDPR art. 15 and 17): a person downloads everything stored
//! about them and deletes their account; the coordination team can do the latter on
//! request for someone else. The audit log keeps a pseudonym instead of the person.

use chrono::Utc;
use migraup_domain::{DomainError, Operation, Reason, RegistrationStatus, error::DomainResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{audit_log, event, event_registration, mail_outbox, membership, organisation, relation, user, user_token},
    errors::DbResultExt,
};

impl Core {
    /// Everything stored about the signed-in person, as one JSON document.
    pub async fn my_data(&self, actor: &Actor) -> DomainResult<Value> {
        let me = actor.require_user()?;
        let db = self.db();
        let account = user::Entity::find_by_id(me.id).one(db).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        let memberships = membership::Entity::find().filter(membership::Column::UserId.eq(me.id)).all(db).await.internal()?;
        let org_ids: Vec<Uuid> = memberships.iter().map(|m| m.organisation_id).collect();
        let orgs = organisation::Entity::find().filter(organisation::Column::Id.is_in(org_ids)).all(db).await.internal()?;
        let org_name = |id: Uuid| orgs.iter().find(|o| o.id == id).map(|o| o.name.clone());
        let registrations =
            event_registration::Entity::find().filter(event_registration::Column::UserId.eq(me.id)).all(db).await.internal()?;
        let event_ids: Vec<Uuid> = registrations.iter().map(|r| r.event_id).collect();
        let events = event::Entity::find().filter(event::Column::Id.is_in(event_ids)).all(db).await.internal()?;
        let created_events = event::Entity::find().filter(event::Column::CreatedBy.eq(me.id)).all(db).await.internal()?;
        let relations = relation::Entity::find().filter(relation::Column::ProposedBy.eq(me.id)).all(db).await.internal()?;
        let audit = audit_log::Entity::find()
            .filter(
                sea_orm::Condition::any().add(audit_log::Column::ActorId.eq(me.id)).add(audit_log::Column::EntityId.eq(me.id.to_string())),
            )
            .order_by_asc(audit_log::Column::Id)
            .all(db)
            .await
            .internal()?;
        let mails =
            mail_outbox::Entity::find().filter(mail_outbox::Column::Recipient.eq(account.email.clone())).all(db).await.internal()?;
        Ok(json!({
            "exportedAt": Utc::now(),
            "account": {
                "id": account.id, "email": account.email, "displayName": account.display_name, "role": account.role,
                "status": account.status, "preferredLanguage": account.preferred_language, "createdAt": account.created_at,
                "lastLoginAt": account.last_login_at, "awaitingVerification": account.provisional,
            },
            "memberships": memberships.iter().map(|m| json!({
                "organisation": org_name(m.organisation_id), "organisationId": m.organisation_id,
                "isContactPerson": m.is_contact_person, "contactConsentGivenAt": m.contact_consent_at,
                "contactConsentWithdrawnAt": m.contact_consent_withdrawn_at, "since": m.created_at,
            })).collect::<Vec<_>>(),
            "eventRegistrations": registrations.iter().map(|r| json!({
                "event": events.iter().find(|e| e.id == r.event_id).map(|e| e.title.clone()), "eventId": r.event_id,
                "status": r.status, "registeredAt": r.created_at,
            })).collect::<Vec<_>>(),
            "eventsCreated": created_events.iter().map(|e| json!({ "id": e.id, "title": e.title, "startsAt": e.starts_at })).collect::<Vec<_>>(),
            "relationsProposed": relations.iter().map(|r| json!({
                "id": r.id, "from": r.from_organisation_id, "to": r.to_organisation_id, "kind": r.kind, "state": r.state, "proposedAt": r.proposed_at,
            })).collect::<Vec<_>>(),
            "auditEntries": audit.iter().map(|a| json!({
                "at": a.created_at, "action": a.action, "entityType": a.entity_type, "entityId": a.entity_id, "changes": a.changes,
            })).collect::<Vec<_>>(),
            "emailsToYou": mails.iter().map(|m| json!({ "subject": m.subject, "createdAt": m.created_at, "sentAt": m.sent_at })).collect::<Vec<_>>(),
        }))
    }

    /// Deletes the signed-in person's account after checking their password.
    pub async fn delete_my_account(&self, actor: &Actor, password: &str, address: Option<std::net::IpAddr>) -> DomainResult<()> {
        let me = actor.require_user()?;
        let found = user::Entity::find_by_id(me.id).one(self.db()).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        self.verify_own_password(&found, password, "password", address).await?;
        self.erase_person(me.id, Some(me.id)).await
    }

    /// Deletes another person's account on their request (ADMIN, audited).
    pub async fn delete_account(&self, actor: &Actor, user_id: Uuid) -> DomainResult<()> {
        actor.authorize(Operation::ManageUsers, None)?;
        if actor.user_id() == Some(user_id) {
            return Err(DomainError::invalid("id", Reason::NotAllowed));
        }
        self.erase_person(user_id, actor.user_id()).await
    }

    /// Removes a person's personal data in one transaction: registrations, memberships
    /// (with consents), tokens, mails to them, the attempts counted against their
    /// address or account, the account; the audit log keeps a pseudonym. The last active ADMIN cannot be erased.
    async fn erase_person(&self, user_id: Uuid, by: Option<Uuid>) -> DomainResult<()> {
        let txn = self.begin_write().await?;
        crate::accounts::keep_an_admin(&txn, user_id, "id").await?;
        let found = user::Entity::find_by_id(user_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let pseudonym = Uuid::now_v7();
        let seats = event_registration::Entity::find()
            .filter(event_registration::Column::UserId.eq(user_id))
            .filter(event_registration::Column::Status.eq(RegistrationStatus::Registered.as_str()))
            .all(&txn)
            .await
            .internal()?;
        event_registration::Entity::delete_many().filter(event_registration::Column::UserId.eq(user_id)).exec(&txn).await.internal()?;
        // The seats given back go to the people waiting, as after a cancellation.
        for seat in seats {
            let e = crate::events::registrations::lock(&txn, seat.event_id).await?;
            if e.ends_at > Utc::now() {
                let promoted = crate::events::registrations::fill_seats(&txn, &e).await?;
                self.notify_promoted(&txn, &e, &promoted).await?;
            }
        }
        membership::Entity::delete_many().filter(membership::Column::UserId.eq(user_id)).exec(&txn).await.internal()?;
        user_token::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(user_token::Column::UserId.eq(user_id))
                    .add(user_token::Column::Email.eq(found.email.clone())),
            )
            .exec(&txn)
            .await
            .internal()?;
        mail_outbox::Entity::delete_many().filter(mail_outbox::Column::Recipient.eq(found.email.clone())).exec(&txn).await.internal()?;
        crate::limits::forget_person(&txn, self.settings(), &found.email, user_id).await?;
        organisation::Entity::update_many()
            .col_expr(organisation::Column::CreatedBy, Expr::value(Option::<Uuid>::None))
            .filter(organisation::Column::CreatedBy.eq(user_id))
            .exec(&txn)
            .await
            .internal()?;
        audit_log::Entity::update_many()
            .col_expr(audit_log::Column::ActorId, Expr::value(pseudonym))
            .filter(audit_log::Column::ActorId.eq(user_id))
            .exec(&txn)
            .await
            .internal()?;
        audit_log::Entity::update_many()
            .col_expr(audit_log::Column::EntityId, Expr::value(pseudonym.to_string()))
            .filter(audit_log::Column::EntityId.eq(user_id.to_string()))
            .exec(&txn)
            .await
            .internal()?;
        user::Entity::delete_by_id(user_id).exec(&txn).await.internal()?;
        let who = if by == Some(user_id) { Some(pseudonym) } else { by };
        audit::record(&txn, who, "erase_person", "user", pseudonym, json!({ "onRequest": by != Some(user_id) })).await?;
        txn.commit().await.internal()?;
        tracing::info!(pseudonym = %pseudonym, "personal data erased");
        Ok(())
    }
}
