//! The demo's working groups: founded by their coordinator, organisations invited and
//! accepting (their representative, or the coordination team for one without), people
//! added, a past meeting with agenda, published minutes and open agreed actions; all
//! through the use cases, as people would do it.

use chrono::Utc;
use migraup_domain::{Visibility, error::DomainResult};
use sea_orm::EntityTrait;
use serde::Deserialize;
use uuid::Uuid;

use super::{DemoData, Seeded};
use crate::{
    Core,
    errors::DbResultExt,
    events::EventInput,
    groups::{GroupInput, actions::ActionInput, meetings::NotesInput},
    translations::TranslationInput,
};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DemoGroup {
    name: String,
    description: String,
    visibility: Visibility,
    /// Topic slugs.
    topics: Vec<String>,
    coordinator: String,
    /// The description in more languages.
    #[serde(default)]
    translations: Vec<DemoText>,
    organisations: Vec<String>,
    /// Accounts added as individual members.
    people: Vec<String>,
    meeting: DemoMeeting,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoText {
    language: String,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoMeeting {
    title: String,
    /// Days from seeding (negative: it took place).
    in_days: i64,
    venue: String,
    agenda: String,
    minutes: String,
    actions: Vec<DemoAction>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoAction {
    title: String,
    /// An organisation's name.
    owner: String,
    due_in_days: i64,
}

impl Core {
    pub(super) async fn seed_demo_groups(&self, data: &DemoData, seeded: &Seeded) -> DomainResult<()> {
        let topics = crate::entities::topic::Entity::find().all(self.db()).await.internal()?;
        let admin = seeded.actor(&data.accounts[0].key)?;
        for g in &data.groups {
            let coordinator = seeded.actor(&g.coordinator)?;
            let topic_ids = g.topics.iter().filter_map(|slug| topics.iter().find(|t| &t.slug == slug).map(|t| t.id)).collect();
            let translations = g
                .translations
                .iter()
                .map(|t| TranslationInput { language: t.language.clone(), title: None, description: Some(t.description.clone()) })
                .collect();
            let input = GroupInput {
                name: g.name.clone(),
                description: Some(g.description.clone()),
                content_language: Some("de".into()),
                translations,
                visibility: Some(g.visibility),
                topic_ids,
            };
            let group = self.create_working_group(&coordinator, input).await?;
            let mut organisations: Vec<Uuid> = Vec::new();
            for name in &g.organisations {
                let org = seeded.organisation(name)?;
                let request = self.invite_organisation_to_group(&coordinator, group.id, org, None).await?;
                let answering = seeded.speaking_for(org).unwrap_or_else(|| admin.clone());
                self.decide_request(&answering, request.id, request.version, true, None).await?;
                organisations.push(org);
            }
            for key in &g.people {
                self.add_group_person(&coordinator, group.id, &seeded.account(key)?.email, false).await?;
            }
            let m = &g.meeting;
            let day = crate::berlin::local(Utc::now() + chrono::Duration::days(m.in_days)).format("%Y-%m-%d").to_string();
            let input = EventInput {
                title: m.title.clone(),
                starts_at: format!("{day}T17:00"),
                ends_at: format!("{day}T19:00"),
                venue: Some(m.venue.clone()),
                visibility: Some(g.visibility),
                ..Default::default()
            };
            let meeting = self.plan_meeting(&coordinator, group.id, input, Some(m.agenda.clone())).await?;
            self.publish_event(&coordinator, meeting.id).await?;
            let notes = NotesInput {
                agenda: Some(m.agenda.clone()),
                minutes: Some(m.minutes.clone()),
                documents: Vec::new(),
                attendee_organisation_ids: organisations.clone(),
                attendee_person_ids: Vec::new(),
            };
            let saved = self.save_meeting_notes(&coordinator, meeting.id, 1, notes).await?;
            self.publish_minutes(&coordinator, meeting.id, saved.version).await?;
            for a in &m.actions {
                let due = crate::berlin::local(Utc::now() + chrono::Duration::days(a.due_in_days)).format("%Y-%m-%d").to_string();
                let input = ActionInput {
                    title: a.title.clone(),
                    owner_person_id: None,
                    owner_organisation_id: Some(seeded.organisation(&a.owner)?),
                    due_on: due,
                };
                self.record_action(&coordinator, meeting.id, input).await?;
            }
        }
        Ok(())
    }
}
