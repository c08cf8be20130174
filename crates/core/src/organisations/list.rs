//! The directory: filtered, searched, paged lists with facet counts, and the batch
//! reads the API's DataLoaders use (a fixed number of statements per page).

use std::collections::HashMap;

use migraup_domain::{DomainError, OrganisationKind, Reason, VerificationState, error::DomainResult, search};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use super::view;
use crate::entities::stored::Stored;
use crate::{
    Actor, Core,
    entities::{
        link_tables::{organisation_language, organisation_target_group, organisation_topic},
        membership, offering, organisation, user,
    },
    errors::DbResultExt,
    link_tables::group,
    paging::{Page, PageRequest, cursor},
    views::{ContactPerson, Organisation},
    visibility::{matching_ids, offering_shown, scope_condition, visible_subquery},
};

/// What the directory is filtered by. Within a dimension any value matches; across
/// dimensions all must.
#[derive(Clone, Debug, Default)]
pub struct OrganisationFilter {
    pub search: Option<String>,
    pub topic_ids: Vec<Uuid>,
    pub district_ids: Vec<Uuid>,
    pub languages: Vec<String>,
    pub kinds: Vec<OrganisationKind>,
    /// Whom the organisation or one of its shown offerings is for.
    pub target_group_ids: Vec<Uuid>,
    pub verified: Option<bool>,
}

/// How many organisations each value would give, for the current filter.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub topics: Vec<(Uuid, u64)>,
    pub districts: Vec<(Uuid, u64)>,
    pub languages: Vec<(String, u64)>,
    pub kinds: Vec<(OrganisationKind, u64)>,
    pub target_groups: Vec<(Uuid, u64)>,
}

/// A facet dimension, left out of its own counts (so a person sees the alternatives).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dimension {
    Topic,
    District,
    Language,
    Kind,
    TargetGroup,
}

fn in_link<E: EntityTrait>(owner: E::Column, item: E::Column, values: Vec<sea_orm::Value>) -> SelectStatement
where
    E::Column: ColumnTrait,
{
    Query::select().column(owner).from(E::default()).and_where(item.is_in(values)).to_owned()
}

/// A dimension an organisation has itself or through its offerings: the two link
/// tables and their value column (both name the owner `organisation_id`/`offering_id`).
struct OwnOrOffered {
    own: &'static str,
    offered: &'static str,
    value: &'static str,
}

const LANGUAGES: OwnOrOffered = OwnOrOffered { own: "organisation_languages", offered: "offering_languages", value: "language_code" };
const TARGET_GROUPS: OwnOrOffered =
    OwnOrOffered { own: "organisation_target_groups", offered: "offering_target_groups", value: "target_group_id" };

/// Organisations that have one of `values` themselves or in an offering the actor sees.
fn own_or_offered(actor: &Actor, link: &OwnOrOffered, values: Vec<sea_orm::Value>) -> Condition {
    let in_values = |table: &'static str, owner: &'static str| {
        Query::select()
            .column(Alias::new(owner))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new(link.value)).is_in(values.clone()))
            .to_owned()
    };
    let offered_in = Query::select()
        .column(offering::Column::OrganisationId)
        .from(offering::Entity)
        .and_where(offering::Column::Id.in_subquery(in_values(link.offered, "offering_id")))
        .cond_where(offering_shown(actor, chrono::Utc::now()))
        .to_owned();
    Condition::any()
        .add(organisation::Column::Id.in_subquery(in_values(link.own, "organisation_id")))
        .add(organisation::Column::Id.in_subquery(offered_in))
}

/// Words of the search, folded; `%`, `_` and `\` are dropped so they match literally nothing special.
fn search_words(text: &str) -> Vec<String> {
    search::fold(text)
        .split(' ')
        .map(|w| w.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect::<String>())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect()
}

fn filter_condition(actor: &Actor, filter: &OrganisationFilter, skip: Option<Dimension>) -> Condition {
    let mut cond = Condition::all().add(scope_condition(actor));
    for word in filter.search.as_deref().map(search_words).unwrap_or_default() {
        let pattern = format!("%{word}%");
        let in_offerings = Query::select()
            .column(offering::Column::OrganisationId)
            .from(offering::Entity)
            .and_where(offering::Column::SearchText.like(pattern.as_str()))
            .cond_where(offering_shown(actor, chrono::Utc::now()))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(organisation::Column::SearchText.like(pattern.as_str()))
                .add(organisation::Column::Id.in_subquery(in_offerings)),
        );
    }
    if !filter.topic_ids.is_empty() && skip != Some(Dimension::Topic) {
        let values = filter.topic_ids.iter().map(|id| (*id).into()).collect();
        cond = cond.add(organisation::Column::Id.in_subquery(in_link::<organisation_topic::Entity>(
            organisation_topic::Column::OrganisationId,
            organisation_topic::Column::TopicId,
            values,
        )));
    }
    // A language means: the organisation works in it, or one of its offerings (that
    // the reader sees) is held in it, such as a counselling hour in Kurdish. A target
    // group likewise: the organisation's own, or one of a shown offering's.
    if !filter.languages.is_empty() && skip != Some(Dimension::Language) {
        let values: Vec<sea_orm::Value> = filter.languages.iter().map(|c| c.to_ascii_lowercase().into()).collect();
        cond = cond.add(own_or_offered(actor, &LANGUAGES, values));
    }
    if !filter.target_group_ids.is_empty() && skip != Some(Dimension::TargetGroup) {
        let values: Vec<sea_orm::Value> = filter.target_group_ids.iter().map(|id| (*id).into()).collect();
        cond = cond.add(own_or_offered(actor, &TARGET_GROUPS, values));
    }
    if !filter.district_ids.is_empty() && skip != Some(Dimension::District) {
        cond = cond.add(organisation::Column::DistrictId.is_in(filter.district_ids.clone()));
    }
    if !filter.kinds.is_empty() && skip != Some(Dimension::Kind) {
        cond = cond.add(organisation::Column::Kind.is_in(filter.kinds.iter().map(|k| k.as_str())));
    }
    if let Some(verified) = filter.verified {
        let state = if verified { VerificationState::Verified } else { VerificationState::Unverified };
        cond = cond.add(organisation::Column::Verification.eq(state.as_str()));
    }
    cond
}

fn check_filter(filter: &OrganisationFilter) -> DomainResult<()> {
    if filter.search.as_deref().is_some_and(|s| s.chars().count() > 200) {
        return Err(DomainError::invalid("search", Reason::TooLong { max: 200 }));
    }
    let values = filter.topic_ids.len() + filter.district_ids.len() + filter.languages.len() + filter.kinds.len();
    if values + filter.target_group_ids.len() > 100 {
        return Err(DomainError::invalid("filter", Reason::TooLong { max: 100 }));
    }
    Ok(())
}

impl Core {
    /// Organisations per value of an "own or offered" dimension (languages, target
    /// groups): those with the value themselves and those with an offering that has it,
    /// each organisation counted once (one statement for each side).
    async fn own_or_offered_facet<V>(
        &self,
        actor: &Actor,
        filter: &OrganisationFilter,
        link: &OwnOrOffered,
        skip: Dimension,
    ) -> DomainResult<Vec<(V, u64)>>
    where
        V: sea_orm::TryGetable + Eq + std::hash::Hash,
    {
        let matching = || matching_ids(filter_condition(actor, filter, Some(skip)));
        let own = Query::select()
            .column(Alias::new("organisation_id"))
            .column(Alias::new(link.value))
            .from(Alias::new(link.own))
            .and_where(Expr::col(Alias::new("organisation_id")).in_subquery(matching()))
            .to_owned();
        let offered = Query::select()
            .column((offering::Entity, offering::Column::OrganisationId))
            .column((Alias::new(link.offered), Alias::new(link.value)))
            .from(Alias::new(link.offered))
            .inner_join(
                offering::Entity,
                Expr::col((offering::Entity, offering::Column::Id)).equals((Alias::new(link.offered), Alias::new("offering_id"))),
            )
            .and_where(Expr::col((offering::Entity, offering::Column::OrganisationId)).in_subquery(matching()))
            .cond_where(offering_shown(actor, chrono::Utc::now()))
            .to_owned();
        let backend = self.db().get_database_backend();
        let mut pairs: std::collections::HashSet<(Uuid, V)> = std::collections::HashSet::new();
        for statement in [own, offered] {
            for row in self.db().query_all_raw(backend.build(&statement)).await.internal()? {
                pairs.insert((row.try_get_by_index(0).internal()?, row.try_get_by_index(1).internal()?));
            }
        }
        let mut counts: HashMap<V, u64> = HashMap::new();
        for (_, value) in pairs {
            *counts.entry(value).or_default() += 1;
        }
        Ok(counts.into_iter().collect())
    }

    /// One page of the directory, sorted by name.
    pub async fn organisations(&self, actor: &Actor, filter: &OrganisationFilter, page: &PageRequest) -> DomainResult<Page<Organisation>> {
        check_filter(filter)?;
        let size = page.size()?;
        let cond = filter_condition(actor, filter, None);
        let total_count = organisation::Entity::find().filter(cond.clone()).count(self.db()).await.internal()?;
        let mut query = organisation::Entity::find().filter(cond);
        if let Some(key) = page.after_key()? {
            let (Some(name), Some(id)) = (key.first(), key.get(1).and_then(|i| i.parse::<Uuid>().ok())) else {
                return Err(DomainError::invalid("after", Reason::InvalidToken));
            };
            query = query.filter(
                Condition::any()
                    .add(organisation::Column::SortName.gt(name.as_str()))
                    .add(Condition::all().add(organisation::Column::SortName.eq(name.as_str())).add(organisation::Column::Id.gt(id))),
            );
        }
        let mut rows = query
            .order_by_asc(organisation::Column::SortName)
            .order_by_asc(organisation::Column::Id)
            .limit(size + 1)
            .all(self.db())
            .await
            .internal()?;
        let has_next_page = rows.len() as u64 > size;
        rows.truncate(size as usize);
        let items = rows.into_iter().map(|m| (cursor(&[&m.sort_name, &m.id.to_string()]), view(actor, m))).collect();
        Ok(Page { items, has_next_page, has_previous_page: page.after.is_some(), total_count })
    }

    /// The organisations of `filter` with coordinates whose address the actor may see,
    /// as places for a map (at most `bounds::MAP_PLACES`, by name).
    pub async fn organisation_places(&self, actor: &Actor, filter: &OrganisationFilter) -> DomainResult<Vec<crate::region::Place>> {
        check_filter(filter)?;
        let rows = organisation::Entity::find()
            .filter(filter_condition(actor, filter, None))
            .filter(organisation::Column::Latitude.is_not_null())
            .filter(organisation::Column::Longitude.is_not_null())
            .order_by_asc(organisation::Column::SortName)
            .limit(migraup_domain::bounds::MAP_PLACES)
            .all(self.db())
            .await
            .internal()?;
        Ok(crate::region::places(actor, &rows.iter().collect::<Vec<_>>()))
    }

    /// Facet counts for `filter`; each dimension is counted without its own filter.
    /// An anonymous visitor's counts (most of the directory's traffic, and the same for
    /// every visitor) are answered from a cache until the next write: one small query
    /// instead of four counting ones.
    pub async fn organisation_facets(&self, actor: &Actor, filter: &OrganisationFilter) -> DomainResult<Facets> {
        check_filter(filter)?;
        if actor.user.is_some() {
            return self.count_facets(actor, filter).await;
        }
        let key = format!("{filter:?}|{:?}", self.change_stamp().await?);
        if let Some(hit) = self.inner.facets.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            self.inner.facet_counter.count(true);
            return Ok(hit.clone());
        }
        self.inner.facet_counter.count(false);
        let facets = self.count_facets(actor, filter).await?;
        let mut cache = self.inner.facets.lock().unwrap_or_else(|e| e.into_inner());
        // Filters are many, changes clear the value of old entries: a small cache, emptied when full.
        if cache.len() >= 256 {
            cache.clear();
        }
        cache.insert(key, facets.clone());
        Ok(facets)
    }

    async fn count_facets(&self, actor: &Actor, filter: &OrganisationFilter) -> DomainResult<Facets> {
        let count = Expr::col(organisation::Column::Id).count();
        let topics: Vec<(Uuid, i64)> = organisation_topic::Entity::find()
            .select_only()
            .column(organisation_topic::Column::TopicId)
            .column_as(Expr::col(organisation_topic::Column::OrganisationId).count(), "n")
            .filter(organisation_topic::Column::OrganisationId.in_subquery(matching_ids(filter_condition(
                actor,
                filter,
                Some(Dimension::Topic),
            ))))
            .group_by(organisation_topic::Column::TopicId)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let languages = self.own_or_offered_facet(actor, filter, &LANGUAGES, Dimension::Language).await?;
        let target_groups = self.own_or_offered_facet(actor, filter, &TARGET_GROUPS, Dimension::TargetGroup).await?;
        let districts: Vec<(Option<Uuid>, i64)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::DistrictId)
            .column_as(count.clone(), "n")
            .filter(filter_condition(actor, filter, Some(Dimension::District)))
            .group_by(organisation::Column::DistrictId)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let kinds: Vec<(Stored<OrganisationKind>, i64)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Kind)
            .column_as(count, "n")
            .filter(filter_condition(actor, filter, Some(Dimension::Kind)))
            .group_by(organisation::Column::Kind)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        Ok(Facets {
            topics: topics.into_iter().map(|(id, n)| (id, n as u64)).collect(),
            districts: districts.into_iter().filter_map(|(id, n)| id.map(|id| (id, n as u64))).collect(),
            languages,
            kinds: kinds.into_iter().map(|(k, n)| (k.0, n as u64)).collect(),
            target_groups,
        })
    }

    /// Topic ids per organisation, for a batch of organisations.
    pub async fn organisation_topic_ids(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = organisation_topic::Entity::find()
            .filter(organisation_topic::Column::OrganisationId.in_subquery(visible_subquery(actor, ids)))
            .all(self.db())
            .await
            .internal()?;
        Ok(group(ids, rows.into_iter().map(|r| (r.organisation_id, r.topic_id))))
    }

    /// Language codes per organisation, for a batch of organisations.
    pub async fn organisation_languages(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<String>>> {
        let rows = organisation_language::Entity::find()
            .filter(organisation_language::Column::OrganisationId.in_subquery(visible_subquery(actor, ids)))
            .order_by_asc(organisation_language::Column::LanguageCode)
            .all(self.db())
            .await
            .internal()?;
        Ok(group(ids, rows.into_iter().map(|r| (r.organisation_id, r.language_code))))
    }

    /// Target group ids per organisation, for a batch of organisations.
    pub async fn organisation_target_group_ids(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = organisation_target_group::Entity::find()
            .filter(organisation_target_group::Column::OrganisationId.in_subquery(visible_subquery(actor, ids)))
            .all(self.db())
            .await
            .internal()?;
        Ok(group(ids, rows.into_iter().map(|r| (r.organisation_id, r.target_group_id))))
    }

    /// Number of offerings per organisation, for a batch of organisations.
    pub async fn offering_counts(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, u64>> {
        let rows: Vec<(Uuid, i64)> = offering::Entity::find()
            .select_only()
            .column(offering::Column::OrganisationId)
            .column_as(Expr::col(offering::Column::Id).count(), "n")
            .filter(offering::Column::OrganisationId.in_subquery(visible_subquery(actor, ids)))
            .filter(offering_shown(actor, chrono::Utc::now()))
            .group_by(offering::Column::OrganisationId)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let mut counts: HashMap<Uuid, u64> = ids.iter().map(|id| (*id, 0)).collect();
        counts.extend(rows.into_iter().map(|(id, n)| (id, n as u64)));
        Ok(counts)
    }

    /// Contact persons who consented, per organisation; only for signed-in people.
    pub async fn contact_persons(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<ContactPerson>>> {
        if !actor.may(migraup_domain::Operation::ViewContactPersons, None) {
            return Ok(group(ids, std::iter::empty()));
        }
        let members = membership::Entity::find()
            .filter(membership::Column::OrganisationId.in_subquery(visible_subquery(actor, ids)))
            .filter(membership::Column::IsContactPerson.eq(true))
            .filter(membership::Column::ContactConsentAt.is_not_null())
            .all(self.db())
            .await
            .internal()?;
        let users: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id).collect::<Vec<_>>()))
            .filter(user::Column::Status.eq(migraup_domain::UserStatus::Active.as_str()))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        Ok(group(
            ids,
            members.into_iter().filter_map(|m| {
                users.get(&m.user_id).map(|u| {
                    (
                        m.organisation_id,
                        ContactPerson { organisation_id: m.organisation_id, display_name: u.display_name.clone(), email: u.email.clone() },
                    )
                })
            }),
        ))
    }
}
