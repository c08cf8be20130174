//! Prefetching: a page of organisations or events asks the DataLoaders for everything
//! its nodes will need, one batch per field, before the nodes are resolved. Kept apart
//! from `loaders` (what a batch is) and `context` (what a request holds), which both
//! stand on their own.

use migraup_core::DomainError;
use uuid::Uuid;

use crate::loaders::{
    EventLanguages, EventOrganisers, EventSeats, EventTopics, MyRegistration, OfferingCount, OrgById, OrgContacts, OrgLanguages,
    OrgOfferings, OrgTargetGroups, OrgTopics,
};

/// Loads, in one batch per field, what a page of organisations asks for, so that the
/// per-node resolvers find it in the cache. Batching by timing alone is not reliable:
/// nodes resolved a moment later would start a second batch.
pub(crate) async fn organisations(
    ctx: &async_graphql::Context<'_>,
    node: async_graphql::Lookahead<'_>,
    ids: &[Uuid],
) -> Result<(), DomainError> {
    if ids.is_empty() {
        return Ok(());
    }
    let request = crate::context::request(ctx);
    let batch = &request.loaders.batch;
    let each = || ids.iter().copied();
    if node.field("topics").exists() {
        batch.load_many(each().map(OrgTopics)).await?;
    }
    if node.field("languages").exists() {
        batch.load_many(each().map(OrgLanguages)).await?;
    }
    if node.field("targetGroups").exists() {
        batch.load_many(each().map(OrgTargetGroups)).await?;
    }
    if node.field("offeringCount").exists() {
        batch.load_many(each().map(OfferingCount)).await?;
    }
    if node.field("offerings").exists() {
        batch.load_many(each().map(OrgOfferings)).await?;
    }
    if node.field("contactPersons").exists() {
        batch.load_many(each().map(OrgContacts)).await?;
    }
    if ["topics", "languages", "targetGroups", "district"].iter().any(|f| node.field(f).exists()) {
        request.loaders.taxonomy().await?;
    }
    Ok(())
}

/// The same for a page of events.
pub(crate) async fn events(ctx: &async_graphql::Context<'_>, node: async_graphql::Lookahead<'_>, ids: &[Uuid]) -> Result<(), DomainError> {
    if ids.is_empty() {
        return Ok(());
    }
    let request = crate::context::request(ctx);
    let batch = &request.loaders.batch;
    let each = || ids.iter().copied();
    if node.field("organisers").exists() {
        let organisers = batch.load_many(each().map(EventOrganisers)).await?;
        // The organisations behind them, in one batch too (otherwise the nodes
        // resolved after the first batch went out would start batches of their own).
        if node.field("organisers").field("organisation").exists() {
            let ids: std::collections::BTreeSet<Uuid> = organisers.values().flatten().map(|p| p.organisation_id).collect();
            batch.load_many(ids.into_iter().map(OrgById)).await?;
        }
    }
    if node.field("topics").exists() {
        batch.load_many(each().map(EventTopics)).await?;
    }
    if node.field("languages").exists() {
        batch.load_many(each().map(EventLanguages)).await?;
    }
    if node.field("registeredCount").exists() || node.field("waitlistCount").exists() {
        batch.load_many(each().map(EventSeats)).await?;
    }
    if node.field("myRegistration").exists() {
        batch.load_many(each().map(MyRegistration)).await?;
    }
    if ["topics", "languages", "district"].iter().any(|f| node.field(f).exists()) {
        request.loaders.taxonomy().await?;
    }
    Ok(())
}
