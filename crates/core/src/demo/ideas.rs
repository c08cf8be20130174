//! The demo's future planning and concerns: ideas in every state (one for a coverage
//! gap, supported by two organisations, adopted and made a project; one not pursued),
//! and concerns open, answered and closed over the past months, so that the council's
//! board has figures. All through the use cases; past steps on their own dates.

use chrono::{Duration, Utc};
use migraup_domain::{ConcernVisibility, IdeaStatus, Visibility, error::DomainResult};
use sea_orm::EntityTrait;
use serde::Deserialize;

use super::{DemoData, Seeded};
use crate::{
    Core,
    concerns::ConcernInput,
    errors::DbResultExt,
    ideas::{IdeaInput, steps::MoveInput},
};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DemoIdea {
    title: String,
    description: String,
    /// The proposing account's key.
    proposer: String,
    /// Proposed for this organisation (the proposer represents it).
    #[serde(default)]
    organisation: Option<String>,
    topics: Vec<String>,
    ortsteile: Vec<String>,
    /// The coverage gap it answers: a topic slug and an Ortsteil.
    #[serde(default)]
    gap: Option<(String, String)>,
    #[serde(default)]
    supporters: Vec<(String, String)>,
    #[serde(default)]
    comments: Vec<(String, String)>,
    /// The steps after proposing, in order; `UNDER_WAY` makes the project.
    #[serde(default)]
    steps: Vec<DemoStep>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoStep {
    status: IdeaStatus,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    due_in_days: Option<i64>,
    #[serde(default)]
    resources: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DemoConcern {
    subject: String,
    body: String,
    organisation: String,
    topics: Vec<String>,
    visibility: ConcernVisibility,
    days_ago: i64,
    #[serde(default)]
    joined: Vec<String>,
    /// Days after raising that the administration answered, and what.
    #[serde(default)]
    answer: Option<(i64, String)>,
    /// Days after raising that it was closed.
    #[serde(default)]
    closed_after: Option<i64>,
}

impl Core {
    pub(super) async fn seed_demo_ideas(&self, data: &DemoData, seeded: &Seeded) -> DomainResult<()> {
        let topics = crate::entities::topic::Entity::find().all(self.db()).await.internal()?;
        let topic = |slug: &str| topics.iter().find(|t| t.slug == slug).map(|t| t.id);
        let mover = seeded.actor("admin")?;
        for i in &data.ideas {
            let proposer = seeded.actor(&i.proposer)?;
            let organisation_id = i.organisation.as_deref().map(|o| seeded.organisation(o)).transpose()?;
            let (gap_topic_id, gap_district_id) = match &i.gap {
                Some((t, d)) => (topic(t), Some(seeded.district(d)?)),
                None => (None, None),
            };
            let input = IdeaInput {
                title: i.title.clone(),
                description: Some(i.description.clone()),
                visibility: Some(Visibility::Public),
                organisation_id,
                topic_ids: i.topics.iter().filter_map(|s| topic(s)).collect(),
                district_ids: i.ortsteile.iter().map(|d| seeded.district(d)).collect::<DomainResult<_>>()?,
                gap_topic_id,
                gap_district_id,
                ..Default::default()
            };
            let idea = self.propose_idea(&proposer, input).await?;
            for (account, organisation) in &i.supporters {
                let org = seeded.organisation(organisation)?;
                self.support_idea(&seeded.actor(account)?, idea.id, org, None).await?;
            }
            for (account, body) in &i.comments {
                self.comment_on_idea(&seeded.actor(account)?, idea.id, body).await?;
            }
            let mut version = idea.version;
            for s in &i.steps {
                if s.status == IdeaStatus::UnderWay {
                    self.idea_to_project(&mover, idea.id, version).await?;
                    version += 1;
                    continue;
                }
                let due_on = s.due_in_days.map(|d| (Utc::now() + Duration::days(d)).format("%Y-%m-%d").to_string());
                let step = MoveInput {
                    note: s.note.clone(),
                    owner_organisation_id: s.owner.as_deref().map(|o| seeded.organisation(o)).transpose()?,
                    due_on,
                    resources: s.resources.clone(),
                    reason: s.reason.clone(),
                    group_id: None,
                };
                version = self.move_idea(&mover, idea.id, version, s.status, step).await?.version;
            }
        }
        let staff = seeded.actor("administration")?;
        for c in &data.concerns {
            let organisation_id = seeded.organisation(&c.organisation)?;
            let raiser = seeded.representative_of(organisation_id)?;
            let raised_at = Utc::now() - Duration::days(c.days_ago);
            let input = ConcernInput {
                organisation_id,
                subject: c.subject.clone(),
                body: c.body.clone(),
                topic_ids: c.topics.iter().filter_map(|s| topic(s)).collect(),
                visibility: Some(c.visibility),
            };
            let mut concern = self.raise_concern_at(&raiser, input, raised_at).await?;
            for name in &c.joined {
                let org = seeded.organisation(name)?;
                let at = raised_at + Duration::days(1);
                concern = self.join_concern_at(&seeded.representative_of(org)?, concern.id, org, at).await?;
            }
            if let Some((after, text)) = &c.answer {
                concern = self.answer_concern_at(&staff, concern.id, concern.version, text, raised_at + Duration::days(*after)).await?;
            }
            if let Some(after) = c.closed_after {
                self.close_concern_at(&staff, concern.id, concern.version, None, raised_at + Duration::days(after)).await?;
            }
        }
        Ok(())
    }
}
