//! Agreed actions (Vereinbarungen): what a meeting agreed, who takes care of it (a
//! person or an organisation of the group), by when, and where it stands. The person
//! responsible, or the organisation's representatives, are reminded a week before the
//! due date and once when it passed (the daily task; each reminder is claimed for its
//! due date, so it is never sent twice). An action can become a project.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use migraup_domain::{ActionStatus, DomainError, Operation, ProjectStatus, Reason, Role, bounds, error::DomainResult, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{load, load_managed};
use crate::{
    Actor, Core, audit, berlin,
    entities::{
        event,
        stored::Stored,
        user,
        working_group::{action, attendance, group},
    },
    errors::DbResultExt,
    mail_texts::{Mail, Recipient},
    projects::ProjectInput,
    recipients::representatives,
    views::Project,
};

/// An agreed action as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreedAction {
    pub id: Uuid,
    pub group_id: Uuid,
    pub group_name: String,
    pub group_slug: String,
    pub event_id: Uuid,
    pub title: String,
    /// The person responsible (named to signed-in people only).
    pub owner_person_id: Option<Uuid>,
    pub owner_person_name: Option<String>,
    pub owner_organisation_id: Option<Uuid>,
    pub owner_organisation_name: Option<String>,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub drop_reason: Option<String>,
    pub project_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// The actor may mark it done or dropped.
    pub can_update: bool,
    /// The actor may make a project of it (a representative of the organisation responsible).
    pub can_make_project: bool,
}

/// What a meeting agreed: what, who (exactly one of the two), by when (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default)]
pub struct ActionInput {
    pub title: String,
    pub owner_person_id: Option<Uuid>,
    pub owner_organisation_id: Option<Uuid>,
    pub due_on: String,
}

/// Whether the actor is the one responsible: the person, or a representative of the organisation.
fn responsible(actor: &Actor, a: &action::Model) -> bool {
    let person = a.owner_user_id.is_some() && a.owner_user_id == actor.user_id();
    let for_organisation = a.owner_organisation_id.is_some_and(|o| actor.is_member(o) && actor.role() == Some(Role::MoRepresentative));
    person || for_organisation
}

impl Core {
    async fn action_views(&self, actor: &Actor, rows: Vec<action::Model>) -> DomainResult<Vec<AgreedAction>> {
        let db = self.db();
        let group_ids: Vec<Uuid> = rows.iter().map(|a| a.group_id).collect();
        let groups: HashMap<Uuid, group::Model> = group::Entity::find()
            .filter(group::Column::Id.is_in(group_ids.clone()))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|g| (g.id, g))
            .collect();
        let standing = super::standings(db, actor, &group_ids).await?;
        let owners = rows.iter().filter_map(|a| a.owner_organisation_id);
        let (orgs, people) = crate::group_roles::names(db, actor, owners, rows.iter().filter_map(|a| a.owner_user_id)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|a| {
                let g = groups.get(&a.group_id).filter(|g| super::can_view(actor, g.visibility.0))?;
                let coordinator = standing.get(&a.group_id).is_some_and(|s| s.coordinator);
                let open = a.status.0 == ActionStatus::Open;
                let can_update = open && actor.may_as(Operation::UpdateAgreedAction, coordinator || responsible(actor, &a));
                let can_make_project = a.project_id.is_none()
                    && a.owner_organisation_id.is_some_and(|o| actor.may_as(Operation::CreateProject, actor.is_member(o)));
                Some(AgreedAction {
                    id: a.id,
                    group_id: g.id,
                    group_name: g.name.clone(),
                    group_slug: g.slug.clone(),
                    event_id: a.event_id,
                    title: a.title,
                    owner_person_name: a.owner_user_id.and_then(|u| people.get(&u).cloned()),
                    owner_person_id: a.owner_user_id.filter(|u| people.contains_key(u)),
                    owner_organisation_name: a.owner_organisation_id.and_then(|o| orgs.get(&o).map(|(name, _)| name.clone())),
                    owner_organisation_id: a.owner_organisation_id,
                    due_on: a.due_on,
                    status: a.status.0,
                    drop_reason: a.drop_reason,
                    project_id: a.project_id,
                    version: a.version,
                    created_at: a.created_at,
                    can_update,
                    can_make_project,
                })
            })
            .collect())
    }

    async fn one_action(&self, actor: &Actor, id: Uuid) -> DomainResult<AgreedAction> {
        let found = action::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        self.action_views(actor, vec![found]).await?.pop().ok_or_else(DomainError::not_found)
    }

    /// Records what a meeting agreed; the group's coordinators only. The one responsible
    /// must be a member of the group, the due date today or later.
    pub async fn record_action(&self, actor: &Actor, event_id: Uuid, input: ActionInput) -> DomainResult<AgreedAction> {
        let title = validate::line("title", &input.title, 3, 300)?;
        let due_on = berlin::parse_date("dueOn", Some(&input.due_on))?.ok_or_else(|| DomainError::invalid("dueOn", Reason::Required))?;
        if due_on < berlin::today() {
            return Err(DomainError::invalid("dueOn", Reason::DateInPast));
        }
        let (owner_person, owner_organisation) = match (input.owner_person_id, input.owner_organisation_id) {
            (None, None) => return Err(DomainError::invalid("owner", Reason::Required)),
            (Some(_), Some(_)) => return Err(DomainError::invalid("owner", Reason::InvalidState)),
            pair => pair,
        };
        let txn = self.begin_write().await?;
        let (meeting, _, _) = crate::events::load(&txn, actor, event_id).await?;
        let group_id = meeting.group_id.ok_or_else(|| DomainError::invalid("eventId", Reason::InvalidState))?;
        let (g, _) = load_managed(&txn, actor, group_id).await?;
        let members = super::members::active(&txn, &[g.id]).await?;
        let is_member = members.iter().any(|m| {
            (owner_person.is_some() && m.user_id == owner_person)
                || (owner_organisation.is_some() && m.organisation_id == owner_organisation)
        });
        if !is_member {
            return Err(DomainError::invalid("owner", Reason::UnknownId));
        }
        let count = action::Entity::find().filter(action::Column::GroupId.eq(g.id)).count(&txn).await.internal()?;
        if count >= bounds::ACTIONS_PER_GROUP {
            return Err(DomainError::invalid("title", Reason::TooManyItems { max: bounds::ACTIONS_PER_GROUP as usize }));
        }
        let now = Utc::now();
        let id = Uuid::now_v7();
        action::ActiveModel {
            id: Set(id),
            group_id: Set(g.id),
            event_id: Set(event_id),
            title: Set(title.clone()),
            owner_user_id: Set(owner_person),
            owner_organisation_id: Set(owner_organisation),
            due_on: Set(due_on),
            status: Set(Stored(ActionStatus::Open)),
            drop_reason: Set(None),
            project_id: Set(None),
            reminded_before_for: Set(None),
            reminded_after_for: Set(None),
            created_by: Set(actor.user_id()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        audit::record(&txn, actor, "record_action", "working_group", g.id, json!({ "action": id, "title": title, "due": due_on })).await?;
        txn.commit().await.internal()?;
        self.one_action(actor, id).await
    }

    /// Marks an open action done, or dropped with a reason: the one responsible or the
    /// group's coordinators; `CONFLICT` when someone changed it in between.
    pub async fn set_action_status(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        status: ActionStatus,
        reason: Option<String>,
    ) -> DomainResult<AgreedAction> {
        let reason = match status {
            ActionStatus::Dropped => Some(validate::line("reason", reason.as_deref().unwrap_or_default(), 2, 1000)?),
            ActionStatus::Done => None,
            ActionStatus::Open => return Err(DomainError::invalid("status", Reason::InvalidState)),
        };
        let txn = self.begin_write().await?;
        let found = action::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let (_, standing) = load(&txn, actor, found.group_id).await?;
        actor.authorize_as(Operation::UpdateAgreedAction, standing.coordinator || responsible(actor, &found))?;
        if found.status.0 != ActionStatus::Open {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let also = vec![
            (action::Column::Status, Expr::value(status.as_str())),
            (action::Column::DropReason, Expr::value(reason.clone())),
            (action::Column::UpdatedAt, Expr::value(Utc::now())),
        ];
        crate::versions::claim_with::<action::Entity>(&txn, id, expected_version, also, None).await?;
        audit::record(
            &txn,
            actor,
            "set_action_status",
            "working_group",
            found.group_id,
            json!({ "action": id, "status": [ActionStatus::Open.as_str(), status.as_str()], "reason": reason }),
        )
        .await?;
        txn.commit().await.internal()?;
        self.one_action(actor, id).await
    }

    /// Makes a project of an action an organisation is responsible for: that
    /// organisation leads, the other organisations at the meeting are invited as
    /// partners, and the action links to the project (one transaction).
    pub async fn action_to_project(&self, actor: &Actor, id: Uuid) -> DomainResult<Project> {
        let user = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let found = action::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let (g, _) = load(&txn, actor, found.group_id).await?;
        let lead = found.owner_organisation_id.ok_or_else(|| DomainError::invalid("owner", Reason::InvalidState))?;
        actor.authorize_as(Operation::CreateProject, actor.is_member(lead))?;
        if found.project_id.is_some() {
            return Err(DomainError::invalid("projectId", Reason::AlreadyTaken));
        }
        let mut partners: Vec<Uuid> = attendance::Entity::find()
            .filter(attendance::Column::EventId.eq(found.event_id))
            .all(&txn)
            .await
            .internal()?
            .into_iter()
            .filter_map(|a| a.organisation_id)
            .filter(|o| *o != lead)
            .collect();
        partners.sort();
        partners.dedup();
        partners.truncate(bounds::PARTNERS_PER_PROJECT as usize);
        let meeting = event::Entity::find_by_id(found.event_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let input = ProjectInput {
            title: found.title.clone(),
            description: Some(format!("{} · {} ({})", g.name, meeting.title, berlin::local(meeting.starts_at).format("%Y-%m-%d"))),
            status: Some(ProjectStatus::Planned),
            ..Default::default()
        };
        let project_id = self.insert_project(&txn, actor, user.id, lead, &partners, &input).await?;
        let also = vec![(action::Column::ProjectId, Expr::value(project_id)), (action::Column::UpdatedAt, Expr::value(Utc::now()))];
        crate::versions::claim_with::<action::Entity>(&txn, id, found.version, also, None).await?;
        audit::record(&txn, Some(user.id), "action_to_project", "working_group", g.id, json!({ "action": id, "project": project_id }))
            .await?;
        txn.commit().await.internal()?;
        self.project(actor, project_id).await?.ok_or_else(DomainError::internal)
    }

    /// The agreed actions of a group (open ones first, by due date).
    pub async fn group_actions(&self, actor: &Actor, group_id: Uuid) -> DomainResult<Vec<AgreedAction>> {
        load(self.db(), actor, group_id).await?;
        Ok(self.actions_of_groups(actor, &[group_id]).await?.remove(&group_id).unwrap_or_default())
    }

    /// The agreed actions of each of these groups (open ones first, by due date), in a
    /// fixed number of statements however many groups.
    pub async fn actions_of_groups(&self, actor: &Actor, group_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<AgreedAction>>> {
        let rows = action::Entity::find()
            .filter(action::Column::GroupId.is_in(group_ids.to_vec()))
            .order_by_asc(action::Column::DueOn)
            .limit(bounds::ACTIONS_PER_GROUP * group_ids.len().max(1) as u64)
            .all(self.db())
            .await
            .internal()?;
        let mut out: HashMap<Uuid, Vec<AgreedAction>> = group_ids.iter().map(|g| (*g, Vec::new())).collect();
        // `action_views` leaves out the actions of groups hidden from the actor.
        for a in self.action_views(actor, rows).await? {
            out.entry(a.group_id).or_default().push(a);
        }
        for list in out.values_mut() {
            list.sort_by_key(|a| (a.status != ActionStatus::Open, a.due_on));
        }
        Ok(out)
    }

    /// The open actions the actor is responsible for (as a person or for an organisation).
    pub async fn my_actions(&self, actor: &Actor) -> DomainResult<Vec<AgreedAction>> {
        let Some(user) = actor.user.as_ref().filter(|_| !actor.is_provisional()) else { return Ok(Vec::new()) };
        let mut whose = Condition::any().add(action::Column::OwnerUserId.eq(user.id));
        if user.role == Role::MoRepresentative {
            whose = whose.add(action::Column::OwnerOrganisationId.is_in(user.organisations.clone()));
        }
        let rows = action::Entity::find()
            .filter(whose)
            .filter(action::Column::Status.eq(ActionStatus::Open.as_str()))
            .order_by_asc(action::Column::DueOn)
            .limit(bounds::ACTIONS_PER_GROUP)
            .all(self.db())
            .await
            .internal()?;
        self.action_views(actor, rows).await
    }

    /// The action a project was made from, if any.
    pub async fn project_action(&self, actor: &Actor, project_id: Uuid) -> DomainResult<Option<AgreedAction>> {
        let found = action::Entity::find().filter(action::Column::ProjectId.eq(project_id)).one(self.db()).await.internal()?;
        match found {
            Some(a) => Ok(self.action_views(actor, vec![a]).await?.pop()),
            None => Ok(None),
        }
    }

    /// The daily task: reminds the ones responsible of open actions due in a week, and
    /// once of those past due. Each reminder claims its due date on the action first (a
    /// conditional update), so two servers or two runs never send it twice; a new due
    /// date is reminded anew. Returns how many actions were reminded.
    pub async fn send_action_reminders_at(&self, now: DateTime<Utc>) -> DomainResult<u64> {
        let today = berlin::local(now).date_naive();
        let soon = today + Duration::days(7);
        let due = action::Entity::find()
            .filter(action::Column::Status.eq(ActionStatus::Open.as_str()))
            .filter(action::Column::DueOn.lte(soon))
            .order_by_asc(action::Column::Id)
            .limit(bounds::WORK_LIST)
            .all(self.db())
            .await
            .internal()?;
        let mut sent = 0;
        for a in due {
            let overdue = a.due_on < today;
            let (column, mail) = if overdue {
                (action::Column::RemindedAfterFor, Mail::ActionOverdue)
            } else {
                (action::Column::RemindedBeforeFor, Mail::ActionDueSoon)
            };
            let already = if overdue { a.reminded_after_for } else { a.reminded_before_for };
            if already == Some(a.due_on) {
                continue;
            }
            let txn = self.begin_write().await?;
            let claimed = action::Entity::update_many()
                .col_expr(column, Expr::value(a.due_on))
                .filter(action::Column::Id.eq(a.id))
                .filter(action::Column::Status.eq(ActionStatus::Open.as_str()))
                .filter(Condition::any().add(column.is_null()).add(column.ne(a.due_on)))
                .exec(&txn)
                .await
                .internal()?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let Some(g) = group::Entity::find_by_id(a.group_id).one(&txn).await.internal()? else { continue };
            let link = format!("{}/groups/{}", self.settings().public_url.trim_end_matches('/'), g.slug);
            for to in self.action_owners(&txn, &a).await? {
                let due_text = a.due_on.format(migraup_domain::texts::text(to.lang, "date")).to_string();
                let values = [("group", g.name.as_str()), ("title", a.title.as_str()), ("due", due_text.as_str()), ("link", link.as_str())];
                crate::mail_texts::send(&txn, &to, mail, &values).await?;
            }
            txn.commit().await.internal()?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Who is reminded of an action: the person, or the organisation's representatives.
    async fn action_owners(&self, db: &impl ConnectionTrait, a: &action::Model) -> DomainResult<Vec<Recipient>> {
        if let Some(o) = a.owner_organisation_id {
            return representatives(db, o).await;
        }
        let person = user::Entity::find_by_id(a.owner_user_id.unwrap_or_default()).one(db).await.internal()?;
        Ok(person.iter().filter(|u| u.status.0 == migraup_domain::UserStatus::Active).map(Into::into).collect())
    }
}
