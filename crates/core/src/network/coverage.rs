//! The actor analysis: which topics are offered in which Ortsteil (and where
//! nothing is: the gaps), languages offered per Ortsteil, growth per month and how
//! complete each organisation's profile is.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use migraup_domain::{VerificationState, error::DomainResult};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{NetworkFilter, Window};
use crate::{
    Core, berlin,
    entities::{
        link_tables::{offering_language, offering_topic, organisation_language, organisation_target_group},
        membership, offering, organisation,
    },
    errors::DbResultExt,
    taxonomy::TaxonomyKind,
    views::{District, TaxonomyEntry},
};

/// One cell of the topic × Ortsteil matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub topic_id: Uuid,
    pub district_id: Uuid,
    /// Organisations in the Ortsteil working on the topic.
    pub organisations: u32,
    /// Offerings on the topic that take place in the Ortsteil.
    pub offerings: u32,
}

impl Cell {
    /// Nothing is offered on this topic in this Ortsteil.
    pub fn gap(&self) -> bool {
        self.offerings == 0
    }
}

/// Languages offerings are held in, per Ortsteil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictLanguages {
    pub district_id: Uuid,
    /// Language code and number of offerings, most offered first.
    pub languages: Vec<(String, u32)>,
}

/// The matrix: rows are topics, columns Ortsteile, in their taxonomy order.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    pub topics: Vec<TaxonomyEntry>,
    pub districts: Vec<District>,
    /// Row by row: `cells[t * districts.len() + d]`.
    pub cells: Vec<Cell>,
    pub languages: Vec<DistrictLanguages>,
    /// Per Ortsteil: organisations there and offerings held there (on the filter's
    /// topics, when it names some), each counted once; for the map.
    pub totals: Vec<DistrictTotal>,
}

/// What one Ortsteil has, whatever the topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictTotal {
    pub district_id: Uuid,
    pub organisations: u32,
    pub offerings: u32,
}

/// New organisations, events and relations in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub organisations: u32,
    /// Organisations in the directory at the end of the month.
    pub organisations_total: u32,
    pub events: u32,
    pub relations: u32,
}

/// How complete one profile is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completeness {
    pub organisation_id: Uuid,
    pub name: String,
    /// 0..100.
    pub score: u8,
    /// What is missing, by field name (`description`, `district`, …).
    pub missing: Vec<&'static str>,
    pub verified: bool,
}

/// The profile parts the score counts, equally weighted.
pub const PROFILE_PARTS: [&str; 10] =
    ["description", "district", "topics", "languages", "targetGroups", "contact", "address", "offerings", "contactPerson", "foundedYear"];

/// Where each offering takes place: its own Ortsteil, else its organisation's.
fn offering_district(o: &offering::Model, organisations: &HashMap<Uuid, &organisation::Model>) -> Option<Uuid> {
    o.district_id.or_else(|| organisations.get(&o.organisation_id).and_then(|org| org.district_id))
}

pub(super) async fn coverage(
    core: &Core,
    selected: &[&organisation::Model],
    topics_of: &HashMap<Uuid, Vec<Uuid>>,
    filter: &NetworkFilter,
) -> DomainResult<(Coverage, HashSet<Uuid>)> {
    let db = core.db();
    let topics: Vec<TaxonomyEntry> = core
        .taxonomy(TaxonomyKind::Topic)
        .await?
        .into_iter()
        .filter(|t| filter.topic_ids.is_empty() || filter.topic_ids.contains(&t.id))
        .collect();
    let districts: Vec<District> =
        core.districts().await?.into_iter().filter(|d| filter.district_ids.is_empty() || filter.district_ids.contains(&d.id)).collect();
    let by_id: HashMap<Uuid, &organisation::Model> = selected.iter().map(|o| (o.id, *o)).collect();
    let offerings: Vec<offering::Model> =
        offering::Entity::find().all(db).await.internal()?.into_iter().filter(|o| by_id.contains_key(&o.organisation_id)).collect();
    let offering_ids: HashSet<Uuid> = offerings.iter().map(|o| o.id).collect();
    let mut offering_topics: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for l in offering_topic::Entity::find().all(db).await.internal()? {
        if offering_ids.contains(&l.offering_id) {
            offering_topics.entry(l.offering_id).or_default().push(l.topic_id);
        }
    }
    let mut offering_languages: HashMap<Uuid, Vec<String>> = HashMap::new();
    for l in offering_language::Entity::find().all(db).await.internal()? {
        if offering_ids.contains(&l.offering_id) {
            offering_languages.entry(l.offering_id).or_default().push(l.language_code);
        }
    }

    let mut counts: HashMap<(Uuid, Uuid), (u32, u32)> = HashMap::new();
    for o in selected {
        if let Some(d) = o.district_id {
            for t in topics_of.get(&o.id).into_iter().flatten() {
                counts.entry((*t, d)).or_default().0 += 1;
            }
        }
    }
    let mut languages: HashMap<Uuid, BTreeMap<String, u32>> = HashMap::new();
    let mut totals: HashMap<Uuid, (u32, u32)> = HashMap::new();
    for d in selected.iter().filter_map(|o| o.district_id) {
        totals.entry(d).or_default().0 += 1;
    }
    for o in &offerings {
        let Some(d) = offering_district(o, &by_id) else { continue };
        let on_topic =
            filter.topic_ids.is_empty() || offering_topics.get(&o.id).is_some_and(|ts| ts.iter().any(|t| filter.topic_ids.contains(t)));
        if on_topic {
            totals.entry(d).or_default().1 += 1;
        }
        for t in offering_topics.get(&o.id).into_iter().flatten() {
            counts.entry((*t, d)).or_default().1 += 1;
        }
        for code in offering_languages.get(&o.id).into_iter().flatten() {
            *languages.entry(d).or_default().entry(code.clone()).or_default() += 1;
        }
    }
    let cells = topics
        .iter()
        .flat_map(|t| districts.iter().map(move |d| (t.id, d.id)))
        .map(|(t, d)| {
            let (organisations, offerings) = counts.get(&(t, d)).copied().unwrap_or_default();
            Cell { topic_id: t, district_id: d, organisations, offerings }
        })
        .collect();
    let languages = districts
        .iter()
        .map(|d| {
            let mut list: Vec<(String, u32)> = languages.remove(&d.id).unwrap_or_default().into_iter().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            DistrictLanguages { district_id: d.id, languages: list }
        })
        .collect();
    let totals = districts
        .iter()
        .map(|d| {
            let (organisations, offerings) = totals.get(&d.id).copied().unwrap_or_default();
            DistrictTotal { district_id: d.id, organisations, offerings }
        })
        .collect();
    let with_offerings = offerings.iter().map(|o| o.organisation_id).collect();
    Ok((Coverage { topics, districts, cells, languages, totals }, with_offerings))
}

fn month_key(t: DateTime<Utc>) -> String {
    berlin::local(t).format("%Y-%m").to_string()
}

/// The months shown: the window's, else the last twelve; at most 36.
fn months(window: &Window) -> Vec<String> {
    let last = window.to.unwrap_or_else(berlin::today);
    let first = window.from.unwrap_or_else(|| last.checked_sub_months(Months::new(11)).unwrap_or(last));
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    let mut list = Vec::new();
    while month <= last && list.len() < 36 {
        list.push(month.format("%Y-%m").to_string());
        let Some(next) = month.checked_add_months(Months::new(1)) else { break };
        month = next;
    }
    list
}

pub(super) fn growth(selected: &[&organisation::Model], activity: &[(super::Activity, DateTime<Utc>)], window: &Window) -> Vec<Month> {
    let months = months(window);
    let mut rows: BTreeMap<String, Month> = months
        .iter()
        .map(|m| (m.clone(), Month { month: m.clone(), organisations: 0, organisations_total: 0, events: 0, relations: 0 }))
        .collect();
    for o in selected {
        if let Some(row) = rows.get_mut(&month_key(o.created_at)) {
            row.organisations += 1;
        }
    }
    for (what, t) in activity {
        if let Some(row) = rows.get_mut(&month_key(*t)) {
            match what {
                super::Activity::Event => row.events += 1,
                super::Activity::Relation => row.relations += 1,
            }
        }
    }
    let mut created: Vec<String> = selected.iter().map(|o| month_key(o.created_at)).collect();
    created.sort();
    for row in rows.values_mut() {
        row.organisations_total = created.partition_point(|m| *m <= row.month) as u32;
    }
    rows.into_values().collect()
}

/// Which of `ids` have a row in `E` (that also matches `also`), by its organisation column.
async fn having<E: EntityTrait>(
    db: &impl sea_orm::ConnectionTrait,
    column: E::Column,
    ids: &[Uuid],
    also: Condition,
) -> DomainResult<HashSet<Uuid>> {
    let rows: Vec<Uuid> =
        E::find().select_only().column(column).filter(column.is_in(ids.to_vec())).filter(also).into_tuple().all(db).await.internal()?;
    Ok(rows.into_iter().collect())
}

pub(super) async fn completeness(
    core: &Core,
    selected: &[&organisation::Model],
    topics_of: &HashMap<Uuid, Vec<Uuid>>,
    with_offerings: &HashSet<Uuid>,
) -> DomainResult<Vec<Completeness>> {
    let db = core.db();
    let ids: Vec<Uuid> = selected.iter().map(|o| o.id).collect();
    let with_languages =
        having::<organisation_language::Entity>(db, organisation_language::Column::OrganisationId, &ids, Condition::all()).await?;
    let with_groups =
        having::<organisation_target_group::Entity>(db, organisation_target_group::Column::OrganisationId, &ids, Condition::all()).await?;
    let consented =
        Condition::all().add(membership::Column::IsContactPerson.eq(true)).add(membership::Column::ContactConsentAt.is_not_null());
    let with_contact = having::<membership::Entity>(db, membership::Column::OrganisationId, &ids, consented).await?;
    let filled = |o: &organisation::Model, part: &str| match part {
        "description" => o.description.as_deref().is_some_and(|d| d.trim().chars().count() >= 40),
        "district" => o.district_id.is_some(),
        "topics" => topics_of.get(&o.id).is_some_and(|t| !t.is_empty()),
        "languages" => with_languages.contains(&o.id),
        "targetGroups" => with_groups.contains(&o.id),
        "contact" => o.email.is_some() || o.phone.is_some() || o.website.is_some(),
        "address" => o.street.is_some() && o.postal_code.is_some(),
        "offerings" => with_offerings.contains(&o.id),
        "contactPerson" => with_contact.contains(&o.id),
        _ => o.founded_year.is_some(),
    };
    let mut list: Vec<Completeness> = selected
        .iter()
        .map(|o| {
            let missing: Vec<&'static str> = PROFILE_PARTS.iter().copied().filter(|p| !filled(o, p)).collect();
            let score = (100 * (PROFILE_PARTS.len() - missing.len()) / PROFILE_PARTS.len()) as u8;
            Completeness {
                organisation_id: o.id,
                name: o.name.clone(),
                score,
                missing,
                verified: o.verification.0 == VerificationState::Verified,
            }
        })
        .collect();
    list.sort_by(|a, b| a.score.cmp(&b.score).then(a.verified.cmp(&b.verified)).then(a.name.cmp(&b.name)));
    Ok(list)
}

impl Core {
    /// How complete one profile is, for those who may edit it ("My organisation").
    pub async fn profile_completeness(&self, actor: &crate::Actor, id: Uuid) -> DomainResult<Option<Completeness>> {
        if !actor.may(migraup_domain::Operation::UpdateOrganisation, Some(id)) {
            return Ok(None);
        }
        let db = self.db();
        let Some(org) = organisation::Entity::find_by_id(id).one(db).await.internal()? else { return Ok(None) };
        let topics: Vec<Uuid> = crate::entities::link_tables::organisation_topic::Entity::find()
            .filter(crate::entities::link_tables::organisation_topic::Column::OrganisationId.eq(id))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|t| t.topic_id)
            .collect();
        let topics_of = HashMap::from([(id, topics)]);
        let offerings = offering::Entity::find().filter(offering::Column::OrganisationId.eq(id)).one(db).await.internal()?;
        let with_offerings: HashSet<Uuid> = offerings.map(|o| o.organisation_id).into_iter().collect();
        Ok(completeness(self, &[&org], &topics_of, &with_offerings).await?.pop())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_a_window() {
        let w = Window { from: NaiveDate::from_ymd_opt(2026, 11, 15), to: NaiveDate::from_ymd_opt(2027, 2, 1) };
        assert_eq!(months(&w), vec!["2026-11", "2026-12", "2027-01", "2027-02"]);
        let open = Window { from: None, to: NaiveDate::from_ymd_opt(2026, 11, 25) };
        let list = months(&open);
        assert_eq!(list.len(), 12);
        assert_eq!(list.first().map(String::as_str), Some("2025-12"));
        assert_eq!(list.last().map(String::as_str), Some("2026-11"));
    }
}
