//! Relations between organisations and the network overview.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::{network::NetworkFilter as CoreFilter, relations::RelationInput as CoreInput};

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id, parse_ids},
    types::{
        OrganisationKind, RelationKind,
        network::{NetworkOverview, Relation},
    },
};

/// What the network overview is narrowed to; empty lists mean all.
#[derive(InputObject, Default)]
pub struct NetworkFilter {
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    #[graphql(default)]
    pub kinds: Vec<OrganisationKind>,
    /// Ties active from this day on (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Ties active until this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Only this organisation and its direct neighbours.
    pub organisation_id: Option<ID>,
}

/// A proposed relation from one of the caller's organisations to another.
#[derive(InputObject)]
pub struct RelationInput {
    pub from_organisation_id: ID,
    pub to_organisation_id: ID,
    pub kind: RelationKind,
    pub note: Option<String>,
    /// Since when (`YYYY-MM-DD`).
    pub starts_on: Option<String>,
}

/// Reading relations and the network.
#[derive(Default)]
pub struct NetworkQuery;

#[Object]
impl NetworkQuery {
    /// An organisation's relations as far as the caller may see them (signed-in only;
    /// proposals and declines only for the two sides).
    async fn relations(&self, ctx: &Context<'_>, organisation_id: ID) -> async_graphql::Result<Vec<Relation>> {
        let id = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(core(ctx).relations(actor(ctx), id).await.gql(ctx)?.into_iter().map(Relation).collect())
    }

    /// Proposals waiting for an answer from one of the caller's organisations.
    async fn my_relation_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Relation>> {
        Ok(core(ctx).my_relation_requests(actor(ctx)).await.gql(ctx)?.into_iter().map(Relation).collect())
    }

    /// The network: for the council, the administration and the coordination team the
    /// whole of it; for a representative their organisation's neighbourhood.
    async fn network_overview(&self, ctx: &Context<'_>, filter: Option<NetworkFilter>) -> async_graphql::Result<NetworkOverview> {
        let f = filter.unwrap_or_default();
        let filter = CoreFilter {
            topic_ids: parse_ids("topicIds", &f.topic_ids).gql(ctx)?,
            district_ids: parse_ids("districtIds", &f.district_ids).gql(ctx)?,
            kinds: f.kinds.into_iter().map(Into::into).collect(),
            from: f.from,
            to: f.to,
            organisation_id: f.organisation_id.map(|id| parse_id("organisationId", &id)).transpose().gql(ctx)?,
        };
        Ok(NetworkOverview(Arc::new(core(ctx).network_overview(actor(ctx), &filter).await.gql(ctx)?)))
    }
}

/// Proposing, answering and ending relations.
#[derive(Default)]
pub struct NetworkMutation;

#[Object]
impl NetworkMutation {
    /// Proposes a relation from the caller's organisation; a member of the other side
    /// confirms it. The coordination team's entries are confirmed at once.
    async fn propose_relation(&self, ctx: &Context<'_>, input: RelationInput) -> async_graphql::Result<Relation> {
        let input = CoreInput {
            from_organisation_id: parse_id("fromOrganisationId", &input.from_organisation_id).gql(ctx)?,
            to_organisation_id: parse_id("toOrganisationId", &input.to_organisation_id).gql(ctx)?,
            kind: input.kind.into(),
            note: input.note,
            starts_on: input.starts_on,
        };
        Ok(Relation(core(ctx).propose_relation(actor(ctx), input).await.gql(ctx)?))
    }

    /// Confirms or declines a proposal, for the organisation it was made to.
    async fn respond_to_relation(&self, ctx: &Context<'_>, id: ID, accept: bool) -> async_graphql::Result<Relation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Relation(core(ctx).respond_to_relation(actor(ctx), id, accept).await.gql(ctx)?))
    }

    /// Ends a relation (or withdraws a proposal); it stays on record as ended.
    async fn end_relation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Relation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Relation(core(ctx).end_relation(actor(ctx), id).await.gql(ctx)?))
    }
}
