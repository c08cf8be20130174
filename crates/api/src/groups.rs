//! Queries and mutations of working groups (Fachnetzwerke): the groups, their members,
//! meetings with agenda and minutes, agreed actions. Invitations and applications of
//! organisations are requests (`self_service`): they are decided with `decideOrganisationRequest`
//! and withdrawn with `withdrawOrganisationRequest`, and the inbox lists them.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::groups::{GroupInput as CoreInput, actions::ActionInput as CoreAction, meetings::NotesInput as CoreNotes};
use migraup_domain::DomainError;

use crate::{
    context::{actor, core},
    error::{GqlResult, optional_id, parse_id, parse_ids},
    events::EventInput,
    self_service::OrganisationRequest,
    types::{
        ActionStatus, Visibility,
        event::Event,
        group::{AgreedAction, GroupMember, GroupParticipation, MeetingNotes, WorkingGroup},
        project::Project,
    },
};

/// The whole group form.
#[derive(InputObject)]
pub struct GroupInput {
    pub name: String,
    pub description: Option<String>,
    /// ISO 639-1 language of the description.
    #[graphql(default_with = "String::from(\"de\")")]
    pub content_language: String,
    /// The description in more languages (`title` left out).
    #[graphql(default)]
    pub translations: Vec<crate::organisations::TranslationInput>,
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
}

impl GroupInput {
    fn into_core(self) -> Result<CoreInput, DomainError> {
        Ok(CoreInput {
            name: self.name,
            description: self.description,
            content_language: Some(self.content_language),
            translations: self.translations.into_iter().map(Into::into).collect(),
            visibility: Some(self.visibility.into()),
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
        })
    }
}

/// A document of a meeting, as a link.
#[derive(InputObject)]
pub struct DocumentInput {
    pub title: String,
    pub url: String,
}

/// The whole notes of a meeting: agenda and minutes (Markdown), documents, attendance.
#[derive(InputObject)]
pub struct NotesInput {
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    #[graphql(default)]
    pub documents: Vec<DocumentInput>,
    #[graphql(default)]
    pub attendee_organisation_ids: Vec<ID>,
    #[graphql(default)]
    pub attendee_person_ids: Vec<ID>,
}

/// What a meeting agreed: what, who (a person or an organisation of the group), by when.
#[derive(InputObject)]
pub struct ActionInput {
    pub title: String,
    pub owner_person_id: Option<ID>,
    pub owner_organisation_id: Option<ID>,
    /// `YYYY-MM-DD`, today or later.
    pub due_on: String,
}

/// Reading working groups.
#[derive(Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// The working groups the caller may see, by name (at most 200): narrowed to any of
    /// the topics, or to the groups an organisation belongs to.
    async fn working_groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] topic_ids: Vec<ID>,
        organisation_id: Option<ID>,
    ) -> async_graphql::Result<Vec<WorkingGroup>> {
        let topics = parse_ids("topicIds", &topic_ids).gql(ctx)?;
        let organisation = optional_id("organisationId", organisation_id).gql(ctx)?;
        Ok(core(ctx).working_groups(actor(ctx), &topics, organisation).await.gql(ctx)?.into_iter().map(WorkingGroup).collect())
    }

    /// One working group by id or slug; `null` if it does not exist or is hidden.
    async fn working_group(&self, ctx: &Context<'_>, id: Option<ID>, slug: Option<String>) -> async_graphql::Result<Option<WorkingGroup>> {
        let id = optional_id("id", id).gql(ctx)?;
        Ok(core(ctx).working_group(actor(ctx), id, slug.as_deref()).await.gql(ctx)?.map(WorkingGroup))
    }

    /// The open actions the caller is responsible for, as a person or for an organisation.
    async fn my_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AgreedAction>> {
        Ok(core(ctx).my_actions(actor(ctx)).await.gql(ctx)?.into_iter().map(AgreedAction).collect())
    }

    /// The next meetings of the caller's groups, soonest first (at most 20).
    async fn my_next_meetings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        Ok(core(ctx).my_next_meetings(actor(ctx)).await.gql(ctx)?.into_iter().map(Event).collect())
    }

    /// Per key topic: organisations in a working group, and Ortsteile with none (the council's view).
    async fn group_participation(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupParticipation>> {
        Ok(core(ctx).group_participation(actor(ctx)).await.gql(ctx)?.into_iter().map(GroupParticipation).collect())
    }
}

/// Running working groups.
#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Starts a working group; the caller becomes its first coordinator.
    async fn create_working_group(&self, ctx: &Context<'_>, input: GroupInput) -> async_graphql::Result<WorkingGroup> {
        let input = input.into_core().gql(ctx)?;
        Ok(WorkingGroup(core(ctx).create_working_group(actor(ctx), input).await.gql(ctx)?))
    }

    /// Saves the whole group form; `CONFLICT` when someone saved first.
    async fn update_working_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: GroupInput,
    ) -> async_graphql::Result<WorkingGroup> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(WorkingGroup(core(ctx).update_working_group(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Adds a person of the platform (by e-mail address) as member or coordinator.
    async fn add_group_person(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        email: String,
        #[graphql(default)] coordinator: bool,
    ) -> async_graphql::Result<GroupMember> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        Ok(GroupMember(core(ctx).add_group_person(actor(ctx), group, &email, coordinator).await.gql(ctx)?))
    }

    /// Ends a membership: leaving (oneself, one's organisation) or removal (coordinators).
    async fn end_group_membership(&self, ctx: &Context<'_>, member_id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("memberId", &member_id).gql(ctx)?;
        core(ctx).end_group_membership(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// A coordinator invites an organisation; its representatives decide in their inbox.
    async fn invite_organisation_to_group(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        organisation_id: ID,
        message: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).invite_organisation_to_group(actor(ctx), group, org, message).await.gql(ctx)?))
    }

    /// A representative asks for their organisation to take part; coordinators decide.
    async fn apply_to_group(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        organisation_id: ID,
        message: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).apply_to_group(actor(ctx), group, org, message).await.gql(ctx)?))
    }

    /// Plans a meeting of the group (a draft event of the group) with its agenda.
    async fn plan_meeting(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        input: EventInput,
        agenda: Option<String>,
    ) -> async_graphql::Result<Event> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).plan_meeting(actor(ctx), group, input, agenda).await.gql(ctx)?))
    }

    /// Saves agenda, minutes, documents and attendance; `CONFLICT` when another
    /// coordinator saved first.
    async fn save_meeting_notes(
        &self,
        ctx: &Context<'_>,
        event_id: ID,
        expected_version: i32,
        input: NotesInput,
    ) -> async_graphql::Result<MeetingNotes> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let notes = CoreNotes {
            agenda: input.agenda,
            minutes: input.minutes,
            documents: input.documents.into_iter().map(|d| (d.title, d.url)).collect(),
            attendee_organisation_ids: parse_ids("attendeeOrganisationIds", &input.attendee_organisation_ids).gql(ctx)?,
            attendee_person_ids: parse_ids("attendeePersonIds", &input.attendee_person_ids).gql(ctx)?,
        };
        Ok(MeetingNotes(core(ctx).save_meeting_notes(actor(ctx), event, expected_version, notes).await.gql(ctx)?))
    }

    /// Publishes the minutes; members are told by e-mail.
    async fn publish_minutes(&self, ctx: &Context<'_>, event_id: ID, expected_version: i32) -> async_graphql::Result<MeetingNotes> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(MeetingNotes(core(ctx).publish_minutes(actor(ctx), event, expected_version).await.gql(ctx)?))
    }

    /// Records what a meeting agreed.
    async fn record_action(&self, ctx: &Context<'_>, event_id: ID, input: ActionInput) -> async_graphql::Result<AgreedAction> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let input = CoreAction {
            title: input.title,
            owner_person_id: optional_id("ownerPersonId", input.owner_person_id).gql(ctx)?,
            owner_organisation_id: optional_id("ownerOrganisationId", input.owner_organisation_id).gql(ctx)?,
            due_on: input.due_on,
        };
        Ok(AgreedAction(core(ctx).record_action(actor(ctx), event, input).await.gql(ctx)?))
    }

    /// Marks an open action `DONE`, or `DROPPED` with a reason.
    async fn set_action_status(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        status: ActionStatus,
        reason: Option<String>,
    ) -> async_graphql::Result<AgreedAction> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(AgreedAction(core(ctx).set_action_status(actor(ctx), id, expected_version, status.into(), reason).await.gql(ctx)?))
    }

    /// Makes a project of an action: the responsible organisation leads, the other
    /// organisations at the meeting are invited as partners.
    async fn action_to_project(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Project(core(ctx).action_to_project(actor(ctx), id).await.gql(ctx)?))
    }
}
