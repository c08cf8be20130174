//! Queries and mutations of future planning: ideas, their supports and comments, the
//! steps from idea to measure to project, and the integration council's board.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::ideas::{IdeaFilter, IdeaInput as CoreInput, steps::MoveInput};
use migraup_domain::DomainError;

use crate::{
    context::{actor, core},
    error::{GqlResult, optional_id, parse_id, parse_ids},
    types::{
        IdeaStatus, Visibility,
        idea::{CouncilBoard, Idea, IdeaComment},
        project::Project,
    },
};

/// The idea form.
#[derive(InputObject)]
pub struct IdeaInput {
    pub title: String,
    pub description: Option<String>,
    /// ISO 639-1 language of title and description.
    #[graphql(default_with = "String::from(\"de\")")]
    pub content_language: String,
    /// The description in more languages, each optionally with its title.
    #[graphql(default)]
    pub translations: Vec<crate::organisations::TranslationInput>,
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    /// Proposed for this organisation (one the caller represents); a person's idea without.
    pub organisation_id: Option<ID>,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    #[graphql(default)]
    pub target_group_ids: Vec<ID>,
    /// The coverage gap it answers: topic and Ortsteil (both or neither).
    pub gap_topic_id: Option<ID>,
    pub gap_district_id: Option<ID>,
    /// The working group that should discuss it.
    pub group_id: Option<ID>,
}

impl IdeaInput {
    fn into_core(self) -> Result<CoreInput, DomainError> {
        Ok(CoreInput {
            title: self.title,
            description: self.description,
            content_language: Some(self.content_language),
            translations: self.translations.into_iter().map(Into::into).collect(),
            visibility: Some(self.visibility.into()),
            organisation_id: optional_id("organisationId", self.organisation_id)?,
            topic_ids: parse_ids("topicIds", &self.topic_ids)?,
            district_ids: parse_ids("districtIds", &self.district_ids)?,
            target_group_ids: parse_ids("targetGroupIds", &self.target_group_ids)?,
            gap_topic_id: optional_id("gapTopicId", self.gap_topic_id)?,
            gap_district_id: optional_id("gapDistrictId", self.gap_district_id)?,
            group_id: optional_id("groupId", self.group_id)?,
        })
    }
}

/// What a step needs: a note; the working group for a discussion; owner, due date and
/// resources for a measure; the reason for not pursuing it.
#[derive(InputObject, Default)]
pub struct IdeaStepInput {
    pub note: Option<String>,
    pub group_id: Option<ID>,
    pub owner_organisation_id: Option<ID>,
    /// `YYYY-MM-DD`, today or later.
    pub due_on: Option<String>,
    pub resources: Option<String>,
    pub reason: Option<String>,
}

/// Reading ideas and the council's board.
#[derive(Default)]
pub struct IdeaQuery;

#[Object]
impl IdeaQuery {
    /// The ideas the caller may see, newest first (at most 300), narrowed by status,
    /// topic, Ortsteil and words.
    async fn ideas(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] statuses: Vec<IdeaStatus>,
        topic_id: Option<ID>,
        district_id: Option<ID>,
        search: Option<String>,
    ) -> async_graphql::Result<Vec<Idea>> {
        let filter = IdeaFilter {
            statuses: statuses.into_iter().map(Into::into).collect(),
            topic_id: optional_id("topicId", topic_id).gql(ctx)?,
            district_id: optional_id("districtId", district_id).gql(ctx)?,
            search: search.map(|s| s.chars().take(200).collect()),
        };
        Ok(core(ctx).ideas(actor(ctx), &filter).await.gql(ctx)?.into_iter().map(Idea).collect())
    }

    /// One idea; `null` if it does not exist or is hidden.
    async fn idea(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Idea>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).idea(actor(ctx), id).await.gql(ctx)?.map(Idea))
    }

    /// The integration council's board (the council, the administration, the coordination team).
    async fn council_board(&self, ctx: &Context<'_>) -> async_graphql::Result<CouncilBoard> {
        Ok(CouncilBoard(core(ctx).council_board(actor(ctx)).await.gql(ctx)?))
    }
}

/// Proposing, supporting, discussing and moving ideas.
#[derive(Default)]
pub struct IdeaMutation;

#[Object]
impl IdeaMutation {
    /// Proposes an idea (anyone trusted and signed in).
    async fn propose_idea(&self, ctx: &Context<'_>, input: IdeaInput) -> async_graphql::Result<Idea> {
        let input = input.into_core().gql(ctx)?;
        Ok(Idea(core(ctx).propose_idea(actor(ctx), input).await.gql(ctx)?))
    }

    /// Gives an organisation's support (its representatives), with what it could contribute.
    async fn support_idea(
        &self,
        ctx: &Context<'_>,
        idea_id: ID,
        organisation_id: ID,
        offer: Option<String>,
    ) -> async_graphql::Result<Idea> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Idea(core(ctx).support_idea(actor(ctx), idea, org, offer).await.gql(ctx)?))
    }

    /// Takes an organisation's support back.
    async fn withdraw_support(&self, ctx: &Context<'_>, idea_id: ID, organisation_id: ID) -> async_graphql::Result<Idea> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Idea(core(ctx).withdraw_support(actor(ctx), idea, org).await.gql(ctx)?))
    }

    /// Comments on an idea (plain text).
    async fn comment_on_idea(&self, ctx: &Context<'_>, idea_id: ID, body: String) -> async_graphql::Result<IdeaComment> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).comment_on_idea(actor(ctx), idea, &body).await.gql(ctx)?))
    }

    /// Edits one's comment within 15 minutes.
    async fn edit_comment(&self, ctx: &Context<'_>, id: ID, body: String) -> async_graphql::Result<IdeaComment> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).edit_comment(actor(ctx), id, &body).await.gql(ctx)?))
    }

    /// Removes a comment (the coordination team), with a reason that is kept.
    async fn remove_comment(&self, ctx: &Context<'_>, id: ID, reason: String) -> async_graphql::Result<IdeaComment> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).remove_comment(actor(ctx), id, &reason).await.gql(ctx)?))
    }

    /// Moves an idea on (the coordination team, the administration); `CONFLICT` when
    /// someone moved it first. `UNDER_WAY` is reached with `ideaToProject`.
    async fn move_idea(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        status: IdeaStatus,
        input: Option<IdeaStepInput>,
    ) -> async_graphql::Result<Idea> {
        let id = parse_id("id", &id).gql(ctx)?;
        let input = input.unwrap_or_default();
        let step = MoveInput {
            note: input.note,
            group_id: optional_id("groupId", input.group_id).gql(ctx)?,
            owner_organisation_id: optional_id("ownerOrganisationId", input.owner_organisation_id).gql(ctx)?,
            due_on: input.due_on,
            resources: input.resources,
            reason: input.reason,
        };
        Ok(Idea(core(ctx).move_idea(actor(ctx), id, expected_version, status.into(), step).await.gql(ctx)?))
    }

    /// Makes the project of an adopted measure: its owner leads, the supporting
    /// organisations are invited as partners, and the idea is under way.
    async fn idea_to_project(&self, ctx: &Context<'_>, id: ID, expected_version: i32) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Project(core(ctx).idea_to_project(actor(ctx), id, expected_version).await.gql(ctx)?))
    }
}
