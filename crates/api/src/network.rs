//! Relations between organisations and the network overview.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use migraup_core::{
    network::NetworkFilter as CoreFilter,
    region::{MapRequest, Measure},
    relations::{EdgeEnd, EdgeListImport, RelationInput as CoreInput},
    snapshots,
};
use migraup_domain::{Lang, messages::reason_text};

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id, parse_ids},
    types::{
        OrganisationKind, RelationKind,
        network::{NetworkOverview, RegionMap, Relation},
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

    /// The monthly snapshots of the network's key figures, newest first (council,
    /// administration, coordination team).
    async fn network_snapshots(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NetworkSnapshot>> {
        Ok(core(ctx).network_snapshots(actor(ctx)).await.gql(ctx)?.into_iter().map(NetworkSnapshot::from).collect())
    }

    /// What changed between the snapshot of month `from` (`YYYY-MM`) and that of `to`,
    /// or today when `to` is left out.
    async fn network_change(&self, ctx: &Context<'_>, from: String, to: Option<String>) -> async_graphql::Result<NetworkChange> {
        Ok(NetworkChange(core(ctx).network_change(actor(ctx), &from, to.as_deref()).await.gql(ctx)?))
    }
}

/// One month's snapshot.
#[derive(SimpleObject)]
pub struct NetworkSnapshot {
    /// `YYYY-MM`: the month whose end it records.
    pub month: String,
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub organisations: i32,
    pub ties: i32,
    pub events: i32,
    pub offerings: i32,
    pub gaps: i32,
}

impl From<snapshots::Snapshot> for NetworkSnapshot {
    fn from(s: snapshots::Snapshot) -> Self {
        let f = &s.figures;
        NetworkSnapshot {
            organisations: f.organisations.len() as i32,
            ties: f.ties.len() as i32,
            events: f.events as i32,
            offerings: f.offerings as i32,
            gaps: f.gaps.len() as i32,
            month: s.month,
            taken_at: s.taken_at,
        }
    }
}

/// A figure at two dates.
#[derive(SimpleObject)]
pub struct ChangePair {
    pub before: f64,
    pub after: f64,
}

impl From<snapshots::Pair> for ChangePair {
    fn from(p: snapshots::Pair) -> Self {
        ChangePair { before: p.before, after: p.after }
    }
}

/// An organisation named in a change.
#[derive(SimpleObject)]
pub struct ChangedOrganisation {
    pub id: ID,
    pub name: String,
}

/// A topic × Ortsteil cell.
#[derive(SimpleObject)]
pub struct GapCell {
    pub topic_id: ID,
    pub district_id: ID,
}

/// What changed between two dates.
pub struct NetworkChange(snapshots::Change);

fn named(list: &[(uuid::Uuid, String)]) -> Vec<ChangedOrganisation> {
    list.iter()
        .take(migraup_domain::bounds::CHANGED_ORGANISATIONS as usize)
        .map(|(id, name)| ChangedOrganisation { id: ID(id.to_string()), name: name.clone() })
        .collect()
}

fn cells(list: &[(uuid::Uuid, uuid::Uuid)]) -> Vec<GapCell> {
    list.iter()
        .take((migraup_domain::bounds::TAXONOMY_ROWS * migraup_domain::bounds::DISTRICTS) as usize)
        .map(|(t, d)| GapCell { topic_id: ID(t.to_string()), district_id: ID(d.to_string()) })
        .collect()
}

#[Object]
impl NetworkChange {
    async fn from(&self) -> &str {
        &self.0.from
    }
    /// `null`: today.
    async fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }
    async fn organisations(&self) -> ChangePair {
        self.0.organisations.into()
    }
    async fn ties(&self) -> ChangePair {
        self.0.ties.into()
    }
    async fn events(&self) -> ChangePair {
        self.0.events.into()
    }
    async fn offerings(&self) -> ChangePair {
        self.0.offerings.into()
    }
    async fn gaps(&self) -> ChangePair {
        self.0.gaps.into()
    }
    async fn density(&self) -> ChangePair {
        self.0.density.into()
    }
    async fn communities(&self) -> ChangePair {
        self.0.communities.into()
    }
    async fn isolates(&self) -> ChangePair {
        self.0.isolates.into()
    }
    /// New organisations, by name (at most 500).
    async fn new_organisations(&self) -> Vec<ChangedOrganisation> {
        named(&self.0.new_organisations)
    }
    /// Organisations no longer in the network, by name (at most 500).
    async fn gone_organisations(&self) -> Vec<ChangedOrganisation> {
        named(&self.0.gone_organisations)
    }
    async fn new_ties(&self) -> i32 {
        self.0.new_ties as i32
    }
    async fn ended_ties(&self) -> i32 {
        self.0.ended_ties as i32
    }
    /// Topic × Ortsteil that had no offering and has one now.
    async fn gaps_closed(&self) -> Vec<GapCell> {
        cells(&self.0.gaps_closed)
    }
    /// Topic × Ortsteil that had an offering and has none now.
    async fn gaps_opened(&self) -> Vec<GapCell> {
        cells(&self.0.gaps_opened)
    }
    /// The new organisations per 10,000 residents of each Ortsteil, as a map.
    async fn map(&self, ctx: &Context<'_>) -> async_graphql::Result<RegionMap> {
        let href = |d: &migraup_core::views::District| format!("/organisations?districts={}", d.id);
        let request = MapRequest {
            id: "change-map",
            measure: Measure::NewOrganisations,
            counts: &self.0.new_per_district,
            places: Vec::new(),
            href: &href,
        };
        Ok(RegionMap(core(ctx).region_map(actor(ctx).lang, request).await.gql(ctx)?))
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
