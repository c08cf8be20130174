//! Public sign-up for public events: a visitor without an account gives a name and an
//! address, confirms by the link mailed to it, and then holds a seat or a waitlist
//! place like a member (one queue, see `registrations.rs`). The same link later shows
//! the sign-up and cancels it. Unconfirmed sign-ups hold no seat and are removed after
//! [`CONFIRM_HOURS`]; confirmed ones go with the event's registrations under the
//! retention rule. Made-up addresses fill nothing: a seat needs the confirmation, and
//! sign-ups are bounded per client address and mails per address.

use std::net::IpAddr;

use chrono::{Duration, Utc};
use migraup_domain::{DomainError, EventStatus, Reason, RegistrationStatus, Visibility, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::{
    registrations::{fill_seats, lock, place, seat_free},
    status_of,
};
use crate::{
    Actor, Core, berlin,
    entities::{event, event_guest, stored::Stored},
    errors::DbResultExt,
    limits,
    mail_texts::{self, Mail, Recipient},
    sessions::{hash_token, new_secret_token},
    views::Event,
};

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;

/// A visitor's sign-up as its link shows it.
#[derive(Clone, Debug)]
pub struct GuestSignUp {
    pub event: Event,
    pub name: String,
    /// `Cancelled` once given back.
    pub status: RegistrationStatus,
    /// 1-based place on the waitlist.
    pub position: Option<u32>,
}

/// An event visitors may sign up for: public, published and not over. Anything else
/// is unknown to them (members-only events) or closed.
fn open_to_visitors(e: &event::Model) -> DomainResult<()> {
    if e.visibility.0 != Visibility::Public || status_of(e) == EventStatus::Draft {
        return Err(DomainError::not_found());
    }
    if status_of(e) != EventStatus::Published || e.ends_at <= Utc::now() {
        return Err(DomainError::invalid("eventId", Reason::InvalidState));
    }
    Ok(())
}

async fn find(db: &impl ConnectionTrait, token: &str) -> DomainResult<event_guest::Model> {
    event_guest::Entity::find()
        .filter(event_guest::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await
        .internal()?
        .ok_or_else(|| DomainError::invalid_token("token"))
}

/// Unconfirmed sign-ups whose link expired (the hourly task).
pub(crate) async fn prune_unconfirmed(db: &impl ConnectionTrait, now: chrono::DateTime<Utc>) -> DomainResult<u64> {
    let gone = event_guest::Entity::delete_many()
        .filter(event_guest::Column::Status.is_null())
        .filter(event_guest::Column::CreatedAt.lt(now - Duration::hours(CONFIRM_HOURS)))
        .exec(db)
        .await
        .internal()?;
    Ok(gone.rows_affected)
}

impl Core {
    /// A visitor signs up: the answer is the same whatever the address has done before
    /// (signed up already, over its mail bound), so it tells nobody who comes; the
    /// link in the mail goes on. The mail is in the visitor's interface language.
    pub async fn sign_up_for_event(
        &self,
        actor: &Actor,
        client: Option<IpAddr>,
        event_id: Uuid,
        name: &str,
        email: &str,
    ) -> DomainResult<()> {
        let name = validate::name("name", name, 1, 120)?;
        let email = validate::email("email", email)?;
        self.hit(limits::GUEST_SIGNUPS_PER_CLIENT, &limits::client_key(client)).await?;
        let e = event::Entity::find_by_id(event_id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        open_to_visitors(&e)?;
        if !self.within(limits::GUEST_MAILS_PER_TARGET, &email).await? {
            return Ok(());
        }
        let (token, hash) = new_secret_token();
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let existing = event_guest::Entity::find()
            .filter(event_guest::Column::EventId.eq(event_id))
            .filter(event_guest::Column::Email.eq(&email))
            .one(&txn)
            .await
            .internal()?;
        let holds_place = existing.as_ref().and_then(|g| g.status.as_ref()).is_some_and(|s| s.0 != RegistrationStatus::Cancelled);
        match existing {
            None => {
                event_guest::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    event_id: Set(event_id),
                    name: Set(name),
                    email: Set(email.clone()),
                    lang: Set(Stored(actor.lang)),
                    status: Set(None),
                    queue_no: Set(0),
                    token_hash: Set(hash),
                    created_at: Set(now),
                    confirmed_at: Set(None),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await
                .internal()?;
            }
            Some(g) => {
                // A new link replaces the old one; a sign-up given back starts anew.
                let mut again: event_guest::ActiveModel = g.into();
                again.token_hash = Set(hash);
                again.lang = Set(Stored(actor.lang));
                again.updated_at = Set(now);
                if !holds_place {
                    again.name = Set(name);
                    again.status = Set(None);
                    again.confirmed_at = Set(None);
                    again.created_at = Set(now);
                }
                again.update(&txn).await.internal()?;
            }
        }
        let link = format!("{}/event-sign-up?token={token}", self.settings().public_url.trim_end_matches('/'));
        let when = berlin::human(actor.lang, e.starts_at);
        let mail = if holds_place { Mail::GuestSignedUp } else { Mail::GuestConfirmation };
        let to = Recipient { email, lang: actor.lang };
        mail_texts::send(&txn, &to, mail, &[("title", e.title.as_str()), ("when", &when), ("link", &link)]).await?;
        txn.commit().await.internal()?;
        tracing::info!(event.id = %event_id, "visitor sign-up");
        Ok(())
    }

    /// Opens a sign-up's link: the first time it confirms the address and takes a seat,
    /// or a waitlist place when the event is full; afterwards it shows the sign-up.
    pub async fn confirm_event_sign_up(&self, client: Option<IpAddr>, token: &str) -> DomainResult<GuestSignUp> {
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(client)).await?;
        let txn = self.begin_write().await?;
        let found = find(&txn, token).await?;
        let guest = if found.status.is_none() {
            if found.created_at + Duration::hours(CONFIRM_HOURS) <= Utc::now() {
                return Err(DomainError::invalid_token("token"));
            }
            let e = lock(&txn, found.event_id).await?;
            open_to_visitors(&e)?;
            let status = if seat_free(&txn, &e).await? { RegistrationStatus::Registered } else { RegistrationStatus::Waitlisted };
            let now = Utc::now();
            let mut confirmed: event_guest::ActiveModel = found.into();
            confirmed.status = Set(Some(Stored(status)));
            confirmed.queue_no = Set(e.queue_seq);
            confirmed.confirmed_at = Set(Some(now));
            confirmed.updated_at = Set(now);
            confirmed.update(&txn).await.internal()?
        } else {
            found
        };
        txn.commit().await.internal()?;
        self.sign_up_view(guest).await
    }

    /// Gives the seat or waitlist place back; the first person waiting moves up.
    pub async fn cancel_event_sign_up(&self, client: Option<IpAddr>, token: &str) -> DomainResult<GuestSignUp> {
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(client)).await?;
        let txn = self.begin_write().await?;
        let found = find(&txn, token).await?;
        if found.status.as_ref().is_none_or(|s| s.0 == RegistrationStatus::Cancelled) {
            return Err(DomainError::invalid("token", Reason::InvalidState));
        }
        let e = lock(&txn, found.event_id).await?;
        let mut cancelled: event_guest::ActiveModel = found.into();
        cancelled.status = Set(Some(Stored(RegistrationStatus::Cancelled)));
        cancelled.updated_at = Set(Utc::now());
        let saved = cancelled.update(&txn).await.internal()?;
        let promoted = fill_seats(&txn, &e).await?;
        self.notify_promoted(&txn, &e, &promoted).await?;
        txn.commit().await.internal()?;
        self.sign_up_view(saved).await
    }

    async fn sign_up_view(&self, g: event_guest::Model) -> DomainResult<GuestSignUp> {
        let status = g.status.as_ref().map_or(RegistrationStatus::Cancelled, |s| s.0);
        let position = if status == RegistrationStatus::Waitlisted { Some(place(self.db(), g.event_id, g.queue_no).await?) } else { None };
        let event = self.event(&Actor::anonymous(g.lang.0), g.event_id).await?.ok_or_else(DomainError::not_found)?;
        Ok(GuestSignUp { event, name: g.name, status, position })
    }
}
