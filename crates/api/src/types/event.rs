//! Events, their organisers and registrations as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::{berlin, views};

use super::{
    EventStatus, ParticipationState, RegistrationStatus, Visibility, connection,
    organisation::{Organisation, district_of, languages_of, topics_of},
    taxonomy::{District, Language, Topic},
};
use crate::{
    context::{actor, core, request},
    error::GqlResult,
    loaders::{EventLanguages, EventOrganisers, EventSeats, EventTopics, GroupById, MeetingNotesOf, MyRegistration, OrgById},
};

/// A joint event. Times are instants (UTC) with their Berlin wall time alongside.
#[derive(Clone)]
pub struct Event(pub views::Event);

/// A joint event planned by one or more organisations, or a meeting of a working group.
/// Times are instants (UTC) with their Berlin wall time alongside. Published and cancelled
/// events are shown to everyone (PUBLIC) or to signed-in people (MEMBERS); drafts only to
/// their organisers, the district administration and the coordination team.
#[Object]
impl Event {
    /// The event's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The title, 3–200 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What the event is about, as the organisers wrote it (up to 5,000 characters); null when not given.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// When it starts: an instant, RFC 3339 in UTC.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// When it ends: an instant, RFC 3339 in UTC, always after the start.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// The start in Berlin wall time, `YYYY-MM-DDTHH:MM` (what the form sends back).
    async fn starts_at_local(&self) -> String {
        berlin::format_local(self.0.starts_at)
    }
    /// The end in Berlin wall time, `YYYY-MM-DDTHH:MM`.
    async fn ends_at_local(&self) -> String {
        berlin::format_local(self.0.ends_at)
    }
    /// The place's name, e.g. "Stadtteilzentrum Pankow".
    async fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }
    /// The street and house number of the place; null when not given.
    async fn street(&self) -> Option<&str> {
        self.0.street.as_deref()
    }
    /// The postal code of the place; null when not given.
    async fn postal_code(&self) -> Option<&str> {
        self.0.postal_code.as_deref()
    }
    /// The Ortsteil (district) where it takes place; null when not given.
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.district_id).await
    }
    /// The link for taking part online (http or https); null for an event in person only.
    async fn online_url(&self) -> Option<&str> {
        self.0.online_url.as_deref()
    }
    /// Seats; `null` means no limit.
    async fn capacity(&self) -> Option<i32> {
        self.0.capacity
    }
    /// Notes on accessibility (step-free access, sign language, …) as written; null when not given.
    async fn accessibility(&self) -> Option<&str> {
        self.0.accessibility.as_deref()
    }
    /// Who may see it once published: PUBLIC for everyone, MEMBERS for signed-in people only.
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    /// Where it stands: DRAFT while planned, PUBLISHED, or CANCELLED.
    async fn status(&self) -> EventStatus {
        self.0.status.into()
    }
    /// Why it was called off, as the organisers wrote it; null unless CANCELLED with a reason.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    /// The topics the event is about.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        let ids = request(ctx).loaders.batch.load_one(EventTopics(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        topics_of(ctx, &ids).await
    }
    /// The languages spoken at the event.
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        let codes = request(ctx).loaders.batch.load_one(EventLanguages(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        languages_of(ctx, &codes).await
    }
    /// Organisers with their answer; declined ones stay listed as declined.
    async fn organisers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organiser>> {
        let rows = request(ctx).loaders.batch.load_one(EventOrganisers(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(Organiser).collect())
    }
    /// Seats taken.
    async fn registered_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(request(ctx).loaders.batch.load_one(EventSeats(self.0.id)).await.gql(ctx)?.unwrap_or_default().registered)
    }
    /// People waiting for a seat.
    async fn waitlist_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(request(ctx).loaders.batch.load_one(EventSeats(self.0.id)).await.gql(ctx)?.unwrap_or_default().waitlisted)
    }
    /// The caller's registration, if any.
    async fn my_registration(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Registration>> {
        Ok(request(ctx).loaders.batch.load_one(MyRegistration(self.0.id)).await.gql(ctx)?.flatten().map(Registration))
    }
    /// Everyone registered and waiting, seats first, then the waitlist in order. Only for
    /// those who manage the event (`canManage`); FORBIDDEN for others.
    async fn registrations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Registrant>> {
        let rows = core(ctx).event_registrations(actor(ctx), self.0.id).await.gql(ctx)?;
        Ok(rows
            .into_iter()
            .map(|r| Registrant {
                display_name: r.display_name,
                email: r.email,
                guest: r.guest,
                registration: Registration(r.registration),
            })
            .collect())
    }
    /// The registrations as CSV (UTF-8, comma-separated, with a header row) for
    /// spreadsheets. Only for those who manage the event; FORBIDDEN for others.
    async fn registrations_csv(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        core(ctx).event_registrations_csv(actor(ctx), self.0.id).await.gql(ctx)
    }
    /// Whether the caller may edit, publish and cancel it and see who registered.
    async fn can_manage(&self) -> bool {
        self.0.can_manage
    }
    /// The working group whose meeting this is (`null`: not a meeting, or hidden).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::group::WorkingGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(request(ctx).loaders.batch.load_one(GroupById(id)).await.gql(ctx)?.map(super::group::WorkingGroup))
    }
    /// A meeting's agenda, minutes, documents and attendance.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::group::MeetingNotes>> {
        if self.0.group_id.is_none() {
            return Ok(None);
        }
        Ok(request(ctx).loaders.batch.load_one(MeetingNotesOf(self.0.id)).await.gql(ctx)?.map(super::group::MeetingNotes))
    }
    /// The version for optimistic locking, to pass as `expectedVersion` to `updateEvent`; it also
    /// changes when the event is published, cancelled or an organisation is invited.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the event was created, RFC 3339 in UTC.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the event last changed, RFC 3339 in UTC.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// An organisation's part in an event or project.
#[derive(Clone)]
pub struct Organiser(pub views::Participation);

/// An organisation's part in an event (as co-organiser) or a project (as partner):
/// invited, then confirmed or declined by its representatives.
#[Object(name = "Participation")]
impl Organiser {
    /// The organisation; null when it is hidden from the caller.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// The organisation's id (a UUID), also when the organisation itself is hidden.
    async fn organisation_id(&self) -> ID {
        ID(self.0.organisation_id.to_string())
    }
    /// INVITED until the organisation answers, then CONFIRMED or DECLINED. One's own
    /// organisations are confirmed at once.
    async fn state(&self) -> ParticipationState {
        self.0.state.into()
    }
    /// When the organisation confirmed or declined, RFC 3339 in UTC; null while invited.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }
}

/// A registration: a seat, or a place on the waitlist with its position.
#[derive(Clone)]
pub struct Registration(pub views::Registration);

/// A signed-in person's registration for an event: a seat, or a place on the waitlist
/// with its position.
#[Object]
impl Registration {
    /// The event's id.
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    /// REGISTERED with a seat, WAITLISTED while waiting for one, CANCELLED once given back.
    async fn status(&self) -> RegistrationStatus {
        self.0.status.into()
    }
    /// The place on the waitlist, 1 for the first one waiting; null with a seat.
    async fn position(&self) -> Option<u32> {
        self.0.position
    }
    /// When the person first registered for the event, RFC 3339 in UTC.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A registered person, as the organisers see them.
#[derive(SimpleObject, Clone)]
pub struct Registrant {
    /// The person's display name, or the name a visitor gave.
    pub display_name: String,
    /// The person's e-mail address, for the organisers to reach them.
    pub email: String,
    /// Signed up without an account (a visitor of a public event).
    pub guest: bool,
    /// The seat or waitlist place.
    pub registration: Registration,
}

/// An invitation to co-organise, in the inbox of the invited organisation's members.
#[derive(SimpleObject, Clone)]
pub struct OrganiserInvitation {
    /// The event the organisation is invited to co-organise.
    pub event: Event,
    /// The invited organisation, one the caller acts for; pass it to `respondToOrganiserInvitation`.
    pub organisation_id: ID,
}

connection!(EventConnection, EventEdge, Event);

/// A visitor's sign-up for a public event, as its link shows it.
pub struct EventSignUp(pub migraup_core::events::guests::GuestSignUp);

/// A visitor's sign-up for a public event (without an account), as the link mailed to
/// them shows it.
#[Object]
impl EventSignUp {
    /// The event signed up for.
    async fn event(&self) -> Event {
        Event(self.0.event.clone())
    }
    /// The name the visitor gave.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// REGISTERED with a seat, WAITLISTED while waiting for one, CANCELLED once given back.
    async fn status(&self) -> RegistrationStatus {
        self.0.status.into()
    }
    /// The place on the waitlist, 1 for the first visitor or person waiting; null otherwise.
    async fn position(&self) -> Option<i32> {
        self.0.position.map(|p| p as i32)
    }
}
