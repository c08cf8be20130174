//! Queries and mutations of shared projects.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::{
    paging::PageRequest,
    projects::{ProjectFilter as CoreFilter, ProjectInput as CoreInput},
};
use migraup_domain::DomainError;

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id, parse_ids},
    types::{
        ProjectStatus, Visibility,
        project::{Project, ProjectConnection},
    },
};

/// Filters of the project list.
#[derive(InputObject, Default)]
pub struct ProjectFilter {
    #[graphql(default)]
    pub statuses: Vec<ProjectStatus>,
    /// Projects an organisation leads or is a confirmed partner of.
    pub organisation_id: Option<ID>,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
}

/// The whole project form. Dates are `YYYY-MM-DD`.
#[derive(InputObject)]
pub struct ProjectInput {
    pub title: String,
    pub description: Option<String>,
    #[graphql(default_with = "ProjectStatus::Planned")]
    pub status: ProjectStatus,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub funding: Option<String>,
    pub outcomes: Option<String>,
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
}

impl ProjectInput {
    fn into_core(self) -> Result<CoreInput, DomainError> {
        Ok(CoreInput {
            title: self.title,
            description: self.description,
            status: Some(self.status.into()),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            funding: self.funding,
            outcomes: self.outcomes,
            visibility: Some(self.visibility.into()),
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
        })
    }
}

/// Reading projects.
#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Projects, newest first, paged with cursors (at most 50 a page).
    async fn projects(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProjectFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<ProjectConnection> {
        let f = filter.unwrap_or_default();
        let filter = CoreFilter {
            statuses: f.statuses.into_iter().map(Into::into).collect(),
            organisation_id: f.organisation_id.map(|id| parse_id("organisationId", &id)).transpose().gql(ctx)?,
            topic_ids: parse_ids("topicIds", &f.topic_ids).gql(ctx)?,
        };
        let page = core(ctx).projects(actor(ctx), &filter, &PageRequest { first, after }).await.gql(ctx)?;
        Ok(ProjectConnection::from_page(page, Project))
    }

    /// One project; `null` if it does not exist or is hidden from the caller.
    async fn project(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Project>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).project(actor(ctx), id).await.gql(ctx)?.map(Project))
    }
}

/// Starting and running projects.
#[derive(Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    /// Starts a project led by one of the caller's organisations (the district
    /// administration: any); partners are invited.
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        lead_organisation_id: ID,
        #[graphql(default)] partner_ids: Vec<ID>,
        input: ProjectInput,
    ) -> async_graphql::Result<Project> {
        let lead = parse_id("leadOrganisationId", &lead_organisation_id).gql(ctx)?;
        let partners = parse_ids("partnerIds", &partner_ids).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Project(core(ctx).create_project(actor(ctx), lead, &partners, input).await.gql(ctx)?))
    }

    /// Saves the whole form; `CONFLICT` with `extensions.currentVersion` when someone saved first.
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: ProjectInput,
    ) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Project(core(ctx).update_project(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Invites a partner organisation.
    async fn invite_project_partner(&self, ctx: &Context<'_>, project_id: ID, organisation_id: ID) -> async_graphql::Result<Project> {
        let project = parse_id("projectId", &project_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Project(core(ctx).invite_project_partner(actor(ctx), project, org).await.gql(ctx)?))
    }

    /// Confirms (`accept: true`) or declines a partnership, for one's organisation.
    async fn respond_to_partner_invitation(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        organisation_id: ID,
        accept: bool,
    ) -> async_graphql::Result<Project> {
        let project = parse_id("projectId", &project_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Project(core(ctx).respond_to_partner_invitation(actor(ctx), project, org, accept).await.gql(ctx)?))
    }
}
