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
    /// The street and house number.
    pub street: Option<String>,
    /// The postal code.
    pub postal_code: Option<String>,
    /// The city.
    pub city: Option<String>,
}

/// Geographic coordinates (WGS 84).
#[derive(SimpleObject, Clone)]
pub struct Coordinates {
    /// Latitude in decimal degrees, -90 to 90.
    pub latitude: f64,
    /// Longitude in decimal degrees, -180 to 180.
    pub longitude: f64,
}

/// Who may see which contact field (shown to editors only).
#[derive(SimpleObject, Clone)]
pub struct ContactVisibility {
    /// Who may see the e-mail address.
    pub email: FieldVisibility,
    /// Who may see the phone number.
    pub phone: FieldVisibility,
    /// Who may see the address and the coordinates.
    pub address: FieldVisibility,
}

/// A text in one more language than the organisation's own (`contentLanguage`).
#[derive(SimpleObject, Clone)]
pub struct Translation {
    /// ISO 639-1.
    pub language: String,
    /// An offering's title in this language; organisations have none.
    pub title: Option<String>,
    /// The description in this language.
    pub description: Option<String>,
}

pub(crate) async fn translations_of(ctx: &Context<'_>, subject: uuid::Uuid) -> async_graphql::Result<Vec<Translation>> {
    let list = request(ctx).loaders.batch.load_one(Translations(subject)).await.gql(ctx)?.unwrap_or_default();
    Ok(list.into_iter().map(|t| Translation { language: t.language, title: t.title, description: t.description }).collect())
}

/// A member who consented to be shown as contact person (signed-in users only).
#[derive(SimpleObject, Clone)]
pub struct ContactPerson {
    /// The person's name.
    pub display_name: String,
    /// The person's e-mail address.
    pub email: String,
}

/// A member of an organisation, as its editors see it.
#[derive(SimpleObject, Clone)]
pub struct Member {
    /// The member's account.
    pub user: User,
    /// Whether the member is a contact person of the organisation.
    pub is_contact_person: bool,
    /// Whether the member consented to be shown to signed-in people as contact person.
    pub contact_consent: bool,
    /// When the membership began (RFC 3339, UTC).
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

/// An organisation of the directory: its profile, contact data (each field shown by its
/// visibility), classification and offerings. Unverified organisations are seen only by
/// the coordination team, the district administration and their own members.
#[Object]
impl Organisation {
    /// The id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The address of its page: lower-case letters, digits and hyphens; unique.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The kind of organisation.
    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }
    /// The legal form, such as „e.V.“ or „gGmbH“; `null` if not given.
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
    /// The year it was founded; `null` if not given.
    async fn founded_year(&self) -> Option<i32> {
        self.0.founded_year
    }
    /// The website (an `http` or `https` URL); `null` if not given.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// The e-mail address; `null` if not given or when its visibility hides it from the caller.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// The phone number; `null` if not given or when its visibility hides it from the caller.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// The postal address; `null` if not given or when its visibility hides it from the caller.
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
    /// Where it is (WGS 84); `null` if not given or when the address's visibility hides
    /// it from the caller.
    async fn coordinates(&self) -> Option<Coordinates> {
        match (self.0.latitude, self.0.longitude) {
            (Some(latitude), Some(longitude)) => Some(Coordinates { latitude, longitude }),
            _ => None,
        }
    }
    /// The Ortsteil it is in; `null` if not given.
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.district_id).await
    }
    /// Who may see the organisation at all.
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    /// Whether the coordination team has checked it.
    async fn verification(&self) -> VerificationState {
        self.0.verification.into()
    }
    /// When the coordination team verified it (RFC 3339, UTC); `null` while unverified.
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
    /// When the coordination team rejected this registration (RFC 3339, UTC; shown to
    /// it and to those who may edit the entry, else `null`); the entry is deleted 30 days later.
    async fn rejected_at(&self) -> Option<DateTime<Utc>> {
        self.0.rejected_at
    }
    /// Why the registration was rejected (same readers as `rejectedAt`).
    async fn rejection_reason(&self) -> Option<&str> {
        self.0.rejection_reason.as_deref()
    }
    /// When the organisation last confirmed that its profile is current (RFC 3339, UTC;
    /// saving the profile counts); `null` if never.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// True when not confirmed for 12 months: the directory marks it as possibly outdated.
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
    /// What is missing from the profile, for those who may edit it (else `null`): the ten
    /// parts the network page measures.
    async fn completeness(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ProfileCompleteness>> {
        if !self.0.can_edit {
            return Ok(None);
        }
        let found = crate::context::core(ctx).profile_completeness(crate::context::actor(ctx), self.0.id).await.gql(ctx)?;
        Ok(found.map(ProfileCompleteness::from))
    }
    /// For optimistic locking: send it back as `expectedVersion` to `updateOrganisation`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the entry was created (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the entry last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Whether the caller may edit this organisation.
    async fn can_edit(&self) -> bool {
        self.0.can_edit
    }
    /// The topics it works on, in the taxonomy's order.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        let ids = request(ctx).loaders.batch.load_one(OrgTopics(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        topics_of(ctx, &ids).await
    }
    /// Languages spoken in the organisation.
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        let codes = request(ctx).loaders.batch.load_one(OrgLanguages(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        languages_of(ctx, &codes).await
    }
    /// Whom it works for, in the taxonomy's order.
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        let ids = request(ctx).loaders.batch.load_one(OrgTargetGroups(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        target_groups_of(ctx, &ids).await
    }
    /// How many of its offerings the caller may see (as `offerings` lists them).
    async fn offering_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(request(ctx).loaders.batch.load_one(OfferingCount(self.0.id)).await.gql(ctx)?.unwrap_or_default())
    }
    /// Its offerings, by title. Offerings not confirmed for 18 months are left out except
    /// for its own members, the coordination team and the district administration.
    async fn offerings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Offering>> {
        let list = request(ctx).loaders.batch.load_one(OrgOfferings(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(Offering).collect())
    }
    /// The working groups it takes part in that the caller may see.
    async fn working_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::group::WorkingGroup>> {
        let list = core(ctx).working_groups(actor(ctx), &[], Some(self.0.id)).await.gql(ctx)?;
        Ok(list.into_iter().map(super::group::WorkingGroup).collect())
    }
    /// Its contact persons who consented to be shown; empty for anonymous callers.
    async fn contact_persons(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactPerson>> {
        let list = request(ctx).loaders.batch.load_one(OrgContacts(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(|c| ContactPerson { display_name: c.display_name, email: c.email }).collect())
    }
    /// The members, by name: for its representatives and the coordination team (ADMIN);
    /// others get FORBIDDEN, anonymous callers UNAUTHENTICATED.
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

/// An offering (Angebot) of an organisation: a counselling hour, a course, a group and
/// the like, with when, where, for whom and in which languages.
#[Object]
impl Offering {
    /// The id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The organisation that offers it; `null` when it is hidden from the caller.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// The title, in the organisation's `contentLanguage`.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The description, in the organisation's `contentLanguage`; `null` if not given.
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
    /// The Ortsteil where it takes place; `null` if not given.
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.district_id).await
    }
    /// When it takes place, as free text (e.g. "Tuesdays 10–12"); `null` if not given.
    async fn schedule(&self) -> Option<&str> {
        self.0.schedule.as_deref()
    }
    /// What it costs, as free text; `null` if not given.
    async fn cost(&self) -> Option<&str> {
        self.0.cost.as_deref()
    }
    /// Whether it is free of charge.
    async fn free_of_charge(&self) -> bool {
        self.0.free_of_charge
    }
    /// Notes on accessibility (e.g. step-free access), as free text; `null` if not given.
    async fn accessibility(&self) -> Option<&str> {
        self.0.accessibility.as_deref()
    }
    /// The topics it covers, in the taxonomy's order.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        topics_of(ctx, &self.0.topic_ids).await
    }
    /// Languages the offering is delivered in.
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        languages_of(ctx, &self.0.language_codes).await
    }
    /// Whom it is for, in the taxonomy's order.
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        target_groups_of(ctx, &self.0.target_group_ids).await
    }
    /// When someone of the organisation last said it is current (RFC 3339, UTC; saving
    /// counts); `null` if never.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// How fresh it is; `HIDDEN` offerings are shown only to their organisation, the
    /// coordination team and the district administration until confirmed.
    async fn freshness(&self) -> Freshness {
        freshness_of(self.0.confirmed_at, Utc::now()).into()
    }
    /// For optimistic locking: send it back as `expectedVersion` to `updateOffering`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When it was created (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed (RFC 3339, UTC).
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
    /// The topic.
    pub topic: Topic,
    /// How many organisations the filter with this topic would give.
    pub count: u64,
}

/// How many organisations a district would give.
#[derive(SimpleObject, Clone)]
pub struct DistrictCount {
    /// The Ortsteil.
    pub district: District,
    /// How many organisations the filter with this Ortsteil would give.
    pub count: u64,
}

/// How many organisations a language would give.
#[derive(SimpleObject, Clone)]
pub struct LanguageCount {
    /// The language.
    pub language: Language,
    /// How many organisations the filter with this language would give (spoken there or
    /// in one of their offerings).
    pub count: u64,
}

/// How many organisations a target group would give.
#[derive(SimpleObject, Clone)]
pub struct TargetGroupCount {
    /// The target group.
    pub target_group: TargetGroup,
    /// How many organisations the filter with this target group would give (their own
    /// or one of their offerings').
    pub count: u64,
}

/// How many organisations a kind would give.
#[derive(SimpleObject, Clone)]
pub struct KindCount {
    /// The kind of organisation.
    pub kind: OrganisationKind,
    /// How many organisations the filter with this kind would give.
    pub count: u64,
}

/// Facet counts: each dimension counted with every other filter applied but its own.
#[derive(SimpleObject, Clone)]
pub struct OrganisationFacets {
    /// Counts per topic, in the taxonomy's order; topics without organisations are left out.
    pub topics: Vec<TopicCount>,
    /// Counts per Ortsteil, in their order; Ortsteile without organisations are left out.
    pub districts: Vec<DistrictCount>,
    /// Counts per language; languages without organisations are left out.
    pub languages: Vec<LanguageCount>,
    /// Counts per kind of organisation; kinds without organisations are left out.
    pub kinds: Vec<KindCount>,
    /// Counts per target group, in the taxonomy's order; target groups without
    /// organisations are left out.
    pub target_groups: Vec<TargetGroupCount>,
}

#[ComplexObject]
impl OrganisationConnection {
    /// Counts per topic, Ortsteil, language, kind and target group for the current filter.
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
        let mut target_groups: Vec<TargetGroupCount> = facets
            .target_groups
            .iter()
            .filter_map(|(id, n)| tax.target_groups.get(id).map(|t| TargetGroupCount { target_group: TargetGroup(t.clone()), count: *n }))
            .collect();
        target_groups.sort_by_key(|t| t.target_group.0.sort_order);
        Ok(OrganisationFacets { topics, districts, languages, kinds, target_groups })
    }
}
