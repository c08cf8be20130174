//! Queries and mutations of concerns (Anliegen) to the district administration.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::concerns::{ConcernFilter, ConcernInput as CoreInput};

use crate::{
    context::{actor, core},
    error::{GqlResult, optional_id, parse_id, parse_ids},
    types::{ConcernStatus, ConcernVisibility, concern::Concern},
};

/// The form a representative fills in.
#[derive(InputObject)]
pub struct ConcernInput {
    /// The organisation raising it (one the caller represents).
    pub organisation_id: ID,
    /// The subject, one line of 3–200 characters.
    pub subject: String,
    /// The concern itself, plain text, 10–8,000 characters.
    pub body: String,
    /// The ids of the topics it concerns.
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
    /// Who may read it: anyone (PUBLIC), signed-in people (MEMBERS, the default), or only
    /// administration staff and the representatives of its organisations (ADMINISTRATION).
    #[graphql(default_with = "ConcernVisibility::Members")]
    pub visibility: ConcernVisibility,
}

/// Reading concerns.
#[derive(Default)]
pub struct ConcernQuery;

#[Object]
impl ConcernQuery {
    /// The concerns the caller may see, newest first (at most 300), narrowed by status,
    /// topic, organisation and words.
    async fn concerns(
        &self,
        ctx: &Context<'_>,
        #[graphql(default, desc = "Only concerns in these statuses; empty: all.")] statuses: Vec<ConcernStatus>,
        #[graphql(desc = "Only concerns on this topic.")] topic_id: Option<ID>,
        #[graphql(desc = "Only concerns this organisation raised or joined.")] organisation_id: Option<ID>,
        #[graphql(
            desc = "Words that must all occur in the subject or the body (case and accents ignored; the first 200 characters, up to 8 words)."
        )]
        search: Option<String>,
    ) -> async_graphql::Result<Vec<Concern>> {
        let filter = ConcernFilter {
            statuses: statuses.into_iter().map(Into::into).collect(),
            topic_id: optional_id("topicId", topic_id).gql(ctx)?,
            organisation_id: optional_id("organisationId", organisation_id).gql(ctx)?,
            search: search.map(|s| s.chars().take(200).collect()),
        };
        Ok(core(ctx).concerns(actor(ctx), &filter).await.gql(ctx)?.into_iter().map(Concern).collect())
    }

    /// One concern; `null` if it does not exist or is hidden.
    async fn concern(&self, ctx: &Context<'_>, #[graphql(desc = "The concern's id.")] id: ID) -> async_graphql::Result<Option<Concern>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).concern(actor(ctx), id).await.gql(ctx)?.map(Concern))
    }
}

/// Raising, joining, answering and closing concerns.
#[derive(Default)]
pub struct ConcernMutation;

#[Object]
impl ConcernMutation {
    /// Raises a concern of an organisation the caller represents (its representatives).
    /// RATE_LIMITED when raising too many.
    async fn raise_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern.")] input: ConcernInput,
    ) -> async_graphql::Result<Concern> {
        let input = CoreInput {
            organisation_id: parse_id("organisationId", &input.organisation_id).gql(ctx)?,
            subject: input.subject,
            body: input.body,
            topic_ids: parse_ids("topicIds", &input.topic_ids).gql(ctx)?,
            visibility: Some(input.visibility.into()),
        };
        Ok(Concern(core(ctx).raise_concern(actor(ctx), input).await.gql(ctx)?))
    }

    /// Another organisation joins: "this concerns us too" (its representatives).
    /// BAD_USER_INPUT on `id` when the concern is closed, on `organisationId` when the
    /// organisation is among its organisations already (or 100 are).
    async fn join_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern's id.")] id: ID,
        #[graphql(desc = "The joining organisation, one the caller represents.")] organisation_id: ID,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Concern(core(ctx).join_concern(actor(ctx), id, org).await.gql(ctx)?))
    }

    /// Administration staff take it on and become its named person. BAD_USER_INPUT on
    /// `status` when it is closed.
    async fn take_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).take_concern(actor(ctx), id, expected_version).await.gql(ctx)?))
    }

    /// Administration staff answer; the answer is read with the concern's visibility and
    /// mailed to its organisations' representatives. BAD_USER_INPUT on `status` when it is
    /// closed.
    async fn answer_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The answer, plain text, 2–8,000 characters.")] text: String,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).answer_concern(actor(ctx), id, expected_version, &text).await.gql(ctx)?))
    }

    /// Administration staff close it, with an optional last word. BAD_USER_INPUT on
    /// `status` when it is closed already.
    async fn close_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "A last word, plain text, at most 4,000 characters.")] note: Option<String>,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).close_concern(actor(ctx), id, expected_version, note).await.gql(ctx)?))
    }

    /// The organisation that raised it reopens it once, with a reason (its
    /// representatives). BAD_USER_INPUT on `status` when it is not closed, on `reason`
    /// when it was reopened before.
    async fn reopen_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern's id.")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "Why, plain text, 2–4,000 characters.")] reason: String,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).reopen_concern(actor(ctx), id, expected_version, &reason).await.gql(ctx)?))
    }
}
