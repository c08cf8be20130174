//! Working groups (Fachnetzwerke), their members, meeting notes and agreed actions as
//! GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use migraup_core::groups::{
    TopicParticipation, WorkingGroup as CoreGroup,
    actions::AgreedAction as CoreAction,
    meetings::{Attendee as CoreAttendee, MeetingNotes as CoreNotes},
    members::GroupMember as CoreMember,
};

use super::{
    ActionStatus, Visibility,
    event::Event,
    organisation::topics_of,
    taxonomy::{District, Topic},
};
use crate::{
    context::request,
    error::GqlResult,
    loaders::{GroupActions, GroupMeetings, GroupMembers},
};

/// A working group around key topics, with coordinators and members.
#[derive(Clone)]
pub struct WorkingGroup(pub CoreGroup);

/// A working group (Fachnetzwerk) around key topics, with coordinators and members.
/// PUBLIC groups are shown to everyone, MEMBERS groups to signed-in people only.
#[Object]
impl WorkingGroup {
    /// The group's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The group's unique short name in its address, `/groups/{slug}`; made from the name when
    /// the group was started.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The group's name, 3–150 characters.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Plain text, as written, in `contentLanguage`.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// ISO 639-1 language of the description.
    async fn content_language(&self) -> &str {
        &self.0.content_language
    }
    /// The description in more languages.
    async fn translations(&self) -> Vec<super::organisation::Translation> {
        self.0
            .translations
            .iter()
            .map(|t| super::organisation::Translation { language: t.language.clone(), title: None, description: t.description.clone() })
            .collect()
    }
    /// Who may see the group, its members and actions: PUBLIC for everyone, MEMBERS for signed-in
    /// people only. Meetings of a MEMBERS group are MEMBERS too.
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    /// The key topics the group works on.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        topics_of(ctx, &self.0.topic_ids).await
    }
    /// Coordinators first, then organisations and people by name. Anonymous visitors
    /// see the member organisations only.
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupMember>> {
        let rows = request(ctx).loaders.batch.load_one(GroupMembers(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(GroupMember).collect())
    }
    /// The group's meetings the caller may see, the latest first.
    async fn meetings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        let rows = request(ctx).loaders.batch.load_one(GroupMeetings(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(Event).collect())
    }
    /// What the group agreed: open actions first, by due date.
    async fn actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AgreedAction>> {
        let rows = request(ctx).loaders.batch.load_one(GroupActions(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(AgreedAction).collect())
    }
    /// Whether the caller coordinates it (or is the coordination team).
    async fn can_manage(&self) -> bool {
        self.0.can_manage
    }
    /// Whether the caller, or an organisation they act for, is a member.
    async fn is_member(&self) -> bool {
        self.0.is_member
    }
    /// The version for optimistic locking, to pass as `expectedVersion` to `updateWorkingGroup`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the group was started, RFC 3339 in UTC.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the group last changed, RFC 3339 in UTC.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A member of a working group: an organisation or a person.
pub struct GroupMember(pub CoreMember);

/// A member of a working group: an organisation or a person. Anonymous visitors see the
/// member organisations only.
#[Object]
impl GroupMember {
    /// The membership's id (a UUID); pass it to `endGroupMembership`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The member organisation's id; null for a person.
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation_id.map(|o| ID(o.to_string()))
    }
    /// The member organisation's name; null for a person.
    async fn organisation_name(&self) -> Option<&str> {
        self.0.organisation_name.as_deref()
    }
    /// The member organisation's slug, for the address of its profile; null for a person.
    async fn organisation_slug(&self) -> Option<&str> {
        self.0.organisation_slug.as_deref()
    }
    /// A person's id and name: for signed-in members of the platform only.
    async fn person_id(&self) -> Option<ID> {
        self.0.person_id.map(|o| ID(o.to_string()))
    }
    /// The person's display name; null for an organisation.
    async fn person_name(&self) -> Option<&str> {
        self.0.person_name.as_deref()
    }
    /// Whether the member coordinates (runs) the group.
    async fn coordinator(&self) -> bool {
        self.0.coordinator
    }
    /// When the membership began, RFC 3339 in UTC.
    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.joined_at
    }
    /// Whether the caller may end this membership (leave, or remove as coordinator).
    async fn can_end(&self) -> bool {
        self.0.can_end
    }
}

/// A meeting's agenda, minutes, documents and attendance.
pub struct MeetingNotes(pub CoreNotes);

/// A document of a meeting, as a link.
#[derive(SimpleObject)]
pub struct MeetingDocument {
    /// The document's title, 2–200 characters.
    pub title: String,
    /// Where the document is: an http or https address.
    pub url: String,
}

/// Someone who attended: an organisation or a person.
pub struct Attendee(CoreAttendee);

/// Someone who attended a meeting: a member organisation or a person of the group (people
/// are named to signed-in people only).
#[Object]
impl Attendee {
    /// The organisation's id; null for a person.
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation_id.map(|o| ID(o.to_string()))
    }
    /// The person's id; null for an organisation.
    async fn person_id(&self) -> Option<ID> {
        self.0.person_id.map(|o| ID(o.to_string()))
    }
    /// The organisation's name or the person's display name.
    async fn name(&self) -> &str {
        &self.0.name
    }
}

/// A meeting's agenda, minutes, documents and attendance. Minutes and attendance are shown
/// once the minutes are published; before that only to the group's coordinators and the
/// coordination team.
#[Object]
impl MeetingNotes {
    /// The agenda as written (Markdown).
    async fn agenda(&self) -> Option<&str> {
        self.0.agenda.as_deref()
    }
    /// The agenda as safe HTML (raw HTML in the text is shown as text).
    async fn agenda_html(&self) -> Option<&str> {
        self.0.agenda_html.as_deref()
    }
    /// The minutes as written: once published, or for the group's coordinators.
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }
    /// The minutes as safe HTML (raw HTML in the text is shown as text); null like `minutes`.
    async fn minutes_html(&self) -> Option<&str> {
        self.0.minutes_html.as_deref()
    }
    /// When the minutes were published, RFC 3339 in UTC; null while they are a draft.
    async fn minutes_published_at(&self) -> Option<DateTime<Utc>> {
        self.0.minutes_published_at
    }
    /// The meeting's documents, as links, in their order.
    async fn documents(&self) -> Vec<MeetingDocument> {
        self.0.documents.iter().map(|d| MeetingDocument { title: d.title.clone(), url: d.url.clone() }).collect()
    }
    /// Who attended; empty until the minutes are published, except for those who keep them.
    async fn attendance(&self) -> Vec<Attendee> {
        self.0.attendance.iter().cloned().map(Attendee).collect()
    }
    /// The version of the notes for optimistic locking, to pass as `expectedVersion` to
    /// `saveMeetingNotes` and `publishMinutes`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller keeps these notes (the group's coordinators).
    async fn can_edit(&self) -> bool {
        self.0.can_edit
    }
}

/// What a working group agreed (Vereinbarung): what, who, by when, where it stands.
pub struct AgreedAction(pub CoreAction);

/// What a working group agreed at a meeting (Vereinbarung): what, who, by when, and where
/// it stands. Shown to those who may see the group.
#[Object]
impl AgreedAction {
    /// The action's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The working group's id.
    async fn group_id(&self) -> ID {
        ID(self.0.group_id.to_string())
    }
    /// The working group's name.
    async fn group_name(&self) -> &str {
        &self.0.group_name
    }
    /// The working group's slug, for its address `/groups/{slug}`.
    async fn group_slug(&self) -> &str {
        &self.0.group_slug
    }
    /// The meeting that agreed it.
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    /// What was agreed, 3–300 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The id of the person responsible; null when an organisation is responsible, and for
    /// anonymous visitors.
    async fn owner_person_id(&self) -> Option<ID> {
        self.0.owner_person_id.map(|o| ID(o.to_string()))
    }
    /// The person responsible: for signed-in members of the platform only.
    async fn owner_person_name(&self) -> Option<&str> {
        self.0.owner_person_name.as_deref()
    }
    /// The id of the organisation responsible; null when a person is responsible.
    async fn owner_organisation_id(&self) -> Option<ID> {
        self.0.owner_organisation_id.map(|o| ID(o.to_string()))
    }
    /// The name of the organisation responsible; null when a person is responsible or the
    /// organisation is hidden from the caller.
    async fn owner_organisation_name(&self) -> Option<&str> {
        self.0.owner_organisation_name.as_deref()
    }
    /// The due date, ISO 8601 `YYYY-MM-DD`. The one responsible is reminded a week before and
    /// once after it.
    async fn due_on(&self) -> NaiveDate {
        self.0.due_on
    }
    /// Where it stands: OPEN, DONE, or DROPPED with a reason.
    async fn status(&self) -> ActionStatus {
        self.0.status.into()
    }
    /// Why it was dropped; null unless DROPPED.
    async fn drop_reason(&self) -> Option<&str> {
        self.0.drop_reason.as_deref()
    }
    /// The project made of it.
    async fn project_id(&self) -> Option<ID> {
        self.0.project_id.map(|o| ID(o.to_string()))
    }
    /// The version for optimistic locking, to pass as `expectedVersion` to `setActionStatus`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may mark it done or dropped.
    async fn can_update(&self) -> bool {
        self.0.can_update
    }
    /// Whether the caller may make a project of it.
    async fn can_make_project(&self) -> bool {
        self.0.can_make_project
    }
}

/// One key topic's participation in working groups, for the council.
pub struct GroupParticipation(pub TopicParticipation);

/// One key topic's participation in working groups, for the council (`groupParticipation`).
#[Object]
impl GroupParticipation {
    /// The key topic.
    async fn topic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Topic>> {
        Ok(topics_of(ctx, &[self.0.topic_id]).await?.pop())
    }
    /// Working groups on the topic.
    async fn groups(&self) -> i32 {
        self.0.groups as i32
    }
    /// Organisations taking part in one of them.
    async fn organisations(&self) -> i32 {
        self.0.organisations as i32
    }
    /// Ortsteile where none of them is at home.
    async fn districts_without(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<District>> {
        let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
        Ok(self.0.districts_without.iter().filter_map(|d| tax.districts.get(d).cloned().map(District)).collect())
    }
}
