//! The integration council's board: ideas and measures by status, topic and Ortsteil;
//! the coverage gaps with and without a measure; concerns per topic, open and answered;
//! and per quarter the median days to a first answer and to closing. Every idea and
//! concern is counted, also the ones the reader may not open (concerns for the
//! administration only): the board shows numbers, never their subjects. The tables go
//! out as CSV and as one XLSX workbook, one number per cell.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use migraup_domain::{ConcernStatus, IdeaStatus, Lang, Operation, bounds, error::DomainResult};
use sea_orm::{EntityTrait, QuerySelect};
use uuid::Uuid;

use crate::{
    Actor, Core, berlin,
    entities::{
        concerns::concern,
        ideas::idea,
        link_tables::{concern_topic, idea_district, idea_topic},
    },
    errors::DbResultExt,
    network::NetworkFilter,
};

/// Ideas per status, in the order of `IdeaStatus::ALL`.
pub type StatusCounts = [u32; 6];

/// One row of ideas by topic or by Ortsteil.
#[derive(Clone, Debug, PartialEq)]
pub struct IdeaRow {
    /// A topic's or an Ortsteil's id.
    pub id: Uuid,
    pub counts: StatusCounts,
}

/// A coverage gap (nothing offered on a topic in an Ortsteil) and the measures for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub topic_id: Uuid,
    pub district_id: Uuid,
    /// Organisations in the Ortsteil working on the topic.
    pub organisations: u32,
    /// Adopted, under way or done measures on the topic in the Ortsteil.
    pub measures: u32,
    /// Ideas for it that are not (yet) measures.
    pub ideas: u32,
}

/// Concerns on one topic.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcernRow {
    pub topic_id: Uuid,
    /// Not closed.
    pub open: u32,
    /// With at least one answer.
    pub answered: u32,
    pub closed: u32,
}

/// Concerns raised in one quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct Quarter {
    /// `2026-Q3`.
    pub quarter: String,
    pub raised: u32,
    pub answered: u32,
    pub closed: u32,
    pub median_days_to_answer: Option<f64>,
    pub median_days_to_close: Option<f64>,
}

/// The whole board.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CouncilBoard {
    pub ideas: StatusCounts,
    pub by_topic: Vec<IdeaRow>,
    pub by_district: Vec<IdeaRow>,
    pub gaps: Vec<Gap>,
    pub concerns: Vec<ConcernRow>,
    pub quarters: Vec<Quarter>,
}

fn status_index(s: IdeaStatus) -> usize {
    IdeaStatus::ALL.iter().position(|x| *x == s).unwrap_or_default()
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 86_400.0
}

/// The quarter of an instant in Berlin.
fn quarter_of(t: DateTime<Utc>) -> String {
    let local = berlin::local(t);
    format!("{}-Q{}", local.year(), local.month0() / 3 + 1)
}

fn rows(map: HashMap<Uuid, StatusCounts>) -> Vec<IdeaRow> {
    let mut out: Vec<IdeaRow> = map.into_iter().map(|(id, counts)| IdeaRow { id, counts }).collect();
    out.sort_by(|a, b| b.counts.iter().sum::<u32>().cmp(&a.counts.iter().sum::<u32>()).then(a.id.cmp(&b.id)));
    out
}

impl Core {
    /// The council's board (the council, the administration, the coordination team).
    pub async fn council_board(&self, actor: &Actor) -> DomainResult<CouncilBoard> {
        actor.authorize(Operation::ViewCouncilBoard, None)?;
        let db = self.db();
        let ideas: Vec<(Uuid, crate::entities::stored::Stored<IdeaStatus>)> = idea::Entity::find()
            .select_only()
            .column(idea::Column::Id)
            .column(idea::Column::Status)
            .into_tuple()
            .all(db)
            .await
            .internal()?;
        let status: HashMap<Uuid, IdeaStatus> = ideas.into_iter().map(|(id, s)| (id, s.0)).collect();
        let mut board = CouncilBoard::default();
        for s in status.values() {
            board.ideas[status_index(*s)] += 1;
        }
        let topics = idea_topic::Entity::find().all(db).await.internal()?;
        let districts = idea_district::Entity::find().all(db).await.internal()?;
        let mut by_topic: HashMap<Uuid, StatusCounts> = HashMap::new();
        for t in &topics {
            if let Some(s) = status.get(&t.idea_id) {
                by_topic.entry(t.topic_id).or_default()[status_index(*s)] += 1;
            }
        }
        let mut by_district: HashMap<Uuid, StatusCounts> = HashMap::new();
        for d in &districts {
            if let Some(s) = status.get(&d.idea_id) {
                by_district.entry(d.district_id).or_default()[status_index(*s)] += 1;
            }
        }
        board.by_topic = rows(by_topic);
        board.by_district = rows(by_district);

        // An idea answers a gap where one of its topics meets one of its Ortsteile.
        let mut cells: HashMap<(Uuid, Uuid), (u32, u32)> = HashMap::new();
        let districts_of = crate::link_tables::group(&[], districts.iter().map(|d| (d.idea_id, d.district_id)));
        for t in &topics {
            let Some(s) = status.get(&t.idea_id) else { continue };
            if *s == IdeaStatus::NotPursued {
                continue;
            }
            for d in districts_of.get(&t.idea_id).into_iter().flatten() {
                let cell = cells.entry((t.topic_id, *d)).or_default();
                if s.is_measure() { cell.0 += 1 } else { cell.1 += 1 }
            }
        }
        let coverage = self.network_overview(actor, &NetworkFilter::default()).await?.coverage;
        let width = coverage.districts.len().max(1);
        board.gaps = coverage
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.gap())
            .map(|(i, c)| {
                let (topic_id, district_id) = (coverage.topics[i / width].id, coverage.districts[i % width].id);
                let (measures, ideas) = cells.get(&(topic_id, district_id)).copied().unwrap_or_default();
                Gap { topic_id, district_id, organisations: c.organisations, measures, ideas }
            })
            .collect();

        let concerns = concern::Entity::find().limit(bounds::WORK_LIST * 10).all(db).await.internal()?;
        let concern_topics = concern_topic::Entity::find().all(db).await.internal()?;
        let by_id: HashMap<Uuid, &concern::Model> = concerns.iter().map(|c| (c.id, c)).collect();
        let mut per_topic: HashMap<Uuid, ConcernRow> = HashMap::new();
        for t in concern_topics {
            let Some(c) = by_id.get(&t.concern_id) else { continue };
            let row = per_topic.entry(t.topic_id).or_insert(ConcernRow { topic_id: t.topic_id, open: 0, answered: 0, closed: 0 });
            if c.status.0 == ConcernStatus::Closed {
                row.closed += 1
            } else {
                row.open += 1
            }
            if c.first_answer_at.is_some() {
                row.answered += 1;
            }
        }
        let mut per_topic: Vec<ConcernRow> = per_topic.into_values().collect();
        per_topic.sort_by(|a, b| (b.open + b.closed).cmp(&(a.open + a.closed)).then(a.topic_id.cmp(&b.topic_id)));
        board.concerns = per_topic;

        let mut quarters: HashMap<String, (u32, Vec<f64>, Vec<f64>)> = HashMap::new();
        for c in &concerns {
            let q = quarters.entry(quarter_of(c.created_at)).or_default();
            q.0 += 1;
            if let Some(a) = c.first_answer_at {
                q.1.push(days_between(c.created_at, a));
            }
            if let (Some(closed), ConcernStatus::Closed) = (c.closed_at, c.status.0) {
                q.2.push(days_between(c.created_at, closed));
            }
        }
        let mut quarters: Vec<Quarter> = quarters
            .into_iter()
            .map(|(quarter, (raised, answers, closings))| Quarter {
                quarter,
                raised,
                answered: answers.len() as u32,
                closed: closings.len() as u32,
                median_days_to_answer: median(answers),
                median_days_to_close: median(closings),
            })
            .collect();
        quarters.sort_by(|a, b| b.quarter.cmp(&a.quarter));
        quarters.truncate(bounds::BOARD_QUARTERS as usize);
        board.quarters = quarters;
        Ok(board)
    }
}

/// The board's tables for files: (sheet name, header, rows), names resolved in `lang`.
pub fn tables(board: &CouncilBoard, names: &HashMap<Uuid, String>, lang: Lang) -> Vec<crate::network::export::Table> {
    let pick = |key: &'static str| migraup_domain::texts::text(lang, key).to_owned();
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let status_header = |first: &'static str| {
        let mut h = vec![pick(first)];
        h.extend(IdeaStatus::ALL.iter().map(|s| pick(status_key(*s))));
        h
    };
    let idea_rows = |list: &[IdeaRow]| -> Vec<Vec<String>> {
        list.iter()
            .map(|r| {
                let mut row = vec![name(&r.id)];
                row.extend(r.counts.iter().map(u32::to_string));
                row
            })
            .collect()
    };
    let mut total = vec![pick("export_all")];
    total.extend(board.ideas.iter().map(u32::to_string));
    let mut by_topic = vec![total];
    by_topic.extend(idea_rows(&board.by_topic));
    let fmt = |v: Option<f64>| v.map(|d| format!("{d:.1}")).unwrap_or_default();
    vec![
        (pick("export_ideas_by_topic"), status_header("export_topic"), by_topic),
        (pick("export_ideas_by_ortsteil"), status_header("export_ortsteil"), idea_rows(&board.by_district)),
        (
            pick("export_gaps"),
            vec![
                pick("export_topic"),
                pick("export_ortsteil"),
                pick("export_without_offering"),
                pick("export_measures"),
                pick("export_ideas"),
            ],
            board
                .gaps
                .iter()
                .map(|g| {
                    vec![name(&g.topic_id), name(&g.district_id), g.organisations.to_string(), g.measures.to_string(), g.ideas.to_string()]
                })
                .collect(),
        ),
        (
            pick("export_concerns"),
            vec![pick("export_topic"), pick("export_open"), pick("export_answered"), pick("export_closed")],
            board
                .concerns
                .iter()
                .map(|c| vec![name(&c.topic_id), c.open.to_string(), c.answered.to_string(), c.closed.to_string()])
                .collect(),
        ),
        (
            pick("export_quarters"),
            vec![
                pick("export_quarter"),
                pick("export_raised"),
                pick("export_answered"),
                pick("export_closed"),
                pick("export_median_answer"),
                pick("export_median_close"),
            ],
            board
                .quarters
                .iter()
                .map(|q| {
                    vec![
                        q.quarter.clone(),
                        q.raised.to_string(),
                        q.answered.to_string(),
                        q.closed.to_string(),
                        fmt(q.median_days_to_answer),
                        fmt(q.median_days_to_close),
                    ]
                })
                .collect(),
        ),
    ]
}

/// The text key of an idea status in the domain's texts.
pub fn status_key(s: IdeaStatus) -> &'static str {
    match s {
        IdeaStatus::Proposed => "idea_status_proposed",
        IdeaStatus::UnderDiscussion => "idea_status_under_discussion",
        IdeaStatus::Adopted => "idea_status_adopted",
        IdeaStatus::UnderWay => "idea_status_under_way",
        IdeaStatus::Done => "idea_status_done",
        IdeaStatus::NotPursued => "idea_status_not_pursued",
    }
}

/// One table of the board as CSV (`index` into [`tables`]).
pub fn csv(board: &CouncilBoard, names: &HashMap<Uuid, String>, lang: Lang, index: usize) -> DomainResult<String> {
    let all = tables(board, names, lang);
    let (_, header, rows) =
        all.get(index).ok_or_else(|| migraup_domain::DomainError::invalid("table", migraup_domain::Reason::InvalidState))?;
    migraup_formats::csv::write(header, rows.iter().cloned())
}

/// The whole board as one workbook, one sheet per table.
pub fn xlsx(board: &CouncilBoard, names: &HashMap<Uuid, String>, lang: Lang) -> DomainResult<Vec<u8>> {
    let sheets = tables(board, names, lang);
    crate::network::export::workbook(&sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 10.0]), Some(3.0));
    }
}
