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
    /// Projects in any of these states; empty means any.
    #[graphql(default)]
    pub statuses: Vec<ProjectStatus>,
    /// Projects an organisation leads or is a confirmed partner of.
    pub organisation_id: Option<ID>,
    /// Projects on any of these topics; empty means any.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
}

/// The whole project form. Dates are `YYYY-MM-DD`.
#[derive(InputObject)]
pub struct ProjectInput {
    /// The title, 3–200 characters.
    pub title: String,
    /// What the project is about, up to 5,000 characters.
    pub description: Option<String>,
    /// Where it stands; PLANNED when left out.
    #[graphql(default_with = "ProjectStatus::Planned")]
    pub status: ProjectStatus,
    /// The first day, `YYYY-MM-DD`; blank for none.
    pub starts_on: Option<String>,
    /// The last day, `YYYY-MM-DD`, not before the first; blank for none.
    pub ends_on: Option<String>,
    /// Who funds it, and how, up to 2,000 characters.
    pub funding: Option<String>,
    /// What came of it, up to 5,000 characters.
    pub outcomes: Option<String>,
    /// Who may see it: PUBLIC (the default) for everyone, MEMBERS for signed-in people only.
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    /// The topics it is about.
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
        #[graphql(desc = "What to narrow the list to; left out, every project the caller may see.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "The page size, 1–50 (default 20).")] first: Option<i32>,
        #[graphql(desc = "The cursor after which the page starts: `pageInfo.endCursor` of the page before.")] after: Option<String>,
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
    async fn project(&self, ctx: &Context<'_>, #[graphql(desc = "The project's id.")] id: ID) -> async_graphql::Result<Option<Project>> {
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
    /// administration and the coordination team: any); partners are invited by e-mail.
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation that leads the project.")] lead_organisation_id: ID,
        #[graphql(default, desc = "Partner organisations to invite, at most 30; ones the caller acts for confirm at once.")]
        partner_ids: Vec<ID>,
        #[graphql(desc = "The project form.")] input: ProjectInput,
    ) -> async_graphql::Result<Project> {
        let lead = parse_id("leadOrganisationId", &lead_organisation_id).gql(ctx)?;
        let partners = parse_ids("partnerIds", &partner_ids).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Project(core(ctx).create_project(actor(ctx), lead, &partners, input).await.gql(ctx)?))
    }

    /// Saves the whole form, for representatives of the lead or of a confirmed partner (the district
    /// administration and the coordination team: any); `CONFLICT` with
    /// `extensions.currentVersion` when someone saved first.
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The whole project form.")] input: ProjectInput,
    ) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.into_core().gql(ctx)?;
        Ok(Project(core(ctx).update_project(actor(ctx), id, expected_version, input).await.gql(ctx)?))
    }

    /// Invites a partner organisation, for those who manage the project; its representatives
    /// are told by e-mail. BAD_USER_INPUT when it leads, is invited or is a partner already (one
    /// that declined may be invited again), RATE_LIMITED when inviting too often.
    async fn invite_project_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's id.")] project_id: ID,
        #[graphql(desc = "The organisation to invite; one the caller acts for confirms at once.")] organisation_id: ID,
    ) -> async_graphql::Result<Project> {
        let project = parse_id("projectId", &project_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Project(core(ctx).invite_project_partner(actor(ctx), project, org).await.gql(ctx)?))
    }

    /// Confirms (`accept: true`) or declines a partnership, for one's organisation (its
    /// representatives). BAD_USER_INPUT when there is no open invitation.
    async fn respond_to_partner_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's id.")] project_id: ID,
        #[graphql(desc = "The invited organisation the caller answers for.")] organisation_id: ID,
        #[graphql(desc = "True to confirm, false to decline.")] accept: bool,
    ) -> async_graphql::Result<Project> {
        let project = parse_id("projectId", &project_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Project(core(ctx).respond_to_partner_invitation(actor(ctx), project, org, accept).await.gql(ctx)?))
    }
}
