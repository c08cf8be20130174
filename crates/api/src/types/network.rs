//! Relations and the network overview as GraphQL types.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use migraup_core::{
    network::{self, NetworkOverview as Overview, coverage},
    region::{self as region_map, MapRequest, Measure},
    views,
};

use super::{
    OrganisationKind, RelationKind, RelationState, TieSource,
    organisation::{KindCount, Organisation},
    taxonomy::{District, Topic},
};
use crate::{
    context::{actor, request},
    error::GqlResult,
    loaders::OrgById,
};

fn id(u: uuid::Uuid) -> ID {
    ID(u.to_string())
}

/// A relation between two organisations.
#[derive(Clone)]
pub struct Relation(pub views::Relation);

/// A relation between two organisations: one side proposes it, the other confirms or
/// declines it, either side ends it. Signed-in people see confirmed and ended relations;
/// proposals and declines only the two sides and the coordination team (role ADMIN).
#[Object]
impl Relation {
    /// The relation's id (a UUID).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The id of the organisation that proposed it.
    async fn from_organisation_id(&self) -> ID {
        id(self.0.from_organisation_id)
    }
    /// The id of the organisation it was proposed to, which confirms or declines it.
    async fn to_organisation_id(&self) -> ID {
        id(self.0.to_organisation_id)
    }
    /// The organisation that proposed it; `null` when that organisation is hidden from
    /// the caller.
    async fn from(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.from_organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// The organisation it was proposed to; `null` when that organisation is hidden from
    /// the caller.
    async fn to(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.to_organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// What kind of relation it is (cooperation, membership, funding, …).
    async fn kind(&self) -> RelationKind {
        self.0.kind.into()
    }
    /// Where it stands: proposed, confirmed, declined or ended.
    async fn state(&self) -> RelationState {
        self.0.state.into()
    }
    /// The proposer's note (plain text, at most 1,000 characters), if any.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Since when the organisations work together (`YYYY-MM-DD`), if given.
    async fn starts_on(&self) -> Option<NaiveDate> {
        self.0.starts_on
    }
    /// The day it ended (`YYYY-MM-DD`); `null` while it lasts.
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.0.ends_on
    }
    /// When it was proposed (RFC 3339, UTC).
    async fn proposed_at(&self) -> DateTime<Utc> {
        self.0.proposed_at
    }
    /// When it was confirmed or declined (RFC 3339, UTC); `null` while it is a proposal.
    /// The coordination team's entries are confirmed when proposed.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }
    /// When it was ended or the proposal withdrawn (RFC 3339, UTC); `null` otherwise.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// The record's version; it increases with every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may confirm or decline it for the organisation it was
    /// proposed to.
    async fn can_respond(&self) -> bool {
        self.0.can_respond
    }
    /// Whether the caller may end it (or withdraw the proposal).
    async fn can_end(&self) -> bool {
        self.0.can_end
    }
}

/// The network as the caller may see it, with its metrics and the actor analysis.
#[derive(Clone)]
pub struct NetworkOverview(pub Arc<Overview>);

/// The network as the caller may see it, with its metrics and the actor analysis: the
/// whole of it for the council, the administration and the coordination team; a
/// representative's own organisation and its neighbours otherwise.
#[Object]
impl NetworkOverview {
    /// Key figures of the network shown.
    async fn summary(&self) -> NetworkSummary {
        let s = &self.0.summary;
        NetworkSummary {
            organisations: s.organisations as i32,
            ties: s.ties as i32,
            density: s.density,
            components: s.components as i32,
            largest_component: s.largest_component as i32,
            communities: s.communities as i32,
            modularity: s.modularity,
            isolates: s.isolates as i32,
            bridges: s.bridges as i32,
        }
    }
    /// The organisations shown, with their metrics and drawing positions.
    async fn nodes(&self) -> Vec<NetworkNode> {
        (0..self.0.nodes.len()).map(|i| NetworkNode(self.0.clone(), i)).collect()
    }
    /// The ties, strongest first: bridges, then by weight. `first` (at most 20,000, the
    /// default) keeps a graph drawable at district scale; `summary.ties` counts them
    /// all and the exports hold them all.
    async fn edges(
        &self,
        #[graphql(default = 20_000, desc = "How many ties to return, strongest first: 0 to 20,000 (the default).")] first: i32,
    ) -> Vec<NetworkEdge> {
        let first = first.clamp(0, migraup_domain::bounds::NETWORK_TIES as i32) as usize;
        let mut order: Vec<&network::NetworkEdge> = self.0.edges.iter().collect();
        order.sort_by(|a, b| b.bridge.cmp(&a.bridge).then(b.weight.total_cmp(&a.weight)));
        order
            .into_iter()
            .take(first)
            .map(|e| NetworkEdge {
                source: id(e.source),
                target: id(e.target),
                weight: e.weight,
                relations: e.relations as i32,
                events: e.events as i32,
                projects: e.projects as i32,
                groups: e.groups as i32,
                group_names: e.group_names.clone(),
                sources: e.sources().into_iter().map(Into::into).collect(),
                relation_kinds: e.relation_kinds.iter().copied().map(Into::into).collect(),
                bridge: e.bridge,
            })
            .collect()
    }
    /// Organisations per community, largest first; a node's `community` indexes this list.
    async fn communities(&self) -> Vec<NetworkCommunity> {
        self.0
            .communities
            .iter()
            .enumerate()
            .map(|(i, members)| NetworkCommunity {
                index: i as i32,
                size: members.len() as i32,
                organisation_ids: members.iter().copied().map(id).collect(),
            })
            .collect()
    }
    /// The ids of the organisations without any tie.
    async fn isolates(&self) -> Vec<ID> {
        self.0.isolates.iter().copied().map(id).collect()
    }
    /// The organisation at the centre when this is a neighbourhood.
    async fn centre_id(&self) -> Option<ID> {
        self.0.centre.map(id)
    }
    /// The actor analysis: offerings and organisations per topic and Ortsteil, gaps
    /// marked (narrowed to the filter's topics and Ortsteile).
    async fn coverage(&self) -> Coverage {
        Coverage(self.0.clone())
    }
    /// New organisations, events and relations per month, oldest first: the months of the
    /// filter's `from`–`to` window, else the last twelve; at most 36.
    async fn growth(&self) -> Vec<GrowthMonth> {
        self.0
            .growth
            .iter()
            .map(|m| GrowthMonth {
                month: m.month.clone(),
                organisations: m.organisations as i32,
                organisations_total: m.organisations_total as i32,
                events: m.events as i32,
                relations: m.relations as i32,
            })
            .collect()
    }
    /// How many organisations of each kind.
    async fn kinds(&self) -> Vec<KindCount> {
        self.0.kinds.iter().map(|(k, n)| KindCount { kind: (*k).into(), count: *n as u64 }).collect()
    }
    /// Profiles by completeness, least complete first (for the coordination team;
    /// `null` for everyone else).
    async fn completeness(
        &self,
        #[graphql(default = 20, desc = "How many profiles to return: 0 to 10,000, default 20.")] first: i32,
    ) -> Option<Vec<ProfileCompleteness>> {
        self.0.completeness.as_ref().map(|list| {
            list.iter()
                .take(first.clamp(0, migraup_domain::bounds::NETWORK_ORGANISATIONS as i32) as usize)
                .cloned()
                .map(ProfileCompleteness::from)
                .collect()
        })
    }
    /// The map of the Ortsteile: organisations or offerings (on the filter's topics)
    /// per 10,000 residents, as SVG drawn in the request's language, and its figures.
    async fn map(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "MapMeasure::Offerings", desc = "What the map counts per Ortsteil; default OFFERINGS.")]
        measure: MapMeasure,
    ) -> async_graphql::Result<RegionMap> {
        let measure = measure.into();
        let counts = self
            .0
            .coverage
            .totals
            .iter()
            .map(|t| (t.district_id, u64::from(if measure == Measure::Offerings { t.offerings } else { t.organisations })))
            .collect();
        let href = |d: &views::District| format!("/organisations?districts={}", d.id);
        let request = MapRequest { id: "network-map", measure, counts: &counts, places: self.0.places.clone(), href: &href };
        Ok(RegionMap(crate::context::core(ctx).region_map(actor(ctx).lang, request).await.gql(ctx)?))
    }
    /// Profiles whose coordinates lie outside the Ortsteil they name (for the
    /// coordination team; `null` for everyone else).
    async fn district_mismatches(&self) -> Option<Vec<DistrictMismatch>> {
        self.0.district_mismatches.as_ref().map(|list| {
            list.iter()
                .take(migraup_domain::bounds::NETWORK_ORGANISATIONS as usize)
                .map(|m| DistrictMismatch {
                    organisation_id: id(m.organisation_id),
                    name: m.name.clone(),
                    slug: m.slug.clone(),
                    chosen_district_id: m.chosen.map(id),
                    located_district_id: m.located.map(id),
                })
                .collect()
        })
    }
    /// The metrics table as CSV, headers in the request's language.
    async fn metrics_csv(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        network::export::metrics_csv(&self.0, actor(ctx).lang).gql(ctx)
    }
    /// The coverage matrix as CSV: "offerings / organisations" per topic and Ortsteil.
    async fn coverage_csv(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        network::export::coverage_csv(&self.0, actor(ctx).lang).gql(ctx)
    }
    /// The network as GraphML (Gephi, yEd, Cytoscape, NetworkX): metrics and community
    /// as node attributes, weight and sources as edge attributes.
    async fn graphml(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        network::files::graphml(&self.0).gql(ctx)
    }
    /// The network as GEXF 1.2 (Gephi), with the same attributes.
    async fn gexf(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        network::files::gexf(&self.0).gql(ctx)
    }
    /// Key figures, metrics, coverage and gaps as an XLSX workbook, base64-encoded.
    async fn xlsx_base64(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let bytes = network::export::xlsx(&self.0, actor(ctx).lang).gql(ctx)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

/// Key figures of the network.
#[derive(SimpleObject)]
pub struct NetworkSummary {
    /// Organisations in the network shown.
    pub organisations: i32,
    /// Ties between them: pairs of organisations with at least one relation, joint event,
    /// shared project or shared working group.
    pub ties: i32,
    /// Share of possible ties that exist, 0..1.
    pub density: f64,
    /// Connected components; an organisation without ties is one of its own.
    pub components: i32,
    /// Organisations in the largest connected component.
    pub largest_component: i32,
    /// Communities found among the organisations with ties.
    pub communities: i32,
    /// Newman's modularity of the communities.
    pub modularity: f64,
    /// Organisations without any tie.
    pub isolates: i32,
    /// Ties whose removal would split their part of the network.
    pub bridges: i32,
}

/// An organisation in the network with its metrics.
pub struct NetworkNode(Arc<Overview>, usize);

impl NetworkNode {
    fn node(&self) -> &network::NetworkNode {
        &self.0.nodes[self.1]
    }
}

/// An organisation in the network with its metrics.
#[Object]
impl NetworkNode {
    /// The organisation's id (a UUID).
    async fn organisation_id(&self) -> ID {
        id(self.node().organisation_id)
    }
    /// The organisation's slug, for the link to its page (`/organisations/{slug}`).
    async fn slug(&self) -> &str {
        &self.node().slug
    }
    /// The organisation's name.
    async fn name(&self) -> &str {
        &self.node().name
    }
    /// The organisation's kind.
    async fn kind(&self) -> OrganisationKind {
        self.node().kind.into()
    }
    /// The id of the Ortsteil the organisation is in; `null` when it names none.
    async fn district_id(&self) -> Option<ID> {
        self.node().district_id.map(id)
    }
    /// Whether the coordination team has verified the organisation.
    async fn verified(&self) -> bool {
        self.node().verified
    }
    /// Number of organisations it is tied to.
    async fn degree(&self) -> i32 {
        self.node().metrics.degree as i32
    }
    /// Sum of its ties' weights (each relation, joint event, shared project and shared
    /// working group counts 1).
    async fn weighted_degree(&self) -> f64 {
        self.node().metrics.weighted_degree
    }
    /// Normalised betweenness centrality, 0..1.
    async fn betweenness(&self) -> f64 {
        self.node().metrics.betweenness
    }
    /// Index into `communities`; `null` for an organisation without ties.
    async fn community(&self) -> Option<i32> {
        self.node().metrics.community.map(|c| c as i32)
    }
    /// Connected component, largest first.
    async fn component(&self) -> i32 {
        self.node().metrics.component as i32
    }
    /// Whether it has no tie in the network shown.
    async fn isolate(&self) -> bool {
        self.node().metrics.degree == 0
    }
    /// Removing it would split its part of the network (an articulation point).
    async fn broker(&self) -> bool {
        self.node().metrics.articulation
    }
    /// Horizontal position for drawing, 0..1 (0.5 for an organisation without ties).
    async fn x(&self) -> f64 {
        self.node().x
    }
    /// Vertical position for drawing, 0..1 (0.5 for an organisation without ties).
    async fn y(&self) -> f64 {
        self.node().y
    }
}

/// A tie between two organisations.
#[derive(SimpleObject)]
pub struct NetworkEdge {
    /// One organisation's id (the smaller of the two; a tie has no direction).
    pub source: ID,
    /// The other organisation's id.
    pub target: ID,
    /// The tie's strength: each relation, joint event, shared project and shared working
    /// group counts 1.
    pub weight: f64,
    /// Confirmed relations between the two.
    pub relations: i32,
    /// Events both organised.
    pub events: i32,
    /// Projects both take part in.
    pub projects: i32,
    /// Working groups both belong to.
    pub groups: i32,
    /// The names of those working groups.
    pub group_names: Vec<String>,
    /// Where the tie comes from.
    pub sources: Vec<TieSource>,
    /// The kinds of the relations between the two.
    pub relation_kinds: Vec<RelationKind>,
    /// Removing it would split its part of the network.
    pub bridge: bool,
}

/// A community found by Louvain.
#[derive(SimpleObject)]
pub struct NetworkCommunity {
    /// Its position in `communities`, as in `NetworkNode.community`.
    pub index: i32,
    /// Number of organisations in it.
    pub size: i32,
    /// The ids of its organisations.
    pub organisation_ids: Vec<ID>,
}

/// New activity in one month (`YYYY-MM`).
#[derive(SimpleObject)]
pub struct GrowthMonth {
    /// The month, `YYYY-MM` (Berlin time).
    pub month: String,
    /// Organisations shown that were added to the directory in the month.
    pub organisations: i32,
    /// Organisations in the network at the end of the month.
    pub organisations_total: i32,
    /// Events (not drafts) in the month organised by organisations shown.
    pub events: i32,
    /// Relations between organisations shown that were confirmed in the month.
    pub relations: i32,
}

/// How complete a profile is, and what is missing.
#[derive(SimpleObject)]
pub struct ProfileCompleteness {
    /// The organisation's id.
    pub organisation_id: ID,
    /// The organisation's name.
    pub name: String,
    /// The score, 0..100: the share of the ten profile parts that are filled in.
    pub score: i32,
    /// Missing parts: description, district, topics, languages, targetGroups,
    /// contact, address, offerings, contactPerson, foundedYear.
    pub missing: Vec<String>,
    /// Whether the coordination team has verified the organisation.
    pub verified: bool,
}

impl From<migraup_core::network::coverage::Completeness> for ProfileCompleteness {
    fn from(c: migraup_core::network::coverage::Completeness) -> Self {
        ProfileCompleteness {
            organisation_id: id(c.organisation_id),
            name: c.name,
            score: i32::from(c.score),
            missing: c.missing.iter().map(|m| (*m).to_owned()).collect(),
            verified: c.verified,
        }
    }
}

/// Topics × Ortsteile: offerings and organisations per cell, gaps marked.
pub struct Coverage(Arc<Overview>);

/// Topics × Ortsteile: offerings and organisations per cell, gaps marked.
#[Object]
impl Coverage {
    /// The topics: the matrix's rows, in taxonomy order.
    async fn topics(&self) -> Vec<Topic> {
        self.0.coverage.topics.iter().cloned().map(Topic).collect()
    }
    /// The Ortsteile: the matrix's columns, in their order.
    async fn districts(&self) -> Vec<District> {
        self.0.coverage.districts.iter().cloned().map(District).collect()
    }
    /// Row by row: the cell of topic `t` and Ortsteil `d` is at `t * districts + d`.
    async fn cells(&self) -> Vec<CoverageCell> {
        self.0.coverage.cells.iter().map(cell).collect()
    }
    /// Languages offerings are held in, per Ortsteil.
    async fn languages(&self) -> Vec<DistrictLanguages> {
        self.0
            .coverage
            .languages
            .iter()
            .map(|d| DistrictLanguages {
                district_id: id(d.district_id),
                languages: d.languages.iter().map(|(code, n)| OfferedLanguage { code: code.clone(), offerings: *n as i32 }).collect(),
            })
            .collect()
    }
}

fn cell(c: &coverage::Cell) -> CoverageCell {
    CoverageCell {
        topic_id: id(c.topic_id),
        district_id: id(c.district_id),
        organisations: c.organisations as i32,
        offerings: c.offerings as i32,
        gap: c.gap(),
    }
}

/// One topic in one Ortsteil.
#[derive(SimpleObject)]
pub struct CoverageCell {
    /// The topic's id (the row).
    pub topic_id: ID,
    /// The Ortsteil's id (the column).
    pub district_id: ID,
    /// Organisations there working on the topic.
    pub organisations: i32,
    /// Offerings on the topic held there.
    pub offerings: i32,
    /// No offering on the topic in the Ortsteil.
    pub gap: bool,
}

/// Languages offered in one Ortsteil.
#[derive(SimpleObject)]
pub struct DistrictLanguages {
    /// The Ortsteil's id.
    pub district_id: ID,
    /// The languages, most offered first.
    pub languages: Vec<OfferedLanguage>,
}

/// Offerings held in one language.
#[derive(SimpleObject)]
pub struct OfferedLanguage {
    /// The language, as an ISO 639-1 code.
    pub code: String,
    /// Offerings held in it in the Ortsteil.
    pub offerings: i32,
}

/// What a map counts.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum MapMeasure {
    /// Organisations based in the Ortsteil.
    Organisations,
    /// Offerings held in the Ortsteil (on the filter's topics, when it names some).
    Offerings,
}

impl From<MapMeasure> for Measure {
    fn from(m: MapMeasure) -> Self {
        match m {
            MapMeasure::Organisations => Measure::Organisations,
            MapMeasure::Offerings => Measure::Offerings,
        }
    }
}

/// A map of the Ortsteile and the figures it shows (the table beside it).
pub struct RegionMap(pub region_map::RegionMap);

/// A map of the Ortsteile and the figures it shows (the table beside it).
#[Object]
impl RegionMap {
    /// The map as one `<svg>` element: areas as links to the directory filtered to
    /// them, the count written on each, a legend and the sources.
    async fn svg(&self) -> &str {
        &self.0.svg
    }
    /// Every Ortsteil, in their order.
    async fn areas(&self) -> Vec<MapArea> {
        self.0
            .areas
            .iter()
            .map(|a| MapArea {
                district: District(a.district.clone()),
                residents: a.residents.map(|r| r as i64),
                count: a.count as i64,
                per_ten_thousand: a.per_ten_thousand,
                class: a.class as i32,
            })
            .collect()
    }
    /// The width of a class of the legend.
    async fn class_step(&self) -> f64 {
        self.0.class_step
    }
    /// Where the residents' figures and the boundaries come from.
    async fn source(&self) -> &str {
        &self.0.source
    }
}

/// One Ortsteil's figures on a map.
#[derive(SimpleObject)]
pub struct MapArea {
    /// The Ortsteil.
    pub district: District,
    /// Its residents, from the region's files; `null` where they lack the Ortsteil.
    pub residents: Option<i64>,
    /// What the map counts there.
    pub count: i64,
    /// The count per 10,000 residents; `null` without a residents' figure.
    pub per_ten_thousand: Option<f64>,
    /// The legend's class: 0 for nothing, else 1 to 4.
    pub class: i32,
}

/// A profile whose coordinates lie outside the Ortsteil it names.
#[derive(SimpleObject)]
pub struct DistrictMismatch {
    /// The organisation's id.
    pub organisation_id: ID,
    /// The organisation's name.
    pub name: String,
    /// The organisation's slug, for the link to its page.
    pub slug: String,
    /// The Ortsteil the profile names; `null` when it names none.
    pub chosen_district_id: Option<ID>,
    /// The Ortsteil the coordinates lie in; `null` when they lie outside the region.
    pub located_district_id: Option<ID>,
}
