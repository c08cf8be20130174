//! Lists of events: filtered in SQL, sorted by start, paged by cursor.

use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, EventStatus, ParticipationState, Reason, Role, Visibility, error::DomainResult};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

use super::{Standing, view};
use crate::{
    Actor, Core,
    entities::{
        event,
        link_tables::{event_language, event_topic},
        participation::event_organiser,
    },
    errors::DbResultExt,
    paging::{Page, PageRequest, cursor},
    views::Event,
};

/// What an event list is filtered by; empty means "any".
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Events that end at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    pub district_ids: Vec<Uuid>,
    pub topic_ids: Vec<Uuid>,
    pub languages: Vec<String>,
    pub organisation_ids: Vec<Uuid>,
    pub statuses: Vec<EventStatus>,
    pub project_id: Option<Uuid>,
}

fn event_ids_where(
    table: impl sea_orm::sea_query::IntoTableRef,
    owner: impl sea_orm::sea_query::IntoColumnRef,
    cond: Condition,
) -> SelectStatement {
    Query::select().column(owner).from(table).cond_where(cond).to_owned()
}

/// The events among `ids` the actor may see, as a subquery: the batch functions below
/// answer for those only, in the same statement.
pub(crate) fn visible_among(actor: &Actor, ids: &[Uuid]) -> SelectStatement {
    event_ids_where(
        event::Entity,
        event::Column::Id,
        Condition::all().add(event::Column::Id.is_in(ids.to_vec())).add(scope_condition(actor)),
    )
}

/// Who sees what: drafts only for the district administration and the organisers; a
/// provisional (self-registered, not yet verified) account sees what visitors see.
pub(crate) fn scope_condition(actor: &Actor) -> Condition {
    let shown = event::Column::Status.is_in([EventStatus::Published.as_str(), EventStatus::Cancelled.as_str()]);
    match actor.user.as_ref().filter(|u| !u.provisional) {
        None => Condition::all().add(shown).add(event::Column::Visibility.eq(Visibility::Public.as_str())),
        Some(u) if matches!(u.role, Role::Admin | Role::Administration) => Condition::all(),
        Some(u) => Condition::any().add(shown).add(event::Column::CreatedBy.eq(u.id)).add(
            event::Column::Id.in_subquery(event_ids_where(
                event_organiser::Entity,
                event_organiser::Column::EventId,
                Condition::all()
                    .add(event_organiser::Column::OrganisationId.is_in(u.organisations.clone()))
                    .add(event_organiser::Column::State.ne(ParticipationState::Declined.as_str())),
            )),
        ),
    }
}

fn filter_condition(actor: &Actor, f: &EventFilter) -> Condition {
    let mut cond = Condition::all().add(scope_condition(actor));
    if let Some(from) = f.from {
        cond = cond.add(event::Column::EndsAt.gte(from));
    }
    if let Some(to) = f.to {
        cond = cond.add(event::Column::StartsAt.lt(to));
    }
    if !f.district_ids.is_empty() {
        cond = cond.add(event::Column::DistrictId.is_in(f.district_ids.clone()));
    }
    if !f.statuses.is_empty() {
        cond = cond.add(event::Column::Status.is_in(f.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(project) = f.project_id {
        cond = cond.add(event::Column::ProjectId.eq(project));
    }
    if !f.topic_ids.is_empty() {
        cond = cond.add(event::Column::Id.in_subquery(event_ids_where(
            event_topic::Entity,
            event_topic::Column::EventId,
            Condition::all().add(event_topic::Column::TopicId.is_in(f.topic_ids.clone())),
        )));
    }
    if !f.languages.is_empty() {
        cond = cond.add(event::Column::Id.in_subquery(event_ids_where(
            event_language::Entity,
            event_language::Column::EventId,
            Condition::all().add(event_language::Column::LanguageCode.is_in(f.languages.clone())),
        )));
    }
    if !f.organisation_ids.is_empty() {
        cond = cond.add(
            event::Column::Id.in_subquery(event_ids_where(
                event_organiser::Entity,
                event_organiser::Column::EventId,
                Condition::all()
                    .add(event_organiser::Column::OrganisationId.is_in(f.organisation_ids.clone()))
                    .add(event_organiser::Column::State.ne(ParticipationState::Declined.as_str())),
            )),
        );
    }
    cond
}

impl Core {
    /// One page of events in order of their start.
    pub async fn events(&self, actor: &Actor, filter: &EventFilter, page: &PageRequest) -> DomainResult<Page<Event>> {
        if filter.district_ids.len() + filter.topic_ids.len() + filter.languages.len() + filter.organisation_ids.len() > 100 {
            return Err(DomainError::invalid("filter", Reason::TooLong { max: 100 }));
        }
        let size = page.size()?;
        let cond = filter_condition(actor, filter);
        let total_count = event::Entity::find().filter(cond.clone()).count(self.db()).await.internal()?;
        let mut query = event::Entity::find().filter(cond);
        if let Some(key) = page.after_key()? {
            let starts = key.first().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc));
            let (Some(starts), Some(id)) = (starts, key.get(1).and_then(|i| i.parse::<Uuid>().ok())) else {
                return Err(DomainError::invalid("after", Reason::InvalidToken));
            };
            query = query.filter(
                Condition::any()
                    .add(event::Column::StartsAt.gt(starts))
                    .add(Condition::all().add(event::Column::StartsAt.eq(starts)).add(event::Column::Id.gt(id))),
            );
        }
        let mut rows =
            query.order_by_asc(event::Column::StartsAt).order_by_asc(event::Column::Id).limit(size + 1).all(self.db()).await.internal()?;
        let has_next_page = rows.len() as u64 > size;
        rows.truncate(size as usize);
        // One statement for the organisers of the whole page, to know what the actor may do.
        let organisers = event_organiser::Entity::find()
            .filter(event_organiser::Column::EventId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()))
            .all(self.db())
            .await
            .internal()?;
        let items = rows
            .into_iter()
            .map(|m| {
                let mine: Vec<_> = organisers.iter().filter(|o| o.event_id == m.id).cloned().collect();
                let standing = Standing::of(actor, &mine);
                (cursor(&[&m.starts_at.to_rfc3339(), &m.id.to_string()]), view(actor, m, standing))
            })
            .collect();
        Ok(Page { items, has_next_page, has_previous_page: page.after.is_some(), total_count })
    }
}

impl Core {
    /// Topic ids per event, for the events of a batch the actor may see.
    pub async fn event_topic_ids(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<std::collections::HashMap<Uuid, Vec<Uuid>>> {
        let rows = event_topic::Entity::find()
            .filter(event_topic::Column::EventId.in_subquery(visible_among(actor, event_ids)))
            .all(self.db())
            .await
            .internal()?;
        Ok(crate::link_tables::group(event_ids, rows.into_iter().map(|r| (r.event_id, r.topic_id))))
    }

    /// Language codes per event, for the events of a batch the actor may see.
    pub async fn event_languages(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<std::collections::HashMap<Uuid, Vec<String>>> {
        let rows = event_language::Entity::find()
            .filter(event_language::Column::EventId.in_subquery(visible_among(actor, event_ids)))
            .order_by_asc(event_language::Column::LanguageCode)
            .all(self.db())
            .await
            .internal()?;
        Ok(crate::link_tables::group(event_ids, rows.into_iter().map(|r| (r.event_id, r.language_code))))
    }
}
