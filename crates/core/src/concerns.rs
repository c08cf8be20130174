//! Concerns (Anliegen): a representative raises a concern of their organisation to the
//! district administration (public, for members of the platform, or for the
//! administration only); other organisations join it. Administration staff take it
//! on, answer and close it; the organisation can reopen it once, with a reason. Every
//! step is dated on its timeline and mailed to the organisations' representatives; a
//! concern without a first answer for 14 days is flagged by the daily task.
//!
//! A concern for the administration only is read by administration staff and the
//! representatives of the organisations that raised or joined it, nobody else: the
//! coordination team neither (lists, search, pages, sitemap, exports). The council's
//! figures count it without showing it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use migraup_domain::{
    ConcernStatus, ConcernStep, ConcernVisibility, DomainError, Operation, Reason, bounds, error::DomainResult, search, validate,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, Query},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{
        concerns::{concern, party, step},
        link_tables::concern_topic,
        stored::Stored,
    },
    errors::DbResultExt,
    link_tables::{group as group_by, known_topics, replace},
    mail_texts::{Mail, Recipient},
    recipients::{administration_staff, coordination_team, representatives},
};

/// Days without a first answer after which a concern is flagged.
pub const ANSWER_DAYS: i64 = 14;

/// The form a representative fills in.
#[derive(Clone, Debug, Default)]
pub struct ConcernInput {
    pub organisation_id: Uuid,
    pub subject: String,
    pub body: String,
    pub topic_ids: Vec<Uuid>,
    pub visibility: Option<ConcernVisibility>,
}

/// An organisation the concern concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    pub organisation_id: Uuid,
    pub name: String,
    pub slug: String,
    /// It raised the concern (the others joined).
    pub raised: bool,
}

/// A concern as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Concern {
    pub id: Uuid,
    pub subject: String,
    pub body: String,
    pub visibility: ConcernVisibility,
    pub status: ConcernStatus,
    /// The organisations that raised and joined it (those the actor may see).
    pub parties: Vec<Party>,
    pub topic_ids: Vec<Uuid>,
    /// The administration's person who took it on (named to signed-in people).
    pub assignee_name: Option<String>,
    pub first_answer_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub reopened: bool,
    /// Waiting for a first answer for 14 days or more.
    pub overdue: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Organisations the actor represents that may still join it.
    pub can_join_for: Vec<Uuid>,
    /// The actor is administration staff and may take on, answer and close it.
    pub can_answer: bool,
    /// The actor represents the organisation that raised it and may reopen it.
    pub can_reopen: bool,
}

/// One dated step of a concern: an answer carries its text, a reopening its reason.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcernStepView {
    pub kind: ConcernStep,
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub organisation_name: Option<String>,
    pub text: Option<String>,
}

/// Narrows the list.
#[derive(Clone, Debug, Default)]
pub struct ConcernFilter {
    pub statuses: Vec<ConcernStatus>,
    pub topic_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub search: Option<String>,
}

/// Whether the actor may read a concern of this visibility with these organisations.
pub(crate) fn can_view(actor: &Actor, visibility: ConcernVisibility, parties: &[Uuid]) -> bool {
    match visibility {
        ConcernVisibility::Public => true,
        ConcernVisibility::Members => actor.may_as(Operation::ViewMembersOnlyOrganisation, false),
        ConcernVisibility::Administration => {
            actor.may_as(Operation::ViewAdministrationConcern, parties.iter().any(|o| actor.is_member(*o)))
        }
    }
}

/// The same rule as a condition on `concerns`, for lists and search.
pub(crate) fn visible_condition(actor: &Actor) -> Condition {
    let mut any = Condition::any().add(concern::Column::Visibility.eq(ConcernVisibility::Public.as_str()));
    if actor.may_as(Operation::ViewMembersOnlyOrganisation, false) {
        any = any.add(concern::Column::Visibility.eq(ConcernVisibility::Members.as_str()));
    }
    if actor.may_as(Operation::ViewAdministrationConcern, false) {
        any = any.add(concern::Column::Visibility.eq(ConcernVisibility::Administration.as_str()));
    } else if actor.may_as(Operation::ViewAdministrationConcern, true) {
        let theirs = Query::select()
            .column(party::Column::ConcernId)
            .from(party::Entity)
            .and_where(party::Column::OrganisationId.is_in(actor.represented()))
            .to_owned();
        any = any.add(
            Condition::all()
                .add(concern::Column::Visibility.eq(ConcernVisibility::Administration.as_str()))
                .add(concern::Column::Id.in_subquery(theirs)),
        );
    }
    any
}

async fn parties_of(db: &impl ConnectionTrait, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<party::Model>>> {
    let rows = party::Entity::find()
        .filter(party::Column::ConcernId.is_in(ids.to_vec()))
        .order_by_desc(party::Column::Raised)
        .order_by_asc(party::Column::JoinedAt)
        .all(db)
        .await
        .internal()?;
    Ok(group_by(ids, rows.into_iter().map(|p| (p.concern_id, p))))
}

/// Loads a concern the actor may see, with its organisations (`NOT_FOUND` otherwise).
async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<(concern::Model, Vec<Uuid>)> {
    let found = concern::Entity::find_by_id(id).one(db).await.internal()?.ok_or_else(DomainError::not_found)?;
    let parties: Vec<Uuid> = parties_of(db, &[id]).await?.remove(&id).unwrap_or_default().into_iter().map(|p| p.organisation_id).collect();
    if !can_view(actor, found.visibility.0, &parties) {
        return Err(DomainError::not_found());
    }
    Ok((found, parties))
}

async fn add_step(
    db: &impl ConnectionTrait,
    concern_id: Uuid,
    kind: ConcernStep,
    by: Option<Uuid>,
    organisation_id: Option<Uuid>,
    text: Option<String>,
    at: DateTime<Utc>,
) -> DomainResult<()> {
    step::ActiveModel {
        id: Set(Uuid::now_v7()),
        concern_id: Set(concern_id),
        kind: Set(Stored(kind)),
        actor_id: Set(by),
        organisation_id: Set(organisation_id),
        note: Set(text),
        at: Set(at),
    }
    .insert(db)
    .await
    .internal()?;
    Ok(())
}

impl Core {
    async fn concern_views(&self, actor: &Actor, rows: Vec<concern::Model>, now: DateTime<Utc>) -> DomainResult<Vec<Concern>> {
        let db = self.db();
        let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
        let mut parties = parties_of(db, &ids).await?;
        let topics = concern_topic::Entity::find().filter(concern_topic::Column::ConcernId.is_in(ids.clone())).all(db).await.internal()?;
        let mut topics = group_by(&ids, topics.into_iter().map(|t| (t.concern_id, t.topic_id)));
        let org_ids: Vec<Uuid> = parties.values().flatten().map(|p| p.organisation_id).collect();
        let (orgs, people) = crate::group_roles::names(db, actor, org_ids, rows.iter().filter_map(|c| c.assignee_id)).await?;
        let mine = actor.represented();
        let answerer = actor.may_as(Operation::AnswerConcern, false);
        let mut out = Vec::new();
        for c in rows {
            let ps = parties.remove(&c.id).unwrap_or_default();
            let party_ids: Vec<Uuid> = ps.iter().map(|p| p.organisation_id).collect();
            if !can_view(actor, c.visibility.0, &party_ids) {
                continue;
            }
            let open = c.status.0 != ConcernStatus::Closed;
            let can_join_for = if open && actor.may_as(Operation::RaiseConcern, !mine.is_empty()) {
                mine.iter().copied().filter(|o| !party_ids.contains(o)).collect()
            } else {
                Vec::new()
            };
            let raiser = ps.iter().find(|p| p.raised).map(|p| p.organisation_id);
            let can_reopen = c.status.0 == ConcernStatus::Closed
                && !c.reopened
                && raiser.is_some_and(|r| actor.may_as(Operation::RaiseConcern, actor.is_member(r)));
            out.push(Concern {
                id: c.id,
                subject: c.title,
                body: c.body,
                visibility: c.visibility.0,
                status: c.status.0,
                parties: ps
                    .iter()
                    .filter_map(|p| {
                        orgs.get(&p.organisation_id).map(|(name, slug)| Party {
                            organisation_id: p.organisation_id,
                            name: name.clone(),
                            slug: slug.clone(),
                            raised: p.raised,
                        })
                    })
                    .collect(),
                topic_ids: topics.remove(&c.id).unwrap_or_default(),
                assignee_name: c.assignee_id.and_then(|a| people.get(&a).cloned()),
                first_answer_at: c.first_answer_at,
                closed_at: c.closed_at,
                reopened: c.reopened,
                overdue: c.first_answer_at.is_none() && open && now - c.created_at >= Duration::days(ANSWER_DAYS),
                version: c.version,
                created_at: c.created_at,
                updated_at: c.updated_at,
                can_join_for,
                can_answer: answerer && open,
                can_reopen,
            });
        }
        Ok(out)
    }

    /// The concerns the actor may see, newest first (at most `bounds::CONCERNS`).
    pub async fn concerns(&self, actor: &Actor, filter: &ConcernFilter) -> DomainResult<Vec<Concern>> {
        let mut query = concern::Entity::find().filter(visible_condition(actor));
        if !filter.statuses.is_empty() {
            query = query.filter(concern::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(t) = filter.topic_id {
            let on = Query::select()
                .column(concern_topic::Column::ConcernId)
                .from(concern_topic::Entity)
                .and_where(concern_topic::Column::TopicId.eq(t))
                .to_owned();
            query = query.filter(concern::Column::Id.in_subquery(on));
        }
        if let Some(o) = filter.organisation_id {
            let of = Query::select()
                .column(party::Column::ConcernId)
                .from(party::Entity)
                .and_where(party::Column::OrganisationId.eq(o))
                .to_owned();
            query = query.filter(concern::Column::Id.in_subquery(of));
        }
        if let Some(words) = filter.search.as_deref().map(search::fold).filter(|w| !w.trim().is_empty()) {
            let mut all = Condition::all();
            for word in words.split_whitespace().take(8) {
                all = all.add(concern::Column::SearchText.contains(word));
            }
            query = query.filter(all);
        }
        let rows = query.order_by_desc(concern::Column::Id).limit(bounds::CONCERNS).all(self.db()).await.internal()?;
        self.concern_views(actor, rows, Utc::now()).await
    }

    /// One concern; `None` when it does not exist or is hidden from the actor.
    pub async fn concern(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<Concern>> {
        let found = concern::Entity::find_by_id(id).one(self.db()).await.internal()?;
        Ok(match found {
            Some(c) => self.concern_views(actor, vec![c], Utc::now()).await?.pop(),
            None => None,
        })
    }

    async fn one_concern(&self, actor: &Actor, id: Uuid) -> DomainResult<Concern> {
        self.concern(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Raises a concern of an organisation the actor represents.
    pub async fn raise_concern(&self, actor: &Actor, input: ConcernInput) -> DomainResult<Concern> {
        self.raise_concern_at(actor, input, Utc::now()).await
    }

    /// [`Core::raise_concern`] at a given time (demo data, the council's figures in tests).
    pub async fn raise_concern_at(&self, actor: &Actor, input: ConcernInput, now: DateTime<Utc>) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        actor.authorize_as(Operation::RaiseConcern, actor.is_member(input.organisation_id))?;
        let subject = validate::line("subject", &input.subject, 3, 200)?;
        let body = validate::text("body", &input.body, 10, 8000)?;
        let visibility = input.visibility.unwrap_or(ConcernVisibility::Members);
        self.hit(crate::limits::CONCERNS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        let topic_ids = known_topics(&txn, "topicIds", &input.topic_ids).await?;
        let id = Uuid::now_v7();
        concern::ActiveModel {
            id: Set(id),
            title: Set(subject.clone()),
            body: Set(body.clone()),
            search_text: Set(search::fold(&format!("{subject} {body}"))),
            visibility: Set(Stored(visibility)),
            organisation_id: Set(input.organisation_id),
            raised_by: Set(Some(user.id)),
            status: Set(Stored(ConcernStatus::Open)),
            assignee_id: Set(None),
            first_answer_at: Set(None),
            closed_at: Set(None),
            reopened: Set(false),
            flagged_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        party::ActiveModel {
            concern_id: Set(id),
            organisation_id: Set(input.organisation_id),
            raised: Set(true),
            joined_by: Set(Some(user.id)),
            joined_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        replace::<concern_topic::Entity>(&txn, id, topic_ids).await?;
        add_step(&txn, id, ConcernStep::Raised, Some(user.id), Some(input.organisation_id), None, now).await?;
        audit::record(
            &txn,
            Some(user.id),
            "raise_concern",
            "concern",
            id,
            json!({ "organisation": input.organisation_id, "visibility": visibility.as_str() }),
        )
        .await?;
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    /// Another organisation joins ("this concerns us too"); the others are told.
    pub async fn join_concern(&self, actor: &Actor, id: Uuid, organisation_id: Uuid) -> DomainResult<Concern> {
        self.join_concern_at(actor, id, organisation_id, Utc::now()).await
    }

    /// [`Core::join_concern`] at a given time (demo data).
    pub async fn join_concern_at(&self, actor: &Actor, id: Uuid, organisation_id: Uuid, now: DateTime<Utc>) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        actor.authorize_as(Operation::RaiseConcern, actor.is_member(organisation_id))?;
        let txn = self.begin_write().await?;
        let (found, parties) = load(&txn, actor, id).await?;
        if found.status.0 == ConcernStatus::Closed {
            return Err(DomainError::invalid("id", Reason::InvalidState));
        }
        if parties.contains(&organisation_id) {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyTaken));
        }
        if parties.len() as u64 >= bounds::ORGANISATIONS_PER_CONCERN {
            return Err(DomainError::invalid("organisationId", Reason::TooManyItems { max: bounds::ORGANISATIONS_PER_CONCERN as usize }));
        }
        party::ActiveModel {
            concern_id: Set(id),
            organisation_id: Set(organisation_id),
            raised: Set(false),
            joined_by: Set(Some(user.id)),
            joined_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| crate::errors::unique_or_internal(e, "organisationId"))?;
        add_step(&txn, id, ConcernStep::Joined, Some(user.id), Some(organisation_id), None, now).await?;
        audit::record(&txn, Some(user.id), "join_concern", "concern", id, json!({ "organisation": organisation_id })).await?;
        let name = crate::entities::organisation::Entity::find_by_id(organisation_id).one(&txn).await.internal()?.map(|o| o.name);
        self.tell_parties(&txn, &found, &parties, ConcernStep::Joined, name.as_deref().unwrap_or_default()).await?;
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    /// Administration staff take a concern on: they become the named person for it.
    pub async fn take_concern(&self, actor: &Actor, id: Uuid, expected_version: i32) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::AnswerConcern, None)?;
        let txn = self.begin_write().await?;
        let (found, parties) = load(&txn, actor, id).await?;
        if found.status.0 == ConcernStatus::Closed {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let now = Utc::now();
        let status = if found.status.0 == ConcernStatus::Open { ConcernStatus::InProgress } else { found.status.0 };
        let also = vec![
            (concern::Column::AssigneeId, Expr::value(user.id)),
            (concern::Column::Status, Expr::value(status.as_str())),
            (concern::Column::UpdatedAt, Expr::value(now)),
        ];
        crate::versions::claim_with::<concern::Entity>(&txn, id, expected_version, also, None).await?;
        add_step(&txn, id, ConcernStep::Taken, Some(user.id), None, None, now).await?;
        audit::record(&txn, Some(user.id), "take_concern", "concern", id, json!({})).await?;
        let me = crate::entities::user::Entity::find_by_id(user.id).one(&txn).await.internal()?.map(|u| u.display_name);
        self.tell_parties(&txn, &found, &parties, ConcernStep::Taken, me.as_deref().unwrap_or_default()).await?;
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    /// Administration staff answer; the answer is read with the concern's visibility.
    pub async fn answer_concern(&self, actor: &Actor, id: Uuid, expected_version: i32, text: &str) -> DomainResult<Concern> {
        self.answer_concern_at(actor, id, expected_version, text, Utc::now()).await
    }

    /// [`Core::answer_concern`] at a given time.
    pub async fn answer_concern_at(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        text: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::AnswerConcern, None)?;
        let text = validate::text("text", text, 2, 8000)?;
        let txn = self.begin_write().await?;
        let (found, parties) = load(&txn, actor, id).await?;
        if found.status.0 == ConcernStatus::Closed {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let mut also =
            vec![(concern::Column::Status, Expr::value(ConcernStatus::Answered.as_str())), (concern::Column::UpdatedAt, Expr::value(now))];
        if found.first_answer_at.is_none() {
            also.push((concern::Column::FirstAnswerAt, Expr::value(now)));
        }
        if found.assignee_id.is_none() {
            also.push((concern::Column::AssigneeId, Expr::value(user.id)));
        }
        crate::versions::claim_with::<concern::Entity>(&txn, id, expected_version, also, None).await?;
        add_step(&txn, id, ConcernStep::Answered, Some(user.id), None, Some(text.clone()), now).await?;
        audit::record(&txn, Some(user.id), "answer_concern", "concern", id, json!({})).await?;
        self.tell_parties(&txn, &found, &parties, ConcernStep::Answered, &text).await?;
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    /// Administration staff close a concern, with an optional last word.
    pub async fn close_concern(&self, actor: &Actor, id: Uuid, expected_version: i32, note: Option<String>) -> DomainResult<Concern> {
        self.close_concern_at(actor, id, expected_version, note, Utc::now()).await
    }

    /// [`Core::close_concern`] at a given time.
    pub async fn close_concern_at(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        note: Option<String>,
        now: DateTime<Utc>,
    ) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::AnswerConcern, None)?;
        let note = validate::optional_text("note", note.as_deref(), 4000)?;
        let txn = self.begin_write().await?;
        let (found, parties) = load(&txn, actor, id).await?;
        if found.status.0 == ConcernStatus::Closed {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let also = vec![
            (concern::Column::Status, Expr::value(ConcernStatus::Closed.as_str())),
            (concern::Column::ClosedAt, Expr::value(now)),
            (concern::Column::UpdatedAt, Expr::value(now)),
        ];
        crate::versions::claim_with::<concern::Entity>(&txn, id, expected_version, also, None).await?;
        add_step(&txn, id, ConcernStep::Closed, Some(user.id), None, note.clone(), now).await?;
        audit::record(&txn, Some(user.id), "close_concern", "concern", id, json!({})).await?;
        self.tell_parties(&txn, &found, &parties, ConcernStep::Closed, note.as_deref().unwrap_or_default()).await?;
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    /// The organisation that raised it reopens a closed concern once, with a reason.
    pub async fn reopen_concern(&self, actor: &Actor, id: Uuid, expected_version: i32, reason: &str) -> DomainResult<Concern> {
        let user = actor.require_user()?.clone();
        let reason = validate::text("reason", reason, 2, 4000)?;
        let txn = self.begin_write().await?;
        let (found, parties) = load(&txn, actor, id).await?;
        actor.authorize_as(Operation::RaiseConcern, actor.is_member(found.organisation_id))?;
        if found.status.0 != ConcernStatus::Closed {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        if found.reopened {
            return Err(DomainError::invalid("reason", Reason::ReopenedOnce));
        }
        let now = Utc::now();
        let status = if found.first_answer_at.is_some() { ConcernStatus::InProgress } else { ConcernStatus::Open };
        let also = vec![
            (concern::Column::Status, Expr::value(status.as_str())),
            (concern::Column::Reopened, Expr::value(true)),
            (concern::Column::ClosedAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (concern::Column::UpdatedAt, Expr::value(now)),
        ];
        crate::versions::claim_with::<concern::Entity>(&txn, id, expected_version, also, None).await?;
        add_step(&txn, id, ConcernStep::Reopened, Some(user.id), Some(found.organisation_id), Some(reason.clone()), now).await?;
        audit::record(&txn, Some(user.id), "reopen_concern", "concern", id, json!({ "reason": reason })).await?;
        self.tell_parties(&txn, &found, &parties, ConcernStep::Reopened, &reason).await?;
        // The administration hears of it too: it is theirs to answer again.
        let link = self.concern_link(id);
        for to in administration_staff(&txn).await? {
            let step = migraup_domain::texts::text(to.lang, "concern_step_reopened");
            let values = [("subject", found.title.as_str()), ("step", step), ("text", reason.as_str()), ("link", link.as_str())];
            crate::mail_texts::send(&txn, &to, Mail::ConcernUpdate, &values).await?;
        }
        txn.commit().await.internal()?;
        self.one_concern(actor, id).await
    }

    fn concern_link(&self, id: Uuid) -> String {
        format!("{}/concerns/{}", self.settings().public_url.trim_end_matches('/'), id)
    }

    /// Mails a step to the representatives of every organisation of the concern, each
    /// address once, in their language.
    async fn tell_parties(
        &self,
        db: &impl ConnectionTrait,
        c: &concern::Model,
        parties: &[Uuid],
        kind: ConcernStep,
        text: &str,
    ) -> DomainResult<()> {
        let mut to: BTreeMap<String, Recipient> = BTreeMap::new();
        for o in parties {
            for r in representatives(db, *o).await? {
                to.insert(r.email.clone(), r);
            }
        }
        let link = self.concern_link(c.id);
        let key = match kind {
            ConcernStep::Joined => "concern_step_joined",
            ConcernStep::Taken => "concern_step_taken",
            ConcernStep::Answered => "concern_step_answered",
            ConcernStep::Closed => "concern_step_closed",
            ConcernStep::Reopened => "concern_step_reopened",
            ConcernStep::Raised | ConcernStep::Flagged => return Ok(()),
        };
        for r in to.values() {
            let step = migraup_domain::texts::text(r.lang, key);
            let values = [("subject", c.title.as_str()), ("step", step), ("text", text), ("link", link.as_str())];
            crate::mail_texts::send(db, r, Mail::ConcernUpdate, &values).await?;
        }
        Ok(())
    }

    /// The timelines of these concerns (the ones the actor may see), oldest step first.
    pub async fn concern_timelines(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<ConcernStepView>>> {
        let db = self.db();
        let rows = concern::Entity::find().filter(concern::Column::Id.is_in(ids.to_vec())).all(db).await.internal()?;
        let parties = parties_of(db, ids).await?;
        let visible: Vec<Uuid> = rows
            .iter()
            .filter(|c| {
                let p: Vec<Uuid> = parties.get(&c.id).into_iter().flatten().map(|p| p.organisation_id).collect();
                can_view(actor, c.visibility.0, &p)
            })
            .map(|c| c.id)
            .collect();
        let steps = step::Entity::find()
            .filter(step::Column::ConcernId.is_in(visible))
            .order_by_asc(step::Column::At)
            .order_by_asc(step::Column::Id)
            .limit(bounds::TIMELINE_STEPS * ids.len().max(1) as u64)
            .all(db)
            .await
            .internal()?;
        let (orgs, people) =
            crate::group_roles::names(db, actor, steps.iter().filter_map(|s| s.organisation_id), steps.iter().filter_map(|s| s.actor_id))
                .await?;
        let mut out: HashMap<Uuid, Vec<ConcernStepView>> = ids.iter().map(|i| (*i, Vec::new())).collect();
        for s in steps {
            out.entry(s.concern_id).or_default().push(ConcernStepView {
                kind: s.kind.0,
                at: s.at,
                actor_name: s.actor_id.and_then(|a| people.get(&a).cloned()),
                organisation_name: s.organisation_id.and_then(|o| orgs.get(&o).map(|(n, _)| n.clone())),
                text: s.note,
            });
        }
        Ok(out)
    }

    /// Ids of the public concerns with their last change, for the sitemap.
    pub async fn public_concern_ids(&self) -> DomainResult<Vec<(Uuid, DateTime<Utc>)>> {
        concern::Entity::find()
            .select_only()
            .column(concern::Column::Id)
            .column(concern::Column::UpdatedAt)
            .filter(concern::Column::Visibility.eq(ConcernVisibility::Public.as_str()))
            .order_by_desc(concern::Column::Id)
            .limit(bounds::CONCERNS)
            .into_tuple()
            .all(self.db())
            .await
            .internal()
    }

    /// The daily task: flags each concern without a first answer for 14 days, once, to
    /// the administration staff and the coordination team (who are not told the subject
    /// of a concern for the administration only). Each flag is claimed on the row first
    /// (a conditional update), so two servers never send it twice. Returns how many.
    pub async fn flag_unanswered_concerns_at(&self, now: DateTime<Utc>) -> DomainResult<u64> {
        let due = concern::Entity::find()
            .filter(concern::Column::FirstAnswerAt.is_null())
            .filter(concern::Column::FlaggedAt.is_null())
            .filter(concern::Column::Status.ne(ConcernStatus::Closed.as_str()))
            .filter(concern::Column::CreatedAt.lte(now - Duration::days(ANSWER_DAYS)))
            .order_by_asc(concern::Column::Id)
            .limit(bounds::WORK_LIST)
            .all(self.db())
            .await
            .internal()?;
        let mut flagged = 0;
        for c in due {
            let txn = self.begin_write().await?;
            let claimed = concern::Entity::update_many()
                .col_expr(concern::Column::FlaggedAt, Expr::value(now))
                .filter(concern::Column::Id.eq(c.id))
                .filter(concern::Column::FlaggedAt.is_null())
                .filter(concern::Column::FirstAnswerAt.is_null())
                .exec(&txn)
                .await
                .internal()?;
            if claimed.rows_affected != 1 {
                continue;
            }
            add_step(&txn, c.id, ConcernStep::Flagged, None, None, None, now).await?;
            audit::record(&txn, None, "flag_concern", "concern", c.id, json!({ "days": ANSWER_DAYS })).await?;
            let org = crate::entities::organisation::Entity::find_by_id(c.organisation_id).one(&txn).await.internal()?;
            let name = org.map(|o| o.name).unwrap_or_default();
            let link = self.concern_link(c.id);
            let days = (now - c.created_at).num_days().to_string();
            let hidden = c.visibility.0 == ConcernVisibility::Administration;
            let mut to: BTreeMap<String, (Recipient, bool)> = BTreeMap::new();
            for r in administration_staff(&txn).await? {
                to.insert(r.email.clone(), (r, true));
            }
            for r in coordination_team(&txn).await? {
                to.entry(r.email.clone()).or_insert((r, !hidden));
            }
            for (r, may_read) in to.values() {
                // Who raised a concern for the administration only is not told either.
                let (subject, from) = if *may_read {
                    (c.title.clone(), name.clone())
                } else {
                    (migraup_domain::texts::text(r.lang, "concern_hidden_subject").to_owned(), "—".to_owned())
                };
                let values = [("subject", subject.as_str()), ("name", from.as_str()), ("days", days.as_str()), ("link", link.as_str())];
                crate::mail_texts::send(&txn, r, Mail::ConcernUnanswered, &values).await?;
            }
            txn.commit().await.internal()?;
            flagged += 1;
        }
        Ok(flagged)
    }
}
