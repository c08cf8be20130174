//! Organisations and offerings as GraphQL types.

use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::{freshness::freshness_of, organisations::OrganisationFilter, views};

use super::{
    FieldVisibility, Freshness, OrganisationKind, VerificationState, Visibility, connection,
    network::ProfileCompleteness,
    taxonomy::{District, Language, TargetGroup, Topic},
    user::User,
};
use crate::{
    context::{actor, core, request},
    error::GqlResult,
    loaders::{
        MyPendingRequest, OfferingCount, OrgById, OrgContacts, OrgLanguages, OrgOfferings, OrgRepresented, OrgTargetGroups, OrgTopics,
        Translations,
    },
};

/// A postal address.
#[derive(SimpleObject, Clone)]
pub struct Address {
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
}

/// Geographic coordinates (WGS 84).
#[derive(SimpleObject, Clone)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

/// Who may see which contact field (shown to editors only).
#[derive(SimpleObject, Clone)]
pub struct ContactVisibility {
    pub email: FieldVisibility,
    pub phone: FieldVisibility,
    pub address: FieldVisibility,
}

/// A text in one more language than the organisation's own (`contentLanguage`).
#[derive(SimpleObject, Clone)]
pub struct Translation {
    /// ISO 639-1.
    pub language: String,
    /// An offering's title in this language; organisations have none.
    pub title: Option<String>,
    pub description: Option<String>,
}

pub(crate) async fn translations_of(ctx: &Context<'_>, subject: uuid::Uuid) -> async_graphql::Result<Vec<Translation>> {
    let list = request(ctx).loaders.batch.load_one(Translations(subject)).await.gql(ctx)?.unwrap_or_default();
    Ok(list.into_iter().map(|t| Translation { language: t.language, title: t.title, description: t.description }).collect())
}

/// A member who consented to be shown as contact person (signed-in users only).
#[derive(SimpleObject, Clone)]
pub struct ContactPerson {
    pub display_name: String,
    pub email: String,
}

/// A member of an organisation, as its editors see it.
#[derive(SimpleObject, Clone)]
pub struct Member {
    pub user: User,
    pub is_contact_person: bool,
    pub contact_consent: bool,
    pub since: DateTime<Utc>,
}

pub(crate) async fn topics_of(ctx: &Context<'_>, ids: &[uuid::Uuid]) -> async_graphql::Result<Vec<Topic>> {
    let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
    let mut topics: Vec<Topic> = ids.iter().filter_map(|id| tax.topics.get(id).cloned().map(Topic)).collect();
    topics.sort_by_key(|t| t.0.sort_order);
    Ok(topics)
}

async fn target_groups_of(ctx: &Context<'_>, ids: &[uuid::Uuid]) -> async_graphql::Result<Vec<TargetGroup>> {
    let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
    let mut groups: Vec<TargetGroup> = ids.iter().filter_map(|id| tax.target_groups.get(id).cloned().map(TargetGroup)).collect();
    groups.sort_by_key(|t| t.0.sort_order);
    Ok(groups)
}

pub(crate) async fn languages_of(ctx: &Context<'_>, codes: &[String]) -> async_graphql::Result<Vec<Language>> {
    let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
    Ok(codes.iter().filter_map(|c| tax.languages.get(c).cloned().map(Language)).collect())
}

pub(crate) async fn district_of(ctx: &Context<'_>, id: Option<uuid::Uuid>) -> async_graphql::Result<Option<District>> {
    let Some(id) = id else { return Ok(None) };
    let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
    Ok(tax.districts.get(&id).cloned().map(District))
}

/// An organisation of the directory.
#[derive(Clone)]
pub struct Organisation(pub views::Organisation);

#[Object]
impl Organisation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }
    /// e.g. "e.V.", "gGmbH".
    async fn legal_form(&self) -> Option<&str> {
        self.0.legal_form.as_deref()
    }
    /// In the organisation's own language (`contentLanguage`); more in `translations`.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// ISO 639-1 language of the description and the offerings' texts.
    async fn content_language(&self) -> &str {
        &self.0.content_language
    }
    /// The description in more languages.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Translation>> {
        translations_of(ctx, self.0.id).await
    }
    async fn founded_year(&self) -> Option<i32> {
        self.0.founded_year
    }
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// `null` when its visibility hides it from the caller.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// `null` when its visibility hides it from the caller.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// `null` when its visibility hides it from the caller.
    async fn address(&self) -> Option<Address> {
        let o = &self.0;
        (o.street.is_some() || o.postal_code.is_some() || o.city.is_some()).then(|| Address {
            street: o.street.clone(),
            postal_code: o.postal_code.clone(),
            city: o.city.clone(),
        })
    }
    /// Who may see which contact field; only for people who may edit.
    async fn contact_visibility(&self) -> Option<ContactVisibility> {
        self.0.contact_visibility.map(|v| ContactVisibility { email: v.email.into(), phone: v.phone.into(), address: v.address.into() })
    }
    async fn coordinates(&self) -> Option<Coordinates> {
        match (self.0.latitude, self.0.longitude) {
            (Some(latitude), Some(longitude)) => Some(Coordinates { latitude, longitude }),
            _ => None,
        }
    }
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.district_id).await
    }
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    async fn verification(&self) -> VerificationState {
        self.0.verification.into()
    }
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
    /// When the coordination team rejected this registration (shown to it and to the
    /// registrants only); the entry is deleted 30 days later.
    async fn rejected_at(&self) -> Option<DateTime<Utc>> {
        self.0.rejected_at
    }
    /// Why the registration was rejected (same readers as `rejectedAt`).
    async fn rejection_reason(&self) -> Option<&str> {
        self.0.rejection_reason.as_deref()
    }
    /// When the organisation last confirmed that its profile and offerings are current.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// True when not confirmed for a year: the directory marks it as possibly outdated.
    async fn is_stale(&self) -> bool {
        freshness_of(self.0.confirmed_at, Utc::now()) >= migraup_domain::freshness::Freshness::Stale
    }
    /// How fresh the profile is (its offerings have their own).
    async fn freshness(&self) -> Freshness {
        freshness_of(self.0.confirmed_at, Utc::now()).into()
    }
    /// Whether nobody acts for the organisation yet, so a person who works there may
    /// claim it ("This is my organisation").
    async fn claimable(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        if self.0.verification != migraup_domain::VerificationState::Verified {
            return Ok(false);
        }
        let represented = request(ctx).loaders.batch.load_one(OrgRepresented(self.0.id)).await.gql(ctx)?.unwrap_or(false);
        Ok(!represented)
    }
    /// Whether I have asked to claim or join it and wait for an answer.
    async fn my_request_pending(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(request(ctx).loaders.batch.load_one(MyPendingRequest(self.0.id)).await.gql(ctx)?.unwrap_or(false))
    }
    /// What is missing from the profile (for those who may edit it): the ten parts the
    /// network page measures.
    async fn completeness(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ProfileCompleteness>> {
        if !self.0.can_edit {
            return Ok(None);
        }
        let found = crate::context::core(ctx).profile_completeness(crate::context::actor(ctx), self.0.id).await.gql(ctx)?;
        Ok(found.map(ProfileCompleteness::from))
    }
    /// For optimistic locking: send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Whether the caller may edit this organisation.
    async fn can_edit(&self) -> bool {
        self.0.can_edit
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        let ids = request(ctx).loaders.batch.load_one(OrgTopics(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        topics_of(ctx, &ids).await
    }
    /// Languages spoken in the organisation.
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        let codes = request(ctx).loaders.batch.load_one(OrgLanguages(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        languages_of(ctx, &codes).await
    }
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        let ids = request(ctx).loaders.batch.load_one(OrgTargetGroups(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        target_groups_of(ctx, &ids).await
    }
    async fn offering_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(request(ctx).loaders.batch.load_one(OfferingCount(self.0.id)).await.gql(ctx)?.unwrap_or_default())
    }
    async fn offerings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Offering>> {
        let list = request(ctx).loaders.batch.load_one(OrgOfferings(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(Offering).collect())
    }
    /// The working groups it takes part in that the caller may see.
    async fn working_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::group::WorkingGroup>> {
        let list = core(ctx).working_groups(actor(ctx), &[], Some(self.0.id)).await.gql(ctx)?;
        Ok(list.into_iter().map(super::group::WorkingGroup).collect())
    }
    /// Members who consented to be shown; empty for anonymous callers.
    async fn contact_persons(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactPerson>> {
        let list = request(ctx).loaders.batch.load_one(OrgContacts(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(|c| ContactPerson { display_name: c.display_name, email: c.email }).collect())
    }
    /// The members (for the organisation's editors and ADMIN).
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Member>> {
        let members = core(ctx).members(actor(ctx), self.0.id).await.gql(ctx)?;
        Ok(members
            .into_iter()
            .map(|m| Member {
                user: User(m.user),
                is_contact_person: m.membership.is_contact_person,
                contact_consent: m.membership.contact_consent,
                since: m.membership.created_at,
            })
            .collect())
    }
}

/// An offering (Angebot) of an organisation.
#[derive(Clone)]
pub struct Offering(pub views::Offering);

#[Object]
impl Offering {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Title and description in more languages than the organisation's own.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Translation>> {
        translations_of(ctx, self.0.id).await
    }
    /// One of COUNSELLING, COURSE, GROUP, EVENT_SERIES, SUPPORT, CULTURE, SPORTS, OTHER.
    async fn category(&self) -> &str {
        &self.0.category
    }
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.district_id).await
    }
    async fn schedule(&self) -> Option<&str> {
        self.0.schedule.as_deref()
    }
    async fn cost(&self) -> Option<&str> {
        self.0.cost.as_deref()
    }
    async fn free_of_charge(&self) -> bool {
        self.0.free_of_charge
    }
    async fn accessibility(&self) -> Option<&str> {
        self.0.accessibility.as_deref()
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        topics_of(ctx, &self.0.topic_ids).await
    }
    /// Languages the offering is delivered in.
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        languages_of(ctx, &self.0.language_codes).await
    }
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        target_groups_of(ctx, &self.0.target_group_ids).await
    }
    /// When someone of the organisation last said it is current (saving counts).
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// How fresh it is; `HIDDEN` offerings are shown only to their organisation and
    /// the coordination team until confirmed.
    async fn freshness(&self) -> Freshness {
        freshness_of(self.0.confirmed_at, Utc::now()).into()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

connection!(OrganisationPage, OrganisationEdge, Organisation);

/// A page of the directory, with facet counts for the same filter.
#[derive(SimpleObject)]
#[graphql(complex, name = "OrganisationConnection")]
pub struct OrganisationConnection {
    #[graphql(flatten)]
    pub page: OrganisationPage,
    #[graphql(skip)]
    pub filter: OrganisationFilter,
}

/// How many organisations a topic would give.
#[derive(SimpleObject, Clone)]
pub struct TopicCount {
    pub topic: Topic,
    pub count: u64,
}

/// How many organisations a district would give.
#[derive(SimpleObject, Clone)]
pub struct DistrictCount {
    pub district: District,
    pub count: u64,
}

/// How many organisations a language would give.
#[derive(SimpleObject, Clone)]
pub struct LanguageCount {
    pub language: Language,
    pub count: u64,
}

/// How many organisations a kind would give.
#[derive(SimpleObject, Clone)]
pub struct KindCount {
    pub kind: OrganisationKind,
    pub count: u64,
}

/// Facet counts: each dimension counted with every other filter applied but its own.
#[derive(SimpleObject, Clone)]
pub struct OrganisationFacets {
    pub topics: Vec<TopicCount>,
    pub districts: Vec<DistrictCount>,
    pub languages: Vec<LanguageCount>,
    pub kinds: Vec<KindCount>,
}

#[ComplexObject]
impl OrganisationConnection {
    /// Counts per topic, Ortsteil, language and kind for the current filter.
    async fn facets(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationFacets> {
        let facets = core(ctx).organisation_facets(actor(ctx), &self.filter).await.gql(ctx)?;
        let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
        let mut topics: Vec<TopicCount> = facets
            .topics
            .iter()
            .filter_map(|(id, n)| tax.topics.get(id).map(|t| TopicCount { topic: Topic(t.clone()), count: *n }))
            .collect();
        topics.sort_by_key(|t| t.topic.0.sort_order);
        let mut districts: Vec<DistrictCount> = facets
            .districts
            .iter()
            .filter_map(|(id, n)| tax.districts.get(id).map(|d| DistrictCount { district: District(d.clone()), count: *n }))
            .collect();
        districts.sort_by_key(|d| d.district.0.sort_order);
        let languages = facets
            .languages
            .iter()
            .filter_map(|(code, n)| tax.languages.get(code).map(|l| LanguageCount { language: Language(l.clone()), count: *n }))
            .collect();
        let mut kinds: Vec<KindCount> = facets.kinds.iter().map(|(k, n)| KindCount { kind: (*k).into(), count: *n }).collect();
        kinds.sort_by_key(|k| migraup_domain::OrganisationKind::from(k.kind));
        Ok(OrganisationFacets { topics, districts, languages, kinds })
    }
}
