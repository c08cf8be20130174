//! Shared projects as GraphQL types.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, NaiveDate, Utc};
use migraup_core::{events::EventFilter, paging::PageRequest, views};

use super::{
    ProjectStatus, Visibility, connection,
    event::{Event, Organiser},
    organisation::{Organisation, topics_of},
    taxonomy::Topic,
};
use crate::{
    context::{actor, core, request},
    error::GqlResult,
    loaders::{OrgById, ProjectPartners, ProjectTopics},
};

/// A project: a lead organisation, partners, a period, funding and outcomes.
#[derive(Clone)]
pub struct Project(pub views::Project);

/// A shared project: a lead organisation, partners, a period, funding and outcomes.
/// PUBLIC projects are shown to everyone, MEMBERS projects to signed-in people only.
#[Object]
impl Project {
    /// The project's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The title, 3–200 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What the project is about, as written (up to 5,000 characters); null when not given.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Where it stands: PLANNED, ACTIVE or COMPLETED.
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }
    /// The first day, ISO 8601 `YYYY-MM-DD`; null when not set.
    async fn starts_on(&self) -> Option<NaiveDate> {
        self.0.starts_on
    }
    /// The last day, ISO 8601 `YYYY-MM-DD`, never before the first; null when not set.
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.0.ends_on
    }
    /// Who funds it, and how (free text).
    async fn funding(&self) -> Option<&str> {
        self.0.funding.as_deref()
    }
    /// What came of it (free text).
    async fn outcomes(&self) -> Option<&str> {
        self.0.outcomes.as_deref()
    }
    /// Who may see it: PUBLIC for everyone, MEMBERS for signed-in people only.
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    /// The lead organisation's id (a UUID), also when the organisation itself is hidden.
    async fn lead_organisation_id(&self) -> ID {
        ID(self.0.lead_organisation_id.to_string())
    }
    /// The lead organisation; null when it is hidden from the caller.
    async fn lead(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.lead_organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// Partners with their answer.
    async fn partners(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organiser>> {
        let rows = request(ctx).loaders.batch.load_one(ProjectPartners(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(Organiser).collect())
    }
    /// The topics the project is about.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        let ids = request(ctx).loaders.batch.load_one(ProjectTopics(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        topics_of(ctx, &ids).await
    }
    /// The project's events the caller may see, in order of their start (at most 50).
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        let filter = EventFilter { project_id: Some(self.0.id), ..Default::default() };
        let page = core(ctx).events(actor(ctx), &filter, &PageRequest { first: Some(50), after: None }).await.gql(ctx)?;
        Ok(page.items.into_iter().map(|(_, e)| Event(e)).collect())
    }
    /// The agreed action of a working group this project was made from.
    async fn agreed_action(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::group::AgreedAction>> {
        Ok(core(ctx).project_action(actor(ctx), self.0.id).await.gql(ctx)?.map(super::group::AgreedAction))
    }
    /// The idea (an adopted measure) this project was made from.
    async fn idea(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::idea::Idea>> {
        Ok(core(ctx).project_idea(actor(ctx), self.0.id).await.gql(ctx)?.map(super::idea::Idea))
    }
    /// Whether the caller may edit it and invite partners.
    async fn can_manage(&self) -> bool {
        self.0.can_manage
    }
    /// The version for optimistic locking, to pass as `expectedVersion` to `updateProject`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the project was created, RFC 3339 in UTC.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the project last changed, RFC 3339 in UTC.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

connection!(ProjectConnection, ProjectEdge, Project);

/// An invitation to join a project as a partner, in the invited organisation's inbox.
#[derive(async_graphql::SimpleObject, Clone)]
pub struct PartnerInvitation {
    /// The project the organisation is invited to join as a partner.
    pub project: Project,
    /// The invited organisation, one the caller acts for; pass it to `respondToPartnerInvitation`.
    pub organisation_id: async_graphql::ID,
}
