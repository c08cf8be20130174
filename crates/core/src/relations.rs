//! Relations between organisations: one side proposes (cooperation, membership of a
//! network or umbrella, funding, referral, …), a member of the other side confirms
//! or declines, either side ends it. The coordination team records confirmed
//! relations directly. Only confirmed relations count in the network.

mod edge_list;

pub use edge_list::{EdgeEnd, EdgeError, EdgeListImport, EdgeRow};

use crate::entities::stored::Stored;
use chrono::Utc;
use migraup_domain::{DomainError, Operation, Reason, RelationKind, RelationState, Role, error::DomainResult, policy, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::mail_texts::Mail;
use crate::{
    Actor, Core, audit, berlin,
    entities::{organisation, relation},
    errors::DbResultExt,
    recipients::representatives,
    views::Relation,
    visibility::{can_view, check_organisations},
};

/// A proposal: from the proposer's organisation to another.
#[derive(Clone, Debug)]
pub struct RelationInput {
    pub from_organisation_id: Uuid,
    pub to_organisation_id: Uuid,
    pub kind: RelationKind,
    pub note: Option<String>,
    /// `YYYY-MM-DD`; since when the organisations work together.
    pub starts_on: Option<String>,
}

const ACTIVE: [&str; 2] = ["PROPOSED", "CONFIRMED"];

fn state_of(m: &relation::Model) -> RelationState {
    m.state.0
}

/// A confirmed relation is ended by either side; a proposal is withdrawn only by the
/// side that made it (the other side declines it instead).
fn may_end(actor: &Actor, m: &relation::Model) -> bool {
    match state_of(m) {
        RelationState::Proposed => actor.may(Operation::EndRelation, Some(m.from_organisation_id)),
        RelationState::Confirmed => {
            actor.may(Operation::EndRelation, Some(m.from_organisation_id)) || actor.may(Operation::EndRelation, Some(m.to_organisation_id))
        }
        _ => false,
    }
}

fn view(actor: &Actor, m: relation::Model) -> Relation {
    let state = state_of(&m);
    let can_respond = state == RelationState::Proposed && actor.may(Operation::RespondForOrganisation, Some(m.to_organisation_id));
    let can_end = may_end(actor, &m);
    Relation {
        id: m.id,
        from_organisation_id: m.from_organisation_id,
        to_organisation_id: m.to_organisation_id,
        kind: m.kind.0,
        state,
        note: m.note,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        proposed_at: m.proposed_at,
        responded_at: m.responded_at,
        ended_at: m.ended_at,
        version: m.version,
        can_respond,
        can_end,
    }
}

/// Whether the actor may see a relation (the policy's `can_view_relation`).
fn may_see(actor: &Actor, m: &relation::Model) -> bool {
    let member = actor.is_member(m.from_organisation_id) || actor.is_member(m.to_organisation_id);
    policy::can_view_relation(actor.role(), state_of(m), member)
}

async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<relation::Model> {
    relation::Entity::find_by_id(id).one(db).await.internal()?.filter(|m| may_see(actor, m)).ok_or_else(DomainError::not_found)
}

/// Moves a relation on from `from` states, claiming its version: a concurrent
/// answer or end makes this one `CONFLICT` instead of overwriting it.
async fn change_state(
    db: &impl ConnectionTrait,
    m: &relation::Model,
    to: RelationState,
    also: Vec<(relation::Column, Expr)>,
) -> DomainResult<()> {
    let mut columns = vec![(relation::Column::State, Expr::value(to.as_str())), (relation::Column::UpdatedAt, Expr::value(Utc::now()))];
    columns.extend(also);
    crate::versions::claim_with::<relation::Entity>(db, m.id, m.version, columns, None).await
}

impl Core {
    /// An organisation's relations, newest first, as far as the actor may see them.
    pub async fn relations(&self, actor: &Actor, organisation_id: Uuid) -> DomainResult<Vec<Relation>> {
        actor.require_user()?;
        actor.authorize(Operation::ViewRelations, Some(organisation_id))?;
        let rows = relation::Entity::find()
            .filter(
                Condition::any()
                    .add(relation::Column::FromOrganisationId.eq(organisation_id))
                    .add(relation::Column::ToOrganisationId.eq(organisation_id)),
            )
            .order_by_desc(relation::Column::Id)
            .all(self.db())
            .await
            .internal()?;
        // Both sides must be visible: a hidden organisation is not revealed by its ties.
        let mut ids: Vec<Uuid> = rows.iter().flat_map(|r| [r.from_organisation_id, r.to_organisation_id]).collect();
        ids.sort();
        ids.dedup();
        let visible: std::collections::HashSet<Uuid> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .filter(|o| can_view(actor, o))
            .map(|o| o.id)
            .collect();
        Ok(rows
            .into_iter()
            .filter(|r| visible.contains(&r.from_organisation_id) && visible.contains(&r.to_organisation_id) && may_see(actor, r))
            .map(|r| view(actor, r))
            .collect())
    }

    /// Proposals waiting for an answer from one of the actor's organisations.
    pub async fn my_relation_requests(&self, actor: &Actor) -> DomainResult<Vec<Relation>> {
        let user = actor.require_user()?;
        let rows = relation::Entity::find()
            .filter(relation::Column::ToOrganisationId.is_in(user.organisations.to_vec()))
            .filter(relation::Column::State.eq(RelationState::Proposed.as_str()))
            .order_by_asc(relation::Column::Id)
            .limit(migraup_domain::bounds::INBOX_ITEMS)
            .all(self.db())
            .await
            .internal()?;
        Ok(rows.into_iter().map(|r| view(actor, r)).filter(|r| r.can_respond).collect())
    }

    /// Proposes a relation from the actor's organisation. The coordination team's
    /// entries, and those between two of the actor's own organisations, are confirmed at once.
    pub async fn propose_relation(&self, actor: &Actor, input: RelationInput) -> DomainResult<Relation> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::ProposeRelation, Some(input.from_organisation_id))?;
        let (from, to) = (input.from_organisation_id, input.to_organisation_id);
        if from == to {
            return Err(DomainError::invalid("toOrganisationId", Reason::SameOrganisation));
        }
        let note = validate::optional_text("note", input.note.as_deref(), 1000)?;
        let starts_on = berlin::parse_date("startsOn", input.starts_on.as_deref())?;
        // The limit protects other organisations from proposal mails. The coordination
        // team's entries are records that mail nobody, and it enters whole actor
        // analyses at once (the karate club alone has 78 ties).
        if user.role != Role::Admin {
            self.hit(crate::limits::PROPOSALS_PER_ACCOUNT, &user.id.to_string()).await?;
        }
        let txn = self.begin_write().await?;
        check_organisations(&txn, actor, "fromOrganisationId", &[from]).await?;
        check_organisations(&txn, actor, "toOrganisationId", &[to]).await?;
        let pair = Condition::any()
            .add(Condition::all().add(relation::Column::FromOrganisationId.eq(from)).add(relation::Column::ToOrganisationId.eq(to)))
            .add(Condition::all().add(relation::Column::FromOrganisationId.eq(to)).add(relation::Column::ToOrganisationId.eq(from)));
        let existing = relation::Entity::find()
            .filter(pair)
            .filter(relation::Column::Kind.eq(input.kind.as_str()))
            .filter(relation::Column::State.is_in(ACTIVE))
            .one(&txn)
            .await
            .internal()?;
        if existing.is_some() {
            return Err(DomainError::invalid("kind", Reason::AlreadyRelated));
        }
        let confirmed = policy::relation_confirmed_on_proposal(user.role, actor.is_member(to));
        let now = Utc::now();
        let id = Uuid::now_v7();
        relation::ActiveModel {
            id: Set(id),
            from_organisation_id: Set(from),
            to_organisation_id: Set(to),
            kind: Set(Stored(input.kind)),
            state: Set(Stored(if confirmed { RelationState::Confirmed } else { RelationState::Proposed })),
            note: Set(note),
            starts_on: Set(starts_on),
            ends_on: Set(None),
            proposed_by: Set(Some(user.id)),
            proposed_at: Set(now),
            responded_by: Set(confirmed.then_some(user.id)),
            responded_at: Set(confirmed.then_some(now)),
            ended_by: Set(None),
            ended_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        audit::record(
            &txn,
            Some(user.id),
            "propose_relation",
            "relation",
            id,
            json!({ "from": from, "to": to, "kind": input.kind.as_str(), "confirmed": confirmed }),
        )
        .await?;
        if !confirmed {
            self.notify_relation_proposed(&txn, from, to).await?;
        }
        txn.commit().await.internal()?;
        let found = load(self.db(), actor, id).await?;
        Ok(view(actor, found))
    }

    /// A member of the other side confirms or declines a proposal.
    pub async fn respond_to_relation(&self, actor: &Actor, id: Uuid, accept: bool) -> DomainResult<Relation> {
        let user = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, id).await?;
        actor.authorize(Operation::RespondForOrganisation, Some(found.to_organisation_id))?;
        if state_of(&found) != RelationState::Proposed {
            return Err(DomainError::invalid("accept", Reason::InvalidState));
        }
        let state = if accept { RelationState::Confirmed } else { RelationState::Declined };
        let also = vec![(relation::Column::RespondedBy, Expr::value(user.id)), (relation::Column::RespondedAt, Expr::value(Utc::now()))];
        change_state(&txn, &found, state, also).await?;
        audit::record(&txn, Some(user.id), "respond_to_relation", "relation", id, json!({ "state": state.as_str() })).await?;
        txn.commit().await.internal()?;
        let found = load(self.db(), actor, id).await?;
        Ok(view(actor, found))
    }

    /// Either side ends a confirmed relation or withdraws a proposal; it stays on
    /// record as ended (with the date), so the network's history is kept.
    pub async fn end_relation(&self, actor: &Actor, id: Uuid) -> DomainResult<Relation> {
        let user = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, id).await?;
        if !matches!(state_of(&found), RelationState::Proposed | RelationState::Confirmed) {
            return Err(DomainError::invalid("id", Reason::InvalidState));
        }
        actor.authorize_as(Operation::EndRelation, may_end(actor, &found))?;
        let ends_on = found.ends_on.unwrap_or_else(berlin::today);
        let also = vec![
            (relation::Column::EndedBy, Expr::value(user.id)),
            (relation::Column::EndedAt, Expr::value(Utc::now())),
            (relation::Column::EndsOn, Expr::value(ends_on)),
        ];
        change_state(&txn, &found, RelationState::Ended, also).await?;
        audit::record(&txn, Some(user.id), "end_relation", "relation", id, json!({ "was": found.state })).await?;
        txn.commit().await.internal()?;
        let found = load(self.db(), actor, id).await?;
        Ok(view(actor, found))
    }

    /// Tells the other side's representatives (into the outbox, in the caller's transaction).
    async fn notify_relation_proposed(&self, db: &impl ConnectionTrait, from: Uuid, to: Uuid) -> DomainResult<()> {
        let Some(proposer) = organisation::Entity::find_by_id(from).one(db).await.internal()? else { return Ok(()) };
        let Some(receiver) = organisation::Entity::find_by_id(to).one(db).await.internal()? else { return Ok(()) };
        let link = format!("{}/organisations/{}", self.settings().public_url.trim_end_matches('/'), receiver.slug);
        let addresses = representatives(db, to).await?;
        for address in addresses {
            crate::mail_texts::send(db, &address, Mail::RelationProposed, &[("name", &proposer.name), ("link", &link)]).await?;
        }
        Ok(())
    }
}
