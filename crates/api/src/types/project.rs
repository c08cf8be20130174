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

#[Object]
impl Project {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }
    async fn starts_on(&self) -> Option<NaiveDate> {
        self.0.starts_on
    }
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
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    async fn lead_organisation_id(&self) -> ID {
        ID(self.0.lead_organisation_id.to_string())
    }
    /// `null` when the lead organisation is hidden from the caller.
    async fn lead(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.lead_organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// Partners with their answer.
    async fn partners(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organiser>> {
        let rows = request(ctx).loaders.batch.load_one(ProjectPartners(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(Organiser).collect())
    }
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

connection!(ProjectConnection, ProjectEdge, Project);

/// An invitation to join a project as a partner, in the invited organisation's inbox.
#[derive(async_graphql::SimpleObject, Clone)]
pub struct PartnerInvitation {
    pub project: Project,
    pub organisation_id: async_graphql::ID,
}
