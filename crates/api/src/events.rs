//! Queries and mutations of joint events.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use migraup_core::{
    events::{EventFilter as CoreFilter, EventInput as CoreInput},
    paging::PageRequest,
};
use migraup_domain::DomainError;

use crate::{
    context::{actor, core, request},
    error::{GqlResult, parse_id, parse_ids},
    types::{
        EventStatus, Visibility,
        event::{Event, EventConnection, EventSignUp, OrganiserInvitation, Registration},
    },
};

/// Filters of an event list; empty lists mean "any". Together the lists may name at most
/// 100 values (BAD_USER_INPUT on `filter` otherwise).
#[derive(InputObject, Default)]
pub struct EventFilter {
    /// Events that end at or after this instant (e.g. now, for upcoming events).
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Events in any of these Ortsteile (district ids).
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    /// Events on any of these topics.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// ISO 639-1 codes.
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Events these organisations (co-)organise.
    #[graphql(default)]
    pub organisation_ids: Vec<ID>,
    /// Events in any of these states; drafts appear only for those who may see them.
    #[graphql(default)]
    pub statuses: Vec<EventStatus>,
    /// Events of this project.
    pub project_id: Option<ID>,
}

impl EventFilter {
    fn into_core(self) -> Result<CoreFilter, DomainError> {
        Ok(CoreFilter {
            from: self.from,
            to: self.to,
            district_ids: parse_ids("districtIds", &self.district_ids)?,
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
            languages: self.languages,
            organisation_ids: parse_ids("organisationIds", &self.organisation_ids)?,
            statuses: self.statuses.into_iter().map(Into::into).collect(),
            project_id: self.project_id.map(|id| parse_id("projectId", &id)).transpose()?,
        })
    }
}

/// The whole event form. Times are Berlin wall times, `YYYY-MM-DDTHH:MM`; a place
/// (`venue`) or an `onlineUrl` is needed.
#[derive(InputObject)]
pub struct EventInput {
    /// The title, 3–200 characters.
    pub title: String,
    /// What the event is about, up to 5,000 characters.
    pub description: Option<String>,
    /// The start in Berlin wall time, `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    /// The end in Berlin wall time, `YYYY-MM-DDTHH:MM`; after the start.
    pub ends_at: String,
    /// The place's name, up to 200 characters; a venue or an `onlineUrl` is needed.
    pub venue: Option<String>,
    /// The street and house number, up to 200 characters.
    pub street: Option<String>,
    /// The postal code, up to 10 characters.
    pub postal_code: Option<String>,
    /// The Ortsteil (district id) where it takes place; an empty string means none.
    pub district_id: Option<ID>,
    /// The link for taking part online: an http or https address.
    pub online_url: Option<String>,
    /// Seats, 1–5,000; leave out for no limit.
    pub capacity: Option<i32>,
    /// Notes on accessibility, up to 2,000 characters.
    pub accessibility: Option<String>,
    /// Who may see it once published: PUBLIC (the default) for everyone, MEMBERS for signed-in
    /// people only. A meeting of a MEMBERS working group stays MEMBERS.
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    /// The topics it is about.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// ISO 639-1 codes of the languages spoken at the event.
    #[graphql(default)]
    pub languages: Vec<String>,
    /// The project it belongs to (an empty string means none); attaching it to a project
    /// needs the right to plan that project, and a project has at most 200 events.
    pub project_id: Option<ID>,
}

impl EventInput {
    pub(crate) fn into_core(self) -> Result<CoreInput, DomainError> {
        // An empty id is what an HTML select sends for "none".
        let optional_id = |field: &str, id: Option<ID>| id.filter(|i| !i.is_empty()).map(|i| parse_id(field, &i)).transpose();
        Ok(CoreInput {
            title: self.title,
            description: self.description,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue: self.venue,
            street: self.street,
            postal_code: self.postal_code,
            district_id: optional_id("districtId", self.district_id)?,
            online_url: self.online_url,
            capacity: self.capacity,
            accessibility: self.accessibility,
            visibility: Some(self.visibility.into()),
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
            languages: self.languages,
            project_id: optional_id("projectId", self.project_id)?,
        })
    }
}

/// Reading events.
#[derive(Default)]
pub struct EventQuery;

#[Object]
impl EventQuery {
    /// Events in order of their start, paged with cursors (at most 50 a page).
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to narrow the list to; left out, every event the caller may see.")] filter: Option<EventFilter>,
        #[graphql(desc = "The page size, 1–50 (default 20).")] first: Option<i32>,
        #[graphql(desc = "The cursor after which the page starts: `pageInfo.endCursor` of the page before.")] after: Option<String>,
    ) -> async_graphql::Result<EventConnection> {
        let filter = filter.unwrap_or_default().into_core().gql(ctx)?;
        let page = core(ctx).events(actor(ctx), &filter, &PageRequest { first, after }).await.gql(ctx)?;
        let ids: Vec<uuid::Uuid> = page.items.iter().map(|(_, e)| e.id).collect();
        crate::prefetch::events(ctx, ctx.look_ahead().field("edges").field("node"), &ids).await.gql(ctx)?;
        Ok(EventConnection::from_page(page, Event))
    }

    /// One event; `null` if it does not exist or is hidden from the caller.
    async fn event(&self, ctx: &Context<'_>, #[graphql(desc = "The event's id.")] id: ID) -> async_graphql::Result<Option<Event>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).event(actor(ctx), id).await.gql(ctx)?.map(Event))
    }

    /// Invitations to co-organise that wait for an answer from my organisations.
    async fn my_organiser_invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganiserInvitation>> {
        let rows = core(ctx).organiser_invitations(actor(ctx)).await.gql(ctx)?;
        Ok(rows.into_iter().map(|(e, org)| OrganiserInvitation { event: Event(e), organisation_id: ID(org.to_string()) }).collect())
    }
}

/// Planning events and taking part.
#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Plans an event as a draft with one or more organisers: the caller's own
    /// organisations confirm at once, the others are invited by e-mail. Representatives
    /// need one of their own organisations among them; the district administration and the
    /// coordination team may name any. RATE_LIMITED when inviting others too often.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organising organisations, 1–20.")] organisation_ids: Vec<ID>,
        #[graphql(desc = "The event form.")] input: EventInput,
    ) -> async_graphql::Result<Event> {
        let orgs = parse_ids("organisationIds", &organisation_ids).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).create_event(actor(ctx), &orgs, input).await.gql(ctx)?))
    }

    /// Saves the whole form, for those who manage the event (`canManage`); `CONFLICT` with
    /// `extensions.currentVersion` when someone saved first. A cancelled event cannot be
    /// changed (BAD_USER_INPUT).
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The whole event form.")] input: EventInput,
    ) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).update_event(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Invites one more organisation to co-organise; its representatives are told by e-mail.
    /// For those who manage the event; BAD_USER_INPUT when the organisation is invited or
    /// co-organises already (one that declined may be invited again) or the event is
    /// cancelled, RATE_LIMITED when inviting too often.
    async fn invite_co_organiser(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] event_id: ID,
        #[graphql(desc = "The organisation to invite; one the caller acts for confirms at once.")] organisation_id: ID,
    ) -> async_graphql::Result<Event> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Event(core(ctx).invite_co_organiser(actor(ctx), event, org).await.gql(ctx)?))
    }

    /// Confirms (`accept: true`) or declines an invitation to co-organise, for one's organisation
    /// (its representatives). BAD_USER_INPUT when there is no open invitation.
    async fn respond_to_organiser_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] event_id: ID,
        #[graphql(desc = "The invited organisation the caller answers for.")] organisation_id: ID,
        #[graphql(desc = "True to confirm, false to decline.")] accept: bool,
    ) -> async_graphql::Result<Event> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Event(core(ctx).respond_to_organiser_invitation(actor(ctx), event, org, accept).await.gql(ctx)?))
    }

    /// Publishes a draft, for those who manage it; only when every organiser still on it has
    /// confirmed (BAD_USER_INPUT otherwise). For a meeting, the group's members are mailed the
    /// invitation.
    async fn publish_event(&self, ctx: &Context<'_>, #[graphql(desc = "The event's id.")] id: ID) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Event(core(ctx).publish_event(actor(ctx), id).await.gql(ctx)?))
    }

    /// Calls an event off, for those who manage it; registered people are told by e-mail.
    async fn cancel_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] id: ID,
        #[graphql(desc = "Why it is called off, up to 2,000 characters; shown with the event.")] reason: Option<String>,
    ) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Event(core(ctx).cancel_event(actor(ctx), id, reason.as_deref()).await.gql(ctx)?))
    }

    /// Takes a seat, or a waitlist place when the event is full; for signed-in people. Asking
    /// again answers the registration one has; BAD_USER_INPUT unless the event is published
    /// and not over.
    async fn register_for_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] event_id: ID,
    ) -> async_graphql::Result<Registration> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(Registration(core(ctx).register_for_event(actor(ctx), id).await.gql(ctx)?))
    }

    /// A visitor signs up for a public event with a name and an address (no account);
    /// the seat is taken only when the mailed link is opened. Answers `true` whatever
    /// the address has done before.
    async fn sign_up_for_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of a public, published event that is not over.")] event_id: ID,
        #[graphql(desc = "The visitor's name, 1–120 characters.")] name: String,
        #[graphql(desc = "The address the confirmation link is mailed to; the link works for 48 hours.")] email: String,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        core(ctx).sign_up_for_event(actor(ctx), request(ctx).client_address, id, &name, &email).await.gql(ctx)?;
        Ok(true)
    }

    /// Opens a sign-up's link: confirms it (a seat or a waitlist place) or shows it.
    async fn confirm_event_sign_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the mailed link; an unknown or expired one answers BAD_USER_INPUT.")] token: String,
    ) -> async_graphql::Result<EventSignUp> {
        Ok(EventSignUp(core(ctx).confirm_event_sign_up(request(ctx).client_address, &token).await.gql(ctx)?))
    }

    /// Gives a visitor's seat or waitlist place back; the first person waiting moves up.
    async fn cancel_event_sign_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the mailed link.")] token: String,
    ) -> async_graphql::Result<EventSignUp> {
        Ok(EventSignUp(core(ctx).cancel_event_sign_up(request(ctx).client_address, &token).await.gql(ctx)?))
    }

    /// Gives the seat (or waitlist place) back; the first person waiting moves up. NOT_FOUND
    /// when the caller holds none.
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] event_id: ID,
    ) -> async_graphql::Result<Registration> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(Registration(core(ctx).cancel_registration(actor(ctx), id).await.gql(ctx)?))
    }
}
