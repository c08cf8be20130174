//! The audit log: written in the same transaction as the change it records.

use chrono::Utc;
use migraup_domain::{Operation, error::DomainResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::{
    Actor, Core,
    entities::audit_log,
    errors::DbResultExt,
    paging::{Page, PageRequest, cursor},
    views::AuditEntry,
};

/// Records one change.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    actor: Option<Uuid>,
    action: &str,
    entity_type: &str,
    entity_id: impl ToString,
    changes: serde_json::Value,
) -> DomainResult<()> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_id: Set(actor),
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

impl Core {
    /// The audit log, newest first, optionally for one entity type (ADMIN only).
    pub async fn audit_log(&self, actor: &Actor, entity_type: Option<&str>, page: &PageRequest) -> DomainResult<Page<AuditEntry>> {
        actor.authorize(Operation::ReadAuditLog, None)?;
        let size = page.size()?;
        let mut query = audit_log::Entity::find();
        if let Some(t) = entity_type {
            query = query.filter(audit_log::Column::EntityType.eq(t));
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
        let items = rows
            .into_iter()
            .map(|m| {
                let c = cursor(&[&m.id.to_string()]);
                (
                    c,
                    AuditEntry {
                        id: m.id,
                        actor_id: m.actor_id,
                        action: m.action,
                        entity_type: m.entity_type,
                        entity_id: m.entity_id,
                        changes: m.changes,
                        created_at: m.created_at,
                    },
                )
            })
            .collect();
        Ok(Page { items, has_next_page, total_count })
    }
}
