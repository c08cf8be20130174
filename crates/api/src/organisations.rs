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
/// At most 100 values in all the lists together (else BAD_USER_INPUT on `filter`).
#[derive(InputObject, Default)]
pub struct OrganisationFilter {
    /// Words looked up in names, descriptions and offerings, ignoring case and accents;
    /// every word must occur (at most 200 characters).
    pub search: Option<String>,
    /// Only organisations working on any of these topics (ids).
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// Only organisations in any of these Ortsteile (ids).
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    /// ISO 639-1 codes: only organisations that speak one of them or have an offering
    /// delivered in one.
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Only organisations of these kinds.
    #[graphql(default)]
    pub kinds: Vec<OrganisationKind>,
    /// Whom the organisation or one of its offerings is for (ids).
    #[graphql(default)]
    pub target_group_ids: Vec<ID>,
    /// True: verified organisations only; false: unverified ones only (which only the
    /// coordination team, the administration and their own members see). Both when left out.
    pub verified: Option<bool>,
}

/// Fields of an organisation. On update, leave a field out to keep it and send `null`
/// to clear it.
#[derive(InputObject, Default)]
pub struct OrganisationInput {
    /// The name, 2 to 200 characters; required when creating.
    pub name: Option<String>,
    /// The address of its page: 2 to 80 lower-case letters, digits and single hyphens;
    /// made from the name when creating without one. A slug already taken answers
    /// BAD_USER_INPUT.
    pub slug: Option<String>,
    /// The kind of organisation; required when creating.
    pub kind: Option<OrganisationKind>,
    /// The legal form, such as „e.V.“ or „gGmbH“ (at most 100 characters).
    pub legal_form: MaybeUndefined<String>,
    /// The description, in `contentLanguage` (at most 5,000 characters).
    pub description: MaybeUndefined<String>,
    /// The founding year, from 1800 to the current year.
    pub founded_year: MaybeUndefined<i32>,
    /// The website, an `http://` or `https://` URL.
    pub website: MaybeUndefined<String>,
    /// The e-mail address.
    pub email: MaybeUndefined<String>,
    /// Who may see the e-mail address; PUBLIC when creating without it.
    pub email_visibility: Option<FieldVisibility>,
    /// The phone number: digits, spaces and `+-/().`, at least 3 digits.
    pub phone: MaybeUndefined<String>,
    /// Who may see the phone number; MEMBERS when creating without it.
    pub phone_visibility: Option<FieldVisibility>,
    /// The street and house number (at most 200 characters).
    pub street: MaybeUndefined<String>,
    /// The postal code (at most 20 characters).
    pub postal_code: MaybeUndefined<String>,
    /// The city (at most 100 characters).
    pub city: MaybeUndefined<String>,
    /// Who may see the address and the coordinates; PUBLIC when creating without it.
    pub address_visibility: Option<FieldVisibility>,
    /// The Ortsteil (an id from `districts`); `null` or `""` clears it.
    pub district_id: MaybeUndefined<ID>,
    /// Latitude (WGS 84, -90 to 90); give it together with `longitude`, or clear both.
    pub latitude: MaybeUndefined<f64>,
    /// Longitude (WGS 84, -180 to 180); give it together with `latitude`, or clear both.
    pub longitude: MaybeUndefined<f64>,
    /// Who may see the organisation at all; PUBLIC when creating without it.
    pub visibility: Option<Visibility>,
    /// The topics it works on (ids from `topics`); replaces the earlier ones.
    pub topic_ids: Option<Vec<ID>>,
    /// ISO 639-1 codes of the languages spoken; replaces the earlier ones.
    pub languages: Option<Vec<String>>,
    /// Whom it works for (ids from `targetGroups`); replaces the earlier ones.
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
    /// The description in this language; a version with an empty description is removed.
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
    /// The person's e-mail address: the confirmation link goes there, and it becomes
    /// the sign-in name.
    pub email: String,
    /// The person's name as others see it (1 to 120 characters).
    pub display_name: String,
    /// The password for the new account: 12 to 128 characters, not a common one.
    pub password: String,
}

/// Fields of an offering; on update, leave a field out to keep it, `null` clears it.
#[derive(InputObject, Default)]
pub struct OfferingInput {
    /// The title, 2 to 200 characters, in the organisation's `contentLanguage`; required
    /// when creating.
    pub title: Option<String>,
    /// The description, in the organisation's `contentLanguage` (at most 5,000 characters).
    pub description: MaybeUndefined<String>,
    /// One of COUNSELLING, COURSE, GROUP, EVENT_SERIES, SUPPORT, CULTURE, SPORTS, OTHER
    /// (see `offeringCategories`); OTHER when creating without it.
    pub category: Option<String>,
    /// The Ortsteil where it takes place (an id from `districts`); `null` or `""` clears it.
    pub district_id: MaybeUndefined<ID>,
    /// When it takes place, as free text (at most 1,000 characters).
    pub schedule: MaybeUndefined<String>,
    /// What it costs, as free text (at most 200 characters).
    pub cost: MaybeUndefined<String>,
    /// Whether it is free of charge; true when creating without it.
    pub free_of_charge: Option<bool>,
    /// Notes on accessibility, as free text (at most 1,000 characters).
    pub accessibility: MaybeUndefined<String>,
    /// The topics it covers (ids from `topics`); replaces the earlier ones.
    pub topic_ids: Option<Vec<ID>>,
    /// ISO 639-1 codes of the languages it is delivered in; replaces the earlier ones.
    pub languages: Option<Vec<String>>,
    /// Whom it is for (ids from `targetGroups`); replaces the earlier ones.
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
            target_group_ids: parse_ids("targetGroupIds", &self.target_group_ids)?,
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
    /// The directory, sorted by name, paged with cursors (at most 50 a page). Anyone may
    /// read it: anonymous callers see verified public organisations; signed-in people also
    /// those for members and their own unverified ones; the coordination team and the
    /// administration see every organisation.
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to list; everything the caller may see when left out.")] filter: Option<OrganisationFilter>,
        #[graphql(desc = "The page size, 1 to 50; 20 when left out.")] first: Option<i32>,
        #[graphql(desc = "The cursor after which the page starts: `pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> async_graphql::Result<OrganisationConnection> {
        let filter = filter.unwrap_or_default().into_core().gql(ctx)?;
        let page = core(ctx).organisations(actor(ctx), &filter, &PageRequest { first, after }).await.gql(ctx)?;
        let ids: Vec<uuid::Uuid> = page.items.iter().map(|(_, o)| o.id).collect();
        crate::prefetch::organisations(ctx, ctx.look_ahead().field("edges").field("node"), &ids).await.gql(ctx)?;
        Ok(OrganisationConnection { page: OrganisationPage::from_page(page, Organisation), filter })
    }

    /// One organisation by id or slug; `null` if it does not exist or is hidden from the caller.
    /// Give one of the two (BAD_USER_INPUT on `id` when neither).
    async fn organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID); wins over `slug`.")] id: Option<ID>,
        #[graphql(desc = "The organisation's slug, as in the address of its page.")] slug: Option<String>,
    ) -> async_graphql::Result<Option<Organisation>> {
        let id = id.map(|id| parse_id("id", &id)).transpose().gql(ctx)?;
        Ok(core(ctx).organisation(actor(ctx), id, slug.as_deref()).await.gql(ctx)?.map(Organisation))
    }

    /// One offering; `null` if it does not exist, its organisation is hidden, or it is
    /// hidden as not confirmed for 18 months.
    async fn offering(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offering's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<Option<Offering>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).offering(actor(ctx), id).await.gql(ctx)?.map(Offering))
    }

    /// The categories an offering can have, such as COUNSELLING or COURSE (anyone).
    async fn offering_categories(&self) -> Vec<&'static str> {
        migraup_core::offerings::CATEGORIES.to_vec()
    }
}

/// Changing the directory.
#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Adds an organisation (signed-in people but the council). The coordination team's
    /// entries are verified at once; others wait for verification, and a representative
    /// becomes its member. A slug already taken answers BAD_USER_INPUT.
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's fields; `name` and `kind` are required.")] input: OrganisationInput,
    ) -> async_graphql::Result<Organisation> {
        let input = input.into_core().gql(ctx)?;
        Ok(Organisation(core(ctx).create_organisation(actor(ctx), input).await.gql(ctx)?))
    }

    /// Edits a profile (its representatives and the coordination team); saving counts as
    /// confirming it current. CONFLICT with `extensions.currentVersion` when someone saved
    /// first; NOT_FOUND for an unknown id.
    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The fields to change: leave a field out to keep it, `null` clears it.")] input: OrganisationInput,
    ) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Organisation(core(ctx).update_organisation(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Marks an organisation as verified (ADMIN): it is listed, and the accounts that
    /// registered it are trusted. A rejection made earlier no longer stands. NOT_FOUND for
    /// an unknown id.
    async fn verify_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).verify_organisation(actor(ctx), id).await.gql(ctx)?))
    }

    /// Rejects a registration (ADMIN) with a reason that is e-mailed to the registrants;
    /// their personal data is removed after 30 days. Only unverified organisations:
    /// BAD_USER_INPUT on `id` for a verified one, NOT_FOUND for an unknown id.
    async fn reject_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] id: ID,
        #[graphql(desc = "Why, for the registrants: 3 to 2,000 characters.")] reason: String,
    ) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).reject_organisation(actor(ctx), id, &reason).await.gql(ctx)?))
    }

    /// The organisation confirms its profile and offerings are current (its
    /// representatives and the coordination team).
    async fn confirm_organisation_current(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<Organisation> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Organisation(core(ctx).confirm_organisation_current(actor(ctx), id).await.gql(ctx)?))
    }

    /// "Register your organisation" (anyone): creates it unverified with a pending
    /// representative account; a confirmation link goes to the e-mail address. Answers
    /// `true` alike for a known address (its owner is told by e-mail); attempts per
    /// client are limited (RATE_LIMITED).
    async fn register_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's fields; `name` and `kind` are required. A slug already taken is replaced by a free one.")]
        input: OrganisationInput,
        #[graphql(desc = "The person registering it, who becomes its representative.")] registrant: RegistrantInput,
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

    /// Adds an existing, active account as member of an organisation (its representatives
    /// and the coordination team). BAD_USER_INPUT on `userId` for an unknown or inactive
    /// account.
    async fn add_organisation_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] organisation_id: ID,
        #[graphql(desc = "The id of the account to add (a UUID).")] user_id: ID,
    ) -> async_graphql::Result<Membership> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let user = parse_id("userId", &user_id).gql(ctx)?;
        Ok(Membership(core(ctx).add_member(actor(ctx), org, user).await.gql(ctx)?))
    }

    /// Removes a member (its representatives and the coordination team). Only the
    /// coordination team may remove the last one; BAD_USER_INPUT on `userId` otherwise, and
    /// for someone who is no member.
    async fn remove_organisation_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] organisation_id: ID,
        #[graphql(desc = "The id of the member's account (a UUID).")] user_id: ID,
    ) -> async_graphql::Result<bool> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let user = parse_id("userId", &user_id).gql(ctx)?;
        core(ctx).remove_member(actor(ctx), org, user).await.gql(ctx)
    }

    /// Whether I am a contact person of an organisation, and whether I consent to being
    /// shown to signed-in users (signed-in members). NOT_FOUND when I am no member.
    async fn update_my_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] organisation_id: ID,
        #[graphql(desc = "Whether I am a contact person of the organisation.")] is_contact_person: bool,
        #[graphql(desc = "Whether I consent to be shown to signed-in people as contact person; false withdraws it.")] contact_consent: bool,
    ) -> async_graphql::Result<Membership> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Membership(core(ctx).update_my_membership(actor(ctx), org, is_contact_person, contact_consent).await.gql(ctx)?))
    }

    /// Adds an offering to an organisation (its representatives and the coordination
    /// team), at most 100 per organisation.
    async fn create_offering(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's id (a UUID).")] organisation_id: ID,
        #[graphql(desc = "The offering's fields; `title` is required.")] input: OfferingInput,
    ) -> async_graphql::Result<Offering> {
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Offering(core(ctx).create_offering(actor(ctx), org, input).await.gql(ctx)?))
    }

    /// Edits an offering (its organisation's representatives and the coordination team);
    /// saving counts as confirming it current. CONFLICT when someone saved first; NOT_FOUND
    /// for an unknown id.
    async fn update_offering(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offering's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The fields to change: leave a field out to keep it, `null` clears it.")] input: OfferingInput,
    ) -> async_graphql::Result<Offering> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Offering(core(ctx).update_offering(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Deletes an offering (its organisation's representatives and the coordination team);
    /// the audit log keeps its content. NOT_FOUND for an unknown id.
    async fn delete_offering(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offering's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).delete_offering(actor(ctx), id).await.gql(ctx)
    }
}
