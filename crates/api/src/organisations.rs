//! Queries and mutations of the directory: organisations, offerings, members.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use migraup_core::{
    offerings::OfferingInput as CoreOfferingInput,
    organisations::{OrganisationFilter as CoreFilter, OrganisationInput as CoreInput, Registrant},
    paging::PageRequest,
};
use migraup_domain::DomainError;

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id, parse_ids},
    types::{
        FieldVisibility, OrganisationKind, Visibility,
        organisation::{Offering, Organisation, OrganisationConnection, OrganisationPage},
        user::Membership,
    },
};

/// Filters of the directory. Within a list any value matches; across fields all must.
#[derive(InputObject, Default)]
pub struct OrganisationFilter {
    /// Words looked up in names, descriptions and offerings, ignoring case and accents.
    pub search: Option<String>,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    /// ISO 639-1 codes.
    #[graphql(default)]
    pub languages: Vec<String>,
    #[graphql(default)]
    pub kinds: Vec<OrganisationKind>,
    pub verified: Option<bool>,
}

/// Fields of an organisation. On update, leave a field out to keep it and send `null`
/// to clear it.
#[derive(InputObject, Default)]
pub struct OrganisationInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub legal_form: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
    pub founded_year: MaybeUndefined<i32>,
    pub website: MaybeUndefined<String>,
    pub email: MaybeUndefined<String>,
    pub email_visibility: Option<FieldVisibility>,
    pub phone: MaybeUndefined<String>,
    pub phone_visibility: Option<FieldVisibility>,
    pub street: MaybeUndefined<String>,
    pub postal_code: MaybeUndefined<String>,
    pub city: MaybeUndefined<String>,
    pub address_visibility: Option<FieldVisibility>,
    pub district_id: MaybeUndefined<ID>,
    pub latitude: MaybeUndefined<f64>,
    pub longitude: MaybeUndefined<f64>,
    pub visibility: Option<Visibility>,
    pub topic_ids: Option<Vec<ID>>,
    /// ISO 639-1 codes of the languages spoken.
    pub languages: Option<Vec<String>>,
    pub target_group_ids: Option<Vec<ID>>,
    /// ISO 639-1 language the description and the offerings' texts are written in.
    pub content_language: Option<String>,
    /// The description in more languages (no title: the name is not translated);
    /// replaces the earlier ones. A version with an empty description is removed.
    pub translations: Option<Vec<TranslationInput>>,
}

/// A text in one more language.
#[derive(InputObject)]
pub struct TranslationInput {
    /// ISO 639-1, e.g. `ar`.
    pub language: String,
    /// An offering's title in this language (organisations: leave out).
    pub title: Option<String>,
    pub description: Option<String>,
}

impl From<TranslationInput> for migraup_core::translations::TranslationInput {
    fn from(t: TranslationInput) -> Self {
        Self { language: t.language, title: t.title, description: t.description }
    }
}

/// The person registering an organisation; becomes its representative once confirmed.
#[derive(InputObject)]
pub struct RegistrantInput {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Fields of an offering; on update, leave a field out to keep it, `null` clears it.
#[derive(InputObject, Default)]
pub struct OfferingInput {
    pub title: Option<String>,
    pub description: MaybeUndefined<String>,
    /// One of COUNSELLING, COURSE, GROUP, EVENT_SERIES, SUPPORT, CULTURE, SPORTS, OTHER.
    pub category: Option<String>,
    pub district_id: MaybeUndefined<ID>,
    pub schedule: MaybeUndefined<String>,
    pub cost: MaybeUndefined<String>,
    pub free_of_charge: Option<bool>,
    pub accessibility: MaybeUndefined<String>,
    pub topic_ids: Option<Vec<ID>>,
    /// ISO 639-1 codes of the languages it is delivered in.
    pub languages: Option<Vec<String>>,
    pub target_group_ids: Option<Vec<ID>>,
    /// Title and description in more languages; replaces the earlier ones.
    pub translations: Option<Vec<TranslationInput>>,
}

fn maybe<T>(v: MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

/// An optional id: undefined keeps, `null` or `""` (what an HTML select sends for "none") clears.
fn maybe_id(field: &str, v: MaybeUndefined<ID>) -> Result<Option<Option<uuid::Uuid>>, DomainError> {
    maybe(v).map(|inner| inner.filter(|id| !id.is_empty()).map(|id| parse_id(field, &id)).transpose()).transpose()
}

fn ids(field: &str, v: Option<Vec<ID>>) -> Result<Option<Vec<uuid::Uuid>>, DomainError> {
    v.map(|list| parse_ids(field, &list)).transpose()
}

impl OrganisationFilter {
    fn into_core(self) -> Result<CoreFilter, DomainError> {
        Ok(CoreFilter {
            search: self.search,
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
            district_ids: parse_ids("districtIds", &self.district_ids)?,
            languages: self.languages,
            kinds: self.kinds.into_iter().map(Into::into).collect(),
            verified: self.verified,
        })
    }
}

impl OrganisationInput {
    pub(crate) fn into_core(self) -> Result<CoreInput, DomainError> {
        Ok(CoreInput {
            name: self.name,
            slug: self.slug,
            kind: self.kind.map(Into::into),
            legal_form: maybe(self.legal_form),
            description: maybe(self.description),
            founded_year: maybe(self.founded_year),
            website: maybe(self.website),
            email: maybe(self.email),
            email_visibility: self.email_visibility.map(Into::into),
            phone: maybe(self.phone),
            phone_visibility: self.phone_visibility.map(Into::into),
            street: maybe(self.street),
            postal_code: maybe(self.postal_code),
            city: maybe(self.city),
            address_visibility: self.address_visibility.map(Into::into),
            district_id: maybe_id("districtId", self.district_id)?,
            latitude: maybe(self.latitude),
            longitude: maybe(self.longitude),
            visibility: self.visibility.map(Into::into),
            topic_ids: ids("topicIds", self.topic_ids)?,
            languages: self.languages,
            target_group_ids: ids("targetGroupIds", self.target_group_ids)?,
            content_language: self.content_language,
            translations: self.translations.map(|list| list.into_iter().map(Into::into).collect()),
        })
    }
}

impl OfferingInput {
    fn into_core(self) -> Result<CoreOfferingInput, DomainError> {
        Ok(CoreOfferingInput {
            title: self.title,
            description: maybe(self.description),
            category: self.category,
            district_id: maybe_id("districtId", self.district_id)?,
            schedule: maybe(self.schedule),
            cost: maybe(self.cost),
            free_of_charge: self.free_of_charge,
            accessibility: maybe(self.accessibility),
            topic_ids: ids("topicIds", self.topic_ids)?,
            languages: self.languages,
            target_group_ids: ids("targetGroupIds", self.target_group_ids)?,
            translations: self.translations.map(|list| list.into_iter().map(Into::into).collect()),
        })
    }
}

/// Reading the directory.
#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// The directory, sorted by name, paged with cursors (at most 50 a page).
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrganisationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<OrganisationConnection> {
        let filter = filter.unwrap_or_default().into_core().gql(ctx)?;
        let page = core(ctx).organisations(actor(ctx), &filter, &PageRequest { first, after }).await.gql(ctx)?;
        let ids: Vec<uuid::Uuid> = page.items.iter().map(|(_, o)| o.id).collect();
        crate::prefetch::organisations(ctx, ctx.look_ahead().field("edges").field("node"), &ids).await.gql(ctx)?;
        Ok(OrganisationConnection { page: OrganisationPage::from_page(page, Organisation), filter })
    }

    /// One organisation by id or slug; `null` if it does not exist or is hidden from the caller.
    async fn organisation(&self, ctx: &Context<'_>, id: Option<ID>, slug: Option<String>) -> async_graphql::Result<Option<Organisation>> {
        let id = id.map(|id| parse_id("id", &id)).transpose().gql(ctx)?;
        Ok(core(ctx).organisation(actor(ctx), id, slug.as_deref()).await.gql(ctx)?.map(Organisation))
    }

    /// One offering; `null` if it does not exist or its organisation is hidden.
    async fn offering(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Offering>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).offering(actor(ctx), id).await.gql(ctx)?.map(Offering))
    }

    /// The categories an offering can have.
    async fn offering_categories(&self) -> Vec<&'static str> {
        migraup_core::offerings::CATEGORIES.to_vec()
    }
}

/// Changing the directory.
#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Adds an organisation (ADMIN: verified at once; others: waits for verification).
    async fn create_organisation(&self, ctx: &Context<'_>, input: OrganisationInput) -> async_graphql::Result<Organisation> {
        let input = input.into_core().gql(ctx)?;
        Ok(Organisation(core(ctx).create_organisation(actor(ctx), input).await.gql(ctx)?))
    }

    /// Edits a profile; `CONFLICT` with `extensions.currentVersion` when someone saved first.
    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: OrganisationInput,
    ) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Organisation(core(ctx).update_organisation(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Marks an organisation as verified (ADMIN).
    async fn verify_organisation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).verify_organisation(actor(ctx), id).await.gql(ctx)?))
    }

    /// Rejects a registration (ADMIN) with a reason that is e-mailed to the registrants;
    /// their personal data is removed after 30 days.
    async fn reject_organisation(&self, ctx: &Context<'_>, id: ID, reason: String) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).reject_organisation(actor(ctx), id, &reason).await.gql(ctx)?))
    }

    /// The organisation confirms its profile and offerings are current.
    async fn confirm_organisation_current(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).confirm_organisation_current(actor(ctx), id).await.gql(ctx)?))
    }

    /// "Register your organisation" (anyone): creates it unverified with a pending
    /// representative account; a confirmation link goes to the e-mail address.
    async fn register_organisation(
        &self,
        ctx: &Context<'_>,
        input: OrganisationInput,
        registrant: RegistrantInput,
    ) -> async_graphql::Result<bool> {
        let input = input.into_core().gql(ctx)?;
        let registrant = Registrant {
            email: registrant.email,
            display_name: registrant.display_name,
            password: registrant.password,
            language: actor(ctx).lang,
        };
        core(ctx).register_organisation(input, registrant, crate::context::request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Adds an existing account as member of an organisation.
    async fn add_organisation_member(&self, ctx: &Context<'_>, organisation_id: ID, user_id: ID) -> async_graphql::Result<Membership> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let user = parse_id("userId", &user_id).gql(ctx)?;
        Ok(Membership(core(ctx).add_member(actor(ctx), org, user).await.gql(ctx)?))
    }

    /// Removes a member (not the last one).
    async fn remove_organisation_member(&self, ctx: &Context<'_>, organisation_id: ID, user_id: ID) -> async_graphql::Result<bool> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let user = parse_id("userId", &user_id).gql(ctx)?;
        core(ctx).remove_member(actor(ctx), org, user).await.gql(ctx)
    }

    /// Whether I am a contact person of an organisation, and whether I consent to being
    /// shown to signed-in users.
    async fn update_my_membership(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        is_contact_person: bool,
        contact_consent: bool,
    ) -> async_graphql::Result<Membership> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Membership(core(ctx).update_my_membership(actor(ctx), org, is_contact_person, contact_consent).await.gql(ctx)?))
    }

    /// Adds an offering to an organisation.
    async fn create_offering(&self, ctx: &Context<'_>, organisation_id: ID, input: OfferingInput) -> async_graphql::Result<Offering> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Offering(core(ctx).create_offering(actor(ctx), org, input).await.gql(ctx)?))
    }

    /// Edits an offering; `CONFLICT` when someone saved first.
    async fn update_offering(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: OfferingInput,
    ) -> async_graphql::Result<Offering> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Offering(core(ctx).update_offering(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Deletes an offering (the audit log keeps its content).
    async fn delete_offering(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).delete_offering(actor(ctx), id).await.gql(ctx)
    }
}
