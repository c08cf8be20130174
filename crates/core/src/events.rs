//! Joint events: planned together by several organisations (and the district
//! administration), published once every organiser has confirmed, with
//! registrations, a waitlist and calendar files.

pub mod guests;
pub(crate) mod input;
mod list;
pub(crate) mod organisers;
pub(crate) mod registrations;

use crate::entities::stored::Stored;
use chrono::Utc;
use migraup_domain::{DomainError, EventStatus, Operation, ParticipationState, Reason, error::DomainResult, policy, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

pub use input::EventInput;
pub use list::EventFilter;

use crate::{
    Actor, Core, audit,
    entities::{event, participation::event_organiser},
    errors::DbResultExt,
    views::Event,
};

/// How the actor stands to an event: member of a confirmed organiser, of any organiser.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Standing {
    confirmed: bool,
    any: bool,
    /// Coordinator of the working group whose meeting this is.
    coordinator: bool,
}

impl Standing {
    /// The coordinators of a working group plan its meetings as if they organised them.
    pub(crate) const COORDINATOR: Standing = Standing { confirmed: true, any: true, coordinator: true };

    fn of(actor: &Actor, organisers: &[event_organiser::Model]) -> Standing {
        let mine = |o: &&event_organiser::Model| actor.is_member(o.organisation_id);
        Standing {
            confirmed: organisers.iter().filter(mine).any(|o| o.state.0 == ParticipationState::Confirmed),
            any: organisers.iter().filter(mine).any(|o| o.state.0 != ParticipationState::Declined),
            coordinator: false,
        }
    }
}

/// Whether the actor may see the event; the creator always sees their own.
fn can_view(actor: &Actor, m: &event::Model, standing: Standing) -> bool {
    let visibility = m.visibility.0;
    let status = m.status.0;
    let creator = m.created_by.is_some() && m.created_by == actor.user_id();
    creator || policy::can_view_event(actor.role(), visibility, status, standing.any)
}

/// Organisers who confirmed plan an event; a working group's coordinators its meetings.
fn may_manage(actor: &Actor, standing: Standing) -> bool {
    actor.may_as(Operation::ManageEvent, standing.confirmed) || (standing.coordinator && actor.may_as(Operation::ManageGroup, true))
}

pub(crate) fn view(actor: &Actor, m: event::Model, standing: Standing) -> Event {
    let can_manage = may_manage(actor, standing);
    Event {
        id: m.id,
        title: m.title,
        description: m.description,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        venue: m.venue,
        street: m.street,
        postal_code: m.postal_code,
        district_id: m.district_id,
        online_url: m.online_url,
        capacity: m.capacity,
        accessibility: m.accessibility,
        visibility: m.visibility.0,
        status: m.status.0,
        cancel_reason: m.cancel_reason,
        project_id: m.project_id,
        group_id: m.group_id,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        can_manage,
    }
}

/// Loads an event the actor may see, with its organisers; `NOT_FOUND` otherwise, so
/// that drafts cannot be probed.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<(event::Model, Vec<event_organiser::Model>, Standing)> {
    let found = event::Entity::find_by_id(id).one(db).await.internal()?.ok_or_else(DomainError::not_found)?;
    let organisers = event_organiser::Entity::find().filter(event_organiser::Column::EventId.eq(id)).all(db).await.internal()?;
    let mut standing = Standing::of(actor, &organisers);
    if let Some(group_id) = found.group_id
        && crate::group_roles::standings(db, actor, &[group_id]).await?.get(&group_id).is_some_and(|s| s.coordinator)
    {
        standing = Standing::COORDINATOR;
    }
    if !can_view(actor, &found, standing) {
        return Err(DomainError::not_found());
    }
    Ok((found, organisers, standing))
}

/// Loads an event the actor may manage (`FORBIDDEN` when they may only look).
async fn load_managed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<(event::Model, Vec<event_organiser::Model>, Standing)> {
    let loaded = load(db, actor, id).await?;
    if !may_manage(actor, loaded.2) {
        actor.authorize_as(Operation::ManageEvent, loaded.2.confirmed)?;
    }
    Ok(loaded)
}

/// Bumps the version without a check: for state changes that do not need the
/// caller's version (publish, cancel, invitations) but must invalidate open edits.
async fn bump_version(db: &impl ConnectionTrait, id: Uuid) -> DomainResult<()> {
    event::Entity::update_many()
        .col_expr(event::Column::Version, Expr::col(event::Column::Version).add(1))
        .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(event::Column::Id.eq(id))
        .exec(db)
        .await
        .internal()?;
    Ok(())
}

fn status_of(m: &event::Model) -> EventStatus {
    m.status.0
}

impl Core {
    /// One event, `None` when it does not exist or the actor may not see it.
    pub async fn event(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<Event>> {
        match load(self.db(), actor, id).await {
            Ok((m, _, standing)) => Ok(Some(view(actor, m, standing))),
            Err(e) if e.code == migraup_domain::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Plans a new event (a draft). Organisations the actor belongs to confirm at
    /// once; the others are invited as co-organisers.
    pub async fn create_event(&self, actor: &Actor, organisation_ids: &[Uuid], input: EventInput) -> DomainResult<Event> {
        let user = actor.require_user()?.clone();
        let mut organisation_ids: Vec<Uuid> = organisation_ids.to_vec();
        organisation_ids.sort();
        organisation_ids.dedup();
        if organisation_ids.is_empty() {
            return Err(DomainError::invalid("organisationIds", Reason::Required));
        }
        if organisation_ids.len() > 20 {
            return Err(DomainError::invalid("organisationIds", Reason::TooLong { max: 20 }));
        }
        let own = organisation_ids.iter().any(|o| actor.is_member(*o));
        actor.authorize_as(Operation::CreateEvent, own)?;
        if organisation_ids.iter().any(|o| !actor.is_member(*o)) {
            // Inviting co-organisers sends mail.
            self.hit(crate::limits::PROPOSALS_PER_ACCOUNT, &user.id.to_string()).await?;
        }
        let txn = self.begin_write().await?;
        crate::visibility::check_organisations(&txn, actor, "organisationIds", &organisation_ids).await?;
        let valid = input.validate(&txn, actor, None).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut model = event::ActiveModel {
            id: Set(id),
            status: Set(Stored(EventStatus::Draft)),
            cancel_reason: Set(None),
            created_by: Set(Some(user.id)),
            queue_seq: Set(0),
            anonymised_registrations: Set(0),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        valid.apply(&mut model);
        model.insert(&txn).await.internal()?;
        valid.replace_links(&txn, id).await?;
        for organisation_id in &organisation_ids {
            let state = if actor.is_member(*organisation_id) { ParticipationState::Confirmed } else { ParticipationState::Invited };
            crate::participation::organisers::insert(&txn, id, *organisation_id, state, user.id).await?;
        }
        audit::record(&txn, actor, "create_event", "event", id, json!({ "title": valid.title, "organisations": organisation_ids })).await?;
        let invited: Vec<Uuid> = organisation_ids.iter().copied().filter(|o| !actor.is_member(*o)).collect();
        self.notify_invited_organisations(&txn, id, &invited).await?;
        txn.commit().await.internal()?;
        self.event(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Saves the whole event form; `CONFLICT` when someone saved in between.
    pub async fn update_event(&self, actor: &Actor, id: Uuid, expected_version: i32, input: EventInput) -> DomainResult<Event> {
        let txn = self.begin_write().await?;
        let (found, _, _) = load_managed(&txn, actor, id).await?;
        if status_of(&found) == EventStatus::Cancelled {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        crate::versions::claim::<event::Entity>(&txn, id, expected_version).await?;
        let mut valid = input.validate(&txn, actor, found.project_id).await?;
        if let Some(group_id) = found.group_id {
            valid.visibility = crate::group_roles::meeting_visibility(&txn, group_id, valid.visibility).await?;
        }
        let mut model: event::ActiveModel = found.clone().into();
        valid.apply(&mut model);
        model.version = Set(crate::versions::next(expected_version));
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await.internal()?;
        valid.replace_links(&txn, id).await?;
        let changes = input::changes(&found, &updated);
        // More seats: people on the waitlist move up at once.
        let promoted = registrations::fill_seats(&txn, &updated).await?;
        audit::record(&txn, actor, "update_event", "event", id, changes).await?;
        self.notify_promoted(&txn, &updated, &promoted).await?;
        txn.commit().await.internal()?;
        self.event(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Publishes a draft once every organiser still on it has confirmed.
    pub async fn publish_event(&self, actor: &Actor, id: Uuid) -> DomainResult<Event> {
        let txn = self.begin_write().await?;
        let (found, organisers, _) = load_managed(&txn, actor, id).await?;
        if status_of(&found) != EventStatus::Draft {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let active: Vec<_> = organisers.iter().filter(|o| o.state.0 != ParticipationState::Declined).collect();
        // A group's meeting is the group's: it needs no organising organisation.
        let without_organisers = active.is_empty() && found.group_id.is_none();
        if without_organisers || active.iter().any(|o| o.state.0 != ParticipationState::Confirmed) {
            return Err(DomainError::invalid("organisers", Reason::OrganisersNotConfirmed));
        }
        let published = event::Entity::update_many()
            .col_expr(event::Column::Status, Expr::value(EventStatus::Published.as_str()))
            .col_expr(event::Column::Version, Expr::col(event::Column::Version).add(1))
            .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(event::Column::Id.eq(id))
            .filter(event::Column::Status.eq(EventStatus::Draft.as_str()))
            .exec(&txn)
            .await
            .internal()?;
        if published.rows_affected != 1 {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        audit::record(&txn, actor, "publish_event", "event", id, json!({ "status": ["DRAFT", "PUBLISHED"] })).await?;
        if let Some(group_id) = found.group_id {
            self.notify_meeting(&txn, &found, group_id).await?;
        }
        txn.commit().await.internal()?;
        self.event(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Calls an event off; everyone registered or waiting gets an e-mail.
    pub async fn cancel_event(&self, actor: &Actor, id: Uuid, reason: Option<&str>) -> DomainResult<Event> {
        let reason = validate::optional_text("reason", reason, 2000)?;
        let txn = self.begin_write().await?;
        let (found, _, _) = load_managed(&txn, actor, id).await?;
        let was = status_of(&found);
        if was == EventStatus::Cancelled {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let mut model: event::ActiveModel = found.clone().into();
        model.status = Set(Stored(EventStatus::Cancelled));
        model.cancel_reason = Set(reason.clone());
        model.version = Set(crate::versions::next(found.version));
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await.internal()?;
        let people = if was == EventStatus::Published { registrations::people_to_tell(&txn, id).await? } else { Vec::new() };
        audit::record(&txn, actor, "cancel_event", "event", id, json!({ "status": [was.as_str(), "CANCELLED"], "reason": reason })).await?;
        self.notify_cancelled(&txn, &updated, &people).await?;
        txn.commit().await.internal()?;
        self.event(actor, id).await?.ok_or_else(DomainError::internal)
    }
}
