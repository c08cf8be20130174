//! An idea's way: proposed → under discussion (in a working group or a meeting) →
//! adopted as a measure (owner, due date, resources) → under way (a project made from
//! it, the supporting organisations invited as partners) → done; or not pursued, with
//! a reason the proposer and the supporters are told by e-mail in their language. The
//! coordination team and the administration move it; every step is dated and audited.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, IdeaStatus, Operation, ProjectStatus, Reason, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

use super::{Idea, load};
use crate::{
    Actor, Core, audit, berlin,
    entities::{
        ideas::{idea, step, support},
        stored::Stored,
        user,
    },
    errors::DbResultExt,
    mail_texts::{Mail, Recipient},
    projects::ProjectInput,
    recipients::representatives,
    views::Project,
};

/// What a step needs: a note for any step; the working group for a discussion; owner,
/// due date (`YYYY-MM-DD`) and resources for a measure; a reason for not pursuing it.
#[derive(Clone, Debug, Default)]
pub struct MoveInput {
    pub note: Option<String>,
    pub group_id: Option<Uuid>,
    pub owner_organisation_id: Option<Uuid>,
    pub due_on: Option<String>,
    pub resources: Option<String>,
    pub reason: Option<String>,
}

/// One dated step of an idea's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct IdeaStep {
    pub status: IdeaStatus,
    pub at: DateTime<Utc>,
    /// Who moved it (named to signed-in people only).
    pub actor_name: Option<String>,
    pub note: Option<String>,
}

/// Writes one timeline row in the caller's transaction.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    idea_id: Uuid,
    status: IdeaStatus,
    by: Option<Uuid>,
    note: Option<String>,
    at: DateTime<Utc>,
) -> DomainResult<()> {
    step::ActiveModel {
        id: Set(Uuid::now_v7()),
        idea_id: Set(idea_id),
        status: Set(Stored(status)),
        actor_id: Set(by),
        note: Set(note),
        at: Set(at),
    }
    .insert(db)
    .await
    .internal()?;
    Ok(())
}

impl Core {
    /// Moves an idea to `to`; `CONFLICT` when someone moved it in between.
    pub async fn move_idea(&self, actor: &Actor, id: Uuid, expected_version: i32, to: IdeaStatus, input: MoveInput) -> DomainResult<Idea> {
        self.move_idea_at(actor, id, expected_version, to, input, Utc::now()).await
    }

    /// [`Core::move_idea`] at a given time (the demo data and the council's figures).
    pub async fn move_idea_at(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        to: IdeaStatus,
        input: MoveInput,
        now: DateTime<Utc>,
    ) -> DomainResult<Idea> {
        actor.authorize(Operation::MoveIdea, None)?;
        let note = validate::optional_text("note", input.note.as_deref(), 2000)?;
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, id).await?;
        let mut also = vec![(idea::Column::Status, Expr::value(to.as_str())), (idea::Column::UpdatedAt, Expr::value(now))];
        let mut step_note = note.clone();
        match to {
            IdeaStatus::UnderDiscussion => {
                if let Some(g) = input.group_id {
                    crate::groups::load(&txn, actor, g).await.map_err(|_| DomainError::invalid("groupId", Reason::UnknownId))?;
                    also.push((idea::Column::GroupId, Expr::value(g)));
                }
            }
            IdeaStatus::Adopted => {
                let owner = input.owner_organisation_id.ok_or_else(|| DomainError::invalid("ownerOrganisationId", Reason::Required))?;
                crate::visibility::check_organisations(&txn, actor, "ownerOrganisationId", &[owner]).await?;
                let due =
                    berlin::parse_date("dueOn", input.due_on.as_deref())?.ok_or_else(|| DomainError::invalid("dueOn", Reason::Required))?;
                if due < berlin::local(now).date_naive() {
                    return Err(DomainError::invalid("dueOn", Reason::DateInPast));
                }
                let resources = validate::optional_text("resources", input.resources.as_deref(), 2000)?;
                also.push((idea::Column::OwnerOrganisationId, Expr::value(owner)));
                also.push((idea::Column::DueOn, Expr::value(due)));
                also.push((idea::Column::Resources, Expr::value(resources)));
            }
            IdeaStatus::NotPursued => {
                let reason = validate::text("reason", input.reason.as_deref().unwrap_or_default(), 2, 2000)?;
                also.push((idea::Column::StatusReason, Expr::value(reason.clone())));
                step_note = Some(reason);
            }
            _ => {}
        }
        // The version first: someone who moved it in between is a CONFLICT, not a wrong step.
        crate::versions::claim_with::<idea::Entity>(&txn, id, expected_version, also, None).await?;
        if !found.status.0.can_move_to(to) {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        record(&txn, id, to, actor.user_id(), step_note.clone(), now).await?;
        audit::record(&txn, actor, "move_idea", "idea", id, json!({ "status": [found.status.0.as_str(), to.as_str()], "note": step_note }))
            .await?;
        if to == IdeaStatus::NotPursued {
            let link = format!("{}/ideas/{}", self.settings().public_url.trim_end_matches('/'), id);
            let reason = step_note.unwrap_or_default();
            for to in self.idea_people(&txn, &found).await? {
                crate::mail_texts::send(&txn, &to, Mail::IdeaNotPursued, &[("title", &found.title), ("reason", &reason), ("link", &link)])
                    .await?;
            }
        }
        txn.commit().await.internal()?;
        self.idea(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Who hears of an idea's end: the proposer and the supporting organisations'
    /// representatives, each address once.
    async fn idea_people(&self, db: &impl ConnectionTrait, i: &idea::Model) -> DomainResult<Vec<Recipient>> {
        let mut out: BTreeMap<String, Recipient> = BTreeMap::new();
        if let Some(p) = i.proposed_by {
            let person = user::Entity::find_by_id(p).one(db).await.internal()?;
            for u in person.iter().filter(|u| u.status.0 == migraup_domain::UserStatus::Active) {
                let r: Recipient = u.into();
                out.insert(r.email.clone(), r);
            }
        }
        let supporters = support::Entity::find().filter(support::Column::IdeaId.eq(i.id)).all(db).await.internal()?;
        for s in supporters {
            for r in representatives(db, s.organisation_id).await? {
                out.insert(r.email.clone(), r);
            }
        }
        Ok(out.into_values().collect())
    }

    /// Makes the project of an adopted measure: its owner leads, the supporting
    /// organisations are invited as partners; the idea is then under way (one transaction).
    pub async fn idea_to_project(&self, actor: &Actor, id: Uuid, expected_version: i32) -> DomainResult<Project> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::MoveIdea, None)?;
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, id).await?;
        if found.status.0 != IdeaStatus::Adopted || found.project_id.is_some() {
            return Err(DomainError::invalid("status", Reason::InvalidState));
        }
        let lead = found.owner_organisation_id.ok_or_else(|| DomainError::invalid("ownerOrganisationId", Reason::Required))?;
        let mut partners: Vec<Uuid> = support::Entity::find()
            .filter(support::Column::IdeaId.eq(id))
            .all(&txn)
            .await
            .internal()?
            .into_iter()
            .map(|s| s.organisation_id)
            .filter(|o| *o != lead)
            .collect();
        partners.sort();
        partners.truncate(migraup_domain::bounds::PARTNERS_PER_PROJECT as usize);
        // Partners the actor cannot see (unverified since) are left out, not refused.
        let visible = crate::entities::organisation::Entity::find()
            .filter(crate::entities::organisation::Column::Id.is_in(partners.clone()))
            .all(&txn)
            .await
            .internal()?;
        partners.retain(|p| visible.iter().any(|o| o.id == *p && crate::visibility::can_view(actor, o)));
        let input = ProjectInput {
            title: found.title.clone(),
            description: found.description.clone(),
            status: Some(ProjectStatus::Planned),
            ..Default::default()
        };
        let project_id = self.insert_project(&txn, actor, user.id, lead, &partners, &input).await?;
        let now = Utc::now();
        let also = vec![
            (idea::Column::ProjectId, Expr::value(project_id)),
            (idea::Column::Status, Expr::value(IdeaStatus::UnderWay.as_str())),
            (idea::Column::UpdatedAt, Expr::value(now)),
        ];
        crate::versions::claim_with::<idea::Entity>(&txn, id, expected_version, also, None).await?;
        record(&txn, id, IdeaStatus::UnderWay, Some(user.id), None, now).await?;
        audit::record(&txn, Some(user.id), "idea_to_project", "idea", id, json!({ "project": project_id, "partners": partners })).await?;
        txn.commit().await.internal()?;
        self.project(actor, project_id).await?.ok_or_else(DomainError::internal)
    }

    /// The timelines of these ideas (the ones the actor may see), oldest step first.
    pub async fn idea_timelines(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<IdeaStep>>> {
        let visible: Vec<Uuid> = idea::Entity::find()
            .filter(idea::Column::Id.is_in(ids.to_vec()))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .filter(|i| super::can_view(actor, i.visibility.0))
            .map(|i| i.id)
            .collect();
        let rows = super::timeline_rows(self.db(), &visible).await?;
        let (_, people) = crate::group_roles::names(self.db(), actor, [], rows.iter().filter_map(|s| s.actor_id)).await?;
        let mut out: HashMap<Uuid, Vec<IdeaStep>> = ids.iter().map(|i| (*i, Vec::new())).collect();
        for s in rows {
            out.entry(s.idea_id).or_default().push(IdeaStep {
                status: s.status.0,
                at: s.at,
                actor_name: s.actor_id.and_then(|a| people.get(&a).cloned()),
                note: s.note,
            });
        }
        Ok(out)
    }

    /// The idea a project was made from, if any (for the project's page).
    pub async fn project_idea(&self, actor: &Actor, project_id: Uuid) -> DomainResult<Option<Idea>> {
        let found = idea::Entity::find().filter(idea::Column::ProjectId.eq(project_id)).one(self.db()).await.internal()?;
        Ok(match found {
            Some(i) => self.idea_views(actor, vec![i]).await?.pop(),
            None => None,
        })
    }
}
