//! The audit log (ADMIN).

use async_graphql::{Context, Object};
use migraup_core::paging::PageRequest;

use crate::{
    context::{actor, core},
    error::GqlResult,
    types::user::{AuditEntry, AuditEntryConnection},
};

/// Reading the audit log.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Who changed what, newest first (ADMIN); `entity` filters by type (e.g.
    /// "organisation"), `entityId` to one record's history.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The page size, 1 to 50; 20 when left out.")] first: Option<i32>,
        #[graphql(desc = "The cursor after which the page starts: `pageInfo.endCursor` of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only entries about this kind of record, as `AuditEntry.entityType` names it.")] entity: Option<String>,
        #[graphql(desc = "Only entries about this record, as in `AuditEntry.entityId` (mostly a UUID).")] entity_id: Option<String>,
    ) -> async_graphql::Result<AuditEntryConnection> {
        let page =
            core(ctx).audit_log(actor(ctx), entity.as_deref(), entity_id.as_deref(), &PageRequest { first, after }).await.gql(ctx)?;
        Ok(AuditEntryConnection::from_page(page, AuditEntry::from))
    }
}
