//! Calendar files (RFC 5545): one event for download, or the public feed calendar
//! apps subscribe to. Times are written as Berlin wall time with `TZID`, and the
//! file carries the `VTIMEZONE` with the current daylight-saving rules.

use std::sync::Arc;

use chrono::Utc;
use ics::{
    Daylight, Event as IcsEvent, ICalendar, Standard, TimeZone, escape_text,
    parameters::TzIDParam,
    properties::{Categories, Description, DtEnd, DtStart, LastModified, Location, RRule, Sequence, Status, Summary, TzName, URL},
};
use migraup_domain::{DomainError, EventStatus, error::DomainResult, policy::Operation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::{
    Actor, Core, berlin,
    entities::{calendar_feed, user},
    errors::DbResultExt,
    events::EventFilter,
    paging::PageRequest,
    views::{District, Event},
};

const LOCAL: &str = "%Y%m%dT%H%M%S";

/// Europe/Berlin since 1996: CET/CEST, changing on the last Sundays of March and October.
fn berlin_zone() -> TimeZone<'static> {
    let mut standard = Standard::new("19701025T030000", "+0200", "+0100");
    standard.push(TzName::new("CET"));
    standard.push(RRule::new("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    let mut daylight = Daylight::new("19700329T020000", "+0100", "+0200");
    daylight.push(TzName::new("CEST"));
    daylight.push(RRule::new("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    let mut zone = TimeZone::standard(berlin::TZID, standard);
    zone.add_daylight(daylight);
    zone
}

fn location(e: &Event, district: Option<&District>) -> Option<String> {
    let place: Vec<String> =
        [e.venue.clone(), e.street.clone(), e.postal_code.clone().map(|p| format!("{p} Berlin")), district.map(|d| d.name.clone())]
            .into_iter()
            .flatten()
            .collect();
    if place.is_empty() { e.online_url.clone() } else { Some(place.join(", ")) }
}

/// Writes the calendar; `districts` name the Ortsteile, `base_url` links back.
pub fn write(name: &str, events: &[Event], districts: &[District], base_url: &str) -> String {
    let mut calendar = ICalendar::new("2.0", "-//migraup//Pankow//DE");
    calendar.push(ics::properties::CalScale::new("GREGORIAN"));
    calendar.push(ics::components::Property::new("X-WR-CALNAME", escape_text(name.to_owned())));
    calendar.push(ics::components::Property::new("X-WR-TIMEZONE", berlin::TZID));
    calendar.add_timezone(berlin_zone());
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        let mut item = IcsEvent::new(format!("{}@migraup", e.id), stamp.clone());
        let mut start = DtStart::new(berlin::local(e.starts_at).format(LOCAL).to_string());
        start.add(TzIDParam::new(berlin::TZID));
        item.push(start);
        let mut end = DtEnd::new(berlin::local(e.ends_at).format(LOCAL).to_string());
        end.add(TzIDParam::new(berlin::TZID));
        item.push(end);
        item.push(Summary::new(escape_text(e.title.clone())));
        let mut text = e.description.clone().unwrap_or_default();
        if let Some(a) = &e.accessibility {
            text.push_str(&format!("\n\nBarrierefreiheit / Accessibility: {a}"));
        }
        if let Some(url) = &e.online_url {
            text.push_str(&format!("\n\nOnline: {url}"));
        }
        if !text.trim().is_empty() {
            item.push(Description::new(escape_text(text.trim().to_owned())));
        }
        let district = e.district_id.and_then(|id| districts.iter().find(|d| d.id == id));
        if let Some(place) = location(e, district) {
            item.push(Location::new(escape_text(place)));
        }
        if let Some(d) = district {
            item.push(Categories::new(escape_text(d.name.clone())));
        }
        item.push(URL::new(format!("{}/events/{}", base_url.trim_end_matches('/'), e.id)));
        item.push(Status::new(if e.status == EventStatus::Cancelled { "CANCELLED" } else { "CONFIRMED" }));
        // Calendar apps replace an event when its sequence grows.
        item.push(Sequence::new(e.version.to_string()));
        item.push(LastModified::new(e.updated_at.format("%Y%m%dT%H%M%SZ").to_string()));
        calendar.add_event(item);
    }
    calendar.to_string()
}

/// What the feed may be narrowed to (by slug, as people type them into URLs).
#[derive(Clone, Debug, Default)]
pub struct FeedFilter {
    pub district: Option<String>,
    pub topic: Option<String>,
    pub organisation: Option<String>,
}

impl Core {
    /// One event as a calendar file; `None` when the actor may not see it.
    pub async fn event_ics(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<String>> {
        let Some(e) = self.event(actor, id).await? else { return Ok(None) };
        if e.status == EventStatus::Draft {
            return Ok(None);
        }
        let districts = self.districts().await?;
        let title = e.title.clone();
        Ok(Some(write(&title, &[e], &districts, &self.settings().public_url)))
    }

    /// The anonymous feed, answered from a cache until the next change
    /// ([`Core::change_stamp`]); the day is part of the key because the feed starts 30
    /// days back.
    pub async fn public_calendar_feed(&self, feed: &FeedFilter) -> DomainResult<Arc<String>> {
        let stamp = self.change_stamp().await?;
        let key = format!("{:?}|{:?}|{:?}|{:?}|{}", feed.district, feed.topic, feed.organisation, stamp, Utc::now().date_naive());
        self.cached_public_file(key, self.calendar_feed(&Actor::anonymous(migraup_domain::Lang::De), feed)).await
    }

    /// A public file (calendar feed, open data) from the cache, else built and kept:
    /// a thousand downloads cost one build until the next write (the key holds the
    /// change stamp). At most 64 are kept.
    pub(crate) async fn cached_public_file<T: Send + Sync + 'static>(
        &self,
        key: String,
        build: impl Future<Output = DomainResult<T>>,
    ) -> DomainResult<Arc<T>> {
        let hit = self.inner.feeds.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        // Each key names one kind of file (text or bytes), so the type always fits.
        if let Some(hit) = hit.and_then(|h| h.downcast::<T>().ok()) {
            self.inner.feed_counter.count(true);
            return Ok(hit);
        }
        self.inner.feed_counter.count(false);
        let body = Arc::new(build.await?);
        let mut cache = self.inner.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= 64 {
            cache.clear();
        }
        cache.insert(key, body.clone() as Arc<dyn std::any::Any + Send + Sync>);
        Ok(body)
    }

    /// The subscribable feed: published and cancelled events from 30 days ago on.
    /// An unknown slug is `BAD_USER_INPUT`, not an empty calendar.
    pub async fn calendar_feed(&self, actor: &Actor, feed: &FeedFilter) -> DomainResult<String> {
        let districts = self.districts().await?;
        let mut filter = EventFilter {
            from: Some(Utc::now() - chrono::Duration::days(30)),
            statuses: vec![EventStatus::Published, EventStatus::Cancelled],
            ..Default::default()
        };
        if let Some(slug) = &feed.district {
            let d = districts
                .iter()
                .find(|d| &d.slug == slug)
                .ok_or_else(|| DomainError::invalid("district", migraup_domain::Reason::UnknownId))?;
            filter.district_ids.push(d.id);
        }
        if let Some(slug) = &feed.topic {
            let topics = self.taxonomy(crate::taxonomy::TaxonomyKind::Topic).await?;
            let t =
                topics.iter().find(|t| &t.slug == slug).ok_or_else(|| DomainError::invalid("topic", migraup_domain::Reason::UnknownId))?;
            filter.topic_ids.push(t.id);
        }
        if let Some(slug) = &feed.organisation {
            let o = self
                .organisation(actor, None, Some(slug))
                .await?
                .ok_or_else(|| DomainError::invalid("organisation", migraup_domain::Reason::UnknownId))?;
            filter.organisation_ids.push(o.id);
        }
        let mut events = Vec::new();
        let mut page = PageRequest { first: Some(crate::paging::MAX_PAGE_SIZE as i32), after: None };
        // A feed holds a few hundred events at most; read them page by page.
        loop {
            let found = self.events(actor, &filter, &page).await?;
            let last = found.items.last().map(|(c, _)| c.clone());
            events.extend(found.items.into_iter().map(|(_, e)| e));
            if !found.has_next_page || events.len() >= 2000 {
                break;
            }
            page.after = last;
        }
        Ok(write("migraup Pankow", &events, &districts, &self.settings().public_url))
    }
}

/// A person's private feed: whether they have one, since when, and when a calendar
/// app last fetched it.
#[derive(Clone, Debug)]
pub struct PersonalFeed {
    pub created_at: chrono::DateTime<Utc>,
    pub last_used_at: Option<chrono::DateTime<Utc>>,
}

impl Core {
    /// The caller's private feed, if they keep one.
    pub async fn personal_feed(&self, actor: &Actor) -> DomainResult<Option<PersonalFeed>> {
        actor.authorize(Operation::KeepCalendarFeed, None)?;
        let user = actor.require_user()?;
        let found = calendar_feed::Entity::find_by_id(user.id).one(self.db()).await.internal()?;
        Ok(found.map(|f| PersonalFeed { created_at: f.created_at, last_used_at: f.last_used_at }))
    }

    /// A new private feed for the caller; its secret is returned once (only its hash
    /// is kept) and the previous feed's address stops working.
    pub async fn renew_personal_feed(&self, actor: &Actor) -> DomainResult<String> {
        actor.authorize(Operation::KeepCalendarFeed, None)?;
        let user = actor.require_user()?;
        self.hit(crate::limits::FEED_RENEWALS_PER_ACCOUNT, &user.id.to_string()).await?;
        let (secret, hash) = crate::sessions::new_secret_token();
        let txn = self.db().begin().await.internal()?;
        calendar_feed::Entity::delete_by_id(user.id).exec(&txn).await.internal()?;
        calendar_feed::ActiveModel { user_id: Set(user.id), token_hash: Set(hash), created_at: Set(Utc::now()), last_used_at: Set(None) }
            .insert(&txn)
            .await
            .internal()?;
        crate::audit::record(&txn, actor, "renew_calendar_feed", "user", user.id, serde_json::json!({})).await?;
        txn.commit().await.internal()?;
        Ok(secret)
    }

    /// Ends the caller's private feed: its address answers 404 from now on.
    pub async fn revoke_personal_feed(&self, actor: &Actor) -> DomainResult<bool> {
        actor.authorize(Operation::KeepCalendarFeed, None)?;
        let user = actor.require_user()?;
        let txn = self.db().begin().await.internal()?;
        let ended = calendar_feed::Entity::delete_by_id(user.id).exec(&txn).await.internal()?.rows_affected > 0;
        if ended {
            crate::audit::record(&txn, actor, "revoke_calendar_feed", "user", user.id, serde_json::json!({})).await?;
        }
        txn.commit().await.internal()?;
        Ok(ended)
    }

    /// The private feed behind `secret`: the published and cancelled events its owner
    /// may see now (members-only events, their groups' meetings, what they registered
    /// for), as their role and memberships are at this moment. `None` (404) for an
    /// unknown or revoked secret and for an account that is not active.
    pub async fn personal_calendar_feed(&self, secret: &str) -> DomainResult<Option<String>> {
        let hash = crate::sessions::hash_token(secret);
        let Some(feed) = calendar_feed::Entity::find().filter(calendar_feed::Column::TokenHash.eq(hash)).one(self.db()).await.internal()?
        else {
            return Ok(None);
        };
        let Some(owner) = user::Entity::find_by_id(feed.user_id).one(self.db()).await.internal()? else { return Ok(None) };
        if owner.status.0 != migraup_domain::UserStatus::Active {
            return Ok(None);
        }
        // The same feed until the next write or the next day (it starts 30 days back);
        // the key holds the owner's role and status too, which a write changes anyway.
        let key = format!("{:?}|{}", self.change_stamp().await?, Utc::now().date_naive());
        let hit = self.inner.personal_feeds.lock().unwrap_or_else(|e| e.into_inner()).get(&owner.id).filter(|(k, _)| *k == key).cloned();
        let body = match hit {
            Some((_, body)) => body,
            None => {
                let actor = self.actor_of(&owner, owner.preferred_language.0).await?;
                let body = Arc::new(self.calendar_feed(&actor, &FeedFilter::default()).await?);
                self.inner.personal_feeds.lock().unwrap_or_else(|e| e.into_inner()).insert(owner.id, (key, body.clone()));
                body
            }
        };
        // When a calendar app last fetched it, to the minute: shown to its owner.
        let now = Utc::now();
        if feed.last_used_at.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
            calendar_feed::Entity::update_many()
                .col_expr(calendar_feed::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
                .filter(calendar_feed::Column::UserId.eq(feed.user_id))
                .exec(self.db())
                .await
                .internal()?;
        }
        Ok(Some(String::clone(&body)))
    }
}
