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
    /// The title, 3–200 characters.
    pub title: String,
    /// The description, plain text, at most 5,000 characters.
    pub description: Option<String>,
    /// ISO 639-1 language of title and description.
    #[graphql(default_with = "String::from(\"de\")")]
    pub content_language: String,
    /// The description in more languages, each optionally with its title.
    #[graphql(default)]
    pub translations: Vec<crate::organisations::TranslationInput>,
    /// Who may read it: anyone (PUBLIC, the default) or signed-in people (MEMBERS).
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
    /// Proposed for this organisation (one the caller represents); a person's idea without.
    pub organisation_id: Option<ID>,
    /// The ids of the topics it concerns.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// The ids of the Ortsteile it concerns.
    #[graphql(default)]
    pub district_ids: Vec<ID>,
    /// The ids of the target groups it is meant for.
    #[graphql(default)]
    pub target_group_ids: Vec<ID>,
    /// The topic of the coverage gap it answers; give `gapDistrictId` with it. Both are
    /// added to the idea's topics and Ortsteile.
    pub gap_topic_id: Option<ID>,
    /// The Ortsteil of the coverage gap it answers; one of the two without the other answers
    /// BAD_USER_INPUT on `gapDistrictId`.
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
    /// A note on the step, plain text, at most 2,000 characters.
    pub note: Option<String>,
    /// For UNDER_DISCUSSION: the working group that discusses it.
    pub group_id: Option<ID>,
    /// For ADOPTED (required): the organisation that owns the measure.
    pub owner_organisation_id: Option<ID>,
    /// For ADOPTED (required): the due date, `YYYY-MM-DD`, today or later.
    pub due_on: Option<String>,
    /// For ADOPTED: the resources the measure needs, at most 2,000 characters.
    pub resources: Option<String>,
    /// For NOT_PURSUED (required, 2–2,000 characters): why; mailed to the proposer and the
    /// supporting organisations.
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
        #[graphql(default, desc = "Only ideas in these statuses; empty: all.")] statuses: Vec<IdeaStatus>,
        #[graphql(desc = "Only ideas on this topic.")] topic_id: Option<ID>,
        #[graphql(desc = "Only ideas for this Ortsteil.")] district_id: Option<ID>,
        #[graphql(
            desc = "Words that must all occur in title, description or translations (case and accents ignored; the first 200 characters, up to 8 words)."
        )]
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
    async fn idea(&self, ctx: &Context<'_>, #[graphql(desc = "The idea's id.")] id: ID) -> async_graphql::Result<Option<Idea>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).idea(actor(ctx), id).await.gql(ctx)?.map(Idea))
    }

    /// The integration council's board (the council, the administration, the coordination
    /// team; others FORBIDDEN).
    async fn council_board(&self, ctx: &Context<'_>) -> async_graphql::Result<CouncilBoard> {
        Ok(CouncilBoard(core(ctx).council_board(actor(ctx)).await.gql(ctx)?))
    }
}

/// Proposing, supporting, discussing and moving ideas.
#[derive(Default)]
pub struct IdeaMutation;

#[Object]
impl IdeaMutation {
    /// Proposes an idea (anyone trusted and signed in), as a person or for an organisation
    /// the caller represents. RATE_LIMITED when proposing too often.
    async fn propose_idea(&self, ctx: &Context<'_>, #[graphql(desc = "The idea.")] input: IdeaInput) -> async_graphql::Result<Idea> {
        let input = input.into_core().gql(ctx)?;
        Ok(Idea(core(ctx).propose_idea(actor(ctx), input).await.gql(ctx)?))
    }

    /// Gives an organisation's support (its representatives), with what it could contribute.
    /// BAD_USER_INPUT on `organisationId` when it supports the idea already (or 200
    /// organisations do), on `ideaId` when the idea is done or not pursued.
    async fn support_idea(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The idea's id.")] idea_id: ID,
        #[graphql(desc = "The supporting organisation, one the caller represents.")] organisation_id: ID,
        #[graphql(desc = "What the organisation could contribute, plain text, at most 2,000 characters.")] offer: Option<String>,
    ) -> async_graphql::Result<Idea> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Idea(core(ctx).support_idea(actor(ctx), idea, org, offer).await.gql(ctx)?))
    }

    /// Takes an organisation's support back (its representatives); NOT_FOUND when it does
    /// not support the idea.
    async fn withdraw_support(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The idea's id.")] idea_id: ID,
        #[graphql(desc = "The organisation, one the caller represents.")] organisation_id: ID,
    ) -> async_graphql::Result<Idea> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Idea(core(ctx).withdraw_support(actor(ctx), idea, org).await.gql(ctx)?))
    }

    /// Comments on an idea (signed-in people). BAD_USER_INPUT on `ideaId` when the idea is
    /// done or not pursued; RATE_LIMITED when commenting too often.
    async fn comment_on_idea(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The idea's id.")] idea_id: ID,
        #[graphql(desc = "The comment, plain text, 1–4,000 characters.")] body: String,
    ) -> async_graphql::Result<IdeaComment> {
        let idea = parse_id("ideaId", &idea_id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).comment_on_idea(actor(ctx), idea, &body).await.gql(ctx)?))
    }

    /// Edits one's own comment within 15 minutes of writing it. Later edits answer
    /// BAD_USER_INPUT on `body`; someone else's or a removed comment answers FORBIDDEN.
    async fn edit_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's id.")] id: ID,
        #[graphql(desc = "The new text, plain text, 1–4,000 characters.")] body: String,
    ) -> async_graphql::Result<IdeaComment> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).edit_comment(actor(ctx), id, &body).await.gql(ctx)?))
    }

    /// Removes a comment (the coordination team), with a reason that is kept in its place.
    /// BAD_USER_INPUT on `id` when it is removed already.
    async fn remove_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's id.")] id: ID,
        #[graphql(desc = "Why, one line of 2–500 characters; shown in the comment's place.")] reason: String,
    ) -> async_graphql::Result<IdeaComment> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(IdeaComment(core(ctx).remove_comment(actor(ctx), id, &reason).await.gql(ctx)?))
    }

    /// Moves an idea on (the coordination team, the administration); `CONFLICT` when
    /// someone moved it first. `UNDER_WAY` is reached with `ideaToProject`.
    async fn move_idea(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The idea's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(
            desc = "The status to move it to: from PROPOSED to UNDER_DISCUSSION, ADOPTED or NOT_PURSUED; from UNDER_DISCUSSION to ADOPTED or NOT_PURSUED; from ADOPTED to UNDER_DISCUSSION or NOT_PURSUED; from UNDER_WAY to DONE or NOT_PURSUED. Other steps answer BAD_USER_INPUT on `status`."
        )]
        status: IdeaStatus,
        #[graphql(desc = "What the step needs; see `IdeaStepInput`.")] input: Option<IdeaStepInput>,
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
    /// organisations are invited as partners, and the idea is under way (the coordination
    /// team, the administration). BAD_USER_INPUT on `status` unless it is ADOPTED without
    /// a project yet.
    async fn idea_to_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The idea's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
    ) -> async_graphql::Result<Project> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Project(core(ctx).idea_to_project(actor(ctx), id, expected_version).await.gql(ctx)?))
    }
}
