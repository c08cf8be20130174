//! Future planning (Zukunftsplanung): ideas that anyone trusted proposes, as a person or
//! for an organisation they act for; organisations support them ([`supports`]), people
//! comment ([`comments`]); the coordination team or the administration moves them
//! through discussion to an adopted measure, a project and its end ([`steps`]), each
//! step dated on the idea's timeline.

pub mod comments;
pub mod steps;
pub mod supports;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use migraup_domain::{DomainError, IdeaStatus, Operation, Visibility, bounds, error::DomainResult, search, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{
        ideas::{idea, step, support, translation},
        link_tables::{idea_district, idea_target_group, idea_topic},
        stored::Stored,
        working_group::group,
    },
    errors::DbResultExt,
    link_tables::{group as group_by, known_districts, known_target_groups, known_topics, replace},
    translations::TranslationInput,
    views::Translation,
};

/// The idea form.
#[derive(Clone, Debug, Default)]
pub struct IdeaInput {
    pub title: String,
    pub description: Option<String>,
    /// The language title and description are written in (German when not given).
    pub content_language: Option<String>,
    /// Title and description in more languages.
    pub translations: Vec<TranslationInput>,
    pub visibility: Option<Visibility>,
    /// Proposed for this organisation (the actor represents it); a person's idea without.
    pub organisation_id: Option<Uuid>,
    pub topic_ids: Vec<Uuid>,
    pub district_ids: Vec<Uuid>,
    pub target_group_ids: Vec<Uuid>,
    /// The coverage gap it answers: a topic × Ortsteil cell of the network page.
    pub gap_topic_id: Option<Uuid>,
    pub gap_district_id: Option<Uuid>,
    /// The working group that should discuss it.
    pub group_id: Option<Uuid>,
}

/// An organisation's support as shown on the idea.
#[derive(Clone, Debug, PartialEq)]
pub struct Support {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub organisation_slug: String,
    /// What the organisation could contribute.
    pub offer: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An idea, and once adopted its measure, as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Idea {
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub content_language: String,
    pub translations: Vec<Translation>,
    pub visibility: Visibility,
    pub status: IdeaStatus,
    /// The organisation it was proposed for (when the actor may see it).
    pub organisation: Option<(Uuid, String, String)>,
    /// The person who proposed it (named to signed-in people only).
    pub proposer_name: Option<String>,
    pub topic_ids: Vec<Uuid>,
    pub district_ids: Vec<Uuid>,
    pub target_group_ids: Vec<Uuid>,
    pub gap_topic_id: Option<Uuid>,
    pub gap_district_id: Option<Uuid>,
    /// The working group to discuss it: id, name, slug (when the actor may see it).
    pub group: Option<(Uuid, String, String)>,
    /// The measure's owner (an organisation: id, name, slug), due date and resources.
    pub owner: Option<(Uuid, String, String)>,
    pub due_on: Option<NaiveDate>,
    pub resources: Option<String>,
    pub project_id: Option<Uuid>,
    /// Why it is not pursued.
    pub status_reason: Option<String>,
    pub supports: Vec<Support>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The actor may move it (the coordination team, the administration).
    pub can_move: bool,
    /// Organisations the actor represents that have not supported it yet.
    pub can_support_for: Vec<Uuid>,
    /// The actor may comment.
    pub can_comment: bool,
}

/// Narrows the list of ideas.
#[derive(Clone, Debug, Default)]
pub struct IdeaFilter {
    pub statuses: Vec<IdeaStatus>,
    pub topic_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub search: Option<String>,
}

/// Whether the actor may read an idea of this visibility.
pub(crate) fn can_view(actor: &Actor, visibility: Visibility) -> bool {
    visibility == Visibility::Public || actor.may_as(Operation::ViewMembersOnlyOrganisation, false)
}

/// Loads an idea the actor may see (`NOT_FOUND` otherwise).
pub(crate) async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<idea::Model> {
    let found = idea::Entity::find_by_id(id).one(db).await.internal()?.filter(|i| can_view(actor, i.visibility.0));
    found.ok_or_else(DomainError::not_found)
}

/// The checked form.
struct Valid {
    title: String,
    description: Option<String>,
    content_language: String,
    translations: Vec<Translation>,
    visibility: Visibility,
}

impl IdeaInput {
    fn check(&self) -> DomainResult<Valid> {
        let title = validate::name("title", &self.title, 3, 200)?;
        let description = validate::optional_text("description", self.description.as_deref(), 5000)?;
        let content_language = validate::language_code("contentLanguage", self.content_language.as_deref().unwrap_or("de"))?;
        // A translation's title is optional: the description is what people translate
        // first (the form's language rows), a title may follow.
        let bare: Vec<TranslationInput> = self.translations.iter().map(|t| TranslationInput { title: None, ..t.clone() }).collect();
        let mut translations = crate::translations::check(&content_language, &bare, false)?;
        for (i, t) in translations.iter_mut().enumerate() {
            let given = self.translations.iter().find(|g| g.language.trim() == t.language).and_then(|g| g.title.as_deref());
            t.title = validate::optional_line(&format!("translations.{i}.title"), given, 200)?;
        }
        Ok(Valid { title, description, content_language, translations, visibility: self.visibility.unwrap_or(Visibility::Public) })
    }
}

fn search_text(v: &Valid) -> String {
    let words = crate::translations::search_words(&v.translations);
    search::fold(&format!("{} {} {words}", v.title, v.description.as_deref().unwrap_or_default()))
}

impl Core {
    /// Views of idea rows in a fixed number of statements: links, translations,
    /// supports, names.
    pub(crate) async fn idea_views(&self, actor: &Actor, rows: Vec<idea::Model>) -> DomainResult<Vec<Idea>> {
        let db = self.db();
        let rows: Vec<idea::Model> = rows.into_iter().filter(|i| can_view(actor, i.visibility.0)).collect();
        let ids: Vec<Uuid> = rows.iter().map(|i| i.id).collect();
        let topics = idea_topic::Entity::find().filter(idea_topic::Column::IdeaId.is_in(ids.clone())).all(db).await.internal()?;
        let mut topics = group_by(&ids, topics.into_iter().map(|r| (r.idea_id, r.topic_id)));
        let districts = idea_district::Entity::find().filter(idea_district::Column::IdeaId.is_in(ids.clone())).all(db).await.internal()?;
        let mut districts = group_by(&ids, districts.into_iter().map(|r| (r.idea_id, r.district_id)));
        let targets =
            idea_target_group::Entity::find().filter(idea_target_group::Column::IdeaId.is_in(ids.clone())).all(db).await.internal()?;
        let mut targets = group_by(&ids, targets.into_iter().map(|r| (r.idea_id, r.target_group_id)));
        let texts = translation::Entity::find().filter(translation::Column::IdeaId.is_in(ids.clone())).all(db).await.internal()?;
        let mut texts = group_by(
            &ids,
            texts.into_iter().map(|r| (r.idea_id, Translation { language: r.language, title: r.title, description: r.description })),
        );
        let supports = support::Entity::find()
            .filter(support::Column::IdeaId.is_in(ids.clone()))
            .order_by_asc(support::Column::CreatedAt)
            .all(db)
            .await
            .internal()?;
        let group_ids: Vec<Uuid> = rows.iter().filter_map(|i| i.group_id).collect();
        let groups: HashMap<Uuid, group::Model> = group::Entity::find()
            .filter(group::Column::Id.is_in(group_ids))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .filter(|g| crate::group_roles::can_view(actor, g.visibility.0))
            .map(|g| (g.id, g))
            .collect();
        let mut org_ids: Vec<Uuid> = supports.iter().map(|s| s.organisation_id).collect();
        for i in &rows {
            org_ids.extend(i.organisation_id);
            org_ids.extend(i.owner_organisation_id);
        }
        let proposers: Vec<Uuid> = rows.iter().filter_map(|i| i.proposed_by).collect();
        let (orgs, people) = crate::group_roles::names(db, actor, org_ids, proposers).await?;
        let mut supports_of: HashMap<Uuid, Vec<Support>> = HashMap::new();
        for s in supports {
            // An organisation hidden from the actor supports without being named.
            let Some((name, slug)) = orgs.get(&s.organisation_id) else { continue };
            supports_of.entry(s.idea_id).or_default().push(Support {
                organisation_id: s.organisation_id,
                organisation_name: name.clone(),
                organisation_slug: slug.clone(),
                offer: s.offer,
                created_at: s.created_at,
            });
        }
        let org = |id: Option<Uuid>| id.and_then(|o| orgs.get(&o).map(|(n, s)| (o, n.clone(), s.clone())));
        let mine = actor.represented();
        Ok(rows
            .into_iter()
            .map(|i| {
                let supports = supports_of.remove(&i.id).unwrap_or_default();
                let open = !matches!(i.status.0, IdeaStatus::Done | IdeaStatus::NotPursued);
                let can_support_for = if open && actor.may_as(Operation::SupportIdea, !mine.is_empty()) {
                    mine.iter().copied().filter(|o| !supports.iter().any(|s| s.organisation_id == *o)).collect()
                } else {
                    Vec::new()
                };
                Idea {
                    id: i.id,
                    title: i.title,
                    description: i.description,
                    content_language: i.content_language,
                    translations: texts.remove(&i.id).unwrap_or_default(),
                    visibility: i.visibility.0,
                    status: i.status.0,
                    organisation: org(i.organisation_id),
                    proposer_name: i.proposed_by.and_then(|p| people.get(&p).cloned()),
                    topic_ids: topics.remove(&i.id).unwrap_or_default(),
                    district_ids: districts.remove(&i.id).unwrap_or_default(),
                    target_group_ids: targets.remove(&i.id).unwrap_or_default(),
                    gap_topic_id: i.gap_topic_id,
                    gap_district_id: i.gap_district_id,
                    group: i.group_id.and_then(|g| groups.get(&g)).map(|g| (g.id, g.name.clone(), g.slug.clone())),
                    owner: org(i.owner_organisation_id),
                    due_on: i.due_on,
                    resources: i.resources,
                    project_id: i.project_id,
                    status_reason: i.status_reason,
                    supports,
                    version: i.version,
                    created_at: i.created_at,
                    updated_at: i.updated_at,
                    can_move: actor.may_as(Operation::MoveIdea, false),
                    can_support_for,
                    can_comment: open && actor.may_as(Operation::CommentIdea, false),
                }
            })
            .collect())
    }

    /// The ideas the actor may see, newest first (at most `bounds::IDEAS`).
    pub async fn ideas(&self, actor: &Actor, filter: &IdeaFilter) -> DomainResult<Vec<Idea>> {
        let mut query = idea::Entity::find();
        if !can_view(actor, Visibility::Members) {
            query = query.filter(idea::Column::Visibility.eq(Visibility::Public.as_str()));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(idea::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(t) = filter.topic_id {
            let on = Query::select()
                .column(idea_topic::Column::IdeaId)
                .from(idea_topic::Entity)
                .and_where(idea_topic::Column::TopicId.eq(t))
                .to_owned();
            query = query.filter(idea::Column::Id.in_subquery(on));
        }
        if let Some(d) = filter.district_id {
            let on = Query::select()
                .column(idea_district::Column::IdeaId)
                .from(idea_district::Entity)
                .and_where(idea_district::Column::DistrictId.eq(d))
                .to_owned();
            query = query.filter(idea::Column::Id.in_subquery(on));
        }
        if let Some(words) = filter.search.as_deref().map(search::fold).filter(|w| !w.trim().is_empty()) {
            let mut all = Condition::all();
            for word in words.split_whitespace().take(8) {
                all = all.add(idea::Column::SearchText.contains(word));
            }
            query = query.filter(all);
        }
        let rows = query.order_by_desc(idea::Column::Id).limit(bounds::IDEAS).all(self.db()).await.internal()?;
        self.idea_views(actor, rows).await
    }

    /// One idea; `None` when it does not exist or is hidden from the actor.
    pub async fn idea(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<Idea>> {
        let found = idea::Entity::find_by_id(id).one(self.db()).await.internal()?;
        Ok(match found {
            Some(i) => self.idea_views(actor, vec![i]).await?.pop(),
            None => None,
        })
    }

    /// Proposes an idea, as a person or for an organisation the actor represents.
    pub async fn propose_idea(&self, actor: &Actor, input: IdeaInput) -> DomainResult<Idea> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::ProposeIdea, None)?;
        if let Some(o) = input.organisation_id {
            // Speaking for an organisation is what its representatives do.
            actor
                .authorize_as(Operation::SupportIdea, actor.is_member(o))
                .map_err(|_| DomainError::invalid("organisationId", migraup_domain::Reason::NotAllowed))?;
        }
        let valid = input.check()?;
        if input.gap_topic_id.is_some() != input.gap_district_id.is_some() {
            return Err(DomainError::invalid("gapDistrictId", migraup_domain::Reason::Required));
        }
        self.hit(crate::limits::IDEAS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        let mut topic_ids = input.topic_ids.clone();
        let mut district_ids = input.district_ids.clone();
        // The gap it answers is among its topics and Ortsteile.
        topic_ids.extend(input.gap_topic_id);
        district_ids.extend(input.gap_district_id);
        let topic_ids = known_topics(&txn, "topicIds", &topic_ids).await?;
        let district_ids = known_districts(&txn, "districtIds", &district_ids).await?;
        let target_ids = known_target_groups(&txn, "targetGroupIds", &input.target_group_ids).await?;
        if let Some(g) = input.group_id {
            crate::groups::load(&txn, actor, g).await.map_err(|_| DomainError::invalid("groupId", migraup_domain::Reason::UnknownId))?;
        }
        let now = Utc::now();
        let id = Uuid::now_v7();
        idea::ActiveModel {
            id: Set(id),
            title: Set(valid.title.clone()),
            description: Set(valid.description.clone()),
            content_language: Set(valid.content_language.clone()),
            search_text: Set(search_text(&valid)),
            visibility: Set(Stored(valid.visibility)),
            organisation_id: Set(input.organisation_id),
            proposed_by: Set(Some(user.id)),
            status: Set(Stored(IdeaStatus::Proposed)),
            gap_topic_id: Set(input.gap_topic_id),
            gap_district_id: Set(input.gap_district_id),
            group_id: Set(input.group_id),
            owner_organisation_id: Set(None),
            due_on: Set(None),
            resources: Set(None),
            project_id: Set(None),
            status_reason: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        replace::<idea_topic::Entity>(&txn, id, topic_ids).await?;
        replace::<idea_district::Entity>(&txn, id, district_ids).await?;
        replace::<idea_target_group::Entity>(&txn, id, target_ids).await?;
        for t in &valid.translations {
            translation::ActiveModel {
                idea_id: Set(id),
                language: Set(t.language.clone()),
                title: Set(t.title.clone()),
                description: Set(t.description.clone()),
            }
            .insert(&txn)
            .await
            .internal()?;
        }
        steps::record(&txn, id, IdeaStatus::Proposed, Some(user.id), None, now).await?;
        audit::record(
            &txn,
            Some(user.id),
            "propose_idea",
            "idea",
            id,
            json!({ "title": valid.title, "organisation": input.organisation_id }),
        )
        .await?;
        txn.commit().await.internal()?;
        self.idea(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// Ids of the public ideas with their last change, for the sitemap.
    pub async fn public_idea_ids(&self) -> DomainResult<Vec<(Uuid, DateTime<Utc>)>> {
        idea::Entity::find()
            .select_only()
            .column(idea::Column::Id)
            .column(idea::Column::UpdatedAt)
            .filter(idea::Column::Visibility.eq(Visibility::Public.as_str()))
            .order_by_desc(idea::Column::Id)
            .limit(bounds::IDEAS)
            .into_tuple()
            .all(self.db())
            .await
            .internal()
    }
}

/// The timeline rows of these ideas, oldest first.
pub(crate) async fn timeline_rows(db: &impl ConnectionTrait, ids: &[Uuid]) -> DomainResult<Vec<step::Model>> {
    step::Entity::find()
        .filter(step::Column::IdeaId.is_in(ids.to_vec()))
        .order_by_asc(step::Column::At)
        .order_by_asc(step::Column::Id)
        .limit(bounds::TIMELINE_STEPS * ids.len().max(1) as u64)
        .all(db)
        .await
        .internal()
}
