//! A working group's meetings: events of the group (registration, calendar files and
//! co-organisers work as for every event) with an agenda before, minutes after
//! (Markdown, rendered safely by `crate::markdown`), attendance and documents as
//! links. Members are mailed the invitation when the meeting is published and the
//! minutes when they are.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, EventStatus, Operation, Reason, bounds, error::DomainResult, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use super::{load, load_managed};
pub(crate) use crate::group_roles::meeting_visibility;
use crate::{
    Actor, Core, audit, berlin,
    entities::{
        event,
        stored::Stored,
        working_group::{attendance, document, group, member, notes},
    },
    errors::DbResultExt,
    events::EventInput,
    mail_texts::Mail,
    views::Event,
};

/// The agenda and minutes of a meeting as the actor may see them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MeetingNotes {
    pub event_id: Uuid,
    /// Markdown as written (for the editor) and as safe HTML (for reading).
    pub agenda: Option<String>,
    pub agenda_html: Option<String>,
    /// Only when published, or for those who keep them.
    pub minutes: Option<String>,
    pub minutes_html: Option<String>,
    pub minutes_published_at: Option<DateTime<Utc>>,
    pub documents: Vec<MeetingDocument>,
    pub attendance: Vec<Attendee>,
    pub version: i32,
    pub can_edit: bool,
}

/// A document of a meeting, as a link.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingDocument {
    pub title: String,
    pub url: String,
}

/// Someone who attended: an organisation, or a person (named to signed-in people only).
#[derive(Clone, Debug, PartialEq)]
pub struct Attendee {
    pub organisation_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub name: String,
}

/// The notes form: the whole notes each time.
#[derive(Clone, Debug, Default)]
pub struct NotesInput {
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub documents: Vec<(String, String)>,
    pub attendee_organisation_ids: Vec<Uuid>,
    pub attendee_person_ids: Vec<Uuid>,
}

/// Agenda and minutes stand under an `h4` ("Protokoll"): their own headings start below it.
const NOTES_HEADING: usize = 3;

/// A meeting the actor may keep notes of: an event of a group they coordinate.
async fn load_meeting(db: &impl ConnectionTrait, actor: &Actor, event_id: Uuid) -> DomainResult<(event::Model, group::Model)> {
    let (found, _, _) = crate::events::load(db, actor, event_id).await?;
    let group_id = found.group_id.ok_or_else(|| DomainError::invalid("eventId", Reason::InvalidState))?;
    let (g, _) = load_managed(db, actor, group_id).await?;
    Ok((found, g))
}

fn text(field: &str, value: Option<&str>) -> DomainResult<Option<String>> {
    validate::optional_text(field, value, 50_000)
}

impl Core {
    /// Plans a meeting of a group (a draft event of the group); coordinators only.
    pub async fn plan_meeting(&self, actor: &Actor, group_id: Uuid, input: EventInput, agenda: Option<String>) -> DomainResult<Event> {
        let user = actor.require_user()?.clone();
        let agenda = text("agenda", agenda.as_deref())?;
        let txn = self.begin_write().await?;
        let (g, _) = load_managed(&txn, actor, group_id).await?;
        let mut valid = input.validate(&txn, actor, None).await?;
        valid.visibility = meeting_visibility(&txn, g.id, valid.visibility).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut model = event::ActiveModel {
            id: Set(id),
            status: Set(Stored(EventStatus::Draft)),
            cancel_reason: Set(None),
            created_by: Set(Some(user.id)),
            group_id: Set(Some(g.id)),
            queue_seq: Set(0),
            anonymised_registrations: Set(0),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        valid.apply(&mut model);
        model.insert(&txn).await.internal()?;
        valid.replace_links(&txn, id).await?;
        notes::ActiveModel {
            event_id: Set(id),
            agenda: Set(agenda),
            minutes: Set(None),
            minutes_published_at: Set(None),
            updated_by: Set(Some(user.id)),
            version: Set(1),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        audit::record(&txn, Some(user.id), "plan_meeting", "working_group", g.id, json!({ "event": id, "title": valid.title })).await?;
        txn.commit().await.internal()?;
        self.event(actor, id).await?.ok_or_else(DomainError::internal)
    }

    /// The meetings of a group the actor may see, the latest first.
    pub async fn group_meetings(&self, actor: &Actor, group_id: Uuid) -> DomainResult<Vec<Event>> {
        load(self.db(), actor, group_id).await?;
        Ok(self.meetings_of_groups(actor, &[group_id]).await?.remove(&group_id).unwrap_or_default())
    }

    /// The meetings of each of these groups the actor may see (the latest first, at
    /// most `MEETINGS_PER_GROUP` each), in two statements however many groups.
    pub async fn meetings_of_groups(&self, actor: &Actor, group_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Event>>> {
        let visible: Vec<Uuid> = group::Entity::find()
            .filter(group::Column::Id.is_in(group_ids.to_vec()))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .filter(|g| super::can_view(actor, g.visibility.0))
            .map(|g| g.id)
            .collect();
        let standing = super::standings(self.db(), actor, &visible).await?;
        let rows = event::Entity::find()
            .filter(event::Column::GroupId.is_in(visible.clone()))
            .order_by_desc(event::Column::StartsAt)
            .limit(bounds::MEETINGS_PER_GROUP * visible.len().max(1) as u64)
            .all(self.db())
            .await
            .internal()?;
        let mut out: HashMap<Uuid, Vec<Event>> = group_ids.iter().map(|g| (*g, Vec::new())).collect();
        for m in rows {
            let Some(group_id) = m.group_id else { continue };
            let coordinator = standing.get(&group_id).is_some_and(|s| s.coordinator);
            let manager = actor.may_as(Operation::ManageGroup, coordinator);
            let creator = m.created_by.is_some() && m.created_by == actor.user_id();
            let list = out.entry(group_id).or_default();
            let seen = manager || creator || migraup_domain::policy::can_view_event(actor.role(), m.visibility.0, m.status.0, false);
            if seen && (list.len() as u64) < bounds::MEETINGS_PER_GROUP {
                let as_planner = if manager { crate::events::Standing::COORDINATOR } else { Default::default() };
                list.push(crate::events::view(actor, m, as_planner));
            }
        }
        Ok(out)
    }

    /// The notes of these meetings, for those the actor may see.
    pub async fn meeting_notes(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, MeetingNotes>> {
        let db = self.db();
        let events = event::Entity::find().filter(event::Column::Id.is_in(event_ids.to_vec())).all(db).await.internal()?;
        let group_ids: Vec<Uuid> = events.iter().filter_map(|e| e.group_id).collect();
        let standing = super::standings(db, actor, &group_ids).await?;
        let groups: HashMap<Uuid, group::Model> = group::Entity::find()
            .filter(group::Column::Id.is_in(group_ids))
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|g| (g.id, g))
            .collect();
        let mut visible: HashMap<Uuid, bool> = HashMap::new();
        for e in &events {
            let Some(g) = e.group_id.and_then(|g| groups.get(&g)) else { continue };
            if !super::can_view(actor, g.visibility.0) {
                continue;
            }
            let coordinator = standing.get(&g.id).is_some_and(|s| s.coordinator);
            let keeper = actor.may_as(Operation::ManageGroup, coordinator);
            let creator = e.created_by.is_some() && e.created_by == actor.user_id();
            if keeper || creator || migraup_domain::policy::can_view_event(actor.role(), e.visibility.0, e.status.0, false) {
                visible.insert(e.id, keeper);
            }
        }
        let ids: Vec<Uuid> = visible.keys().copied().collect();
        let rows = notes::Entity::find().filter(notes::Column::EventId.is_in(ids.clone())).all(db).await.internal()?;
        let docs = document::Entity::find()
            .filter(document::Column::EventId.is_in(ids.clone()))
            .order_by_asc(document::Column::Position)
            .all(db)
            .await
            .internal()?;
        let present = attendance::Entity::find().filter(attendance::Column::EventId.is_in(ids)).all(db).await.internal()?;
        let present_orgs = present.iter().filter_map(|a| a.organisation_id);
        let (org_names, people) = crate::group_roles::names(db, actor, present_orgs, present.iter().filter_map(|a| a.user_id)).await?;
        let mut out = HashMap::new();
        for n in rows {
            let keeper = visible.get(&n.event_id).copied().unwrap_or(false);
            let minutes_shown = keeper || n.minutes_published_at.is_some();
            let minutes = n.minutes.filter(|_| minutes_shown);
            out.insert(
                n.event_id,
                MeetingNotes {
                    event_id: n.event_id,
                    agenda_html: n.agenda.as_deref().map(|a| crate::markdown::nested_html(a, NOTES_HEADING)),
                    agenda: n.agenda,
                    minutes_html: minutes.as_deref().map(|m| crate::markdown::nested_html(m, NOTES_HEADING)),
                    minutes,
                    minutes_published_at: n.minutes_published_at,
                    documents: docs
                        .iter()
                        .filter(|d| d.event_id == n.event_id)
                        .map(|d| MeetingDocument { title: d.title.clone(), url: d.url.clone() })
                        .collect(),
                    attendance: present
                        .iter()
                        .filter(|a| a.event_id == n.event_id && minutes_shown)
                        .filter_map(|a| {
                            let org = a.organisation_id.and_then(|o| org_names.get(&o).map(|(name, _)| (Some(o), None, name.clone())));
                            let person = a.user_id.and_then(|u| people.get(&u).map(|name| (None, Some(u), name.clone())));
                            org.or(person).map(|(organisation_id, person_id, name)| Attendee { organisation_id, person_id, name })
                        })
                        .collect(),
                    version: n.version,
                    can_edit: keeper,
                },
            );
        }
        Ok(out)
    }

    /// Saves agenda, minutes, documents and attendance of a meeting; `CONFLICT` when
    /// another coordinator saved in between.
    pub async fn save_meeting_notes(
        &self,
        actor: &Actor,
        event_id: Uuid,
        expected_version: i32,
        input: NotesInput,
    ) -> DomainResult<MeetingNotes> {
        let agenda = text("agenda", input.agenda.as_deref())?;
        let minutes = text("minutes", input.minutes.as_deref())?;
        if input.documents.len() as u64 > bounds::DOCUMENTS_PER_MEETING {
            return Err(DomainError::invalid("documents", Reason::TooManyItems { max: bounds::DOCUMENTS_PER_MEETING as usize }));
        }
        let mut documents = Vec::new();
        for (i, (title, url)) in input.documents.iter().enumerate() {
            let title = validate::line(&format!("documents.{i}.title"), title, 2, 200)?;
            let url = validate::optional_url(&format!("documents.{i}.url"), Some(url))?
                .ok_or_else(|| DomainError::invalid(&format!("documents.{i}.url"), Reason::Required))?;
            documents.push((title, url));
        }
        let attendees = input.attendee_organisation_ids.len() + input.attendee_person_ids.len();
        if attendees as u64 > bounds::GROUP_MEMBERS {
            return Err(DomainError::invalid("attendance", Reason::TooManyItems { max: bounds::GROUP_MEMBERS as usize }));
        }
        let txn = self.begin_write().await?;
        let (found, g) = load_meeting(&txn, actor, event_id).await?;
        // Attendance names members of the group only.
        let members = super::members::active(&txn, &[g.id]).await?;
        let org_ok = |o: &Uuid| members.iter().any(|m| m.organisation_id == Some(*o));
        let person_ok = |p: &Uuid| members.iter().any(|m| m.user_id == Some(*p));
        if !input.attendee_organisation_ids.iter().all(org_ok) {
            return Err(DomainError::invalid("attendeeOrganisationIds", Reason::UnknownId));
        }
        if !input.attendee_person_ids.iter().all(person_ok) {
            return Err(DomainError::invalid("attendeePersonIds", Reason::UnknownId));
        }
        let claimed = notes::Entity::update_many()
            .col_expr(notes::Column::Agenda, Expr::value(agenda))
            .col_expr(notes::Column::Minutes, Expr::value(minutes))
            .col_expr(notes::Column::UpdatedBy, Expr::value(actor.user_id()))
            .col_expr(notes::Column::UpdatedAt, Expr::value(Utc::now()))
            .col_expr(notes::Column::Version, Expr::col(notes::Column::Version).add(1))
            .filter(notes::Column::EventId.eq(event_id))
            .filter(notes::Column::Version.eq(expected_version))
            .filter(notes::Column::Version.lt(i32::MAX))
            .exec(&txn)
            .await
            .internal()?;
        if claimed.rows_affected != 1 {
            let current = notes::Entity::find_by_id(event_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
            return Err(DomainError::conflict(current.version));
        }
        document::Entity::delete_many().filter(document::Column::EventId.eq(event_id)).exec(&txn).await.internal()?;
        for (i, (title, url)) in documents.into_iter().enumerate() {
            document::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event_id),
                title: Set(title),
                url: Set(url),
                position: Set(i as i32),
            }
            .insert(&txn)
            .await
            .internal()?;
        }
        attendance::Entity::delete_many().filter(attendance::Column::EventId.eq(event_id)).exec(&txn).await.internal()?;
        let mut seen = std::collections::HashSet::new();
        let orgs = input.attendee_organisation_ids.iter().map(|o| (Some(*o), None));
        let people = input.attendee_person_ids.iter().map(|p| (None, Some(*p)));
        for (organisation_id, user_id) in orgs.chain(people) {
            if !seen.insert((organisation_id, user_id)) {
                continue;
            }
            attendance::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event_id),
                organisation_id: Set(organisation_id),
                user_id: Set(user_id),
            }
            .insert(&txn)
            .await
            .internal()?;
        }
        audit::record(&txn, actor, "save_minutes", "working_group", g.id, json!({ "event": found.id })).await?;
        txn.commit().await.internal()?;
        self.meeting_notes(actor, &[event_id]).await?.remove(&event_id).ok_or_else(DomainError::internal)
    }

    /// Publishes the minutes: members read them and are told by e-mail.
    pub async fn publish_minutes(&self, actor: &Actor, event_id: Uuid, expected_version: i32) -> DomainResult<MeetingNotes> {
        let txn = self.begin_write().await?;
        let (found, g) = load_meeting(&txn, actor, event_id).await?;
        let current = notes::Entity::find_by_id(event_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if current.minutes.as_deref().is_none_or(|m| m.trim().is_empty()) {
            return Err(DomainError::invalid("minutes", Reason::Required));
        }
        if current.minutes_published_at.is_some() {
            return Err(DomainError::invalid("minutes", Reason::InvalidState));
        }
        let claimed = notes::Entity::update_many()
            .col_expr(notes::Column::MinutesPublishedAt, Expr::value(Utc::now()))
            .col_expr(notes::Column::Version, Expr::col(notes::Column::Version).add(1))
            .filter(notes::Column::EventId.eq(event_id))
            .filter(notes::Column::Version.eq(expected_version))
            .exec(&txn)
            .await
            .internal()?;
        if claimed.rows_affected != 1 {
            return Err(DomainError::conflict(current.version));
        }
        let link = format!("{}/groups/{}", self.settings().public_url.trim_end_matches('/'), g.slug);
        for to in crate::recipients::group_members(&txn, g.id).await? {
            let values = [("group", g.name.as_str()), ("title", found.title.as_str()), ("link", link.as_str())];
            crate::mail_texts::send(&txn, &to, Mail::MinutesPublished, &values).await?;
        }
        audit::record(&txn, actor, "publish_minutes", "working_group", g.id, json!({ "event": event_id })).await?;
        txn.commit().await.internal()?;
        self.meeting_notes(actor, &[event_id]).await?.remove(&event_id).ok_or_else(DomainError::internal)
    }

    /// Mails a published meeting's invitation to the group's members, each in their
    /// language (in the caller's transaction).
    pub(crate) async fn notify_meeting(&self, db: &impl ConnectionTrait, meeting: &event::Model, group_id: Uuid) -> DomainResult<()> {
        let Some(g) = group::Entity::find_by_id(group_id).one(db).await.internal()? else { return Ok(()) };
        let agenda = notes::Entity::find_by_id(meeting.id)
            .one(db)
            .await
            .internal()?
            .and_then(|n| n.agenda)
            .map(|a| crate::markdown::plain(&a))
            .unwrap_or_else(|| "–".into());
        let link = format!("{}/events/{}", self.settings().public_url.trim_end_matches('/'), meeting.id);
        for to in crate::recipients::group_members(db, g.id).await? {
            let when = berlin::human(to.lang, meeting.starts_at);
            let values = [
                ("group", g.name.as_str()),
                ("title", meeting.title.as_str()),
                ("when", when.as_str()),
                ("agenda", agenda.as_str()),
                ("link", link.as_str()),
            ];
            crate::mail_texts::send(db, &to, Mail::MeetingInvitation, &values).await?;
        }
        Ok(())
    }

    /// The next published meetings of the groups the actor (or an organisation they act
    /// for) belongs to, soonest first.
    pub async fn my_next_meetings(&self, actor: &Actor) -> DomainResult<Vec<Event>> {
        let Some(user) = actor.user.as_ref().filter(|_| !actor.is_provisional()) else { return Ok(Vec::new()) };
        let groups: Vec<Uuid> = member::Entity::find()
            .select_only()
            .column(member::Column::GroupId)
            .filter(member::Column::ActiveKey.is_not_null())
            .filter(
                sea_orm::Condition::any()
                    .add(member::Column::UserId.eq(user.id))
                    .add(member::Column::OrganisationId.is_in(user.organisations.clone())),
            )
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let rows = event::Entity::find()
            .filter(event::Column::GroupId.is_in(groups))
            .filter(event::Column::Status.eq(EventStatus::Published.as_str()))
            .filter(event::Column::EndsAt.gte(Utc::now()))
            .order_by_asc(event::Column::StartsAt)
            .limit(20)
            .all(self.db())
            .await
            .internal()?;
        Ok(rows.into_iter().map(|m| crate::events::view(actor, m, Default::default())).collect())
    }
}
