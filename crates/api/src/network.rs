//! Relations between organisations and the network overview.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use migraup_core::{
    network::NetworkFilter as CoreFilter,
    relations::{EdgeEnd, EdgeListImport, RelationInput as CoreInput},
};
use migraup_domain::{Lang, messages::reason_text};

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

/// One end of a line of an edge list: as written, and the organisation it names.
#[derive(SimpleObject)]
pub struct RelationImportEnd {
    pub text: String,
    pub organisation_id: Option<ID>,
    pub name: Option<String>,
}

impl From<EdgeEnd> for RelationImportEnd {
    fn from(end: EdgeEnd) -> Self {
        let (organisation_id, name) = end.organisation.map(|(id, name)| (ID(id.to_string()), name)).unzip();
        RelationImportEnd { text: end.text, organisation_id, name }
    }
}

/// Why a line cannot be recorded, at its column (`from`, `to`, `kind`, `startsOn`).
#[derive(SimpleObject)]
pub struct RelationImportError {
    pub field: String,
    pub message: String,
}

/// A line of an edge list as it would be recorded.
#[derive(SimpleObject)]
pub struct RelationImportRow {
    /// The line in the text (the header is line 1).
    pub line: i32,
    pub from: RelationImportEnd,
    pub to: RelationImportEnd,
    pub kind: Option<RelationKind>,
    /// Since when (`YYYY-MM-DD`).
    pub starts_on: Option<String>,
    /// Empty: the line is recorded.
    pub errors: Vec<RelationImportError>,
}

/// An edge list checked against the directory, and how many relations were recorded.
#[derive(SimpleObject)]
pub struct RelationImport {
    pub rows: Vec<RelationImportRow>,
    pub valid: i32,
    pub invalid: i32,
    /// 0 in a preview.
    pub recorded: i32,
}

fn relation_import(lang: Lang, i: EdgeListImport) -> RelationImport {
    RelationImport {
        valid: i.valid as i32,
        invalid: i.invalid as i32,
        recorded: i.recorded as i32,
        rows: i
            .rows
            .into_iter()
            .map(|r| RelationImportRow {
                line: r.line as i32,
                from: r.from.into(),
                to: r.to.into(),
                kind: r.kind.map(Into::into),
                starts_on: r.starts_on.map(|d| d.format("%Y-%m-%d").to_string()),
                errors: r
                    .errors
                    .into_iter()
                    .map(|e| RelationImportError { field: e.field.to_owned(), message: reason_text(&e.reason, lang) })
                    .collect(),
            })
            .collect(),
    }
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

    /// What recording an edge list would do (ADMIN): CSV with a header line, then per
    /// line two organisations (id, external id or name), the kind (empty: cooperation)
    /// and since when (`YYYY-MM-DD`, may be empty); at most 1,000 lines.
    async fn preview_relation_import(&self, ctx: &Context<'_>, csv: String) -> async_graphql::Result<RelationImport> {
        let found = core(ctx).preview_relation_import(actor(ctx), &csv).await.gql(ctx)?;
        Ok(relation_import(actor(ctx).lang, found))
    }

    /// Records the valid lines of an edge list as confirmed relations (ADMIN), all in
    /// one transaction; the other lines come back with their reasons.
    async fn commit_relation_import(&self, ctx: &Context<'_>, csv: String) -> async_graphql::Result<RelationImport> {
        let done = core(ctx).commit_relation_import(actor(ctx), &csv).await.gql(ctx)?;
        Ok(relation_import(actor(ctx).lang, done))
    }
}
