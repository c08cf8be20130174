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
    pub subject: String,
    pub body: String,
    #[graphql(default)]
    pub topic_ids: Vec<ID>,
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
        #[graphql(default)] statuses: Vec<ConcernStatus>,
        topic_id: Option<ID>,
        organisation_id: Option<ID>,
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
    async fn concern(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Concern>> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).concern(actor(ctx), id).await.gql(ctx)?.map(Concern))
    }
}

/// Raising, joining, answering and closing concerns.
#[derive(Default)]
pub struct ConcernMutation;

#[Object]
impl ConcernMutation {
    /// Raises a concern of an organisation the caller represents.
    async fn raise_concern(&self, ctx: &Context<'_>, input: ConcernInput) -> async_graphql::Result<Concern> {
        let input = CoreInput {
            organisation_id: parse_id("organisationId", &input.organisation_id).gql(ctx)?,
            subject: input.subject,
            body: input.body,
            topic_ids: parse_ids("topicIds", &input.topic_ids).gql(ctx)?,
            visibility: Some(input.visibility.into()),
        };
        Ok(Concern(core(ctx).raise_concern(actor(ctx), input).await.gql(ctx)?))
    }

    /// Another organisation joins: "this concerns us too".
    async fn join_concern(&self, ctx: &Context<'_>, id: ID, organisation_id: ID) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        let org = parse_id("organisationId", &organisation_id).gql(ctx)?;
        Ok(Concern(core(ctx).join_concern(actor(ctx), id, org).await.gql(ctx)?))
    }

    /// Administration staff take it on.
    async fn take_concern(&self, ctx: &Context<'_>, id: ID, expected_version: i32) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).take_concern(actor(ctx), id, expected_version).await.gql(ctx)?))
    }

    /// Administration staff answer (an empty answer is refused).
    async fn answer_concern(&self, ctx: &Context<'_>, id: ID, expected_version: i32, text: String) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).answer_concern(actor(ctx), id, expected_version, &text).await.gql(ctx)?))
    }

    /// Administration staff close it, with an optional last word.
    async fn close_concern(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        note: Option<String>,
    ) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).close_concern(actor(ctx), id, expected_version, note).await.gql(ctx)?))
    }

    /// The organisation that raised it reopens it once, with a reason.
    async fn reopen_concern(&self, ctx: &Context<'_>, id: ID, expected_version: i32, reason: String) -> async_graphql::Result<Concern> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Concern(core(ctx).reopen_concern(actor(ctx), id, expected_version, &reason).await.gql(ctx)?))
    }
}
