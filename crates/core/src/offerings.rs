//! Offerings (Angebote) of organisations.

use chrono::Utc;
use migraup_domain::{DomainError, Operation, Reason, bounds::OFFERINGS_PER_ORGANISATION, error::DomainResult, search, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{
        district,
        link_tables::{offering_language, offering_target_group, offering_topic},
        offering,
    },
    errors::DbResultExt,
    views::Offering,
    visibility::{can_view_id, offering_shown, visible_subquery},
};

/// The categories of offerings (after the kinds of services in Open Referral HSDS).
pub const CATEGORIES: &[&str] = &["COUNSELLING", "COURSE", "GROUP", "EVENT_SERIES", "SUPPORT", "CULTURE", "SPORTS", "OTHER"];

/// Input for creating or editing an offering; `None` leaves a field unchanged.
#[derive(Clone, Debug, Default)]
pub struct OfferingInput {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub category: Option<String>,
    pub district_id: Option<Option<Uuid>>,
    pub schedule: Option<Option<String>>,
    pub cost: Option<Option<String>>,
    pub free_of_charge: Option<bool>,
    pub accessibility: Option<Option<String>>,
    pub topic_ids: Option<Vec<Uuid>>,
    pub languages: Option<Vec<String>>,
    pub target_group_ids: Option<Vec<Uuid>>,
    /// Title and description in more languages; replaces the earlier ones when given.
    pub translations: Option<Vec<crate::translations::TranslationInput>>,
}

fn view(m: offering::Model, topics: Vec<Uuid>, languages: Vec<String>, groups: Vec<Uuid>) -> Offering {
    Offering {
        id: m.id,
        organisation_id: m.organisation_id,
        title: m.title,
        description: m.description,
        category: m.category,
        district_id: m.district_id,
        schedule: m.schedule,
        cost: m.cost,
        free_of_charge: m.free_of_charge,
        accessibility: m.accessibility,
        topic_ids: topics,
        language_codes: languages,
        target_group_ids: groups,
        confirmed_at: m.confirmed_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

async fn apply(db: &impl ConnectionTrait, input: &OfferingInput, active: &mut offering::ActiveModel) -> DomainResult<Vec<&'static str>> {
    let mut changed = Vec::new();
    if let Some(title) = &input.title {
        active.title = Set(validate::name("title", title, 2, 200)?);
        changed.push("title");
    }
    if let Some(v) = &input.description {
        active.description = Set(validate::optional_text("description", v.as_deref(), 5000)?);
        changed.push("description");
    }
    if let Some(category) = &input.category {
        let category = category.trim().to_ascii_uppercase();
        if !CATEGORIES.contains(&category.as_str()) {
            return Err(DomainError::invalid("category", Reason::UnknownId));
        }
        active.category = Set(category);
        changed.push("category");
    }
    if let Some(v) = input.district_id {
        if let Some(id) = v
            && district::Entity::find_by_id(id).one(db).await.internal()?.is_none()
        {
            return Err(DomainError::invalid("districtId", Reason::UnknownId));
        }
        active.district_id = Set(v);
        changed.push("districtId");
    }
    if let Some(v) = &input.schedule {
        active.schedule = Set(validate::optional_text("schedule", v.as_deref(), 1000)?);
        changed.push("schedule");
    }
    if let Some(v) = &input.cost {
        active.cost = Set(validate::optional_line("cost", v.as_deref(), 200)?);
        changed.push("cost");
    }
    if let Some(v) = input.free_of_charge {
        active.free_of_charge = Set(v);
        changed.push("freeOfCharge");
    }
    if let Some(v) = &input.accessibility {
        active.accessibility = Set(validate::optional_text("accessibility", v.as_deref(), 1000)?);
        changed.push("accessibility");
    }
    if input.translations.is_some() {
        changed.push("translations");
    }
    Ok(changed)
}

/// Checks and writes the translations `input` gives (else reads the stored ones) and
/// sets the folded search text over all languages; in the caller's transaction, after
/// the offering's row exists.
async fn translate_and_index(
    db: &impl ConnectionTrait,
    organisation: &crate::entities::organisation::Model,
    id: Uuid,
    input: &OfferingInput,
    active: &mut offering::ActiveModel,
) -> DomainResult<()> {
    let translations =
        crate::translations::write_or_read(db, organisation.id, Some(id), &organisation.content_language, input.translations.as_deref())
            .await?;
    let text = |v: &sea_orm::ActiveValue<Option<String>>| v.clone().unwrap().unwrap_or_default();
    let words = crate::translations::search_words(&translations);
    active.search_text = Set(search::fold(&format!("{} {} {words}", active.title.clone().unwrap(), text(&active.description))));
    Ok(())
}

async fn replace_links(db: &impl ConnectionTrait, id: Uuid, input: &OfferingInput) -> DomainResult<()> {
    use crate::link_tables::{known_languages, known_target_groups, known_topics};
    if let Some(ids) = &input.topic_ids {
        crate::link_tables::replace::<offering_topic::Entity>(db, id, known_topics(db, "topicIds", ids).await?).await?;
    }
    if let Some(codes) = &input.languages {
        crate::link_tables::replace::<offering_language::Entity>(db, id, known_languages(db, "languages", codes).await?).await?;
    }
    if let Some(ids) = &input.target_group_ids {
        crate::link_tables::replace::<offering_target_group::Entity>(db, id, known_target_groups(db, "targetGroupIds", ids).await?).await?;
    }
    Ok(())
}

impl Core {
    /// The offerings of a batch of organisations the actor may see (for loaders).
    pub async fn offerings_of(&self, actor: &Actor, organisation_ids: &[Uuid]) -> DomainResult<Vec<Offering>> {
        let rows = offering::Entity::find()
            .filter(offering::Column::OrganisationId.in_subquery(visible_subquery(actor, organisation_ids)))
            .filter(offering_shown(actor, Utc::now()))
            .order_by_asc(offering::Column::Title)
            .all(self.db())
            .await
            .internal()?;
        self.with_links(rows).await
    }

    async fn with_links(&self, rows: Vec<offering::Model>) -> DomainResult<Vec<Offering>> {
        let ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
        let topics =
            offering_topic::Entity::find().filter(offering_topic::Column::OfferingId.is_in(ids.clone())).all(self.db()).await.internal()?;
        let languages = offering_language::Entity::find()
            .filter(offering_language::Column::OfferingId.is_in(ids.clone()))
            .order_by_asc(offering_language::Column::LanguageCode)
            .all(self.db())
            .await
            .internal()?;
        let groups = offering_target_group::Entity::find()
            .filter(offering_target_group::Column::OfferingId.is_in(ids))
            .all(self.db())
            .await
            .internal()?;
        Ok(rows
            .into_iter()
            .map(|o| {
                let t = topics.iter().filter(|x| x.offering_id == o.id).map(|x| x.topic_id).collect();
                let l = languages.iter().filter(|x| x.offering_id == o.id).map(|x| x.language_code.clone()).collect();
                let g = groups.iter().filter(|x| x.offering_id == o.id).map(|x| x.target_group_id).collect();
                view(o, t, l, g)
            })
            .collect())
    }

    /// An offering with its links, read after its transaction committed.
    async fn one_offering(&self, id: Uuid) -> DomainResult<Offering> {
        let found = offering::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        self.with_links(vec![found]).await?.pop().ok_or_else(DomainError::not_found)
    }

    /// One offering, if its organisation is visible to the actor.
    pub async fn offering(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<Offering>> {
        let Some(found) = offering::Entity::find_by_id(id).filter(offering_shown(actor, Utc::now())).one(self.db()).await.internal()?
        else {
            return Ok(None);
        };
        if !can_view_id(self, actor, found.organisation_id).await? {
            return Ok(None);
        }
        Ok(self.with_links(vec![found]).await?.pop())
    }

    /// Adds an offering to an organisation.
    pub async fn create_offering(&self, actor: &Actor, organisation_id: Uuid, input: OfferingInput) -> DomainResult<Offering> {
        actor.authorize(Operation::ManageOfferings, Some(organisation_id))?;
        if input.title.is_none() {
            return Err(DomainError::invalid("title", Reason::Required));
        }
        let txn = self.begin_write().await?;
        let Some(organisation) = crate::entities::organisation::Entity::find_by_id(organisation_id).one(&txn).await.internal()? else {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        };
        let (id, changed) = insert_offering(&txn, &organisation, &input).await?;
        audit::record(&txn, actor, "create", "offering", id, json!({ "organisationId": organisation_id, "fields": changed })).await?;
        txn.commit().await.internal()?;
        self.one_offering(id).await
    }

    /// Edits an offering; a stale `expected_version` answers `CONFLICT`.
    pub async fn update_offering(&self, actor: &Actor, id: Uuid, expected_version: i32, input: OfferingInput) -> DomainResult<Offering> {
        let found = offering::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        actor.authorize(Operation::ManageOfferings, Some(found.organisation_id))?;
        let txn = self.begin_write().await?;
        crate::versions::claim::<offering::Entity>(&txn, id, expected_version).await?;
        let current = offering::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let mut active: offering::ActiveModel = current.into();
        let changed = apply(&txn, &input, &mut active).await?;
        let organisation = crate::entities::organisation::Entity::find_by_id(found.organisation_id)
            .one(&txn)
            .await
            .internal()?
            .ok_or_else(DomainError::not_found)?;
        translate_and_index(&txn, &organisation, id, &input, &mut active).await?;
        // Whoever saves it has looked at it: that counts as confirming it.
        active.updated_at = Set(Utc::now());
        active.confirmed_at = Set(Some(Utc::now()));
        active.update(&txn).await.internal()?;
        replace_links(&txn, id, &input).await?;
        audit::record(&txn, actor, "update", "offering", id, json!({ "fields": changed })).await?;
        txn.commit().await.internal()?;
        self.one_offering(id).await
    }

    /// Deletes an offering; the audit log keeps what it was.
    pub async fn delete_offering(&self, actor: &Actor, id: Uuid) -> DomainResult<bool> {
        let found = offering::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        actor.authorize(Operation::ManageOfferings, Some(found.organisation_id))?;
        let txn = self.begin_write().await?;
        offering::Entity::delete_by_id(id).exec(&txn).await.internal()?;
        let snapshot = json!({ "organisationId": found.organisation_id, "title": found.title, "description": found.description, "category": found.category });
        audit::record(&txn, actor, "delete", "offering", id, snapshot).await?;
        txn.commit().await.internal()?;
        Ok(true)
    }
}

/// Inserts an offering of `organisation` (its links and translations too); answers its
/// id and the fields set. The caller records the audit entry.
pub(crate) async fn insert_offering(
    txn: &impl ConnectionTrait,
    organisation: &crate::entities::organisation::Model,
    input: &OfferingInput,
) -> DomainResult<(Uuid, Vec<&'static str>)> {
    // The API counts an organisation's offerings at this bound (`bounds`).
    let count = offering::Entity::find().filter(offering::Column::OrganisationId.eq(organisation.id)).count(txn).await.internal()?;
    if count >= OFFERINGS_PER_ORGANISATION {
        return Err(DomainError::invalid("offerings", Reason::TooManyItems { max: OFFERINGS_PER_ORGANISATION as usize }));
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let mut active = offering::ActiveModel {
        id: Set(id),
        organisation_id: Set(organisation.id),
        title: Set(String::new()),
        description: Set(None),
        category: Set("OTHER".into()),
        district_id: Set(None),
        schedule: Set(None),
        cost: Set(None),
        free_of_charge: Set(true),
        accessibility: Set(None),
        search_text: Set(String::new()),
        confirmed_at: Set(Some(now)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let changed = apply(txn, input, &mut active).await?;
    let mut stored: offering::ActiveModel = active.insert(txn).await.internal()?.into();
    translate_and_index(txn, organisation, id, input, &mut stored).await?;
    stored.update(txn).await.internal()?;
    replace_links(txn, id, input).await?;
    Ok((id, changed))
}
