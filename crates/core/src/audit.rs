//! The audit log: written in the same transaction as the change it records.

use std::collections::HashMap;

use chrono::Utc;
use migraup_domain::{Lang, Operation, error::DomainResult, texts};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::{
    Actor, Core,
    entities::{audit_log, event, offering, organisation, project, user},
    errors::DbResultExt,
    paging::{Page, PageRequest, cursor},
    views::AuditEntry,
};

/// Who made a change: a person (none: the system), and the integration token they
/// made if a program acted for them.
pub(crate) struct Author {
    user: Option<Uuid>,
    token: Option<String>,
}

impl From<Option<Uuid>> for Author {
    fn from(user: Option<Uuid>) -> Self {
        Author { user, token: None }
    }
}

impl From<&Actor> for Author {
    fn from(actor: &Actor) -> Self {
        Author { user: actor.user_id(), token: actor.token.as_ref().map(|t| t.name.clone()) }
    }
}

/// Records one change.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    by: impl Into<Author>,
    action: &str,
    entity_type: &str,
    entity_id: impl ToString,
    changes: serde_json::Value,
) -> DomainResult<()> {
    let by = by.into();
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_id: Set(by.user),
        via_token: Set(by.token),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id.to_string()),
        changes: Set(changes),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .internal()?;
    Ok(())
}

/// What the log shows of one page: people's and records' names now, by id.
#[derive(Default)]
struct Names {
    people: HashMap<Uuid, String>,
    records: HashMap<(String, Uuid), String>,
}

impl Names {
    /// Reads the names of a page's people and records: one statement per kind of
    /// record, however long the page.
    async fn of(db: &impl ConnectionTrait, rows: &[audit_log::Model]) -> DomainResult<Names> {
        let ids =
            |kind: &str| -> Vec<Uuid> { rows.iter().filter(|r| r.entity_type == kind).filter_map(|r| r.entity_id.parse().ok()).collect() };
        let mut people: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
        people.extend(ids("user"));
        let people: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(people))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let mut records: HashMap<(String, Uuid), String> = HashMap::new();
        for (id, name) in organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids("organisation")))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|o| (o.id, o.name))
        {
            records.insert(("organisation".into(), id), name);
        }
        for (id, name) in event::Entity::find()
            .filter(event::Column::Id.is_in(ids("event")))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|e| (e.id, e.title))
        {
            records.insert(("event".into(), id), name);
        }
        for (id, name) in project::Entity::find()
            .filter(project::Column::Id.is_in(ids("project")))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|p| (p.id, p.title))
        {
            records.insert(("project".into(), id), name);
        }
        for (id, name) in offering::Entity::find()
            .filter(offering::Column::Id.is_in(ids("offering")))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|o| (o.id, o.title))
        {
            records.insert(("offering".into(), id), name);
        }
        for (id, name) in crate::entities::working_group::group::Entity::find()
            .filter(crate::entities::working_group::group::Column::Id.is_in(ids("working_group")))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|g| (g.id, g.name))
        {
            records.insert(("working_group".into(), id), name);
        }
        for id in ids("user") {
            if let Some(name) = people.get(&id) {
                records.insert(("user".into(), id), name.clone());
            }
        }
        Ok(Names { people, records })
    }

    fn entry(&self, lang: Lang, m: audit_log::Model) -> AuditEntry {
        let label = |key: String, fallback: &str| texts::lookup(lang, &key).map_or_else(|| fallback.replace('_', " "), str::to_owned);
        let entity_name = m.entity_id.parse().ok().and_then(|id| self.records.get(&(m.entity_type.clone(), id))).cloned();
        AuditEntry {
            id: m.id,
            actor_id: m.actor_id,
            actor_name: m.actor_id.and_then(|id| self.people.get(&id)).cloned(),
            action_label: label(format!("audit_{}", m.action), &m.action),
            action: m.action,
            entity_label: label(format!("audit_entity_{}", m.entity_type), &m.entity_type),
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            entity_name,
            changes: m.changes,
            created_at: m.created_at,
            via_token: m.via_token,
        }
    }
}

impl Core {
    /// The audit log, newest first, optionally for one kind of record or one record
    /// (its history, reachable from the record itself); ADMIN only. Each entry names
    /// who acted and the record as they are called now, and says what happened in the
    /// reader's language.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        entity_type: Option<&str>,
        entity_id: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<AuditEntry>> {
        actor.authorize(Operation::ReadAuditLog, None)?;
        let size = page.size()?;
        let mut query = audit_log::Entity::find();
        if let Some(t) = entity_type {
            query = query.filter(audit_log::Column::EntityType.eq(t));
        }
        if let Some(id) = entity_id {
            query = query.filter(audit_log::Column::EntityId.eq(id));
        }
        let total_count = sea_orm::PaginatorTrait::count(query.clone(), self.db()).await.internal()?;
        if let Some(key) = page.after_key()? {
            let id: Uuid = key
                .first()
                .and_then(|k| k.parse().ok())
                .ok_or_else(|| migraup_domain::DomainError::invalid("after", migraup_domain::Reason::InvalidToken))?;
            query = query.filter(audit_log::Column::Id.lt(id));
        }
        let mut rows = query.order_by_desc(audit_log::Column::Id).limit(size + 1).all(self.db()).await.internal()?;
        let has_next_page = rows.len() as u64 > size;
        rows.truncate(size as usize);
        let names = Names::of(self.db(), &rows).await?;
        let items = rows
            .into_iter()
            .map(|m| {
                let c = cursor(&[&m.id.to_string()]);
                (c, names.entry(actor.lang, m))
            })
            .collect();
        Ok(Page { items, has_next_page, has_previous_page: page.after.is_some(), total_count })
    }
}
