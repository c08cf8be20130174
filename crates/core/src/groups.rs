//! Working groups (Fachnetzwerke) around the district's key topics: coordinators run
//! them, organisations and individual people are members. Organisations come in
//! through the request machinery of claims and joins (`self_service`: a coordinator
//! invites, or a representative asks); people are added by a coordinator. Meetings
//! are events of the group ([`meetings`]); what a meeting agreed is followed up as
//! agreed actions ([`actions`]).

pub mod actions;
pub mod meetings;
pub mod members;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, Operation, Visibility, bounds, error::DomainResult, search, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

pub(crate) use crate::group_roles::{Standing, active_key, can_view, standings};
use crate::{
    Actor, Core, audit,
    entities::{
        link_tables::working_group_topic,
        stored::Stored,
        working_group::{group, member, translation},
    },
    errors::DbResultExt,
    link_tables::{group as group_by, known_topics, replace},
};

/// The group form: the whole group each time.
#[derive(Clone, Debug, Default)]
pub struct GroupInput {
    pub name: String,
    pub description: Option<String>,
    /// The language of the description (ISO 639-1; German when not given).
    pub content_language: Option<String>,
    /// The description in more languages.
    pub translations: Vec<crate::translations::TranslationInput>,
    pub visibility: Option<Visibility>,
    pub topic_ids: Vec<Uuid>,
}

/// A working group as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkingGroup {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub content_language: String,
    pub translations: Vec<crate::views::Translation>,
    pub visibility: Visibility,
    pub topic_ids: Vec<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The actor coordinates the group (or is the coordination team).
    pub can_manage: bool,
    /// The actor, or an organisation they act for, is a member.
    pub is_member: bool,
}

fn view(
    actor: &Actor,
    m: group::Model,
    topic_ids: Vec<Uuid>,
    translations: Vec<crate::views::Translation>,
    standing: Standing,
) -> WorkingGroup {
    WorkingGroup {
        id: m.id,
        slug: m.slug,
        name: m.name,
        description: m.description,
        content_language: m.content_language,
        translations,
        visibility: m.visibility.0,
        topic_ids,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        can_manage: actor.may_as(Operation::ManageGroup, standing.coordinator),
        is_member: standing.member,
    }
}

/// Loads a group the actor may see (`NOT_FOUND` otherwise) with the actor's standing.
pub(crate) async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<(group::Model, Standing)> {
    let found = group::Entity::find_by_id(id).one(db).await.internal()?.filter(|g| can_view(actor, g.visibility.0));
    let found = found.ok_or_else(DomainError::not_found)?;
    let standing = standings(db, actor, &[id]).await?.remove(&id).unwrap_or_default();
    Ok((found, standing))
}

/// Loads a group the actor may run: its coordinators and the coordination team.
pub(crate) async fn load_managed(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<(group::Model, Standing)> {
    let loaded = load(db, actor, id).await?;
    actor.authorize_as(Operation::ManageGroup, loaded.1.coordinator)?;
    Ok(loaded)
}

/// The checked group form.
struct ValidGroup {
    name: String,
    description: Option<String>,
    content_language: String,
    translations: Vec<crate::views::Translation>,
    visibility: Visibility,
}

impl GroupInput {
    fn check(&self) -> DomainResult<ValidGroup> {
        let name = validate::name("name", &self.name, 3, 150)?;
        let description = validate::optional_text("description", self.description.as_deref(), 5000)?;
        let content_language = validate::language_code("contentLanguage", self.content_language.as_deref().unwrap_or("de"))?;
        let translations = crate::translations::check(&content_language, &self.translations, false)?;
        Ok(ValidGroup { name, description, content_language, translations, visibility: self.visibility.unwrap_or(Visibility::Public) })
    }
}

/// Replaces a group's translations in the caller's transaction.
async fn replace_translations(db: &impl ConnectionTrait, group_id: Uuid, list: &[crate::views::Translation]) -> DomainResult<()> {
    translation::Entity::delete_many().filter(translation::Column::GroupId.eq(group_id)).exec(db).await.internal()?;
    for t in list {
        let Some(description) = t.description.clone() else { continue };
        translation::ActiveModel { group_id: Set(group_id), language: Set(t.language.clone()), description: Set(description) }
            .insert(db)
            .await
            .internal()?;
    }
    Ok(())
}

impl Core {
    async fn group_views(&self, actor: &Actor, rows: Vec<group::Model>) -> DomainResult<Vec<WorkingGroup>> {
        let ids: Vec<Uuid> = rows.iter().map(|g| g.id).collect();
        let rows_t = working_group_topic::Entity::find()
            .filter(working_group_topic::Column::GroupId.is_in(ids.clone()))
            .all(self.db())
            .await
            .internal()?;
        let mut topics = group_by(&ids, rows_t.into_iter().map(|r| (r.group_id, r.topic_id)));
        let texts = translation::Entity::find().filter(translation::Column::GroupId.is_in(ids.clone())).all(self.db()).await.internal()?;
        let mut texts = group_by(
            &ids,
            texts
                .into_iter()
                .map(|r| (r.group_id, crate::views::Translation { language: r.language, title: None, description: Some(r.description) })),
        );
        let standing = standings(self.db(), actor, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|g| {
                let (t, s) = (topics.remove(&g.id).unwrap_or_default(), standing.get(&g.id).copied().unwrap_or_default());
                let tr = texts.remove(&g.id).unwrap_or_default();
                view(actor, g, t, tr, s)
            })
            .collect())
    }

    /// The working groups the actor may see, by name; narrowed to groups on any of
    /// `topic_ids`, or to the groups an organisation belongs to.
    pub async fn working_groups(
        &self,
        actor: &Actor,
        topic_ids: &[Uuid],
        organisation_id: Option<Uuid>,
    ) -> DomainResult<Vec<WorkingGroup>> {
        let mut query = group::Entity::find();
        if !actor.may_as(Operation::ViewMembersOnlyGroup, false) {
            query = query.filter(group::Column::Visibility.eq(Visibility::Public.as_str()));
        }
        if !topic_ids.is_empty() {
            let on_topic = Query::select()
                .column(working_group_topic::Column::GroupId)
                .from(working_group_topic::Entity)
                .and_where(working_group_topic::Column::TopicId.is_in(topic_ids.to_vec()))
                .to_owned();
            query = query.filter(group::Column::Id.in_subquery(on_topic));
        }
        if let Some(o) = organisation_id {
            let with = Query::select()
                .column(member::Column::GroupId)
                .from(member::Entity)
                .and_where(member::Column::OrganisationId.eq(o))
                .and_where(member::Column::ActiveKey.is_not_null())
                .to_owned();
            query = query.filter(group::Column::Id.in_subquery(with));
        }
        let rows = query.order_by_asc(group::Column::Name).limit(bounds::GROUPS).all(self.db()).await.internal()?;
        self.group_views(actor, rows).await
    }

    /// The groups with these ids the actor may see.
    pub async fn working_groups_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<Vec<WorkingGroup>> {
        let rows = group::Entity::find().filter(group::Column::Id.is_in(ids.to_vec())).all(self.db()).await.internal()?;
        let rows = rows.into_iter().filter(|g| can_view(actor, g.visibility.0)).collect();
        self.group_views(actor, rows).await
    }

    /// One group by id or slug; `None` when it does not exist or is hidden from the actor.
    pub async fn working_group(&self, actor: &Actor, id: Option<Uuid>, slug: Option<&str>) -> DomainResult<Option<WorkingGroup>> {
        let query = match (id, slug) {
            (Some(id), _) => group::Entity::find_by_id(id),
            (None, Some(slug)) => group::Entity::find().filter(group::Column::Slug.eq(slug)),
            (None, None) => return Ok(None),
        };
        let found = query.one(self.db()).await.internal()?.filter(|g| can_view(actor, g.visibility.0));
        match found {
            Some(g) => Ok(self.group_views(actor, vec![g]).await?.pop()),
            None => Ok(None),
        }
    }

    /// Starts a working group; the actor becomes its first coordinator.
    pub async fn create_working_group(&self, actor: &Actor, input: GroupInput) -> DomainResult<WorkingGroup> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::CreateGroup, None)?;
        let valid = input.check()?;
        let (name, visibility) = (valid.name.clone(), valid.visibility);
        self.hit(crate::limits::GROUPS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        let topic_ids = known_topics(&txn, "topicIds", &input.topic_ids).await?;
        let slug = free_slug(&txn, &name).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        group::ActiveModel {
            id: Set(id),
            slug: Set(slug),
            name: Set(name.clone()),
            description: Set(valid.description.clone()),
            content_language: Set(valid.content_language.clone()),
            visibility: Set(Stored(visibility)),
            created_by: Set(Some(user.id)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| crate::errors::unique_or_internal(e, "name"))?;
        replace::<working_group_topic::Entity>(&txn, id, topic_ids).await?;
        replace_translations(&txn, id, &valid.translations).await?;
        members::insert(&txn, id, None, Some(user.id), true).await?;
        audit::record(&txn, Some(user.id), "create_group", "working_group", id, json!({ "name": name })).await?;
        txn.commit().await.internal()?;
        self.working_group(actor, Some(id), None).await?.ok_or_else(DomainError::internal)
    }

    /// Saves the whole group form; `CONFLICT` when someone saved in between.
    pub async fn update_working_group(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        input: GroupInput,
    ) -> DomainResult<WorkingGroup> {
        let valid = input.check()?;
        let (name, visibility) = (valid.name.clone(), valid.visibility);
        let txn = self.begin_write().await?;
        let (found, _) = load_managed(&txn, actor, id).await?;
        crate::versions::claim::<group::Entity>(&txn, id, expected_version).await?;
        let topic_ids = known_topics(&txn, "topicIds", &input.topic_ids).await?;
        let mut model: group::ActiveModel = found.clone().into();
        model.name = Set(name.clone());
        model.description = Set(valid.description.clone());
        model.content_language = Set(valid.content_language.clone());
        model.visibility = Set(Stored(visibility));
        model.version = Set(crate::versions::next(expected_version));
        model.updated_at = Set(Utc::now());
        model.update(&txn).await.internal()?;
        replace::<working_group_topic::Entity>(&txn, id, topic_ids).await?;
        replace_translations(&txn, id, &valid.translations).await?;
        let changes = json!({ "name": [found.name, name], "visibility": [found.visibility.0.as_str(), visibility.as_str()] });
        audit::record(&txn, actor, "update_group", "working_group", id, changes).await?;
        txn.commit().await.internal()?;
        self.working_group(actor, Some(id), None).await?.ok_or_else(DomainError::internal)
    }

    /// Slugs of the groups anonymous visitors see, for the sitemap.
    pub async fn public_group_slugs(&self, actor: &Actor) -> DomainResult<Vec<(String, DateTime<Utc>)>> {
        Ok(self.working_groups(actor, &[], None).await?.into_iter().map(|g| (g.slug, g.updated_at)).collect())
    }

    /// Per key topic: how many organisations take part in a working group on it, and
    /// which Ortsteile have none taking part (for the council).
    pub async fn group_participation(&self, actor: &Actor) -> DomainResult<Vec<TopicParticipation>> {
        actor.authorize(Operation::ViewNetwork, None)?;
        let db = self.db();
        let topics = working_group_topic::Entity::find().all(db).await.internal()?;
        let active = member::Entity::find()
            .filter(member::Column::ActiveKey.is_not_null())
            .filter(member::Column::OrganisationId.is_not_null())
            .all(db)
            .await
            .internal()?;
        let org_ids: Vec<Uuid> = active.iter().filter_map(|m| m.organisation_id).collect::<HashSet<_>>().into_iter().collect();
        let orgs: HashMap<Uuid, Option<Uuid>> = crate::entities::organisation::Entity::find()
            .select_only()
            .column(crate::entities::organisation::Column::Id)
            .column(crate::entities::organisation::Column::DistrictId)
            .filter(crate::entities::organisation::Column::Id.is_in(org_ids))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(db)
            .await
            .internal()?
            .into_iter()
            .collect();
        let districts: Vec<Uuid> = crate::entities::district::Entity::find()
            .select_only()
            .column(crate::entities::district::Column::Id)
            .into_tuple()
            .all(db)
            .await
            .internal()?;
        let mut per_topic: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        for t in &topics {
            let entry = per_topic.entry(t.topic_id).or_default();
            for m in active.iter().filter(|m| m.group_id == t.group_id) {
                entry.extend(m.organisation_id);
            }
        }
        let mut out: Vec<TopicParticipation> = per_topic
            .into_iter()
            .map(|(topic_id, orgs_in)| {
                let covered: HashSet<Uuid> = orgs_in.iter().filter_map(|o| orgs.get(o).copied().flatten()).collect();
                let groups = topics.iter().filter(|t| t.topic_id == topic_id).count();
                TopicParticipation {
                    topic_id,
                    groups,
                    organisations: orgs_in.len(),
                    districts_without: districts.iter().copied().filter(|d| !covered.contains(d)).collect(),
                }
            })
            .collect();
        out.sort_by(|a, b| b.organisations.cmp(&a.organisations).then(a.topic_id.cmp(&b.topic_id)));
        Ok(out)
    }
}

/// One key topic's participation in working groups.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicParticipation {
    pub topic_id: Uuid,
    /// Working groups on the topic.
    pub groups: usize,
    /// Organisations taking part in one of them.
    pub organisations: usize,
    /// Ortsteile where none of them is at home.
    pub districts_without: Vec<Uuid>,
}

async fn free_slug(db: &impl ConnectionTrait, name: &str) -> DomainResult<String> {
    let mut base = search::slugify(name);
    if base.len() < 2 {
        base = "fachnetzwerk".into();
    }
    for n in 1..100 {
        let candidate = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        if group::Entity::find().filter(group::Column::Slug.eq(&candidate)).count(db).await.internal()? == 0 {
            return Ok(candidate);
        }
    }
    Ok(format!("{base}-{}", Uuid::now_v7().simple()))
}
