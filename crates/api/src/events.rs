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

/// Filters of an event list; empty lists mean "any".
#[derive(InputObject, Default)]
pub struct EventFilter {
    /// Events that end at or after this instant (e.g. now, for upcoming events).
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// ISO 639-1 codes.
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Events these organisations (co-)organise.
    #[graphql(default)]
    pub organisation_ids: Vec<ID>,
    #[graphql(default)]
    pub statuses: Vec<EventStatus>,
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
    pub title: String,
    pub description: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub district_id: Option<ID>,
    pub online_url: Option<String>,
    /// Seats; leave out for no limit.
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// ISO 639-1 codes of the languages spoken at the event.
    #[graphql(default)]
    pub languages: Vec<String>,
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
        filter: Option<EventFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<EventConnection> {
        let filter = filter.unwrap_or_default().into_core().gql(ctx)?;
        let page = core(ctx).events(actor(ctx), &filter, &PageRequest { first, after }).await.gql(ctx)?;
        let ids: Vec<uuid::Uuid> = page.items.iter().map(|(_, e)| e.id).collect();
        crate::prefetch::events(ctx, ctx.look_ahead().field("edges").field("node"), &ids).await.gql(ctx)?;
        Ok(EventConnection::from_page(page, Event))
    }

    /// One event; `null` if it does not exist or is hidden from the caller.
    async fn event(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Event>> {
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
    /// organisations confirm at once, the others are invited.
    async fn create_event(&self, ctx: &Context<'_>, organisation_ids: Vec<ID>, input: EventInput) -> async_graphql::Result<Event> {
        let orgs = parse_ids("organisationIds", &organisation_ids).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).create_event(actor(ctx), &orgs, input).await.gql(ctx)?))
    }

    /// Saves the whole form; `CONFLICT` with `extensions.currentVersion` when someone saved first.
    async fn update_event(&self, ctx: &Context<'_>, id: ID, expected_version: i32, input: EventInput) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).update_event(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Invites one more organisation to co-organise.
    async fn invite_co_organiser(&self, ctx: &Context<'_>, event_id: ID, organisation_id: ID) -> async_graphql::Result<Event> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Event(core(ctx).invite_co_organiser(actor(ctx), event, org).await.gql(ctx)?))
    }

    /// Confirms (`accept: true`) or declines an invitation to co-organise, for one's organisation.
    async fn respond_to_organiser_invitation(
        &self,
        ctx: &Context<'_>,
        event_id: ID,
        organisation_id: ID,
        accept: bool,
    ) -> async_graphql::Result<Event> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Event(core(ctx).respond_to_organiser_invitation(actor(ctx), event, org, accept).await.gql(ctx)?))
    }

    /// Publishes a draft; only when every organiser still on it has confirmed.
    async fn publish_event(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Event(core(ctx).publish_event(actor(ctx), id).await.gql(ctx)?))
    }

    /// Calls an event off; registered people are told by e-mail.
    async fn cancel_event(&self, ctx: &Context<'_>, id: ID, reason: Option<String>) -> async_graphql::Result<Event> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Event(core(ctx).cancel_event(actor(ctx), id, reason.as_deref()).await.gql(ctx)?))
    }

    /// Takes a seat, or a waitlist place when the event is full.
    async fn register_for_event(&self, ctx: &Context<'_>, event_id: ID) -> async_graphql::Result<Registration> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(Registration(core(ctx).register_for_event(actor(ctx), id).await.gql(ctx)?))
    }

    /// A visitor signs up for a public event with a name and an address (no account);
    /// the seat is taken only when the mailed link is opened. Answers `true` whatever
    /// the address has done before.
    async fn sign_up_for_event(&self, ctx: &Context<'_>, event_id: ID, name: String, email: String) -> async_graphql::Result<bool> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        core(ctx).sign_up_for_event(actor(ctx), request(ctx).client_address, id, &name, &email).await.gql(ctx)?;
        Ok(true)
    }

    /// Opens a sign-up's link: confirms it (a seat or a waitlist place) or shows it.
    async fn confirm_event_sign_up(&self, ctx: &Context<'_>, token: String) -> async_graphql::Result<EventSignUp> {
        Ok(EventSignUp(core(ctx).confirm_event_sign_up(request(ctx).client_address, &token).await.gql(ctx)?))
    }

    /// Gives a visitor's seat or waitlist place back; the first person waiting moves up.
    async fn cancel_event_sign_up(&self, ctx: &Context<'_>, token: String) -> async_graphql::Result<EventSignUp> {
        Ok(EventSignUp(core(ctx).cancel_event_sign_up(request(ctx).client_address, &token).await.gql(ctx)?))
    }

    /// Gives the seat back; the first person waiting moves up.
    async fn cancel_registration(&self, ctx: &Context<'_>, event_id: ID) -> async_graphql::Result<Registration> {
        let id = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(Registration(core(ctx).cancel_registration(actor(ctx), id).await.gql(ctx)?))
    }
}
