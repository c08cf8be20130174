//! People comment on ideas: plain text, editable by its author for 15 minutes, removable
//! by the coordination team with a reason that is kept (the comment's place stays, with
//! the reason). Comments name people, so only signed-in people read them.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use migraup_domain::{DomainError, IdeaStatus, Operation, Reason, bounds, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use super::load;
use crate::{Actor, Core, audit, entities::ideas::comment, errors::DbResultExt};

/// How long the author may edit a comment.
pub const EDIT_MINUTES: i64 = 15;

/// A comment as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: Uuid,
    pub idea_id: Uuid,
    pub author_name: Option<String>,
    /// `None` once removed.
    pub body: Option<String>,
    pub removed_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub can_edit: bool,
    pub can_remove: bool,
}

fn editable(actor: &Actor, c: &comment::Model, now: DateTime<Utc>) -> bool {
    c.removed_at.is_none()
        && c.author_id.is_some()
        && c.author_id == actor.user_id()
        && now - c.created_at < Duration::minutes(EDIT_MINUTES)
}

impl Core {
    /// The comments of these ideas, oldest first: empty for anonymous visitors.
    pub async fn comments_of(&self, actor: &Actor, idea_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Comment>>> {
        let mut out: HashMap<Uuid, Vec<Comment>> = idea_ids.iter().map(|i| (*i, Vec::new())).collect();
        if !actor.may_as(Operation::CommentIdea, false) {
            return Ok(out);
        }
        let rows = comment::Entity::find()
            .filter(comment::Column::IdeaId.is_in(idea_ids.to_vec()))
            .order_by_asc(comment::Column::Id)
            .limit(bounds::COMMENTS_PER_IDEA * idea_ids.len().max(1) as u64)
            .all(self.db())
            .await
            .internal()?;
        let (_, people) = crate::group_roles::names(self.db(), actor, [], rows.iter().filter_map(|c| c.author_id)).await?;
        let now = Utc::now();
        for c in rows {
            let view = Comment {
                id: c.id,
                idea_id: c.idea_id,
                author_name: c.author_id.and_then(|a| people.get(&a).cloned()),
                body: c.removed_at.is_none().then(|| c.body.clone()),
                removed_reason: c.removed_reason.clone(),
                created_at: c.created_at,
                edited: c.updated_at > c.created_at,
                can_edit: editable(actor, &c, now),
                can_remove: c.removed_at.is_none() && actor.may_as(Operation::ModerateComments, false),
            };
            out.entry(c.idea_id).or_default().push(view);
        }
        Ok(out)
    }

    async fn one_comment(&self, actor: &Actor, idea_id: Uuid, id: Uuid) -> DomainResult<Comment> {
        let list = self.comments_of(actor, &[idea_id]).await?.remove(&idea_id).unwrap_or_default();
        list.into_iter().find(|c| c.id == id).ok_or_else(DomainError::internal)
    }

    /// Comments on an idea that is still open.
    pub async fn comment_on_idea(&self, actor: &Actor, idea_id: Uuid, body: &str) -> DomainResult<Comment> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::CommentIdea, None)?;
        let body = validate::text("body", body, 1, 4000)?;
        self.hit(crate::limits::COMMENTS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        let found = load(&txn, actor, idea_id).await?;
        if matches!(found.status.0, IdeaStatus::Done | IdeaStatus::NotPursued) {
            return Err(DomainError::invalid("ideaId", Reason::InvalidState));
        }
        let count = comment::Entity::find().filter(comment::Column::IdeaId.eq(idea_id)).count(&txn).await.internal()?;
        if count >= bounds::COMMENTS_PER_IDEA {
            return Err(DomainError::invalid("body", Reason::TooManyItems { max: bounds::COMMENTS_PER_IDEA as usize }));
        }
        let now = Utc::now();
        let id = Uuid::now_v7();
        comment::ActiveModel {
            id: Set(id),
            idea_id: Set(idea_id),
            author_id: Set(Some(user.id)),
            body: Set(body),
            created_at: Set(now),
            updated_at: Set(now),
            removed_at: Set(None),
            removed_by: Set(None),
            removed_reason: Set(None),
        }
        .insert(&txn)
        .await
        .internal()?;
        audit::record(&txn, Some(user.id), "comment_idea", "idea", idea_id, json!({ "comment": id })).await?;
        txn.commit().await.internal()?;
        self.one_comment(actor, idea_id, id).await
    }

    /// The author edits their comment within 15 minutes (`EDIT_WINDOW_CLOSED` after).
    pub async fn edit_comment(&self, actor: &Actor, id: Uuid, body: &str) -> DomainResult<Comment> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::CommentIdea, None)?;
        let body = validate::text("body", body, 1, 4000)?;
        let txn = self.begin_write().await?;
        let found = comment::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        load(&txn, actor, found.idea_id).await?;
        if found.author_id != Some(user.id) || found.removed_at.is_some() {
            return Err(DomainError::forbidden());
        }
        if !editable(actor, &found, Utc::now()) {
            return Err(DomainError::invalid("body", Reason::EditWindowClosed));
        }
        let idea_id = found.idea_id;
        let mut model: comment::ActiveModel = found.into();
        model.body = Set(body);
        model.updated_at = Set(Utc::now());
        model.update(&txn).await.internal()?;
        audit::record(&txn, Some(user.id), "edit_comment", "idea", idea_id, json!({ "comment": id })).await?;
        txn.commit().await.internal()?;
        self.one_comment(actor, idea_id, id).await
    }

    /// The coordination team removes a comment; the reason stays in its place.
    pub async fn remove_comment(&self, actor: &Actor, id: Uuid, reason: &str) -> DomainResult<Comment> {
        actor.authorize(Operation::ModerateComments, None)?;
        let reason = validate::line("reason", reason, 2, 500)?;
        let txn = self.begin_write().await?;
        let found = comment::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if found.removed_at.is_some() {
            return Err(DomainError::invalid("id", Reason::InvalidState));
        }
        let idea_id = found.idea_id;
        let removed_text = found.body.clone();
        let mut model: comment::ActiveModel = found.into();
        model.removed_at = Set(Some(Utc::now()));
        model.removed_by = Set(actor.user_id());
        model.removed_reason = Set(Some(reason.clone()));
        model.update(&txn).await.internal()?;
        // The audit log keeps what was removed, for a later question about it.
        audit::record(&txn, actor, "remove_comment", "idea", idea_id, json!({ "comment": id, "reason": reason, "text": removed_text }))
            .await?;
        txn.commit().await.internal()?;
        self.one_comment(actor, idea_id, id).await
    }
}
