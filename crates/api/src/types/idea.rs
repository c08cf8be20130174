//! Ideas and measures, their supports, comments and timeline, and the council's board
//! as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use migraup_core::{
    council::{self, CouncilBoard as CoreBoard},
    ideas::{Idea as CoreIdea, comments::Comment as CoreComment, steps::IdeaStep as CoreStep},
};

use super::{
    IdeaStatus, Visibility,
    organisation::{district_of, topics_of},
    taxonomy::{District, TargetGroup, Topic},
};
use crate::{
    context::{actor, request},
    error::GqlResult,
    loaders::{IdeaComments, IdeaTimeline},
};

/// An organisation named on an idea or a concern.
#[derive(SimpleObject, Clone)]
pub struct NamedOrganisation {
    /// The organisation's id.
    pub id: ID,
    /// The organisation's name.
    pub name: String,
    /// The organisation's slug, for the link to its page (`/organisations/{slug}`).
    pub slug: String,
}

pub(crate) fn named(o: &(uuid::Uuid, String, String)) -> NamedOrganisation {
    NamedOrganisation { id: ID(o.0.to_string()), name: o.1.clone(), slug: o.2.clone() }
}

/// A working group named on an idea.
#[derive(SimpleObject, Clone)]
pub struct NamedGroup {
    /// The working group's id.
    pub id: ID,
    /// The working group's name.
    pub name: String,
    /// The working group's slug, for the link to its page (`/groups/{slug}`).
    pub slug: String,
}

/// An organisation's support, with what it could contribute.
#[derive(SimpleObject, Clone)]
pub struct IdeaSupport {
    /// The supporting organisation.
    pub organisation: NamedOrganisation,
    /// What the organisation could contribute (plain text), if said.
    pub offer: Option<String>,
    /// When it gave its support (RFC 3339, UTC).
    pub created_at: DateTime<Utc>,
}

/// An idea, and once adopted the measure it became.
pub struct Idea(pub CoreIdea);

/// An idea, and once adopted the measure it became. Public ideas are read by anyone,
/// the others by signed-in people.
#[Object]
impl Idea {
    /// The idea's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// As written, in `contentLanguage`.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Plain text, as written.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The ISO 639-1 language title and description are written in.
    async fn content_language(&self) -> &str {
        &self.0.content_language
    }
    /// Title and description in more languages.
    async fn translations(&self) -> Vec<super::organisation::Translation> {
        self.0
            .translations
            .iter()
            .map(|t| super::organisation::Translation {
                language: t.language.clone(),
                title: t.title.clone(),
                description: t.description.clone(),
            })
            .collect()
    }
    /// Who may read it: anyone (PUBLIC) or signed-in people (MEMBERS).
    async fn visibility(&self) -> Visibility {
        self.0.visibility.into()
    }
    /// Where it stands.
    async fn status(&self) -> IdeaStatus {
        self.0.status.into()
    }
    /// The organisation it was proposed for; `null` for a person's idea or when the
    /// organisation is hidden from the caller.
    async fn organisation(&self) -> Option<NamedOrganisation> {
        self.0.organisation.as_ref().map(named)
    }
    /// Who proposed it (signed-in readers only).
    async fn proposer_name(&self) -> Option<&str> {
        self.0.proposer_name.as_deref()
    }
    /// The topics it concerns (the coverage gap's among them).
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        topics_of(ctx, &self.0.topic_ids).await
    }
    /// The Ortsteile it concerns (the coverage gap's among them).
    async fn districts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<District>> {
        let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
        Ok(self.0.district_ids.iter().filter_map(|d| tax.districts.get(d).cloned().map(District)).collect())
    }
    /// The target groups it is meant for.
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
        Ok(self.0.target_group_ids.iter().filter_map(|d| tax.target_groups.get(d).cloned().map(TargetGroup)).collect())
    }
    /// The topic of the coverage gap it answers, if any.
    async fn gap_topic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Topic>> {
        Ok(match self.0.gap_topic_id {
            Some(t) => topics_of(ctx, &[t]).await?.pop(),
            None => None,
        })
    }
    /// The Ortsteil of the coverage gap it answers, if any.
    async fn gap_district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, self.0.gap_district_id).await
    }
    /// The working group to discuss it; `null` when none is named or it is hidden from
    /// the caller.
    async fn group(&self) -> Option<NamedGroup> {
        self.0.group.as_ref().map(|g| NamedGroup { id: ID(g.0.to_string()), name: g.1.clone(), slug: g.2.clone() })
    }
    /// The measure's owner (once adopted).
    async fn owner(&self) -> Option<NamedOrganisation> {
        self.0.owner.as_ref().map(named)
    }
    /// When the measure is due (`YYYY-MM-DD`); set when it is adopted.
    async fn due_on(&self) -> Option<NaiveDate> {
        self.0.due_on
    }
    /// Resources the measure needs.
    async fn resources(&self) -> Option<&str> {
        self.0.resources.as_deref()
    }
    /// The id of the project made of it (once under way).
    async fn project_id(&self) -> Option<ID> {
        self.0.project_id.map(|p| ID(p.to_string()))
    }
    /// Why it is not pursued.
    async fn status_reason(&self) -> Option<&str> {
        self.0.status_reason.as_deref()
    }
    /// Supporting organisations, first support first (at most 200).
    async fn supports(&self) -> Vec<IdeaSupport> {
        self.0
            .supports
            .iter()
            .map(|s| IdeaSupport {
                organisation: NamedOrganisation {
                    id: ID(s.organisation_id.to_string()),
                    name: s.organisation_name.clone(),
                    slug: s.organisation_slug.clone(),
                },
                offer: s.offer.clone(),
                created_at: s.created_at,
            })
            .collect()
    }
    /// Every step, dated, oldest first.
    async fn timeline(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdeaStep>> {
        let rows = request(ctx).loaders.batch.load_one(IdeaTimeline(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(IdeaStep).collect())
    }
    /// Comments, oldest first (signed-in readers only; empty for visitors).
    async fn comments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdeaComment>> {
        let rows = request(ctx).loaders.batch.load_one(IdeaComments(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(rows.into_iter().map(IdeaComment).collect())
    }
    /// The record's version; pass it as `expectedVersion` to `moveIdea` and `ideaToProject`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When it was proposed (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Whether the caller may move it on (the coordination team, the administration).
    async fn can_move(&self) -> bool {
        self.0.can_move
    }
    /// Organisations the caller represents that may still support it (empty once the
    /// idea is done or not pursued).
    async fn can_support_for(&self) -> Vec<ID> {
        self.0.can_support_for.iter().map(|o| ID(o.to_string())).collect()
    }
    /// Whether the caller may comment: signed in, and the idea is neither done nor not
    /// pursued.
    async fn can_comment(&self) -> bool {
        self.0.can_comment
    }
}

/// One dated step of an idea.
pub struct IdeaStep(pub CoreStep);

/// One dated step of an idea.
#[Object]
impl IdeaStep {
    /// The status it moved to.
    async fn status(&self) -> IdeaStatus {
        self.0.status.into()
    }
    /// When (RFC 3339, UTC).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who moved it (signed-in readers only).
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }
    /// A note, or the reason it is not pursued.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// A comment on an idea.
pub struct IdeaComment(pub CoreComment);

/// A comment on an idea (read by signed-in people only).
#[Object]
impl IdeaComment {
    /// The comment's id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The author's name; `null` when the account no longer exists.
    async fn author_name(&self) -> Option<&str> {
        self.0.author_name.as_deref()
    }
    /// Plain text; `null` once removed.
    async fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }
    /// Why the coordination team removed it.
    async fn removed_reason(&self) -> Option<&str> {
        self.0.removed_reason.as_deref()
    }
    /// When it was written (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether the author changed it after writing it.
    async fn edited(&self) -> bool {
        self.0.edited
    }
    /// Whether the caller wrote it and may still edit it (for 15 minutes).
    async fn can_edit(&self) -> bool {
        self.0.can_edit
    }
    /// Whether the caller may remove it (the coordination team, role ADMIN).
    async fn can_remove(&self) -> bool {
        self.0.can_remove
    }
}

/// Ideas per status.
#[derive(SimpleObject, Clone)]
pub struct StatusCount {
    /// The status.
    pub status: IdeaStatus,
    /// Ideas in it.
    pub count: i32,
}

fn counts(c: &council::StatusCounts) -> Vec<StatusCount> {
    migraup_domain::IdeaStatus::ALL.iter().zip(c.iter()).map(|(s, n)| StatusCount { status: (*s).into(), count: *n as i32 }).collect()
}

/// Ideas on one topic, per status.
pub struct TopicIdeas(council::IdeaRow);

/// Ideas on one topic, per status.
#[Object]
impl TopicIdeas {
    /// The topic; `null` if it no longer exists.
    async fn topic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Topic>> {
        Ok(topics_of(ctx, &[self.0.id]).await?.pop())
    }
    /// Ideas per status, one entry for every status.
    async fn counts(&self) -> Vec<StatusCount> {
        counts(&self.0.counts)
    }
}

/// Ideas in one Ortsteil, per status.
pub struct DistrictIdeas(council::IdeaRow);

/// Ideas in one Ortsteil, per status.
#[Object]
impl DistrictIdeas {
    /// The Ortsteil; `null` if it no longer exists.
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, Some(self.0.id)).await
    }
    /// Ideas per status, one entry for every status.
    async fn counts(&self) -> Vec<StatusCount> {
        counts(&self.0.counts)
    }
}

/// A coverage gap and the measures and ideas for it.
pub struct BoardGap(council::Gap);

/// A coverage gap (nothing offered on a topic in an Ortsteil) and the measures and
/// ideas for it.
#[Object]
impl BoardGap {
    /// The topic; `null` if it no longer exists.
    async fn topic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Topic>> {
        Ok(topics_of(ctx, &[self.0.topic_id]).await?.pop())
    }
    /// The Ortsteil; `null` if it no longer exists.
    async fn district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<District>> {
        district_of(ctx, Some(self.0.district_id)).await
    }
    /// Organisations in the Ortsteil working on the topic (without an offering there).
    async fn organisations(&self) -> i32 {
        self.0.organisations as i32
    }
    /// Adopted, under way or done measures for it.
    async fn measures(&self) -> i32 {
        self.0.measures as i32
    }
    /// Ideas for it that are not measures yet.
    async fn ideas(&self) -> i32 {
        self.0.ideas as i32
    }
}

/// Concerns on one topic.
pub struct TopicConcerns(council::ConcernRow);

/// Concerns on one topic, also those the caller may not open.
#[Object]
impl TopicConcerns {
    /// The topic; `null` if it no longer exists.
    async fn topic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Topic>> {
        Ok(topics_of(ctx, &[self.0.topic_id]).await?.pop())
    }
    /// Concerns not closed yet.
    async fn open(&self) -> i32 {
        self.0.open as i32
    }
    /// Concerns with at least one answer, closed or not.
    async fn answered(&self) -> i32 {
        self.0.answered as i32
    }
    /// Closed concerns.
    async fn closed(&self) -> i32 {
        self.0.closed as i32
    }
}

/// Concerns raised in one quarter, and how fast they were answered and closed.
#[derive(SimpleObject, Clone)]
pub struct BoardQuarter {
    /// The quarter, such as `2026-Q3` (Berlin time).
    pub quarter: String,
    /// Concerns raised in it.
    pub raised: i32,
    /// Of those, how many have had a first answer.
    pub answered: i32,
    /// Of those, how many are closed.
    pub closed: i32,
    /// Median days from raising to the first answer, of those answered; `null` for none.
    pub median_days_to_answer: Option<f64>,
    /// Median days from raising to closing, of those closed; `null` for none.
    pub median_days_to_close: Option<f64>,
}

/// Which table of the board a CSV file holds.
#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum BoardTable {
    /// Ideas per topic and status, with a first row of all ideas.
    IdeasByTopic,
    /// Ideas per Ortsteil and status.
    IdeasByOrtsteil,
    /// The coverage gaps with organisations, measures and ideas for each.
    Gaps,
    /// Concerns per topic: open, answered, closed.
    Concerns,
    /// Concerns per quarter raised, with the median days to answer and to close.
    Quarters,
}

/// The integration council's board of ideas, measures and concerns.
pub struct CouncilBoard(pub CoreBoard);

impl CouncilBoard {
    async fn names(&self, ctx: &Context<'_>) -> async_graphql::Result<std::collections::HashMap<uuid::Uuid, String>> {
        let tax = request(ctx).loaders.taxonomy().await.gql(ctx)?;
        let lang = actor(ctx).lang.as_str();
        let mut names: std::collections::HashMap<uuid::Uuid, String> =
            tax.topics.iter().map(|(id, t)| (*id, t.labels.get(lang).to_owned())).collect();
        names.extend(tax.districts.iter().map(|(id, d)| (*id, d.name.clone())));
        Ok(names)
    }
}

/// The integration council's board of ideas, measures and concerns: numbers only,
/// counting also the ideas and concerns the caller may not open.
#[Object]
impl CouncilBoard {
    /// Every idea per status (also those the caller may not open).
    async fn ideas(&self) -> Vec<StatusCount> {
        counts(&self.0.ideas)
    }
    /// Ideas per topic and status; topics with the most ideas first, only those with any.
    async fn by_topic(&self) -> Vec<TopicIdeas> {
        self.0.by_topic.iter().cloned().map(TopicIdeas).collect()
    }
    /// Ideas per Ortsteil and status; Ortsteile with the most ideas first, only those with
    /// any.
    async fn by_district(&self) -> Vec<DistrictIdeas> {
        self.0.by_district.iter().cloned().map(DistrictIdeas).collect()
    }
    /// The coverage gaps, with the measures and ideas for each.
    async fn gaps(&self) -> Vec<BoardGap> {
        self.0.gaps.iter().cloned().map(BoardGap).collect()
    }
    /// Gaps with at least one measure.
    async fn gaps_with_measure(&self) -> i32 {
        self.0.gaps.iter().filter(|g| g.measures > 0).count() as i32
    }
    /// Concerns per topic (counted also where the caller may not open them).
    async fn concerns(&self) -> Vec<TopicConcerns> {
        self.0.concerns.iter().cloned().map(TopicConcerns).collect()
    }
    /// Concerns per quarter raised, newest first (at most 20 quarters).
    async fn quarters(&self) -> Vec<BoardQuarter> {
        self.0
            .quarters
            .iter()
            .map(|q| BoardQuarter {
                quarter: q.quarter.clone(),
                raised: q.raised as i32,
                answered: q.answered as i32,
                closed: q.closed as i32,
                median_days_to_answer: q.median_days_to_answer,
                median_days_to_close: q.median_days_to_close,
            })
            .collect()
    }
    /// One table as CSV, headers in the caller's language, one number per cell.
    async fn csv(&self, ctx: &Context<'_>, #[graphql(desc = "Which table.")] table: BoardTable) -> async_graphql::Result<String> {
        let names = self.names(ctx).await?;
        council::csv(&self.0, &names, actor(ctx).lang, table as usize).gql(ctx)
    }
    /// Every table as one XLSX workbook (base64).
    async fn xlsx_base64(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        use base64::Engine as _;
        let names = self.names(ctx).await?;
        let bytes = council::xlsx(&self.0, &names, actor(ctx).lang).gql(ctx)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}
