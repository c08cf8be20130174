//! The event form: checked as a whole, then written to the row and its link tables.

use crate::entities::stored::Stored;
use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, Reason, Visibility, bounds::EVENTS_PER_PROJECT, error::DomainResult, validate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{
    berlin,
    entities::{
        district, event,
        link_tables::{event_language, event_topic},
        project,
    },
    errors::DbResultExt,
    link_tables::{known_languages, known_topics},
};

/// An event as the form sends it: the whole event each time. Times are Berlin wall
/// times (`YYYY-MM-DDTHH:MM`).
#[derive(Clone, Debug, Default)]
pub struct EventInput {
    pub title: String,
    pub description: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub district_id: Option<Uuid>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    pub visibility: Option<Visibility>,
    pub topic_ids: Vec<Uuid>,
    pub languages: Vec<String>,
    pub project_id: Option<Uuid>,
}

/// The checked form.
pub(crate) struct ValidEvent {
    pub title: String,
    description: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    venue: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    district_id: Option<Uuid>,
    online_url: Option<String>,
    capacity: Option<i32>,
    accessibility: Option<String>,
    pub(crate) visibility: Visibility,
    topic_ids: Vec<Uuid>,
    languages: Vec<String>,
    project_id: Option<Uuid>,
}

impl EventInput {
    /// Checks every field; the first problem is answered with its field.
    /// Checks the form; `current_project` is the event's project before the change.
    pub(crate) async fn validate(
        &self,
        db: &impl ConnectionTrait,
        actor: &crate::Actor,
        current_project: Option<Uuid>,
    ) -> DomainResult<ValidEvent> {
        let title = validate::name("title", &self.title, 3, 200)?;
        let description = validate::optional_text("description", self.description.as_deref(), 5000)?;
        let starts_at = berlin::parse_local("startsAt", &self.starts_at)?;
        let ends_at = berlin::parse_local("endsAt", &self.ends_at)?;
        if ends_at <= starts_at {
            return Err(DomainError::invalid("endsAt", Reason::EndBeforeStart));
        }
        let venue = validate::optional_line("venue", self.venue.as_deref(), 200)?;
        let street = validate::optional_line("street", self.street.as_deref(), 200)?;
        let postal_code = validate::optional_line("postalCode", self.postal_code.as_deref(), 10)?;
        let online_url = validate::optional_url("onlineUrl", self.online_url.as_deref())?;
        if venue.is_none() && online_url.is_none() {
            return Err(DomainError::invalid("venue", Reason::PlaceOrLinkRequired));
        }
        let capacity = match self.capacity {
            Some(n) => Some(validate::range("capacity", n.into(), 1, migraup_domain::bounds::MAX_CAPACITY as i64)? as i32),
            None => None,
        };
        let accessibility = validate::optional_text("accessibility", self.accessibility.as_deref(), 2000)?;
        if let Some(id) = self.district_id
            && district::Entity::find_by_id(id).count(db).await.internal()? == 0
        {
            return Err(DomainError::invalid("districtId", Reason::UnknownId));
        }
        if let Some(id) = self.project_id
            && project::Entity::find().filter(project::Column::Id.eq(id)).count(db).await.internal()? == 0
        {
            return Err(DomainError::invalid("projectId", Reason::UnknownId));
        }
        // Attaching an event to a project is planning for that project.
        if let Some(id) = self.project_id
            && Some(id) != current_project
        {
            crate::projects::authorize_planning(db, actor, id).await?;
            // The API counts a project's events at this bound.
            let count = event::Entity::find().filter(event::Column::ProjectId.eq(id)).count(db).await.internal()?;
            if count >= EVENTS_PER_PROJECT {
                return Err(DomainError::invalid("projectId", Reason::TooManyItems { max: EVENTS_PER_PROJECT as usize }));
            }
        }
        let topic_ids = known_topics(db, "topicIds", &self.topic_ids).await?;
        let languages = known_languages(db, "languages", &self.languages).await?;
        Ok(ValidEvent {
            title,
            description,
            starts_at,
            ends_at,
            venue,
            street,
            postal_code,
            district_id: self.district_id,
            online_url,
            capacity,
            accessibility,
            visibility: self.visibility.unwrap_or(Visibility::Public),
            topic_ids,
            languages,
            project_id: self.project_id,
        })
    }
}

impl ValidEvent {
    pub(crate) fn apply(&self, m: &mut event::ActiveModel) {
        m.title = Set(self.title.clone());
        m.description = Set(self.description.clone());
        m.starts_at = Set(self.starts_at);
        m.ends_at = Set(self.ends_at);
        m.venue = Set(self.venue.clone());
        m.street = Set(self.street.clone());
        m.postal_code = Set(self.postal_code.clone());
        m.district_id = Set(self.district_id);
        m.online_url = Set(self.online_url.clone());
        m.capacity = Set(self.capacity);
        m.accessibility = Set(self.accessibility.clone());
        m.visibility = Set(Stored(self.visibility));
        m.project_id = Set(self.project_id);
    }

    /// Replaces topics and languages.
    pub(crate) async fn replace_links(&self, db: &impl ConnectionTrait, id: Uuid) -> DomainResult<()> {
        crate::link_tables::replace::<event_topic::Entity>(db, id, self.topic_ids.iter().copied()).await?;
        crate::link_tables::replace::<event_language::Entity>(db, id, self.languages.iter().cloned()).await?;
        Ok(())
    }
}

/// What an edit changed, as `{ field: [before, after] }` for the audit log.
pub(crate) fn changes(before: &event::Model, after: &event::Model) -> Value {
    let mut map = Map::new();
    let mut diff = |name: &str, a: Value, b: Value| {
        if a != b {
            map.insert(name.into(), json!([a, b]));
        }
    };
    diff("title", json!(before.title), json!(after.title));
    diff("description", json!(before.description), json!(after.description));
    diff("startsAt", json!(before.starts_at), json!(after.starts_at));
    diff("endsAt", json!(before.ends_at), json!(after.ends_at));
    diff("venue", json!(before.venue), json!(after.venue));
    diff("street", json!(before.street), json!(after.street));
    diff("postalCode", json!(before.postal_code), json!(after.postal_code));
    diff("districtId", json!(before.district_id), json!(after.district_id));
    diff("onlineUrl", json!(before.online_url), json!(after.online_url));
    diff("capacity", json!(before.capacity), json!(after.capacity));
    diff("accessibility", json!(before.accessibility), json!(after.accessibility));
    diff("visibility", json!(before.visibility), json!(after.visibility));
    diff("projectId", json!(before.project_id), json!(after.project_id));
    Value::Object(map)
}
