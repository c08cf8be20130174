//! Change over time: at the end of each month the daily task keeps the network's key
//! figures (organisations, ties, events, offerings, coverage per topic × Ortsteil and
//! the network's summary) as a dated snapshot, once per month (a unique month); the
//! council compares two dates, or a date and today. Snapshots are in dump and restore.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use migraup_domain::{DomainError, EventStatus, Lang, Operation, Reason, Role, bounds, error::DomainResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Actor, Core, berlin,
    entities::{event, network_snapshot},
    errors::DbResultExt,
    network::NetworkFilter,
};

/// What a snapshot keeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// The organisations of the network (id, name, Ortsteil), as the council sees it.
    pub organisations: Vec<(Uuid, String, Option<Uuid>)>,
    /// Ties as pairs of indices into `organisations`.
    pub ties: Vec<(u32, u32)>,
    /// Events held or announced (not drafts).
    pub events: u64,
    /// Offerings held in an Ortsteil.
    pub offerings: u64,
    /// Topic × Ortsteil cells without an offering (the gaps).
    pub gaps: Vec<(Uuid, Uuid)>,
    pub density: f64,
    pub components: u64,
    pub communities: u64,
    pub isolates: u64,
    pub bridges: u64,
}

/// One snapshot, listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// `YYYY-MM`: the month whose end it records.
    pub month: String,
    pub taken_at: DateTime<Utc>,
    pub figures: Figures,
}

/// A figure at two dates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pair {
    pub before: f64,
    pub after: f64,
}

/// The difference between two dates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// The earlier snapshot's month.
    pub from: String,
    /// The later snapshot's month; `None`: today.
    pub to: Option<String>,
    pub organisations: Pair,
    pub ties: Pair,
    pub events: Pair,
    pub offerings: Pair,
    pub gaps: Pair,
    pub density: Pair,
    pub communities: Pair,
    pub isolates: Pair,
    /// New organisations (id, name), by name.
    pub new_organisations: Vec<(Uuid, String)>,
    /// Organisations no longer in the network, by name.
    pub gone_organisations: Vec<(Uuid, String)>,
    pub new_ties: u64,
    pub ended_ties: u64,
    /// Topic × Ortsteil: gaps closed and opened since.
    pub gaps_closed: Vec<(Uuid, Uuid)>,
    pub gaps_opened: Vec<(Uuid, Uuid)>,
    /// New organisations per Ortsteil (for the map).
    pub new_per_district: HashMap<Uuid, u64>,
}

/// The month before the one `now` is in (Berlin): the last month that has ended.
fn last_closed_month(now: DateTime<Utc>) -> String {
    let day = berlin::local(now).date_naive();
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    first.checked_sub_months(Months::new(1)).unwrap_or(first).format("%Y-%m").to_string()
}

/// The daily task reads the whole network as the council does.
fn council() -> Actor {
    Actor {
        user: Some(crate::actor::ActorUser { id: Uuid::nil(), role: Role::Council, organisations: Vec::new(), provisional: false }),
        lang: Lang::De,
        token: None,
    }
}

impl Core {
    /// The network's figures now, as the council sees them.
    async fn current_figures(&self) -> DomainResult<Figures> {
        let overview = self.network_overview(&council(), &NetworkFilter::default()).await?;
        let organisations: Vec<(Uuid, String, Option<Uuid>)> =
            overview.nodes.iter().map(|n| (n.organisation_id, n.name.clone(), n.district_id)).collect();
        let index: HashMap<Uuid, u32> = organisations.iter().enumerate().map(|(i, o)| (o.0, i as u32)).collect();
        let ties = overview.edges.iter().filter_map(|e| Some((*index.get(&e.source)?, *index.get(&e.target)?))).collect();
        let events =
            event::Entity::find().filter(event::Column::Status.ne(EventStatus::Draft.as_str())).count(self.db()).await.internal()?;
        let s = &overview.summary;
        Ok(Figures {
            organisations,
            ties,
            events,
            offerings: overview.coverage.totals.iter().map(|t| u64::from(t.offerings)).sum(),
            gaps: overview.coverage.cells.iter().filter(|c| c.gap()).map(|c| (c.topic_id, c.district_id)).collect(),
            density: s.density,
            components: s.components as u64,
            communities: s.communities as u64,
            isolates: s.isolates as u64,
            bridges: s.bridges as u64,
        })
    }

    /// The daily task: keeps the snapshot of the last month that has ended, if it is
    /// not there yet (once per month, also with several servers: the month is unique).
    /// Missed months are not made up: their figures cannot be known afterwards.
    /// Answers whether one was taken.
    pub async fn take_monthly_snapshot_at(&self, now: DateTime<Utc>) -> DomainResult<bool> {
        let month = last_closed_month(now);
        let exists = |month: String| async move {
            network_snapshot::Entity::find().filter(network_snapshot::Column::Month.eq(month)).count(self.db()).await.internal()
        };
        if exists(month.clone()).await? > 0 {
            return Ok(false);
        }
        let figures = self.current_figures().await?;
        let row = network_snapshot::ActiveModel {
            id: Set(Uuid::now_v7()),
            month: Set(month.clone()),
            taken_at: Set(now),
            figures: Set(serde_json::to_string(&figures).map_err(|_| DomainError::internal())?),
        };
        match row.insert(self.db()).await {
            Ok(_) => Ok(true),
            // Another server took it meanwhile.
            Err(_) if exists(month).await? > 0 => Ok(false),
            Err(e) => Err(crate::errors::internal(e)),
        }
    }

    /// The snapshots, newest first (council, administration, coordination team).
    pub async fn network_snapshots(&self, actor: &Actor) -> DomainResult<Vec<Snapshot>> {
        actor.authorize(Operation::ViewNetwork, None)?;
        let rows = network_snapshot::Entity::find()
            .order_by_desc(network_snapshot::Column::Month)
            .paginate(self.db(), bounds::SNAPSHOTS)
            .fetch_page(0)
            .await
            .internal()?;
        rows.into_iter().map(read).collect()
    }

    /// What changed between the snapshot of month `from` and that of `to` (or today).
    pub async fn network_change(&self, actor: &Actor, from: &str, to: Option<&str>) -> DomainResult<Change> {
        actor.authorize(Operation::ViewNetwork, None)?;
        let load = |field: &'static str, month: String| async move {
            let row = network_snapshot::Entity::find()
                .filter(network_snapshot::Column::Month.eq(month))
                .one(self.db())
                .await
                .internal()?
                .ok_or_else(|| DomainError::invalid(field, Reason::UnknownId))?;
            read(row)
        };
        let before = load("from", from.to_owned()).await?.figures;
        let after = match to {
            Some(month) => load("to", month.to_owned()).await?.figures,
            None => self.current_figures().await?,
        };
        Ok(compare(from, to, &before, &after))
    }
}

fn read(row: network_snapshot::Model) -> DomainResult<Snapshot> {
    let figures = serde_json::from_str(&row.figures).map_err(|e| {
        tracing::error!(error = %e, month = %row.month, "a snapshot's figures cannot be read");
        DomainError::internal()
    })?;
    Ok(Snapshot { month: row.month, taken_at: row.taken_at, figures })
}

/// The ties of a snapshot as pairs of organisation ids (smaller first).
fn tie_set(f: &Figures) -> HashSet<(Uuid, Uuid)> {
    f.ties
        .iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (f.organisations.get(a as usize)?.0, f.organisations.get(b as usize)?.0);
            Some(if a < b { (a, b) } else { (b, a) })
        })
        .collect()
}

/// The difference of two sets of figures.
pub fn compare(from: &str, to: Option<&str>, before: &Figures, after: &Figures) -> Change {
    let pair = |b: f64, a: f64| Pair { before: b, after: a };
    let was: HashSet<Uuid> = before.organisations.iter().map(|o| o.0).collect();
    let is: HashSet<Uuid> = after.organisations.iter().map(|o| o.0).collect();
    let mut new_organisations: Vec<(Uuid, String)> =
        after.organisations.iter().filter(|o| !was.contains(&o.0)).map(|o| (o.0, o.1.clone())).collect();
    let mut gone_organisations: Vec<(Uuid, String)> =
        before.organisations.iter().filter(|o| !is.contains(&o.0)).map(|o| (o.0, o.1.clone())).collect();
    new_organisations.sort_by(|a, b| a.1.cmp(&b.1));
    gone_organisations.sort_by(|a, b| a.1.cmp(&b.1));
    let mut new_per_district: HashMap<Uuid, u64> = HashMap::new();
    for d in after.organisations.iter().filter(|o| !was.contains(&o.0)).filter_map(|o| o.2) {
        *new_per_district.entry(d).or_default() += 1;
    }
    let (ties_before, ties_after) = (tie_set(before), tie_set(after));
    let gaps_before: BTreeSet<(Uuid, Uuid)> = before.gaps.iter().copied().collect();
    let gaps_after: BTreeSet<(Uuid, Uuid)> = after.gaps.iter().copied().collect();
    Change {
        from: from.to_owned(),
        to: to.map(str::to_owned),
        organisations: pair(before.organisations.len() as f64, after.organisations.len() as f64),
        ties: pair(before.ties.len() as f64, after.ties.len() as f64),
        events: pair(before.events as f64, after.events as f64),
        offerings: pair(before.offerings as f64, after.offerings as f64),
        gaps: pair(before.gaps.len() as f64, after.gaps.len() as f64),
        density: pair(before.density, after.density),
        communities: pair(before.communities as f64, after.communities as f64),
        isolates: pair(before.isolates as f64, after.isolates as f64),
        new_organisations,
        gone_organisations,
        new_ties: ties_after.difference(&ties_before).count() as u64,
        ended_ties: ties_before.difference(&ties_after).count() as u64,
        // A gap closed: a topic × Ortsteil that had no offering and has one now.
        gaps_closed: gaps_before.difference(&gaps_after).copied().collect(),
        gaps_opened: gaps_after.difference(&gaps_before).copied().collect(),
        new_per_district,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_closed_month_is_berlins() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(last_closed_month(at("2026-12-01T06:00:00Z")), "2026-11");
        // 23:30 UTC on 31 December is already 1 January in Berlin.
        assert_eq!(last_closed_month(at("2026-12-31T23:30:00Z")), "2026-12");
        assert_eq!(last_closed_month(at("2027-01-15T12:00:00Z")), "2026-12");
    }
}
