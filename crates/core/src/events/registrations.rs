//! Seats and the waitlist. Every change first bumps the event's `queue_seq`: that
//! write takes the event row's lock (PostgreSQL) or the database write lock
//! (SQLite) for the transaction, so requests for the last seat queue up and each
//! one counts the seats after the one before it has committed.
//!
//! Members (`event_registrations`) and confirmed visitors of public events
//! (`event_guests`, see `guests.rs`) share the seats and one waitlist: both take
//! their `queue_no` from the event's `queue_seq`.

use crate::entities::stored::Stored;
use std::collections::HashMap;

use chrono::Utc;
use migraup_domain::{DomainError, EventStatus, Operation, Reason, RegistrationStatus, error::DomainResult};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{load, load_managed, status_of};
use crate::mail_texts::Mail;
use crate::{
    Actor, Core, berlin,
    entities::{event, event_guest, event_registration, user},
    errors::DbResultExt,
    views::{Registrant, Registration, SeatCounts},
};

/// Takes the event's queue lock and returns the event as it is now.
pub(crate) async fn lock(db: &impl ConnectionTrait, event_id: Uuid) -> DomainResult<event::Model> {
    event::Entity::update_many()
        .col_expr(event::Column::QueueSeq, Expr::col(event::Column::QueueSeq).add(1))
        .filter(event::Column::Id.eq(event_id))
        .exec(db)
        .await
        .internal()?;
    event::Entity::find_by_id(event_id).one(db).await.internal()?.ok_or_else(DomainError::not_found)
}

/// Members and confirmed visitors with `status`.
pub(crate) async fn count(db: &impl ConnectionTrait, event_id: Uuid, status: RegistrationStatus) -> DomainResult<u64> {
    let members = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .filter(event_registration::Column::Status.eq(status.as_str()))
        .count(db)
        .await
        .internal()?;
    let guests = event_guest::Entity::find()
        .filter(event_guest::Column::EventId.eq(event_id))
        .filter(event_guest::Column::Status.eq(status.as_str()))
        .count(db)
        .await
        .internal()?;
    Ok(members + guests)
}

/// How many members and visitors wait ahead of `queue_no` (1-based place).
pub(crate) async fn place(db: &impl ConnectionTrait, event_id: Uuid, queue_no: i32) -> DomainResult<u32> {
    let members = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .filter(event_registration::Column::QueueNo.lt(queue_no))
        .count(db)
        .await
        .internal()?;
    let guests = event_guest::Entity::find()
        .filter(event_guest::Column::EventId.eq(event_id))
        .filter(event_guest::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .filter(event_guest::Column::QueueNo.lt(queue_no))
        .count(db)
        .await
        .internal()?;
    Ok((members + guests) as u32 + 1)
}

/// Whether a newcomer gets a seat now: one is free and nobody waits.
pub(crate) async fn seat_free(db: &impl ConnectionTrait, e: &event::Model) -> DomainResult<bool> {
    let registered = count(db, e.id, RegistrationStatus::Registered).await?;
    let waiting = count(db, e.id, RegistrationStatus::Waitlisted).await?;
    Ok(e.capacity.is_none_or(|c| registered < c as u64) && waiting == 0)
}

/// The 1-based waitlist position of a waiting registration.
async fn position(db: &impl ConnectionTrait, r: &event_registration::Model) -> DomainResult<Option<u32>> {
    if r.status.0 != RegistrationStatus::Waitlisted {
        return Ok(None);
    }
    Ok(Some(place(db, r.event_id, r.queue_no).await?))
}

fn registration(r: &event_registration::Model, position: Option<u32>) -> Registration {
    Registration { event_id: r.event_id, status: r.status.0, position, created_at: r.created_at }
}

/// Who moved up from the waitlist: members by account, visitors by address.
#[derive(Default)]
pub(crate) struct Promoted {
    pub users: Vec<Uuid>,
    pub guests: Vec<crate::mail_texts::Recipient>,
}

/// Moves people from the waitlist to free seats, first come first served, members and
/// visitors in one queue. Must run under the queue lock (or the version claim, which
/// locks the same row).
pub(crate) async fn fill_seats(db: &impl ConnectionTrait, e: &event::Model) -> DomainResult<Promoted> {
    let mut promoted = Promoted::default();
    if status_of(e) != EventStatus::Published {
        return Ok(promoted);
    }
    // `None`: no seat limit, so no LIMIT either.
    let free = match e.capacity {
        Some(capacity) => Some((capacity as u64).saturating_sub(count(db, e.id, RegistrationStatus::Registered).await?)),
        None => None,
    };
    if free == Some(0) {
        return Ok(promoted);
    }
    let members = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(e.id))
        .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order_by_asc(event_registration::Column::QueueNo)
        .limit(free)
        .all(db)
        .await
        .internal()?;
    let guests = event_guest::Entity::find()
        .filter(event_guest::Column::EventId.eq(e.id))
        .filter(event_guest::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order_by_asc(event_guest::Column::QueueNo)
        .limit(free)
        .all(db)
        .await
        .internal()?;
    // The first `free` of both queues, merged by their place.
    let mut queue: Vec<(i32, Result<event_registration::Model, event_guest::Model>)> =
        members.into_iter().map(|m| (m.queue_no, Ok(m))).chain(guests.into_iter().map(|g| (g.queue_no, Err(g)))).collect();
    queue.sort_by_key(|(no, _)| *no);
    queue.truncate(free.map_or(usize::MAX, |f| f as usize));
    let now = Utc::now();
    for (_, waiting) in queue {
        match waiting {
            Ok(r) => {
                promoted.users.push(r.user_id);
                let mut seat: event_registration::ActiveModel = r.into();
                seat.status = Set(Stored(RegistrationStatus::Registered));
                seat.updated_at = Set(now);
                seat.update(db).await.internal()?;
            }
            Err(g) => {
                promoted.guests.push(crate::mail_texts::Recipient { email: g.email.clone(), lang: g.lang.0 });
                let mut seat: event_guest::ActiveModel = g.into();
                seat.status = Set(Some(Stored(RegistrationStatus::Registered)));
                seat.updated_at = Set(now);
                seat.update(db).await.internal()?;
            }
        }
    }
    Ok(promoted)
}

/// Everyone registered or waiting: they hear of a cancellation.
pub(crate) async fn people_to_tell(db: &impl ConnectionTrait, event_id: Uuid) -> DomainResult<Vec<crate::mail_texts::Recipient>> {
    let ids: Vec<Uuid> = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .filter(event_registration::Column::Status.ne(RegistrationStatus::Cancelled.as_str()))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut people: Vec<crate::mail_texts::Recipient> =
        user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await.internal()?.iter().map(Into::into).collect();
    let guests = event_guest::Entity::find()
        .filter(event_guest::Column::EventId.eq(event_id))
        .filter(event_guest::Column::Status.is_in([RegistrationStatus::Registered.as_str(), RegistrationStatus::Waitlisted.as_str()]))
        .all(db)
        .await
        .internal()?;
    people.extend(guests.into_iter().map(|g| crate::mail_texts::Recipient { email: g.email, lang: g.lang.0 }));
    Ok(people)
}

impl Core {
    /// Takes a seat, or a place on the waitlist when the event is full. Asking again
    /// answers the registration one already has.
    pub async fn register_for_event(&self, actor: &Actor, event_id: Uuid) -> DomainResult<Registration> {
        let user = actor.require_user()?.clone();
        actor.authorize_as(Operation::RegisterForEvent, false)?;
        let txn = self.begin_write().await?;
        let e = lock(&txn, event_id).await?;
        load(&txn, actor, event_id).await?;
        if status_of(&e) != EventStatus::Published || e.ends_at <= Utc::now() {
            return Err(DomainError::invalid("eventId", Reason::InvalidState));
        }
        let existing = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.eq(event_id))
            .filter(event_registration::Column::UserId.eq(user.id))
            .one(&txn)
            .await
            .internal()?;
        if let Some(r) = &existing
            && r.status.0 != RegistrationStatus::Cancelled
        {
            let pos = position(&txn, r).await?;
            txn.commit().await.internal()?;
            return Ok(registration(r, pos));
        }
        let status = if seat_free(&txn, &e).await? { RegistrationStatus::Registered } else { RegistrationStatus::Waitlisted };
        let now = Utc::now();
        let saved = match existing {
            Some(r) => {
                let mut again: event_registration::ActiveModel = r.into();
                again.status = Set(Stored(status));
                again.queue_no = Set(e.queue_seq);
                again.updated_at = Set(now);
                again.update(&txn).await.internal()?
            }
            None => event_registration::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event_id),
                user_id: Set(user.id),
                status: Set(Stored(status)),
                queue_no: Set(e.queue_seq),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .internal()?,
        };
        let pos = position(&txn, &saved).await?;
        txn.commit().await.internal()?;
        tracing::info!(event.id = %event_id, status = status.as_str(), "registration");
        Ok(registration(&saved, pos))
    }

    /// Gives a seat (or waitlist place) back; the first person waiting moves up.
    pub async fn cancel_registration(&self, actor: &Actor, event_id: Uuid) -> DomainResult<Registration> {
        let user = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let e = lock(&txn, event_id).await?;
        load(&txn, actor, event_id).await?;
        let found = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.eq(event_id))
            .filter(event_registration::Column::UserId.eq(user.id))
            .filter(event_registration::Column::Status.ne(RegistrationStatus::Cancelled.as_str()))
            .one(&txn)
            .await
            .internal()?
            .ok_or_else(DomainError::not_found)?;
        let mut cancelled: event_registration::ActiveModel = found.into();
        cancelled.status = Set(Stored(RegistrationStatus::Cancelled));
        cancelled.updated_at = Set(Utc::now());
        let saved = cancelled.update(&txn).await.internal()?;
        let promoted = fill_seats(&txn, &e).await?;
        self.notify_promoted(&txn, &e, &promoted).await?;
        txn.commit().await.internal()?;
        Ok(registration(&saved, None))
    }

    /// The actor's registrations for a batch of events (cancelled ones left out).
    pub async fn my_registrations(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Registration>> {
        let Some(user) = actor.user.as_ref() else { return Ok(HashMap::new()) };
        let rows = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.is_in(event_ids.to_vec()))
            .filter(event_registration::Column::UserId.eq(user.id))
            .filter(event_registration::Column::Status.ne(RegistrationStatus::Cancelled.as_str()))
            .all(self.db())
            .await
            .internal()?;
        // Everyone waiting at those events, in one statement; positions are counted here.
        let waiting_at: Vec<Uuid> = rows.iter().filter(|r| r.status.0 == RegistrationStatus::Waitlisted).map(|r| r.event_id).collect();
        let waiting = if waiting_at.is_empty() {
            Vec::new()
        } else {
            event_registration::Entity::find()
                .filter(event_registration::Column::EventId.is_in(waiting_at))
                .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
                .all(self.db())
                .await
                .internal()?
        };
        Ok(rows
            .iter()
            .map(|r| {
                let pos = (r.status.0 == RegistrationStatus::Waitlisted)
                    .then(|| waiting.iter().filter(|w| w.event_id == r.event_id && w.queue_no < r.queue_no).count() as u32 + 1);
                (r.event_id, registration(r, pos))
            })
            .collect())
    }

    /// Seats taken and people waiting, for the events of a batch the actor may see.
    pub async fn seat_counts(&self, actor: &Actor, event_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, SeatCounts>> {
        let visible = || super::list::visible_among(actor, event_ids);
        let rows: Vec<(Uuid, Stored<RegistrationStatus>, i64)> = event_registration::Entity::find()
            .select_only()
            .column(event_registration::Column::EventId)
            .column(event_registration::Column::Status)
            .column_as(Expr::col(event_registration::Column::Id).count(), "n")
            .filter(event_registration::Column::EventId.in_subquery(visible()))
            .group_by(event_registration::Column::EventId)
            .group_by(event_registration::Column::Status)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let guests: Vec<(Uuid, Stored<RegistrationStatus>, i64)> = event_guest::Entity::find()
            .select_only()
            .column(event_guest::Column::EventId)
            .column(event_guest::Column::Status)
            .column_as(Expr::col(event_guest::Column::Id).count(), "n")
            .filter(event_guest::Column::EventId.in_subquery(visible()))
            .filter(event_guest::Column::Status.is_not_null())
            .group_by(event_guest::Column::EventId)
            .group_by(event_guest::Column::Status)
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        let mut out: HashMap<Uuid, SeatCounts> = event_ids.iter().map(|id| (*id, SeatCounts::default())).collect();
        for (id, status, n) in rows.into_iter().chain(guests) {
            let entry = out.entry(id).or_default();
            match status.0 {
                RegistrationStatus::Registered => entry.registered += n as u64,
                RegistrationStatus::Waitlisted => entry.waitlisted += n as u64,
                RegistrationStatus::Cancelled => {}
            }
        }
        // Seats of long-ended events whose registrations the retention task removed.
        let anonymised: Vec<(Uuid, i32)> = event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .column(event::Column::AnonymisedRegistrations)
            .filter(event::Column::Id.in_subquery(visible()))
            .filter(event::Column::AnonymisedRegistrations.gt(0))
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        for (id, n) in anonymised {
            out.entry(id).or_default().registered += n as u64;
        }
        Ok(out)
    }

    /// Everyone registered and waiting, for the organisers: seats first, then the
    /// waitlist in order.
    pub async fn event_registrations(&self, actor: &Actor, event_id: Uuid) -> DomainResult<Vec<Registrant>> {
        load_managed(self.db(), actor, event_id).await?;
        let rows = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.eq(event_id))
            .filter(event_registration::Column::Status.ne(RegistrationStatus::Cancelled.as_str()))
            .order_by_asc(event_registration::Column::QueueNo)
            .all(self.db())
            .await
            .internal()?;
        let users: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id).collect::<Vec<_>>()))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let guests = event_guest::Entity::find()
            .filter(event_guest::Column::EventId.eq(event_id))
            .filter(event_guest::Column::Status.is_in([RegistrationStatus::Registered.as_str(), RegistrationStatus::Waitlisted.as_str()]))
            .all(self.db())
            .await
            .internal()?;
        // Members and visitors in their one queue.
        let mut queue: Vec<(i32, Registrant)> = rows
            .iter()
            .filter_map(|r| {
                let u = users.get(&r.user_id)?;
                let person = Registrant {
                    display_name: u.display_name.clone(),
                    email: u.email.clone(),
                    guest: false,
                    registration: registration(r, None),
                };
                Some((r.queue_no, person))
            })
            .chain(guests.into_iter().filter_map(|g| {
                let status = g.status?.0;
                let registration =
                    Registration { event_id: g.event_id, status, position: None, created_at: g.confirmed_at.unwrap_or(g.created_at) };
                Some((g.queue_no, Registrant { display_name: g.name, email: g.email, guest: true, registration }))
            }))
            .collect();
        queue.sort_by_key(|(no, _)| *no);
        let mut waiting = 0;
        let mut out: Vec<Registrant> = queue
            .into_iter()
            .map(|(_, mut r)| {
                if r.registration.status == RegistrationStatus::Waitlisted {
                    waiting += 1;
                    r.registration.position = Some(waiting);
                }
                r
            })
            .collect();
        out.sort_by_key(|r| r.registration.status != RegistrationStatus::Registered);
        Ok(out)
    }

    /// The registrations as CSV (UTF-8, comma-separated, header row) for spreadsheets.
    pub async fn event_registrations_csv(&self, actor: &Actor, event_id: Uuid) -> DomainResult<String> {
        let rows = self.event_registrations(actor, event_id).await?;
        let t = |key| migraup_domain::texts::text(actor.lang, key);
        let header =
            ["registrations_name", "registrations_email", "registrations_status", "registrations_position", "registrations_registered_at"]
                .map(t);
        let lines = rows.into_iter().filter_map(|r| {
            let status = match r.registration.status {
                RegistrationStatus::Registered => t("registrations_registered"),
                RegistrationStatus::Waitlisted => t("registrations_waitlisted"),
                RegistrationStatus::Cancelled => return None,
            };
            let position = r.registration.position.map(|p| p.to_string()).unwrap_or_default();
            let when = berlin::format_local(r.registration.created_at).replace('T', " ");
            Some(vec![r.display_name, r.email, status.to_owned(), position, when])
        });
        migraup_formats::csv::write(&header, lines)
    }

    /// Tells people who moved up from the waitlist (into the outbox, in the caller's transaction).
    pub(crate) async fn notify_promoted(&self, db: &impl ConnectionTrait, e: &event::Model, promoted: &Promoted) -> DomainResult<()> {
        if promoted.users.is_empty() && promoted.guests.is_empty() {
            return Ok(());
        }
        let people = user::Entity::find().filter(user::Column::Id.is_in(promoted.users.clone())).all(db).await.internal()?;
        let link = format!("{}/events/{}", self.settings().public_url.trim_end_matches('/'), e.id);
        let recipients = people.iter().map(Into::into).chain(promoted.guests.iter().cloned());
        for to in recipients {
            let when = berlin::human(to.lang, e.starts_at);
            let values = [("title", e.title.as_str()), ("when", &when), ("link", &link)];
            crate::mail_texts::send(db, &to, Mail::SeatAvailable, &values).await?;
        }
        Ok(())
    }

    /// Tells everyone registered that the event is called off (into the outbox, in the
    /// caller's transaction).
    pub(crate) async fn notify_cancelled(
        &self,
        db: &impl ConnectionTrait,
        e: &event::Model,
        people: &[crate::mail_texts::Recipient],
    ) -> DomainResult<()> {
        let reason = e.cancel_reason.clone().map(|r| format!("\n{r}\n")).unwrap_or_default();
        for address in people {
            let when = berlin::human(address.lang, e.starts_at);
            let values = [("title", e.title.as_str()), ("when", &when), ("reason", &reason)];
            crate::mail_texts::send(db, address, Mail::EventCancelled, &values).await?;
        }
        Ok(())
    }
}

/// Registrations of events that ended more than `months` ago are deleted; the event
/// keeps only how many seats were taken (for the network's figures), nobody's name.
pub(crate) async fn anonymise_old_registrations(db: &impl ConnectionTrait, now: chrono::DateTime<Utc>, months: u32) -> DomainResult<u64> {
    use crate::entities::{event, event_guest, event_registration};
    use sea_orm::{QuerySelect, sea_query::Query};
    let cutoff = now.checked_sub_months(chrono::Months::new(months)).unwrap_or(now);
    let ended = Query::select().column(event::Column::Id).from(event::Entity).and_where(event::Column::EndsAt.lt(cutoff)).to_owned();
    let seats: Vec<(Uuid, i64)> = event_registration::Entity::find()
        .select_only()
        .column(event_registration::Column::EventId)
        .column_as(event_registration::Column::Id.count(), "n")
        .filter(event_registration::Column::EventId.in_subquery(ended.clone()))
        .filter(event_registration::Column::Status.eq(migraup_domain::RegistrationStatus::Registered.as_str()))
        .group_by(event_registration::Column::EventId)
        .into_tuple()
        .all(db)
        .await
        .internal()?;
    let visitor_seats: Vec<(Uuid, i64)> = event_guest::Entity::find()
        .select_only()
        .column(event_guest::Column::EventId)
        .column_as(event_guest::Column::Id.count(), "n")
        .filter(event_guest::Column::EventId.in_subquery(ended.clone()))
        .filter(event_guest::Column::Status.eq(migraup_domain::RegistrationStatus::Registered.as_str()))
        .group_by(event_guest::Column::EventId)
        .into_tuple()
        .all(db)
        .await
        .internal()?;
    // Members' and visitors' seats, kept as one count per event.
    for (event_id, n) in seats.iter().chain(&visitor_seats) {
        event::Entity::update_many()
            .col_expr(event::Column::AnonymisedRegistrations, Expr::col(event::Column::AnonymisedRegistrations).add(*n as i32))
            .filter(event::Column::Id.eq(*event_id))
            .exec(db)
            .await
            .internal()?;
    }
    // Visitors' names and addresses go with the registrations.
    let visitors =
        event_guest::Entity::delete_many().filter(event_guest::Column::EventId.in_subquery(ended.clone())).exec(db).await.internal()?;
    let gone = event_registration::Entity::delete_many()
        .filter(event_registration::Column::EventId.in_subquery(ended))
        .exec(db)
        .await
        .internal()?;
    if gone.rows_affected > 0 {
        tracing::info!(registrations = gone.rows_affected, events = seats.len(), "registrations of ended events anonymised");
    }
    Ok(gone.rows_affected + visitors.rows_affected)
}
