//! Co-organisers: invited by those who plan the event, confirmed or declined by a
//! member of the invited organisation.

use std::collections::HashMap;

use migraup_domain::{DomainError, EventStatus, Operation, ParticipationState, Reason, error::DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use super::{bump_version, load, load_managed, status_of};
use crate::mail_texts::Mail;
use crate::{
    Actor, Core, audit, berlin,
    entities::{event, participation::event_organiser},
    errors::DbResultExt,
    participation::organisers,
    recipients::representatives,
    views::{Event, Participation},
    visibility::check_organisations,
};

impl Core {
    /// Organisers of the events of a batch the actor may see.
    pub async fn event_organisers(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Participation>>> {
        let rows = event_organiser::Entity::find()
            .filter(event_organiser::Column::EventId.in_subquery(super::list::visible_among(actor, event_ids)))
            .order_by_asc(event_organiser::Column::InvitedAt)
            .all(self.db())
            .await
            .internal()?;
        Ok(crate::link_tables::group(event_ids, rows.into_iter().map(|r| (r.event_id, organisers::view(r)))))
    }

    /// Invites one more organisation; a member of it confirms or declines.
    pub async fn invite_co_organiser(&self, actor: &Actor, event_id: Uuid, organisation_id: Uuid) -> DomainResult<Event> {
        let by = actor.require_user()?.id;
        self.hit(crate::limits::PROPOSALS_PER_ACCOUNT, &by.to_string()).await?;
        let txn = self.begin_write().await?;
        let (found, organisers, _) = load_managed(&txn, actor, event_id).await?;
        if status_of(&found) == EventStatus::Cancelled {
            return Err(DomainError::invalid("eventId", Reason::InvalidState));
        }
        check_organisations(&txn, actor, "organisationId", &[organisation_id]).await?;
        let by = actor.require_user()?.id;
        let own = actor.is_member(organisation_id);
        let state = if own { ParticipationState::Confirmed } else { ParticipationState::Invited };
        organisers::invite(&txn, &organisers, event_id, organisation_id, state, by).await?;
        bump_version(&txn, event_id).await?;
        audit::record(&txn, Some(by), "invite_co_organiser", "event", event_id, json!({ "organisationId": organisation_id })).await?;
        if !own {
            self.notify_invited_organisations(&txn, event_id, &[organisation_id]).await?;
        }
        txn.commit().await.internal()?;
        self.event(actor, event_id).await?.ok_or_else(DomainError::internal)
    }

    /// A member of an invited organisation confirms or declines for it.
    pub async fn respond_to_organiser_invitation(
        &self,
        actor: &Actor,
        event_id: Uuid,
        organisation_id: Uuid,
        accept: bool,
    ) -> DomainResult<Event> {
        actor.authorize_as(Operation::RespondForOrganisation, actor.is_member(organisation_id))?;
        let txn = self.begin_write().await?;
        let (found, organisers, standing) = load(&txn, actor, event_id).await?;
        let Some(row) = organisers.into_iter().find(|o| o.organisation_id == organisation_id) else {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        };
        if status_of(&found) == EventStatus::Cancelled {
            return Err(DomainError::invalid("accept", Reason::InvalidState));
        }
        let state = organisers::answer(&txn, row, accept, actor.user_id()).await?;
        audit::record(
            &txn,
            actor,
            "respond_to_organiser_invitation",
            "event",
            event_id,
            json!({ "organisationId": organisation_id, "state": state.as_str() }),
        )
        .await?;
        txn.commit().await.internal()?;
        // After declining, a draft may no longer be visible to the person who declined;
        // they still get the answer to their own request.
        Ok(super::view(actor, found, standing))
    }

    /// The actor's inbox: events their organisations are invited to co-organise.
    pub async fn organiser_invitations(&self, actor: &Actor) -> DomainResult<Vec<(Event, Uuid)>> {
        let Some(user) = actor.user.as_ref() else { return Ok(Vec::new()) };
        let rows = event_organiser::Entity::find()
            .filter(event_organiser::Column::OrganisationId.is_in(user.organisations.clone()))
            .filter(event_organiser::Column::State.eq(ParticipationState::Invited.as_str()))
            .order_by_asc(event_organiser::Column::InvitedAt)
            .limit(migraup_domain::bounds::INBOX_ITEMS)
            .all(self.db())
            .await
            .internal()?;
        let mut out = Vec::new();
        for row in rows {
            if let Some(e) = self.event(actor, row.event_id).await?
                && e.status != EventStatus::Cancelled
            {
                out.push((e, row.organisation_id));
            }
        }
        out.sort_by_key(|(e, _)| e.starts_at);
        Ok(out)
    }

    /// Tells the representatives of newly invited organisations (into the outbox, in
    /// the caller's transaction).
    pub(crate) async fn notify_invited_organisations(
        &self,
        db: &impl ConnectionTrait,
        event_id: Uuid,
        organisation_ids: &[Uuid],
    ) -> DomainResult<()> {
        let Some(found) = event::Entity::find_by_id(event_id).one(db).await.internal()? else { return Ok(()) };
        let link = format!("{}/events/{}", self.settings().public_url.trim_end_matches('/'), event_id);
        for organisation_id in organisation_ids {
            let to = representatives(db, *organisation_id).await?;
            for address in to {
                let when = berlin::human(address.lang, found.starts_at);
                let values = [("title", found.title.as_str()), ("when", &when), ("link", &link)];
                crate::mail_texts::send(db, &address, Mail::CoOrganiserInvitation, &values).await?;
            }
        }
        Ok(())
    }
}
