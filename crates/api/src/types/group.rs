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

#[Object]
impl WorkingGroup {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
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
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
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
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A member of a working group: an organisation or a person.
pub struct GroupMember(pub CoreMember);

#[Object]
impl GroupMember {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation_id.map(|o| ID(o.to_string()))
    }
    async fn organisation_name(&self) -> Option<&str> {
        self.0.organisation_name.as_deref()
    }
    async fn organisation_slug(&self) -> Option<&str> {
        self.0.organisation_slug.as_deref()
    }
    /// A person's id and name: for signed-in members of the platform only.
    async fn person_id(&self) -> Option<ID> {
        self.0.person_id.map(|o| ID(o.to_string()))
    }
    async fn person_name(&self) -> Option<&str> {
        self.0.person_name.as_deref()
    }
    async fn coordinator(&self) -> bool {
        self.0.coordinator
    }
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
    pub title: String,
    pub url: String,
}

/// Someone who attended: an organisation or a person.
pub struct Attendee(CoreAttendee);

#[Object]
impl Attendee {
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation_id.map(|o| ID(o.to_string()))
    }
    async fn person_id(&self) -> Option<ID> {
        self.0.person_id.map(|o| ID(o.to_string()))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
}

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
    async fn minutes_html(&self) -> Option<&str> {
        self.0.minutes_html.as_deref()
    }
    async fn minutes_published_at(&self) -> Option<DateTime<Utc>> {
        self.0.minutes_published_at
    }
    async fn documents(&self) -> Vec<MeetingDocument> {
        self.0.documents.iter().map(|d| MeetingDocument { title: d.title.clone(), url: d.url.clone() }).collect()
    }
    async fn attendance(&self) -> Vec<Attendee> {
        self.0.attendance.iter().cloned().map(Attendee).collect()
    }
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

#[Object]
impl AgreedAction {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn group_id(&self) -> ID {
        ID(self.0.group_id.to_string())
    }
    async fn group_name(&self) -> &str {
        &self.0.group_name
    }
    async fn group_slug(&self) -> &str {
        &self.0.group_slug
    }
    /// The meeting that agreed it.
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn owner_person_id(&self) -> Option<ID> {
        self.0.owner_person_id.map(|o| ID(o.to_string()))
    }
    /// The person responsible: for signed-in members of the platform only.
    async fn owner_person_name(&self) -> Option<&str> {
        self.0.owner_person_name.as_deref()
    }
    async fn owner_organisation_id(&self) -> Option<ID> {
        self.0.owner_organisation_id.map(|o| ID(o.to_string()))
    }
    async fn owner_organisation_name(&self) -> Option<&str> {
        self.0.owner_organisation_name.as_deref()
    }
    async fn due_on(&self) -> NaiveDate {
        self.0.due_on
    }
    async fn status(&self) -> ActionStatus {
        self.0.status.into()
    }
    async fn drop_reason(&self) -> Option<&str> {
        self.0.drop_reason.as_deref()
    }
    /// The project made of it.
    async fn project_id(&self) -> Option<ID> {
        self.0.project_id.map(|o| ID(o.to_string()))
    }
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

#[Object]
impl GroupParticipation {
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
