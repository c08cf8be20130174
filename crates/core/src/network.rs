//! The network overview for the integration council: organisations as nodes, ties
//! from confirmed relations, co-organised events and shared projects; metrics
//! ([`analysis`]), a drawing ([`layout`]), the actor analysis ([`coverage`]) and
//! exports ([`export`]).
//!
//! Everything is read in a fixed number of statements (one per table) and computed
//! in memory: the network of a district has thousands of organisations, not millions.

pub mod coverage;
pub mod export;
pub mod files;

pub use migraup_graph::{analysis, layout};

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    hash::{Hash, Hasher},
    sync::{Arc, Mutex},
};

use chrono::{DateTime, NaiveDate, Utc};
use migraup_domain::{
    DomainError, EventStatus, Operation, OrganisationKind, ParticipationState, Reason, RelationKind, RelationState, TieSource,
    error::DomainResult,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Query};
use uuid::Uuid;

use crate::{
    Actor, Core,
    entities::{
        event,
        link_tables::organisation_topic,
        organisation,
        participation::{event_organiser, project_partner},
        project, relation, working_group,
    },
    errors::DbResultExt,
    visibility::can_view,
};

/// What the overview is narrowed to. Empty lists mean "all".
#[derive(Clone, Debug, Default)]
pub struct NetworkFilter {
    /// Organisations working on any of these topics.
    pub topic_ids: Vec<Uuid>,
    /// Organisations in any of these Ortsteile.
    pub district_ids: Vec<Uuid>,
    pub kinds: Vec<OrganisationKind>,
    /// Ties active in this window (`YYYY-MM-DD`, both ends included).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only this organisation and its direct neighbours. A representative who
    /// cannot see the whole network always gets a neighbourhood (their own).
    pub organisation_id: Option<Uuid>,
}

/// One organisation in the network.
#[derive(Clone, Debug)]
pub struct NetworkNode {
    pub organisation_id: Uuid,
    /// For the link to the organisation's page.
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub district_id: Option<Uuid>,
    pub verified: bool,
    pub metrics: analysis::NodeMetrics,
    /// Position for the drawing, 0..1 on both axes.
    pub x: f64,
    pub y: f64,
}

/// A tie between two organisations, summed over where it comes from.
#[derive(Clone, Debug)]
pub struct NetworkEdge {
    pub source: Uuid,
    pub target: Uuid,
    pub weight: f64,
    pub relations: u32,
    pub events: u32,
    pub projects: u32,
    /// Working groups both organisations belong to, and their names.
    pub groups: u32,
    pub group_names: Vec<String>,
    pub relation_kinds: Vec<RelationKind>,
    /// Removing this tie splits its part of the network.
    pub bridge: bool,
}

impl NetworkEdge {
    pub fn sources(&self) -> Vec<TieSource> {
        [
            (self.relations, TieSource::Relation),
            (self.events, TieSource::Event),
            (self.projects, TieSource::Project),
            (self.groups, TieSource::Group),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, s)| s)
        .collect()
    }
}

/// Key figures of the whole (filtered) network.
#[derive(Clone, Debug, Default)]
pub struct NetworkSummary {
    pub organisations: usize,
    pub ties: usize,
    /// Share of possible ties that exist, 0..1.
    pub density: f64,
    pub components: usize,
    pub largest_component: usize,
    pub communities: usize,
    pub modularity: f64,
    pub isolates: usize,
    pub bridges: usize,
}

/// The answer of [`Core::network_overview`].
#[derive(Clone, Debug, Default)]
pub struct NetworkOverview {
    pub summary: NetworkSummary,
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
    /// Organisation ids per community, largest first (node `community` indexes this).
    pub communities: Vec<Vec<Uuid>>,
    pub isolates: Vec<Uuid>,
    /// The organisation at the centre when this is a neighbourhood.
    pub centre: Option<Uuid>,
    pub coverage: coverage::Coverage,
    pub growth: Vec<coverage::Month>,
    pub kinds: Vec<(OrganisationKind, usize)>,
    /// Least complete profiles first; only for the coordination team.
    pub completeness: Option<Vec<coverage::Completeness>>,
    /// Organisations with coordinates the actor may see, for the map.
    pub places: Vec<crate::region::Place>,
    /// Profiles whose coordinates lie outside their Ortsteil; only for the coordination team.
    pub district_mismatches: Option<Vec<crate::region::Mismatch>>,
}

/// The time window of a filter, checked.
struct Window {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Window {
    fn parse(filter: &NetworkFilter) -> DomainResult<Window> {
        let from = crate::berlin::parse_date("from", filter.from.as_deref())?;
        let to = crate::berlin::parse_date("to", filter.to.as_deref())?;
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(DomainError::invalid("to", Reason::EndBeforeStart));
        }
        Ok(Window { from, to })
    }

    /// Whether a period `[start, end]` (open ends allowed) overlaps the window.
    fn overlaps(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
        !matches!((self.to, start), (Some(t), Some(s)) if s > t) && !matches!((self.from, end), (Some(f), Some(e)) if e < f)
    }

    fn contains(&self, t: DateTime<Utc>) -> bool {
        let day = crate::berlin::local(t).date_naive();
        self.overlaps(Some(day), Some(day))
    }
}

/// Metrics and layout of the last few networks, by content: exact betweenness takes
/// seconds for thousands of organisations (O(nodes × ties)), and the same network is
/// asked for again and again between two changes.
#[derive(Default)]
pub(crate) struct AnalysisCache(Mutex<VecDeque<(u64, Slot)>>);

/// One network's analysis: filled once, awaited by everyone who asks meanwhile.
type Slot = Arc<tokio::sync::OnceCell<Arc<Computed>>>;

type Computed = (analysis::Analysis, Vec<(f64, f64)>);

impl AnalysisCache {
    const KEEP: usize = 8;

    /// The analysis of a network, computed once per content: concurrent requests for
    /// the same network wait for the one computation in flight (single flight) instead
    /// of starting their own.
    /// Also answers whether the analysis was there (or under way) already.
    async fn get_or_compute(&self, n: usize, ties: Vec<(usize, usize, f64)>) -> DomainResult<(Arc<Computed>, bool)> {
        let mut hasher = std::hash::DefaultHasher::new();
        n.hash(&mut hasher);
        for (a, b, w) in &ties {
            (a, b, w.to_bits()).hash(&mut hasher);
        }
        let key = hasher.finish();
        let cell = {
            let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
            match cache.iter().find(|(k, _)| *k == key) {
                Some((_, cell)) => cell.clone(),
                None => {
                    let cell = Arc::new(tokio::sync::OnceCell::new());
                    cache.push_front((key, cell.clone()));
                    cache.truncate(Self::KEEP);
                    cell
                }
            }
        };
        let hit = std::sync::atomic::AtomicBool::new(true);
        let computed_here = &hit;
        let computed = cell
            .get_or_try_init(|| async move {
                computed_here.store(false, std::sync::atomic::Ordering::Relaxed);
                // Off the async workers, so other requests are served meanwhile.
                tokio::task::spawn_blocking(move || {
                    let result = analysis::analyse(n, &ties);
                    // Only organisations with ties are drawn (isolates are listed): the
                    // layout's O(n²) steps skip them.
                    let tied: Vec<usize> = (0..n).filter(|&i| result.nodes[i].degree > 0).collect();
                    let mut at = vec![usize::MAX; n];
                    for (k, &i) in tied.iter().enumerate() {
                        at[i] = k;
                    }
                    let tied_ties: Vec<(usize, usize, f64)> = ties.iter().map(|&(a, b, w)| (at[a], at[b], w)).collect();
                    let communities: Vec<usize> = tied.iter().map(|&i| result.nodes[i].community.unwrap_or(0)).collect();
                    let mut positions = vec![(0.5, 0.5); n];
                    for (k, p) in layout::layout(tied.len(), &tied_ties, &communities).into_iter().enumerate() {
                        positions[tied[k]] = p;
                    }
                    Arc::new((result, positions))
                })
                .await
                .map_err(|_| DomainError::internal())
            })
            .await?;
        Ok((computed.clone(), hit.load(std::sync::atomic::Ordering::Relaxed)))
    }
}

/// What happened when, for the growth chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Activity {
    Event,
    Relation,
}

/// Ties between organisation ids, summed per unordered pair.
#[derive(Default)]
struct Ties(HashMap<(Uuid, Uuid), NetworkEdge>);

impl Ties {
    fn add(&mut self, a: Uuid, b: Uuid, source: TieSource, kind: Option<RelationKind>) {
        if a == b {
            return;
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let e = self.0.entry((a, b)).or_insert_with(|| NetworkEdge {
            source: a,
            target: b,
            weight: 0.0,
            relations: 0,
            events: 0,
            projects: 0,
            groups: 0,
            group_names: Vec::new(),
            relation_kinds: Vec::new(),
            bridge: false,
        });
        e.weight += 1.0;
        match source {
            TieSource::Relation => e.relations += 1,
            TieSource::Event => e.events += 1,
            TieSource::Project => e.projects += 1,
            TieSource::Group => e.groups += 1,
        }
        if let Some(k) = kind
            && !e.relation_kinds.contains(&k)
        {
            e.relation_kinds.push(k);
        }
    }

    /// Every pair of a group (organisers of one event, partners of one project).
    fn add_group(&mut self, members: &[Uuid], source: TieSource) {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                self.add(*a, *b, source, None);
            }
        }
    }

    /// Every pair of member organisations of one working group, the group named on the tie.
    fn add_working_group(&mut self, members: &[Uuid], name: &str) {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                self.add(*a, *b, TieSource::Group, None);
                let key = if a < b { (*a, *b) } else { (*b, *a) };
                if let Some(e) = self.0.get_mut(&key)
                    && !e.group_names.iter().any(|n| n == name)
                {
                    e.group_names.push(name.to_owned());
                }
            }
        }
    }
}

impl Core {
    /// The network as the actor may see it: the whole of it for the council, the
    /// district administration and the coordination team; a representative's own
    /// organisation and its neighbours otherwise. Anonymous callers see none of it.
    pub async fn network_overview(&self, actor: &Actor, filter: &NetworkFilter) -> DomainResult<NetworkOverview> {
        let user = actor.require_user()?;
        let whole = actor.may(Operation::ViewNetwork, None);
        let centre = match (filter.organisation_id, whole) {
            (Some(id), _) => Some(id),
            (None, true) => None,
            (None, false) => Some(*user.organisations.first().ok_or_else(DomainError::forbidden)?),
        };
        if !whole {
            actor.authorize(Operation::ViewNetwork, centre)?;
        }
        let window = Window::parse(filter)?;
        if filter.topic_ids.len() > 50 || filter.district_ids.len() > 50 {
            return Err(DomainError::invalid("filter", Reason::TooLong { max: 50 }));
        }
        let db = self.db();

        // The organisations the actor may see, then the filter.
        let all: Vec<organisation::Model> =
            organisation::Entity::find().all(db).await.internal()?.into_iter().filter(|o| can_view(actor, o)).collect();
        if let Some(c) = centre
            && !all.iter().any(|o| o.id == c)
        {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        }
        let topics_of = organisation_topics(self, &all).await?;
        let selected: Vec<&organisation::Model> = all
            .iter()
            .filter(|o| filter.kinds.is_empty() || filter.kinds.contains(&o.kind.0))
            .filter(|o| filter.district_ids.is_empty() || o.district_id.is_some_and(|d| filter.district_ids.contains(&d)))
            .filter(|o| {
                filter.topic_ids.is_empty() || topics_of.get(&o.id).is_some_and(|ts| ts.iter().any(|t| filter.topic_ids.contains(t)))
            })
            .collect();
        let mut selected = selected;
        if let Some(c) = centre
            && !selected.iter().any(|o| o.id == c)
            && let Some(o) = all.iter().find(|o| o.id == c)
        {
            // The centre of a neighbourhood stays, even when the filter leaves it out.
            selected.insert(0, o);
        }
        let ids: HashSet<Uuid> = selected.iter().map(|o| o.id).collect();

        let (ties, activity) = self.ties(&window, &ids).await?;
        let (selected, ties) = match centre {
            Some(c) => neighbourhood(c, selected, ties),
            None => (selected, ties),
        };

        // Metrics.
        let index: HashMap<Uuid, usize> = selected.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let mut edges: Vec<NetworkEdge> = ties.0.into_values().collect();
        edges.sort_by_key(|e| (e.source, e.target));
        let list: Vec<(usize, usize, f64)> = edges.iter().map(|e| (index[&e.source], index[&e.target], e.weight)).collect();
        let n = selected.len();
        let (computed, hit) = self.network_cache().get_or_compute(n, list.clone()).await?;
        self.inner.network_counter.count(hit);
        let (result, positions) = (&computed.0, computed.1.clone());
        for (e, &(a, b, _)) in edges.iter_mut().zip(&list) {
            e.bridge = result.bridges.contains(&(a.min(b), a.max(b)));
        }
        let summary = NetworkSummary {
            organisations: n,
            ties: edges.len(),
            density: if n > 1 { 2.0 * edges.len() as f64 / (n as f64 * (n as f64 - 1.0)) } else { 0.0 },
            components: result.components.len(),
            largest_component: result.components.first().map_or(0, Vec::len),
            communities: result.communities.len(),
            modularity: result.modularity,
            isolates: result.isolates.len(),
            bridges: result.bridges.len(),
        };
        let ids_of = |members: &Vec<usize>| members.iter().map(|&i| selected[i].id).collect::<Vec<_>>();
        let communities = result.communities.iter().map(ids_of).collect();
        let isolates = result.isolates.iter().map(|&i| selected[i].id).collect();
        let nodes = selected
            .iter()
            .zip(result.nodes.iter().cloned())
            .zip(positions)
            .map(|((o, metrics), (x, y))| NetworkNode {
                organisation_id: o.id,
                slug: o.slug.clone(),
                name: o.name.clone(),
                kind: o.kind.0,
                district_id: o.district_id,
                verified: o.verification.0 == migraup_domain::VerificationState::Verified,
                metrics,
                x,
                y,
            })
            .collect();
        let mut kinds: BTreeMap<OrganisationKind, usize> = BTreeMap::new();
        for o in &selected {
            *kinds.entry(o.kind.0).or_default() += 1;
        }
        let (coverage, with_offerings) = coverage::coverage(self, &selected, &topics_of, filter).await?;
        // Growth counts what happened among the organisations shown (a neighbourhood's own).
        let shown: HashSet<Uuid> = selected.iter().map(|o| o.id).collect();
        let activity: Vec<(Activity, DateTime<Utc>)> =
            activity.into_iter().filter(|(_, _, orgs)| orgs.iter().all(|o| shown.contains(o))).map(|(a, t, _)| (a, t)).collect();
        let growth = coverage::growth(&selected, &activity, &window);
        // Profile completeness is the coordination team's work list.
        let team = actor.may(Operation::VerifyOrganisation, None);
        let completeness = match team {
            true => Some(coverage::completeness(self, &selected, &topics_of, &with_offerings).await?),
            false => None,
        };
        let district_mismatches = match team {
            true => Some(self.district_mismatches(&selected).await?),
            false => None,
        };
        let places = crate::region::places(actor, &selected);
        Ok(NetworkOverview {
            summary,
            nodes,
            edges,
            communities,
            isolates,
            centre,
            coverage,
            growth,
            kinds: kinds.into_iter().collect(),
            completeness,
            places,
            district_mismatches,
        })
    }

    /// Ties among `ids` from the three sources, active in the window.
    async fn ties(&self, window: &Window, ids: &HashSet<Uuid>) -> DomainResult<(Ties, Vec<(Activity, DateTime<Utc>, Vec<Uuid>)>)> {
        let db = self.db();
        let mut ties = Ties::default();
        let mut activity = Vec::new();
        let relations = relation::Entity::find()
            .filter(relation::Column::State.is_in([RelationState::Confirmed.as_str(), RelationState::Ended.as_str()]))
            .filter(relation::Column::RespondedAt.is_not_null())
            .all(db)
            .await
            .internal()?;
        let open = window.from.is_none() && window.to.is_none();
        for r in relations {
            if let Some(t) = r.responded_at
                && ids.contains(&r.from_organisation_id)
                && ids.contains(&r.to_organisation_id)
            {
                activity.push((Activity::Relation, t, vec![r.from_organisation_id, r.to_organisation_id]));
            }
            let ended = r.state.0 == RelationState::Ended;
            // Without a window only today's relations count; with one, those active in it.
            let start = r.starts_on.or_else(|| r.responded_at.map(|t| crate::berlin::local(t).date_naive()));
            if (open && ended) || (!open && !window.overlaps(start, r.ends_on)) {
                continue;
            }
            if ids.contains(&r.from_organisation_id) && ids.contains(&r.to_organisation_id) {
                ties.add(r.from_organisation_id, r.to_organisation_id, TieSource::Relation, Some(r.kind.0));
            }
        }

        let events: HashMap<Uuid, DateTime<Utc>> = event::Entity::find()
            .filter(event::Column::Status.ne(EventStatus::Draft.as_str()))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .filter(|e| window.contains(e.starts_at))
            .map(|e| (e.id, e.starts_at))
            .collect();
        let organisers = event_organiser::Entity::find()
            .filter(event_organiser::Column::State.eq(ParticipationState::Confirmed.as_str()))
            .filter(
                event_organiser::Column::EventId.in_subquery(
                    Query::select()
                        .column(event::Column::Id)
                        .from(event::Entity)
                        .cond_where(event::Column::Status.ne(EventStatus::Draft.as_str()))
                        .to_owned(),
                ),
            )
            .all(db)
            .await
            .internal()?;
        let mut per_event: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for o in organisers.into_iter().filter(|o| events.contains_key(&o.event_id) && ids.contains(&o.organisation_id)) {
            per_event.entry(o.event_id).or_default().push(o.organisation_id);
        }
        for (id, members) in &per_event {
            ties.add_group(members, TieSource::Event);
            activity.push((Activity::Event, events[id], members.clone()));
        }

        let projects: HashMap<Uuid, Uuid> = project::Entity::find()
            .all(db)
            .await
            .internal()?
            .into_iter()
            .filter(|p| window.overlaps(p.starts_on, p.ends_on))
            .map(|p| (p.id, p.lead_organisation_id))
            .collect();
        let partners = project_partner::Entity::find()
            .filter(project_partner::Column::State.eq(ParticipationState::Confirmed.as_str()))
            .all(db)
            .await
            .internal()?;
        let mut per_project: BTreeMap<Uuid, Vec<Uuid>> =
            projects.iter().filter(|(_, lead)| ids.contains(lead)).map(|(p, lead)| (*p, vec![*lead])).collect();
        for p in partners.into_iter().filter(|p| ids.contains(&p.organisation_id)) {
            if let Some(members) = per_project.get_mut(&p.project_id) {
                members.push(p.organisation_id);
            }
        }
        for members in per_project.values() {
            ties.add_group(members, TieSource::Project);
        }

        // Working groups: organisations that belong to one group together, in the
        // window (without one: today's members only).
        let groups: HashMap<Uuid, String> =
            working_group::group::Entity::find().all(db).await.internal()?.into_iter().map(|g| (g.id, g.name)).collect();
        let mut per_group: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for m in working_group::member::Entity::find()
            .filter(working_group::member::Column::OrganisationId.is_not_null())
            .all(db)
            .await
            .internal()?
        {
            let Some(o) = m.organisation_id.filter(|o| ids.contains(o)) else { continue };
            let current = m.active_key.is_some();
            let period = (Some(crate::berlin::local(m.joined_at).date_naive()), m.ended_at.map(|t| crate::berlin::local(t).date_naive()));
            if (open && !current) || (!open && !window.overlaps(period.0, period.1)) {
                continue;
            }
            let members = per_group.entry(m.group_id).or_default();
            if !members.contains(&o) {
                members.push(o);
            }
        }
        for (group_id, members) in &per_group {
            ties.add_working_group(members, groups.get(group_id).map(String::as_str).unwrap_or_default());
        }
        Ok((ties, activity))
    }
}

/// The topics of each organisation, in one statement.
async fn organisation_topics(core: &Core, all: &[organisation::Model]) -> DomainResult<HashMap<Uuid, Vec<Uuid>>> {
    let visible: HashSet<Uuid> = all.iter().map(|o| o.id).collect();
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in organisation_topic::Entity::find().all(core.db()).await.internal()? {
        if visible.contains(&link.organisation_id) {
            map.entry(link.organisation_id).or_default().push(link.topic_id);
        }
    }
    Ok(map)
}

/// The centre, its neighbours and the ties among them.
fn neighbourhood(centre: Uuid, selected: Vec<&organisation::Model>, ties: Ties) -> (Vec<&organisation::Model>, Ties) {
    let mut keep: HashSet<Uuid> = HashSet::from([centre]);
    for (a, b) in ties.0.keys() {
        if *a == centre {
            keep.insert(*b);
        } else if *b == centre {
            keep.insert(*a);
        }
    }
    let nodes = selected.into_iter().filter(|o| keep.contains(&o.id)).collect();
    let kept = Ties(ties.0.into_iter().filter(|((a, b), _)| keep.contains(a) && keep.contains(b)).collect());
    (nodes, kept)
}
