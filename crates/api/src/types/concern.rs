//! Concerns (Anliegen) to the district administration as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::concerns::{Concern as CoreConcern, ConcernStepView};

use super::{ConcernStatus, ConcernStep as StepKind, ConcernVisibility, idea::NamedOrganisation, organisation::topics_of, taxonomy::Topic};
use crate::{context::request, error::GqlResult, loaders::ConcernTimeline};

/// An organisation a concern concerns.
#[derive(SimpleObject, Clone)]
pub struct ConcernParty {
    /// The organisation.
    pub organisation: NamedOrganisation,
    /// It raised the concern (the others joined it).
    pub raised: bool,
}

/// A concern an organisation raised to the district administration.
pub struct Concern(pub CoreConcern);

/// A concern an organisation raised to the district administration. Who reads it
/// follows its visibility; one for the administration only is read by administration
/// staff and the representatives of its organisations, nobody else.
#[Object]
impl Concern {
    /// The concern's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The subject, one line.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Plain text, as written.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Who may read it.
    async fn visibility(&self) -> ConcernVisibility {
        self.0.visibility.into()
    }
    /// Where it stands.
    async fn status(&self) -> ConcernStatus {
        self.0.status.into()
    }
    /// The organisation that raised it first, then those that joined (at most 100).
    async fn parties(&self) -> Vec<ConcernParty> {
        self.0
            .parties
            .iter()
            .map(|p| ConcernParty {
                organisation: NamedOrganisation { id: ID(p.organisation_id.to_string()), name: p.name.clone(), slug: p.slug.clone() },
                raised: p.raised,
            })
            .collect()
    }
    /// The topics it concerns.
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        topics_of(ctx, &self.0.topic_ids).await
    }
    /// The administration's person who took it on (signed-in readers only).
    async fn assignee_name(&self) -> Option<&str> {
        self.0.assignee_name.as_deref()
    }
    /// When the administration first answered (RFC 3339, UTC); `null` before.
    async fn first_answer_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_answer_at
    }
    /// When it was closed (RFC 3339, UTC); `null` while it is not closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Reopened once already (it cannot be reopened again).
    async fn reopened(&self) -> bool {
        self.0.reopened
    }
    /// Waiting for a first answer for 14 days or more.
    async fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// Every step, dated, oldest first; answers carry their text.
    async fn timeline(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConcernEntry>> {
        let rows = request(ctx).loaders.batch.load_one(ConcernTimeline(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(ConcernEntry).collect())
    }
    /// The record's version; pass it as `expectedVersion` to the mutations that move it on.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When it was raised (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Organisations the caller represents that may still join it.
    async fn can_join_for(&self) -> Vec<ID> {
        self.0.can_join_for.iter().map(|o| ID(o.to_string())).collect()
    }
    /// Whether the caller may take it on, answer and close it (administration staff,
    /// while it is not closed).
    async fn can_answer(&self) -> bool {
        self.0.can_answer
    }
    /// Whether the caller may reopen it: it is closed and was never reopened, and the
    /// caller represents the organisation that raised it.
    async fn can_reopen(&self) -> bool {
        self.0.can_reopen
    }
}

/// One dated step of a concern's timeline.
pub struct ConcernEntry(pub ConcernStepView);

/// One dated step of a concern's timeline.
#[Object]
impl ConcernEntry {
    /// What happened.
    async fn kind(&self) -> StepKind {
        self.0.kind.into()
    }
    /// When (RFC 3339, UTC).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who took the step (signed-in readers only).
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }
    /// The organisation that raised, joined or reopened it.
    async fn organisation_name(&self) -> Option<&str> {
        self.0.organisation_name.as_deref()
    }
    /// The answer, the reason for reopening, or the closing word.
    async fn text(&self) -> Option<&str> {
        self.0.text.as_deref()
    }
}
