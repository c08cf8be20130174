//! Shared projects: the longer-lived cooperation of a lead organisation with
//! partners (invited, then confirmed or declined like co-organisers of events).

use crate::entities::stored::Stored;
use std::collections::HashMap;

use chrono::Utc;
use migraup_domain::{DomainError, Operation, ParticipationState, ProjectStatus, Reason, Visibility, error::DomainResult, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

use crate::mail_texts::Mail;
use crate::{
    Actor, Core, audit,
    berlin::parse_date as date,
    entities::{link_tables::project_topic, participation::project_partner, project},
    errors::DbResultExt,
    link_tables::{group, known_topics},
    paging::{Page, PageRequest, cursor},
    participation::partners,
    recipients::representatives,
    views::{Participation, Project},
    visibility::check_organisations,
};

/// The project form: the whole project each time. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, Default)]
pub struct ProjectInput {
    pub title: String,
    pub description: Option<String>,
    pub status: Option<ProjectStatus>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub funding: Option<String>,
    pub outcomes: Option<String>,
    pub visibility: Option<Visibility>,
    pub topic_ids: Vec<Uuid>,
}

/// What a project list is filtered by.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    pub statuses: Vec<ProjectStatus>,
    /// Projects an organisation leads or is a confirmed partner of.
    pub organisation_id: Option<Uuid>,
    pub topic_ids: Vec<Uuid>,
}

impl ProjectInput {
    fn apply(&self, m: &mut project::ActiveModel) -> DomainResult<()> {
        let starts_on = date("startsOn", self.starts_on.as_deref())?;
        let ends_on = date("endsOn", self.ends_on.as_deref())?;
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            return Err(DomainError::invalid("endsOn", Reason::EndBeforeStart));
        }
        m.title = Set(validate::name("title", &self.title, 3, 200)?);
        m.description = Set(validate::optional_text("description", self.description.as_deref(), 5000)?);
        m.status = Set(Stored(self.status.unwrap_or(ProjectStatus::Planned)));
        m.starts_on = Set(starts_on);
        m.ends_on = Set(ends_on);
        m.funding = Set(validate::optional_text("funding", self.funding.as_deref(), 2000)?);
        m.outcomes = Set(validate::optional_text("outcomes", self.outcomes.as_deref(), 5000)?);
        m.visibility = Set(Stored(self.visibility.unwrap_or(Visibility::Public)));
        Ok(())
    }
}

/// Whether the actor is a member of the lead or of a confirmed partner.
fn is_planner(actor: &Actor, m: &project::Model, partners: &[project_partner::Model]) -> bool {
    actor.is_member(m.lead_organisation_id)
        || partners.iter().any(|p| p.state.0 == ParticipationState::Confirmed && actor.is_member(p.organisation_id))
}

fn can_view(actor: &Actor, m: &project::Model) -> bool {
    m.visibility.0 == Visibility::Public || actor.role().is_some()
}

/// [`can_view`] for the projects among `ids`, as a subquery for the batch functions.
fn visible_among(actor: &Actor, ids: &[Uuid]) -> sea_orm::sea_query::SelectStatement {
    let mut cond = sea_orm::Condition::all().add(project::Column::Id.is_in(ids.to_vec()));
    if actor.role().is_none() {
        cond = cond.add(project::Column::Visibility.eq(Visibility::Public.as_str()));
    }
    Query::select().column(project::Column::Id).from(project::Entity).cond_where(cond).to_owned()
}

fn view(actor: &Actor, m: project::Model, partners: &[project_partner::Model]) -> Project {
    let can_manage = actor.may_as(Operation::ManageProject, is_planner(actor, &m, partners));
    Project {
        id: m.id,
        title: m.title,
        description: m.description,
        lead_organisation_id: m.lead_organisation_id,
        status: m.status.0,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        funding: m.funding,
        outcomes: m.outcomes,
        visibility: m.visibility.0,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        can_manage,
    }
}

async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<(project::Model, Vec<project_partner::Model>)> {
    let found =
        project::Entity::find_by_id(id).one(db).await.internal()?.filter(|m| can_view(actor, m)).ok_or_else(DomainError::not_found)?;
    let partners = project_partner::Entity::find().filter(project_partner::Column::ProjectId.eq(id)).all(db).await.internal()?;
    Ok((found, partners))
}

/// `FORBIDDEN` unless the actor plans project `id` (an event is attached to it, say);
/// a project the actor cannot see answers as unknown.
pub(crate) async fn authorize_planning(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<()> {
    let (found, partners) = load(db, actor, id).await.map_err(|_| DomainError::invalid("projectId", Reason::UnknownId))?;
    actor.authorize_as(Operation::ManageProject, is_planner(actor, &found, &partners))
}

async fn replace_topics(db: &impl ConnectionTrait, id: Uuid, topics: &[Uuid]) -> DomainResult<()> {
    let topics = known_topics(db, "topicIds", topics).await?;
    crate::link_tables::replace::<project_topic::Entity>(db, id, topics).await?;
    Ok(())
}

impl Core {
    /// One project, `None` when it does not exist or the actor may not see it.
    pub async fn project(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<Project>> {
        match load(self.db(), actor, id).await {
            Ok((m, partners)) => Ok(Some(view(actor, m, &partners))),
            Err(e) if e.code == migraup_domain::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Projects, newest first, paged by cursor.
    pub async fn projects(&self, actor: &Actor, filter: &ProjectFilter, page: &PageRequest) -> DomainResult<Page<Project>> {
        let size = page.size()?;
        let mut cond = Condition::all();
        if actor.role().is_none() {
            cond = cond.add(project::Column::Visibility.eq(Visibility::Public.as_str()));
        }
        if !filter.statuses.is_empty() {
            cond = cond.add(project::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(org) = filter.organisation_id {
            let partner_of = Query::select()
                .column(project_partner::Column::ProjectId)
                .from(project_partner::Entity)
                .cond_where(
                    Condition::all()
                        .add(project_partner::Column::OrganisationId.eq(org))
                        .add(project_partner::Column::State.eq(ParticipationState::Confirmed.as_str())),
                )
                .to_owned();
            cond = cond
                .add(Condition::any().add(project::Column::LeadOrganisationId.eq(org)).add(project::Column::Id.in_subquery(partner_of)));
        }
        if !filter.topic_ids.is_empty() {
            let with_topic = Query::select()
                .column(project_topic::Column::ProjectId)
                .from(project_topic::Entity)
                .cond_where(Condition::all().add(project_topic::Column::TopicId.is_in(filter.topic_ids.clone())))
                .to_owned();
            cond = cond.add(project::Column::Id.in_subquery(with_topic));
        }
        let total_count = project::Entity::find().filter(cond.clone()).count(self.db()).await.internal()?;
        let mut query = project::Entity::find().filter(cond);
        if let Some(key) = page.after_key()? {
            let id = key.first().and_then(|i| i.parse::<Uuid>().ok()).ok_or_else(|| DomainError::invalid("after", Reason::InvalidToken))?;
            query = query.filter(project::Column::Id.lt(id));
        }
        let mut rows = query.order_by_desc(project::Column::Id).limit(size + 1).all(self.db()).await.internal()?;
        let has_next_page = rows.len() as u64 > size;
        rows.truncate(size as usize);
        let partners = project_partner::Entity::find()
            .filter(project_partner::Column::ProjectId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()))
            .all(self.db())
            .await
            .internal()?;
        let items = rows
            .into_iter()
            .map(|m| {
                let mine: Vec<_> = partners.iter().filter(|p| p.project_id == m.id).cloned().collect();
                (cursor(&[&m.id.to_string()]), view(actor, m, &mine))
            })
            .collect();
        Ok(Page { items, has_next_page, has_previous_page: page.after.is_some(), total_count })
    }

    /// Starts a project led by an organisation; partners are invited (one's own confirm at once).
    pub async fn create_project(&self, actor: &Actor, lead: Uuid, partners: &[Uuid], input: ProjectInput) -> DomainResult<Project> {
        let user = actor.require_user()?.clone();
        actor.authorize_as(Operation::CreateProject, actor.is_member(lead))?;
        let mut partners: Vec<Uuid> = partners.iter().copied().filter(|p| *p != lead).collect();
        partners.sort();
        partners.dedup();
        if partners.len() as u64 > migraup_domain::bounds::PARTNERS_PER_PROJECT {
            return Err(DomainError::invalid(
                "partnerIds",
                Reason::TooManyItems { max: migraup_domain::bounds::PARTNERS_PER_PROJECT as usize },
            ));
        }
        let txn = self.begin_write().await?;
        let id = self.insert_project(&txn, actor, user.id, lead, &partners, &input).await?;
        txn.commit().await.internal()?;
        self.project(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Writes a new project and invites its partners, in the caller's transaction (the
    /// caller asked the policy and bounded the partners).
    pub(crate) async fn insert_project(
        &self,
        txn: &impl ConnectionTrait,
        actor: &Actor,
        user_id: Uuid,
        lead: Uuid,
        partners: &[Uuid],
        input: &ProjectInput,
    ) -> DomainResult<Uuid> {
        check_organisations(txn, actor, "leadOrganisationId", &[lead]).await?;
        check_organisations(txn, actor, "partnerIds", partners).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut model = project::ActiveModel {
            id: Set(id),
            lead_organisation_id: Set(lead),
            created_by: Set(Some(user_id)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        input.apply(&mut model)?;
        model.insert(txn).await.internal()?;
        replace_topics(txn, id, &input.topic_ids).await?;
        for p in partners {
            let state = if actor.is_member(*p) { ParticipationState::Confirmed } else { ParticipationState::Invited };
            partners::insert(txn, id, *p, state, user_id).await?;
        }
        audit::record(
            txn,
            Some(user_id),
            "create_project",
            "project",
            id,
            json!({ "title": input.title, "lead": lead, "partners": partners }),
        )
        .await?;
        self.notify_invited_partners(txn, id, &partners.iter().copied().filter(|p| !actor.is_member(*p)).collect::<Vec<_>>()).await?;
        Ok(id)
    }

    /// Saves the project form; `CONFLICT` when someone saved in between.
    pub async fn update_project(&self, actor: &Actor, id: Uuid, expected_version: i32, input: ProjectInput) -> DomainResult<Project> {
        let txn = self.begin_write().await?;
        let (found, partners) = load(&txn, actor, id).await?;
        actor.authorize_as(Operation::ManageProject, is_planner(actor, &found, &partners))?;
        crate::versions::claim::<project::Entity>(&txn, id, expected_version).await?;
        let mut model: project::ActiveModel = found.clone().into();
        input.apply(&mut model)?;
        model.version = Set(crate::versions::next(expected_version));
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await.internal()?;
        replace_topics(&txn, id, &input.topic_ids).await?;
        let changes = json!({ "title": [found.title, updated.title], "status": [found.status, updated.status] });
        audit::record(&txn, actor, "update_project", "project", id, changes).await?;
        txn.commit().await.internal()?;
        self.project(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Invites a partner organisation.
    pub async fn invite_project_partner(&self, actor: &Actor, project_id: Uuid, organisation_id: Uuid) -> DomainResult<Project> {
        let by = actor.require_user()?.id;
        self.hit(crate::limits::PROPOSALS_PER_ACCOUNT, &by.to_string()).await?;
        let txn = self.begin_write().await?;
        let (found, partners) = load(&txn, actor, project_id).await?;
        actor.authorize_as(Operation::ManageProject, is_planner(actor, &found, &partners))?;
        check_organisations(&txn, actor, "organisationId", &[organisation_id]).await?;
        if organisation_id == found.lead_organisation_id {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyInvited));
        }
        let own = actor.is_member(organisation_id);
        let state = if own { ParticipationState::Confirmed } else { ParticipationState::Invited };
        partners::invite(&txn, &partners, project_id, organisation_id, state, by).await?;
        audit::record(&txn, Some(by), "invite_project_partner", "project", project_id, json!({ "organisationId": organisation_id }))
            .await?;
        if !own {
            self.notify_invited_partners(&txn, project_id, &[organisation_id]).await?;
        }
        txn.commit().await.internal()?;
        self.project(actor, project_id).await?.ok_or_else(DomainError::internal)
    }

    /// A member of an invited organisation confirms or declines the partnership.
    pub async fn respond_to_partner_invitation(
        &self,
        actor: &Actor,
        project_id: Uuid,
        organisation_id: Uuid,
        accept: bool,
    ) -> DomainResult<Project> {
        actor.authorize_as(Operation::RespondForOrganisation, actor.is_member(organisation_id))?;
        let txn = self.begin_write().await?;
        let (found, partners) = load(&txn, actor, project_id).await?;
        let row = partners
            .into_iter()
            .find(|p| p.organisation_id == organisation_id)
            .ok_or_else(|| DomainError::invalid("organisationId", Reason::UnknownId))?;
        let state = partners::answer(&txn, row, accept, actor.user_id()).await?;
        audit::record(
            &txn,
            actor,
            "respond_to_partner_invitation",
            "project",
            project_id,
            json!({ "organisationId": organisation_id, "state": state.as_str() }),
        )
        .await?;
        txn.commit().await.internal()?;
        let partners =
            project_partner::Entity::find().filter(project_partner::Column::ProjectId.eq(project_id)).all(self.db()).await.internal()?;
        Ok(view(actor, found, &partners))
    }

    /// The actor's inbox: projects their organisations are invited to join as
    /// partners, with the invited organisation, oldest invitation first.
    pub async fn partner_invitations(&self, actor: &Actor) -> DomainResult<Vec<(Project, Uuid)>> {
        let Some(user) = actor.user.as_ref() else { return Ok(Vec::new()) };
        let rows = project_partner::Entity::find()
            .filter(project_partner::Column::OrganisationId.is_in(user.organisations.clone()))
            .filter(project_partner::Column::State.eq(ParticipationState::Invited.as_str()))
            .order_by_asc(project_partner::Column::InvitedAt)
            .limit(migraup_domain::bounds::INBOX_ITEMS)
            .all(self.db())
            .await
            .internal()?;
        let mut out = Vec::new();
        for row in rows {
            if let Some(p) = self.project(actor, row.project_id).await? {
                out.push((p, row.organisation_id));
            }
        }
        Ok(out)
    }

    /// Partners of the projects of a batch the actor may see.
    pub async fn project_partners(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Participation>>> {
        let rows = project_partner::Entity::find()
            .filter(project_partner::Column::ProjectId.in_subquery(visible_among(actor, ids)))
            .order_by_asc(project_partner::Column::InvitedAt)
            .all(self.db())
            .await
            .internal()?;
        Ok(group(ids, rows.into_iter().map(|r| (r.project_id, partners::view(r)))))
    }

    /// Topic ids of the projects of a batch the actor may see.
    pub async fn project_topic_ids(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = project_topic::Entity::find()
            .filter(project_topic::Column::ProjectId.in_subquery(visible_among(actor, ids)))
            .all(self.db())
            .await
            .internal()?;
        Ok(group(ids, rows.into_iter().map(|r| (r.project_id, r.topic_id))))
    }

    /// Tells invited partners' representatives (into the outbox, in the caller's transaction).
    async fn notify_invited_partners(&self, db: &impl ConnectionTrait, project_id: Uuid, organisation_ids: &[Uuid]) -> DomainResult<()> {
        let Some(found) = project::Entity::find_by_id(project_id).one(db).await.internal()? else { return Ok(()) };
        let link = format!("{}/projects/{}", self.settings().public_url.trim_end_matches('/'), project_id);
        for organisation_id in organisation_ids {
            let to = representatives(db, *organisation_id).await?;
            for address in to {
                crate::mail_texts::send(db, &address, Mail::PartnerInvitation, &[("title", &found.title), ("link", &link)]).await?;
            }
        }
        Ok(())
    }
}
