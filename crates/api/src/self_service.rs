//! Organisations keeping their own data true: claiming and joining, suggesting, the
//! one inbox of every decision, confirming entries as current, the freshness overview.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::{organisations::Registrant, self_service::ClaimInput, views};

use crate::{
    context::{actor, core, request},
    error::{GqlResult, parse_id},
    organisations::{OrganisationInput, RegistrantInput},
    types::{
        Freshness, RequestKind, RequestState,
        event::{Event, OrganiserInvitation},
        network::Relation,
        organisation::{Offering, Organisation},
        project::{PartnerInvitation, Project},
    },
};

/// A claim or join request.
pub struct OrganisationRequest(pub views::OrganisationRequest);

/// A request concerning an organisation: a person's claim of a profile or request to
/// join it, or an organisation's invitation into or application to a working group.
/// Seen by the person who asked and by those who decide.
#[Object]
impl OrganisationRequest {
    /// The id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What is asked for.
    async fn kind(&self) -> RequestKind {
        self.0.kind.into()
    }
    /// Whether it waits, was approved or declined, or was taken back.
    async fn state(&self) -> RequestState {
        self.0.state.into()
    }
    /// The organisation's id (a UUID).
    async fn organisation_id(&self) -> ID {
        ID(self.0.organisation_id.to_string())
    }
    /// The working group of a group invitation or application.
    async fn group_id(&self) -> Option<ID> {
        self.0.group_id.map(|g| ID(g.to_string()))
    }
    /// The working group's name; `null` for claims and joins.
    async fn group_name(&self) -> Option<&str> {
        self.0.group_name.as_deref()
    }
    /// The working group's slug; `null` for claims and joins.
    async fn group_slug(&self) -> Option<&str> {
        self.0.group_slug.as_deref()
    }
    /// The organisation's name.
    async fn organisation_name(&self) -> &str {
        &self.0.organisation_name
    }
    /// The organisation's slug, as in the address of its page.
    async fn organisation_slug(&self) -> &str {
        &self.0.organisation_slug
    }
    /// The display name of the person who asked.
    async fn person_name(&self) -> &str {
        &self.0.person_name
    }
    /// The person's e-mail address; `null` except for those who decide.
    async fn person_email(&self) -> Option<&str> {
        self.0.person_email.as_deref()
    }
    /// An address at the organisation's domain the person gave as proof; `null` except for
    /// those who decide.
    async fn proof_email(&self) -> Option<&str> {
        self.0.proof_email.as_deref()
    }
    /// The person's message to those who decide; `null` if none.
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    /// Why it was declined (or a note with an approval); `null` if none.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// When it was asked (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it was approved or declined (RFC 3339, UTC); `null` while pending or when withdrawn.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Send it back as `expectedVersion` when deciding.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may approve or decline it now (it is pending and theirs to decide).
    async fn can_decide(&self) -> bool {
        self.0.can_decide
    }
    /// Whether the caller may take it back now (it is pending and they asked).
    async fn can_withdraw(&self) -> bool {
        self.0.can_withdraw
    }
}

/// What waits for me, and what I asked for: one inbox for every decision. Each
/// list is read only when asked for, so the header's `count` reads no list twice.
pub struct Inbox;

/// What waits for me, and what I asked for: one inbox for every decision (signed-in
/// people). Each list is read only when asked for.
#[Object]
impl Inbox {
    /// Pending requests I decide, oldest first, at most 200: every claim and join for the
    /// coordination team, joins of my organisations for representatives, group
    /// invitations of my organisations and applications to the groups I coordinate.
    async fn to_decide(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganisationRequest>> {
        Ok(core(ctx).requests_to_decide(actor(ctx)).await.gql(ctx)?.into_iter().map(OrganisationRequest).collect())
    }

    /// My own requests, newest first, at most 200.
    async fn mine(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganisationRequest>> {
        Ok(core(ctx).my_requests(actor(ctx)).await.gql(ctx)?.into_iter().map(OrganisationRequest).collect())
    }

    /// Events my organisations are invited to co-organise.
    async fn co_organiser_invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganiserInvitation>> {
        let rows = core(ctx).organiser_invitations(actor(ctx)).await.gql(ctx)?;
        Ok(rows.into_iter().map(|(e, org)| OrganiserInvitation { event: Event(e), organisation_id: ID(org.to_string()) }).collect())
    }

    /// Projects my organisations are invited to join as partners.
    async fn partner_invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PartnerInvitation>> {
        let rows = core(ctx).partner_invitations(actor(ctx)).await.gql(ctx)?;
        Ok(rows.into_iter().map(|(p, org)| PartnerInvitation { project: Project(p), organisation_id: ID(org.to_string()) }).collect())
    }

    /// Relations proposed to my organisations, waiting for our answer.
    async fn relation_proposals(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Relation>> {
        Ok(core(ctx).my_relation_requests(actor(ctx)).await.gql(ctx)?.into_iter().map(Relation).collect())
    }

    /// How many decisions wait for me (the header shows it).
    async fn count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let count = core(ctx).inbox_count(actor(ctx)).await.gql(ctx)?;
        Ok(i32::try_from(count.total()).unwrap_or(i32::MAX))
    }
}

/// One organisation in the freshness overview.
#[derive(SimpleObject)]
pub struct FreshnessEntry {
    /// The organisation's id (a UUID).
    pub organisation_id: ID,
    /// The organisation's name.
    pub name: String,
    /// The organisation's slug, as in the address of its page.
    pub slug: String,
    /// The profile's own state.
    pub profile: Freshness,
    /// The oldest of profile and offerings.
    pub oldest: Freshness,
    /// When the profile was last confirmed (RFC 3339, UTC); `null` if never.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Who confirmed last.
    pub confirmed_by: Option<String>,
    /// When its representatives were last reminded (RFC 3339, UTC); `null` if never.
    pub reminded_at: Option<DateTime<Utc>>,
    /// Someone confirmed after the last reminder.
    pub answered: bool,
    /// How many offerings are due for a reminder or later (`DUE`, `STALE` or `HIDDEN`).
    pub offerings_due: i32,
    /// How many offerings are hidden from the public (`HIDDEN`: not confirmed for 18 months).
    pub offerings_hidden: i32,
    /// Nobody is reminded where nobody represents the organisation.
    pub has_representatives: bool,
}

/// A claim of a profile.
#[derive(InputObject)]
pub struct ClaimOrganisationInput {
    /// The verified organisation to claim (an id).
    pub organisation_id: ID,
    /// For the coordination team: who you are, your role there (at most 2,000 characters).
    pub message: Option<String>,
    /// An address at the organisation's domain, as proof.
    pub proof_email: Option<String>,
    /// Only for a person without an account: they confirm their address first.
    pub registrant: Option<RegistrantInput>,
}

/// The organisation a "still current" link confirmed.
#[derive(SimpleObject)]
pub struct ConfirmedOrganisation {
    /// The organisation's name.
    pub name: String,
    /// The organisation's slug, as in the address of its page.
    pub slug: String,
}

#[derive(Default)]
pub struct SelfServiceQuery;

#[Object]
impl SelfServiceQuery {
    /// Every decision waiting for me, and my own requests (signed-in people).
    async fn inbox(&self, ctx: &Context<'_>) -> async_graphql::Result<Inbox> {
        actor(ctx).require_user().gql(ctx)?;
        Ok(Inbox)
    }

    /// Organisations with entries not current, the oldest first (ADMIN).
    async fn freshness_overview(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<FreshnessEntry>> {
        let list = core(ctx).freshness_overview(actor(ctx)).await.gql(ctx)?;
        Ok(list
            .into_iter()
            .map(|e| FreshnessEntry {
                organisation_id: ID(e.organisation_id.to_string()),
                name: e.name,
                slug: e.slug,
                profile: e.profile.into(),
                oldest: e.oldest.into(),
                confirmed_at: e.confirmed_at,
                confirmed_by: e.confirmed_by,
                reminded_at: e.reminded_at,
                answered: e.answered,
                offerings_due: e.offerings_due as i32,
                offerings_hidden: e.offerings_hidden as i32,
                has_representatives: e.has_representatives,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct SelfServiceMutation;

#[Object]
impl SelfServiceMutation {
    /// "This is my organisation": asks the coordination team to make me a representative
    /// of a profile nobody represents (representatives and multipliers). Without an
    /// account, give `registrant`: the answer is then `null` and a confirmation link goes
    /// to the address first. BAD_USER_INPUT on `organisationId`
    /// for an unverified or represented organisation, one I am a member of, or a request
    /// still open; RATE_LIMITED after too many requests.
    async fn claim_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which profile, a message and optional proof; `registrant` for a person without an account.")]
        input: ClaimOrganisationInput,
    ) -> async_graphql::Result<Option<OrganisationRequest>> {
        let organisation_id = parse_id("organisationId", &input.organisation_id).gql(ctx)?;
        let registrant = input.registrant.map(|r| Registrant {
            email: r.email,
            display_name: r.display_name,
            password: r.password,
            language: actor(ctx).lang,
        });
        let claim = ClaimInput { organisation_id, message: input.message, proof_email: input.proof_email, registrant };
        let found = core(ctx).claim_organisation(actor(ctx), claim, request(ctx).client_address).await.gql(ctx)?;
        Ok(found.map(OrganisationRequest))
    }

    /// Asks the representatives of an organisation to let me join it (representatives and
    /// multipliers). BAD_USER_INPUT on `organisationId` for an organisation without
    /// representatives (claim it instead), one I am a member of, or a request still open;
    /// RATE_LIMITED after too many requests.
    async fn request_to_join_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The verified organisation's id (a UUID).")] organisation_id: ID,
        #[graphql(desc = "A message to its representatives, at most 2,000 characters.")] message: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let organisation_id = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).request_to_join(actor(ctx), organisation_id, message).await.gql(ctx)?))
    }

    /// Approves or declines a request (a decline needs a `reason`, which the person is
    /// told): claims the coordination team, joins the organisation's representatives. An
    /// approval makes the person a member (a multiplier becomes a representative).
    /// BAD_USER_INPUT on `id` when it is no longer pending; CONFLICT for an outdated
    /// `expectedVersion`; NOT_FOUND for an unknown id.
    async fn decide_organisation_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "True approves, false declines.")] approve: bool,
        #[graphql(desc = "Why it is declined (2 to 1,000 characters; required to decline), told to the person.")] reason: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).decide_request(actor(ctx), id, expected_version, approve, reason).await.gql(ctx)?))
    }

    /// Takes my pending request back. NOT_FOUND unless it is mine; BAD_USER_INPUT on `id`
    /// when it is no longer pending.
    async fn withdraw_organisation_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<OrganisationRequest> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).withdraw_request(actor(ctx), id).await.gql(ctx)?))
    }

    /// Suggests an organisation the directory lacks (anyone signed in); the coordination
    /// team completes and verifies it. The suggester does not act for it. RATE_LIMITED
    /// after too many suggestions.
    async fn suggest_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's fields; `name` and `kind` are required.")] input: OrganisationInput,
    ) -> async_graphql::Result<Organisation> {
        let input = input.into_core().gql(ctx)?;
        Ok(Organisation(core(ctx).suggest_organisation(actor(ctx), input).await.gql(ctx)?))
    }

    /// The organisation confirms that one offering is current (its representatives and the
    /// coordination team). NOT_FOUND for an unknown id.
    async fn confirm_offering_current(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offering's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<Offering> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Offering(core(ctx).confirm_offering_current(actor(ctx), id).await.gql(ctx)?))
    }

    /// "Still current" from a reminder's link (no sign-in): confirms the organisation's
    /// profile and offerings; the link works once. An unknown, used or expired token
    /// answers BAD_USER_INPUT on `token`; attempts per client are limited (RATE_LIMITED).
    async fn confirm_current_by_link(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the reminder's link.")] token: String,
    ) -> async_graphql::Result<ConfirmedOrganisation> {
        let done = core(ctx).confirm_current_by_link(&token, request(ctx).client_address).await.gql(ctx)?;
        Ok(ConfirmedOrganisation { name: done.name, slug: done.slug })
    }
}
