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
    /// Only organisations working on any of these topics (at most 50); also the coverage
    /// matrix's rows.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// Only organisations in any of these Ortsteile (at most 50); also the coverage
    /// matrix's columns.
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    /// Only organisations of these kinds.
    #[graphql(default)]
    pub kinds: Vec<OrganisationKind>,
    /// Ties active from this day on (`YYYY-MM-DD`); without `from` and `to` only today's
    /// relations count.
    pub from: Option<String>,
    /// Ties active until this day (`YYYY-MM-DD`); before `from` answers BAD_USER_INPUT.
    pub to: Option<String>,
    /// Only this organisation and its direct neighbours.
    pub organisation_id: Option<ID>,
}

/// A proposed relation from one of the caller's organisations to another.
#[derive(InputObject)]
pub struct RelationInput {
    /// The proposing organisation: one the caller represents (the coordination team: any).
    pub from_organisation_id: ID,
    /// The organisation asked to confirm it; not the proposing one.
    pub to_organisation_id: ID,
    /// The kind; a second proposed or confirmed relation of the same kind between the
    /// two answers BAD_USER_INPUT on `kind`.
    pub kind: RelationKind,
    /// A note for the other side, plain text, at most 1,000 characters.
    pub note: Option<String>,
    /// Since when (`YYYY-MM-DD`).
    pub starts_on: Option<String>,
}

/// One end of a line of an edge list: as written, and the organisation it names.
#[derive(SimpleObject)]
pub struct RelationImportEnd {
    /// The cell as written.
    pub text: String,
    /// The id of the organisation it names (by id, external id or name); `null` when it
    /// names none or more than one.
    pub organisation_id: Option<ID>,
    /// That organisation's name; `null` when it names none.
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
    /// The column: `from`, `to`, `kind` or `startsOn`.
    pub field: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// A line of an edge list as it would be recorded.
#[derive(SimpleObject)]
pub struct RelationImportRow {
    /// The line in the text (the header is line 1).
    pub line: i32,
    /// The first organisation, which the relation is recorded from.
    pub from: RelationImportEnd,
    /// The second organisation.
    pub to: RelationImportEnd,
    /// The kind (an empty cell is a cooperation); `null` when the cell names no known kind.
    pub kind: Option<RelationKind>,
    /// Since when (`YYYY-MM-DD`).
    pub starts_on: Option<String>,
    /// Why the line cannot be recorded; empty when it can.
    pub errors: Vec<RelationImportError>,
}

/// An edge list checked against the directory, and how many relations were recorded.
#[derive(SimpleObject)]
pub struct RelationImport {
    /// Every line after the header, in order.
    pub rows: Vec<RelationImportRow>,
    /// Lines without errors.
    pub valid: i32,
    /// Lines with errors.
    pub invalid: i32,
    /// Relations recorded; 0 in a preview.
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
    /// An organisation's relations, newest first, as far as the caller may see them
    /// (signed-in people; proposals and declines only for the two sides and the
    /// coordination team). Relations with an organisation hidden from the caller are left out.
    async fn relations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id.")] organisation_id: ID,
    ) -> async_graphql::Result<Vec<Relation>> {
        let id = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(core(ctx).relations(actor(ctx), id).await.gql(ctx)?.into_iter().map(Relation).collect())
    }

    /// Proposals waiting for an answer from one of the caller's organisations, oldest
    /// first (at most 200; signed-in people).
    async fn my_relation_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Relation>> {
        Ok(core(ctx).my_relation_requests(actor(ctx)).await.gql(ctx)?.into_iter().map(Relation).collect())
    }

    /// The network: for the council, the administration and the coordination team the
    /// whole of it; for a representative their own organisation's neighbourhood. Others
    /// (multipliers, another organisation's neighbourhood) get FORBIDDEN.
    async fn network_overview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to narrow the network to; left out: all of it.")] filter: Option<NetworkFilter>,
    ) -> async_graphql::Result<NetworkOverview> {
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
    /// or today when `to` is left out (council, administration, coordination team).
    async fn network_change(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The earlier snapshot's month, `YYYY-MM`; a month without a snapshot answers BAD_USER_INPUT.")] from: String,
        #[graphql(desc = "The later snapshot's month, `YYYY-MM`; left out: today's figures.")] to: Option<String>,
    ) -> async_graphql::Result<NetworkChange> {
        Ok(NetworkChange(core(ctx).network_change(actor(ctx), &from, to.as_deref()).await.gql(ctx)?))
    }
}

/// One month's snapshot.
#[derive(SimpleObject)]
pub struct NetworkSnapshot {
    /// The month whose end it records, `YYYY-MM`.
    pub month: String,
    /// When it was taken (RFC 3339, UTC).
    pub taken_at: chrono::DateTime<chrono::Utc>,
    /// Organisations in the network, as the council sees it.
    pub organisations: i32,
    /// Ties between them.
    pub ties: i32,
    /// Events held or announced (not drafts), all told.
    pub events: i32,
    /// Offerings held in an Ortsteil.
    pub offerings: i32,
    /// Topic × Ortsteil cells without an offering.
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
    /// The figure at the earlier date.
    pub before: f64,
    /// The figure at the later date (or today).
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
    /// The organisation's id.
    pub id: ID,
    /// Its name, as recorded in the snapshot (or today).
    pub name: String,
}

/// A topic × Ortsteil cell.
#[derive(SimpleObject)]
pub struct GapCell {
    /// The topic's id.
    pub topic_id: ID,
    /// The Ortsteil's id.
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

/// What changed in the network between two monthly snapshots, or a snapshot and today.
#[Object]
impl NetworkChange {
    /// The earlier snapshot's month, `YYYY-MM`.
    async fn from(&self) -> &str {
        &self.0.from
    }
    /// The later snapshot's month, `YYYY-MM`; `null` for today.
    async fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }
    /// Organisations in the network.
    async fn organisations(&self) -> ChangePair {
        self.0.organisations.into()
    }
    /// Ties between organisations.
    async fn ties(&self) -> ChangePair {
        self.0.ties.into()
    }
    /// Events held or announced (not drafts).
    async fn events(&self) -> ChangePair {
        self.0.events.into()
    }
    /// Offerings held in an Ortsteil.
    async fn offerings(&self) -> ChangePair {
        self.0.offerings.into()
    }
    /// Topic × Ortsteil cells without an offering.
    async fn gaps(&self) -> ChangePair {
        self.0.gaps.into()
    }
    /// The network's density, 0..1.
    async fn density(&self) -> ChangePair {
        self.0.density.into()
    }
    /// Communities in the network.
    async fn communities(&self) -> ChangePair {
        self.0.communities.into()
    }
    /// Organisations without any tie.
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
    /// Ties there now that were not there before.
    async fn new_ties(&self) -> i32 {
        self.0.new_ties as i32
    }
    /// Ties there before that are not there now.
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
    /// confirms it. The coordination team's entries, and those between two of the
    /// caller's own organisations, are confirmed at once. RATE_LIMITED when proposing too
    /// often (not for the coordination team).
    async fn propose_relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: RelationInput,
    ) -> async_graphql::Result<Relation> {
        let input = CoreInput {
            from_organisation_id: parse_id("fromOrganisationId", &input.from_organisation_id).gql(ctx)?,
            to_organisation_id: parse_id("toOrganisationId", &input.to_organisation_id).gql(ctx)?,
            kind: input.kind.into(),
            note: input.note,
            starts_on: input.starts_on,
        };
        Ok(Relation(core(ctx).propose_relation(actor(ctx), input).await.gql(ctx)?))
    }

    /// Confirms or declines a proposal, for the organisation it was made to (its
    /// representatives or the coordination team). BAD_USER_INPUT on `accept` when it is no
    /// longer a proposal; CONFLICT when someone answered or ended it at the same time.
    async fn respond_to_relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The relation's id.")] id: ID,
        #[graphql(desc = "True confirms the relation, false declines it.")] accept: bool,
    ) -> async_graphql::Result<Relation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Relation(core(ctx).respond_to_relation(actor(ctx), id, accept).await.gql(ctx)?))
    }

    /// Ends a relation (either side) or withdraws a proposal (the proposing side); it
    /// stays on record as ended. BAD_USER_INPUT on `id` when it is declined or ended
    /// already; CONFLICT when someone changed it at the same time.
    async fn end_relation(&self, ctx: &Context<'_>, #[graphql(desc = "The relation's id.")] id: ID) -> async_graphql::Result<Relation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Relation(core(ctx).end_relation(actor(ctx), id).await.gql(ctx)?))
    }

    /// What recording an edge list would do (ADMIN): CSV with a header line, then per
    /// line two organisations (id, external id or name), the kind (empty: cooperation)
    /// and since when (`YYYY-MM-DD`, may be empty); at most 1,000 lines. RATE_LIMITED
    /// when lists are checked too often.
    async fn preview_relation_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The edge list as CSV text, at most 61,440 characters and 1,000 lines; more answers BAD_USER_INPUT on `csv`.")]
        csv: String,
    ) -> async_graphql::Result<RelationImport> {
        let found = core(ctx).preview_relation_import(actor(ctx), &csv).await.gql(ctx)?;
        Ok(relation_import(actor(ctx).lang, found))
    }

    /// Records the valid lines of an edge list as confirmed relations (ADMIN), all in
    /// one transaction; the other lines come back with their reasons. RATE_LIMITED as
    /// for the preview.
    async fn commit_relation_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The edge list as CSV text, at most 61,440 characters and 1,000 lines; more answers BAD_USER_INPUT on `csv`.")]
        csv: String,
    ) -> async_graphql::Result<RelationImport> {
        let done = core(ctx).commit_relation_import(actor(ctx), &csv).await.gql(ctx)?;
        Ok(relation_import(actor(ctx).lang, done))
    }
}
