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
    /// The group's name, 3–150 characters.
    pub name: String,
    /// What the group is about, up to 5,000 characters, in `contentLanguage`.
    pub description: Option<String>,
    /// ISO 639-1 language of the description.
    #[graphql(default_with = "String::from(\"de\")")]
    pub content_language: String,
    /// The description in more languages (`title` left out).
    #[graphql(default)]
    pub translations: Vec<crate::organisations::TranslationInput>,
    /// Who may see the group: PUBLIC (the default) for everyone, MEMBERS for signed-in people
    /// only; the meetings of a MEMBERS group are MEMBERS too.
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    /// The key topics the group works on.
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
    /// The document's title, 2–200 characters.
    pub title: String,
    /// Where the document is: an http or https address.
    pub url: String,
}

/// The whole notes of a meeting: agenda and minutes (Markdown), documents, attendance.
#[derive(InputObject)]
pub struct NotesInput {
    /// The agenda in Markdown, up to 50,000 characters.
    pub agenda: Option<String>,
    /// The minutes in Markdown, up to 50,000 characters; members read them once published.
    pub minutes: Option<String>,
    /// The meeting's documents as links, at most 20, in this order; they replace the earlier ones.
    #[graphql(default)]
    pub documents: Vec<DocumentInput>,
    /// Member organisations of the group that attended.
    #[graphql(default)]
    pub attendee_organisation_ids: Vec<ID>,
    /// Member people of the group that attended.
    #[graphql(default)]
    pub attendee_person_ids: Vec<ID>,
}

/// What a meeting agreed: what, who (a person or an organisation of the group), by when.
#[derive(InputObject)]
pub struct ActionInput {
    /// What was agreed, 3–300 characters.
    pub title: String,
    /// The person responsible, a member of the group; give this or `ownerOrganisationId`.
    pub owner_person_id: Option<ID>,
    /// The organisation responsible, a member of the group; give this or `ownerPersonId`.
    pub owner_organisation_id: Option<ID>,
    /// The due date, `YYYY-MM-DD`, today or later.
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
        #[graphql(default, desc = "Groups on any of these key topics; empty means any.")] topic_ids: Vec<ID>,
        #[graphql(desc = "Only the groups this organisation is a member of.")] organisation_id: Option<ID>,
    ) -> async_graphql::Result<Vec<WorkingGroup>> {
        let topics = parse_ids("topicIds", &topic_ids).gql(ctx)?;
        let organisation = optional_id("organisationId", organisation_id).gql(ctx)?;
        Ok(core(ctx).working_groups(actor(ctx), &topics, organisation).await.gql(ctx)?.into_iter().map(WorkingGroup).collect())
    }

    /// One working group by id or slug; `null` if it does not exist or is hidden.
    async fn working_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id; it wins over `slug`.")] id: Option<ID>,
        #[graphql(desc = "The group's slug, used when no `id` is given.")] slug: Option<String>,
    ) -> async_graphql::Result<Option<WorkingGroup>> {
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

    /// Per key topic: organisations in a working group, and Ortsteile with none (the council's
    /// view). For the council, the district administration and the coordination team.
    async fn group_participation(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupParticipation>> {
        Ok(core(ctx).group_participation(actor(ctx)).await.gql(ctx)?.into_iter().map(GroupParticipation).collect())
    }
}

/// Running working groups.
#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Starts a working group; the caller becomes its first coordinator. For the coordination
    /// team, the district administration, representatives and multipliers; RATE_LIMITED when
    /// starting too many.
    async fn create_working_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group form.")] input: GroupInput,
    ) -> async_graphql::Result<WorkingGroup> {
        let input = input.into_core().gql(ctx)?;
        Ok(WorkingGroup(core(ctx).create_working_group(actor(ctx), input).await.gql(ctx)?))
    }

    /// Saves the whole group form, for its coordinators and the coordination team; `CONFLICT`
    /// when someone saved first.
    async fn update_working_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The whole group form.")] input: GroupInput,
    ) -> async_graphql::Result<WorkingGroup> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(WorkingGroup(core(ctx).update_working_group(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Adds a person of the platform (by e-mail address) as member or coordinator, for the
    /// group's coordinators; someone already in the group is made member or coordinator as
    /// asked. BAD_USER_INPUT on `email` for an address without an active account, or a person
    /// already in that role.
    async fn add_group_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] group_id: ID,
        #[graphql(desc = "The e-mail address of the person's active account.")] email: String,
        #[graphql(default, desc = "Whether the person coordinates the group (default false).")] coordinator: bool,
    ) -> async_graphql::Result<GroupMember> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        Ok(GroupMember(core(ctx).add_group_person(actor(ctx), group, &email, coordinator).await.gql(ctx)?))
    }

    /// Ends a membership: leaving (oneself, one's organisation) or removal (coordinators).
    /// The last coordinator can neither leave nor be removed (BAD_USER_INPUT); answers true.
    async fn end_group_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership's id (`GroupMember.id`).")] member_id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("memberId", &member_id).gql(ctx)?;
        core(ctx).end_group_membership(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// A coordinator invites an organisation; its representatives decide in their inbox.
    /// RATE_LIMITED when inviting too often.
    async fn invite_organisation_to_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] group_id: ID,
        #[graphql(desc = "A verified organisation that is not a member yet.")] organisation_id: ID,
        #[graphql(desc = "A note to the organisation, up to 2,000 characters.")] message: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).invite_organisation_to_group(actor(ctx), group, org, message).await.gql(ctx)?))
    }

    /// A representative asks for their organisation to take part; coordinators decide.
    /// RATE_LIMITED when asking too often.
    async fn apply_to_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] group_id: ID,
        #[graphql(desc = "The caller's organisation: verified and not a member yet.")] organisation_id: ID,
        #[graphql(desc = "A note to the coordinators, up to 2,000 characters.")] message: Option<String>,
    ) -> async_graphql::Result<OrganisationRequest> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(OrganisationRequest(core(ctx).apply_to_group(actor(ctx), group, org, message).await.gql(ctx)?))
    }

    /// Plans a meeting of the group (a draft event of the group) with its agenda, for the
    /// group's coordinators. `publishEvent` publishes it and mails the members the invitation.
    async fn plan_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] group_id: ID,
        #[graphql(desc = "The event form of the meeting.")] input: EventInput,
        #[graphql(desc = "The agenda in Markdown, up to 50,000 characters.")] agenda: Option<String>,
    ) -> async_graphql::Result<Event> {
        let group = parse_id("groupId", &group_id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Event(core(ctx).plan_meeting(actor(ctx), group, input, agenda).await.gql(ctx)?))
    }

    /// Saves agenda, minutes, documents and attendance, for the group's coordinators;
    /// `CONFLICT` when another coordinator saved first.
    async fn save_meeting_notes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting's (event's) id.")] event_id: ID,
        #[graphql(desc = "The notes' `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The whole notes.")] input: NotesInput,
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

    /// Publishes the minutes, for the group's coordinators; members are told by e-mail.
    /// BAD_USER_INPUT when there are no minutes or they are published already.
    async fn publish_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting's (event's) id.")] event_id: ID,
        #[graphql(desc = "The notes' `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
    ) -> async_graphql::Result<MeetingNotes> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        Ok(MeetingNotes(core(ctx).publish_minutes(actor(ctx), event, expected_version).await.gql(ctx)?))
    }

    /// Records what a meeting agreed, for the group's coordinators. BAD_USER_INPUT on `owner`
    /// when neither or both owners are given, or the owner is not a member of the group.
    async fn record_action(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting's (event's) id.")] event_id: ID,
        #[graphql(desc = "What was agreed, who takes care of it and by when.")] input: ActionInput,
    ) -> async_graphql::Result<AgreedAction> {
        let event = parse_id("eventId", &event_id).gql(ctx)?;
        let input = CoreAction {
            title: input.title,
            owner_person_id: optional_id("ownerPersonId", input.owner_person_id).gql(ctx)?,
            owner_organisation_id: optional_id("ownerOrganisationId", input.owner_organisation_id).gql(ctx)?,
            due_on: input.due_on,
        };
        Ok(AgreedAction(core(ctx).record_action(actor(ctx), event, input).await.gql(ctx)?))
    }

    /// Marks an open action DONE, or DROPPED with a reason: the one responsible or the group's
    /// coordinators. `CONFLICT` when someone changed it first.
    async fn set_action_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The action's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "DONE or DROPPED (OPEN answers BAD_USER_INPUT).")] status: ActionStatus,
        #[graphql(desc = "Why it is dropped, 2–1,000 characters; needed with DROPPED, ignored with DONE.")] reason: Option<String>,
    ) -> async_graphql::Result<AgreedAction> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(AgreedAction(core(ctx).set_action_status(actor(ctx), id, expected_version, status.into(), reason).await.gql(ctx)?))
    }

    /// Makes a project of an action: the responsible organisation leads, the other
    /// organisations at the meeting are invited as partners. For its representatives (the
    /// district administration and the coordination team: any); BAD_USER_INPUT when a person is
    /// responsible or a project was made already.
    async fn action_to_project(&self, ctx: &Context<'_>, #[graphql(desc = "The action's id.")] id: ID) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Project(core(ctx).action_to_project(actor(ctx), id).await.gql(ctx)?))
    }
}
