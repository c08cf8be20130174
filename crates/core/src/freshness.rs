//! Keeping entries current: profiles and offerings record when they were last
//! confirmed (saving counts); representatives are reminded by e-mail after
//! [`REMIND_AFTER_MONTHS`] with a single-use link that confirms without signing in;
//! the directory marks entries as possibly outdated after [`STALE_AFTER_MONTHS`]
//! and hides offerings after
//! [`HIDE_AFTER_MONTHS`](migraup_domain::freshness::HIDE_AFTER_MONTHS) from everyone
//! but their organisation and the coordination team (`visibility::offering_shown`).
//! The thresholds are the domain's.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use migraup_domain::{
    DomainError, Operation, VerificationState,
    error::DomainResult,
    freshness::{Freshness, REMIND_AFTER_MONTHS},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core,
    accounts::TokenPurpose,
    audit,
    entities::{offering, organisation, user},
    errors::DbResultExt,
    limits,
    mail_texts::Mail,
    recipients::representatives,
    views::{Offering, Organisation},
    visibility::months_before,
};

/// Whole months from `from` to `now`.
fn months_since(from: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    (0..=240u32).take_while(|m| months_before(now, m + 1) >= from).count() as u32
}

/// Where an entry confirmed at `confirmed_at` stands at `now` (never confirmed: hidden).
pub fn freshness_of(confirmed_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Freshness {
    confirmed_at.map_or(Freshness::Hidden, |at| Freshness::after_months(months_since(at, now)))
}

/// One organisation in the coordination team's freshness overview.
#[derive(Clone, Debug)]
pub struct FreshnessEntry {
    pub organisation_id: Uuid,
    pub name: String,
    pub slug: String,
    /// The profile's own state, and the oldest of profile and offerings.
    pub profile: Freshness,
    pub oldest: Freshness,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Who confirmed last (display name), when known.
    pub confirmed_by: Option<String>,
    pub reminded_at: Option<DateTime<Utc>>,
    /// Someone confirmed after the last reminder.
    pub answered: bool,
    /// Offerings not current (reminder due or later), and those hidden.
    pub offerings_due: u32,
    pub offerings_hidden: u32,
    /// Whether anybody represents the organisation (else nobody is reminded).
    pub has_representatives: bool,
}

/// The organisation a single-use link confirmed.
#[derive(Clone, Debug)]
pub struct ConfirmedByLink {
    pub name: String,
    pub slug: String,
}

/// Sets profile and offerings of `organisation_id` confirmed now, by `by`.
async fn confirm_all(db: &impl ConnectionTrait, organisation_id: Uuid, by: Option<Uuid>, now: DateTime<Utc>) -> DomainResult<()> {
    let result = organisation::Entity::update_many()
        .col_expr(organisation::Column::ConfirmedAt, Expr::value(now))
        .col_expr(organisation::Column::ConfirmedBy, Expr::value(by))
        .filter(organisation::Column::Id.eq(organisation_id))
        .exec(db)
        .await
        .internal()?;
    if result.rows_affected == 0 {
        return Err(DomainError::not_found());
    }
    offering::Entity::update_many()
        .col_expr(offering::Column::ConfirmedAt, Expr::value(now))
        .filter(offering::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await
        .internal()?;
    Ok(())
}

impl Core {
    /// The organisation confirms that its profile and all its offerings are current.
    pub async fn confirm_organisation_current(&self, actor: &Actor, id: Uuid) -> DomainResult<Organisation> {
        actor.authorize(Operation::UpdateOrganisation, Some(id))?;
        let txn = self.begin_write().await?;
        confirm_all(&txn, id, actor.user_id(), Utc::now()).await?;
        audit::record(&txn, actor, "confirm_current", "organisation", id, json!({ "via": "app" })).await?;
        let updated = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        txn.commit().await.internal()?;
        Ok(crate::organisations::view(actor, updated))
    }

    /// The organisation confirms that one offering is current.
    pub async fn confirm_offering_current(&self, actor: &Actor, id: Uuid) -> DomainResult<Offering> {
        let found = offering::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        actor.authorize(Operation::ManageOfferings, Some(found.organisation_id))?;
        let txn = self.begin_write().await?;
        offering::Entity::update_many()
            .col_expr(offering::Column::ConfirmedAt, Expr::value(Utc::now()))
            .filter(offering::Column::Id.eq(id))
            .exec(&txn)
            .await
            .internal()?;
        audit::record(&txn, actor, "confirm_current", "offering", id, json!({ "organisationId": found.organisation_id })).await?;
        txn.commit().await.internal()?;
        self.offering(actor, id).await?.ok_or_else(DomainError::not_found)
    }

    /// "Still current" from a reminder's link, without signing in: the link confirms
    /// its organisation's profile and offerings once.
    pub async fn confirm_current_by_link(&self, token: &str, address: Option<std::net::IpAddr>) -> DomainResult<ConfirmedByLink> {
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(address)).await?;
        let txn = self.begin_write().await?;
        let link = self.redeem_token(&txn, TokenPurpose::StillCurrent, token).await?;
        let organisation_id = link.organisation_id.ok_or_else(|| DomainError::invalid_token("token"))?;
        confirm_all(&txn, organisation_id, link.user_id, Utc::now()).await.map_err(|_| DomainError::invalid_token("token"))?;
        audit::record(&txn, link.user_id, "confirm_current", "organisation", organisation_id, json!({ "via": "link" })).await?;
        let found = organisation::Entity::find_by_id(organisation_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        txn.commit().await.internal()?;
        Ok(ConfirmedByLink { name: found.name, slug: found.slug })
    }

    /// The daily task: reminds the representatives of every verified organisation
    /// whose profile or an offering was last confirmed [`REMIND_AFTER_MONTHS`] ago,
    /// once per such period (a reminder after the last confirmation is not repeated).
    /// Safe to run on several servers at once. Returns the number of organisations reminded.
    pub async fn send_freshness_reminders(&self) -> DomainResult<u64> {
        self.send_freshness_reminders_at(Utc::now()).await
    }

    /// [`Core::send_freshness_reminders`] as if it were `now` (tests set the clock).
    pub async fn send_freshness_reminders_at(&self, now: DateTime<Utc>) -> DomainResult<u64> {
        let due_before = months_before(now, REMIND_AFTER_MONTHS);
        let organisations = organisation::Entity::find()
            .filter(organisation::Column::Verification.eq(VerificationState::Verified.as_str()))
            .order_by_asc(organisation::Column::Id)
            .all(self.db())
            .await
            .internal()?;
        let offerings = offering::Entity::find().order_by_asc(offering::Column::Title).all(self.db()).await.internal()?;
        let mut by_org: HashMap<Uuid, Vec<&offering::Model>> = HashMap::new();
        for o in &offerings {
            by_org.entry(o.organisation_id).or_default().push(o);
        }
        let mut reminded = 0;
        for org in organisations {
            let own = by_org.get(&org.id).map(Vec::as_slice).unwrap_or_default();
            let oldest = own.iter().map(|o| o.confirmed_at).chain([org.confirmed_at]).min().flatten();
            let is_due = oldest.is_none_or(|at| at < due_before);
            let already = match (org.reminded_at, oldest) {
                (Some(reminded), Some(oldest)) => reminded >= oldest,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if is_due && !already && self.remind(&org, own, due_before, now).await? {
                reminded += 1;
            }
        }
        if reminded > 0 {
            tracing::info!(organisations = reminded, "freshness reminders sent");
        }
        Ok(reminded)
    }

    /// One organisation's reminder, in its own transaction; `false` when nobody
    /// represents it or another server sent it first.
    async fn remind(
        &self,
        org: &organisation::Model,
        offerings: &[&offering::Model],
        due_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DomainResult<bool> {
        let txn = self.begin_write().await?;
        let recipients = representatives(&txn, org.id).await?;
        if recipients.is_empty() {
            return Ok(false);
        }
        // Claim the period: only the server that moves `reminded_at` on sends.
        let mut claim = organisation::Entity::update_many()
            .col_expr(organisation::Column::RemindedAt, Expr::value(now))
            .filter(organisation::Column::Id.eq(org.id));
        claim = match org.reminded_at {
            Some(at) => claim.filter(organisation::Column::RemindedAt.eq(at)),
            None => claim.filter(organisation::Column::RemindedAt.is_null()),
        };
        if claim.exec(&txn).await.internal()?.rows_affected == 0 {
            return Ok(false);
        }
        let base = self.settings().public_url.trim_end_matches('/').to_owned();
        let edit_link = format!("{base}/organisations/{}/edit", org.slug);
        let people = user::Entity::find()
            .filter(user::Column::Email.is_in(recipients.iter().map(|r| r.email.clone())))
            .all(&txn)
            .await
            .internal()?;
        for to in &recipients {
            let lang = to.lang;
            let due = |at: Option<DateTime<Utc>>| at.is_none_or(|at| at < due_before);
            let mut entries: Vec<String> = Vec::new();
            if due(org.confirmed_at) {
                entries.push(format!("- {} ({})", org.name, migraup_domain::texts::text(lang, "freshness_profile")));
            }
            entries.extend(offerings.iter().filter(|o| due(o.confirmed_at)).map(|o| format!("- {}", o.title)));
            let user_id = people.iter().find(|p| p.email == to.email).map(|p| p.id);
            let (_, confirm_link, _) =
                self.create_token(&txn, TokenPurpose::StillCurrent, &to.email, user_id, None, Some(org.id), None, None).await?;
            let values =
                [("name", org.name.as_str()), ("entries", &entries.join("\n")), ("confirm_link", &confirm_link), ("edit_link", &edit_link)];
            crate::mail_texts::send(&txn, to, Mail::FreshnessReminder, &values).await?;
        }
        audit::record(&txn, None, "remind_current", "organisation", org.id, json!({ "recipients": recipients.len() })).await?;
        txn.commit().await.internal()?;
        Ok(true)
    }

    /// The coordination team's overview: every verified organisation with something
    /// not current (reminder due or later), the oldest first.
    pub async fn freshness_overview(&self, actor: &Actor) -> DomainResult<Vec<FreshnessEntry>> {
        actor.authorize(Operation::ViewFreshness, None)?;
        let now = Utc::now();
        let organisations = organisation::Entity::find()
            .filter(organisation::Column::Verification.eq(VerificationState::Verified.as_str()))
            .all(self.db())
            .await
            .internal()?;
        let offerings = offering::Entity::find().all(self.db()).await.internal()?;
        let confirmers = crate::sessions::display_names(self.db(), organisations.iter().filter_map(|o| o.confirmed_by)).await?;
        let ids: Vec<Uuid> = organisations.iter().map(|o| o.id).collect();
        let represented = self.organisations_represented(&ids).await?;
        let mut list: Vec<(Option<DateTime<Utc>>, FreshnessEntry)> = organisations
            .into_iter()
            .filter_map(|org| {
                let own: Vec<&offering::Model> = offerings.iter().filter(|o| o.organisation_id == org.id).collect();
                let oldest_at = own.iter().map(|o| o.confirmed_at).chain([org.confirmed_at]).min().flatten();
                let oldest = freshness_of(oldest_at, now);
                if oldest == Freshness::Current {
                    return None;
                }
                let states: Vec<Freshness> = own.iter().map(|o| freshness_of(o.confirmed_at, now)).collect();
                let entry = FreshnessEntry {
                    organisation_id: org.id,
                    name: org.name.clone(),
                    slug: org.slug.clone(),
                    profile: freshness_of(org.confirmed_at, now),
                    oldest,
                    confirmed_at: org.confirmed_at,
                    confirmed_by: org.confirmed_by.and_then(|id| confirmers.get(&id).cloned()),
                    reminded_at: org.reminded_at,
                    answered: matches!((org.reminded_at, org.confirmed_at), (Some(r), Some(c)) if c > r),
                    offerings_due: states.iter().filter(|s| **s != Freshness::Current).count() as u32,
                    offerings_hidden: states.iter().filter(|s| **s == Freshness::Hidden).count() as u32,
                    has_representatives: represented.contains(&org.id),
                };
                Some((oldest_at, entry))
            })
            .collect();
        list.sort_by_key(|(at, e)| (*at, e.name.clone()));
        Ok(list.into_iter().map(|(_, e)| e).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_months_are_counted() {
        let now: DateTime<Utc> = "2026-11-26T10:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(months_since(at("2026-11-01T00:00:00Z"), now), 0);
        assert_eq!(months_since(at("2025-12-26T10:00:00Z"), now), 11);
        assert_eq!(months_since(at("2025-12-27T10:00:00Z"), now), 10);
        assert_eq!(freshness_of(Some(at("2025-11-26T10:00:00Z")), now), Freshness::Stale);
        assert_eq!(freshness_of(Some(at("2025-05-26T10:00:00Z")), now), Freshness::Hidden);
        assert_eq!(freshness_of(None, now), Freshness::Hidden);
    }
}
