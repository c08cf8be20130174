//! Organisations of the directory: listing with search and facets, profiles, edits,
//! verification and self-registration.

mod classification;
mod input;
mod list;
mod members;

use crate::entities::stored::Stored;
use chrono::{Datelike, Utc};
use migraup_domain::{
    DomainError, FieldVisibility, Lang, Operation, Reason, Role, UserStatus, VerificationState, Visibility, error::DomainResult, policy,
    search, validate,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

pub use input::OrganisationInput;
pub use list::{Facets, OrganisationFilter};

use crate::mail_texts::{Mail, Recipient};
use crate::{
    Actor, Core,
    accounts::{TokenPurpose, insert_membership},
    audit,
    entities::{membership, organisation, user, user_token},
    errors::{DbResultExt, unique_or_internal},
    limits,
    views::{ContactVisibility, Organisation, Translation},
    visibility::can_view,
};

/// What someone registering their organisation tells us about themselves.
#[derive(Clone, Debug)]
pub struct Registrant {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// The interface language the person registered in: their e-mails' and account's.
    pub language: Lang,
}

/// Builds the view of an organisation for `actor`, hiding contact fields it may not see.
pub(crate) fn view(actor: &Actor, m: organisation::Model) -> Organisation {
    let member = actor.is_member(m.id);
    let role = actor.role();
    let can_edit = actor.may(Operation::UpdateOrganisation, Some(m.id));
    // Whoever may edit the profile sees every field of it (a provisional registrant too).
    let field = |vis: Stored<FieldVisibility>| can_edit || policy::can_see_field(role, vis.0, member);
    let show_email = field(m.email_visibility);
    let show_phone = field(m.phone_visibility);
    let show_address = field(m.address_visibility);
    let sees_rejection = can_edit || actor.may(Operation::VerifyOrganisation, None);
    let contact_visibility =
        can_edit.then_some(ContactVisibility { email: m.email_visibility.0, phone: m.phone_visibility.0, address: m.address_visibility.0 });
    Organisation {
        id: m.id,
        slug: m.slug,
        name: m.name,
        kind: m.kind.0,
        legal_form: m.legal_form,
        description: m.description,
        content_language: m.content_language,
        founded_year: m.founded_year,
        website: m.website,
        email: m.email.filter(|_| show_email),
        phone: m.phone.filter(|_| show_phone),
        street: m.street.filter(|_| show_address),
        postal_code: m.postal_code.filter(|_| show_address),
        city: m.city.filter(|_| show_address),
        contact_visibility,
        district_id: m.district_id,
        latitude: m.latitude.filter(|_| show_address),
        longitude: m.longitude.filter(|_| show_address),
        visibility: m.visibility.0,
        verification: m.verification.0,
        verified_at: m.verified_at,
        rejected_at: m.rejected_at.filter(|_| sees_rejection),
        rejection_reason: m.rejection_reason.filter(|_| sees_rejection),
        confirmed_at: m.confirmed_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        can_edit,
    }
}

/// Folded text the search looks in.
fn search_text(m: &organisation::ActiveModel, translations: &[Translation]) -> String {
    let part = |v: &sea_orm::ActiveValue<Option<String>>| v.clone().unwrap().unwrap_or_default();
    let words = crate::translations::search_words(translations);
    search::fold(&format!("{} {} {} {words}", m.name.clone().unwrap(), part(&m.legal_form), part(&m.description)))
}

impl Core {
    /// One organisation by id or slug; `None` when it does not exist *or* the actor may
    /// not see it, so that hidden organisations cannot be probed.
    pub async fn organisation(&self, actor: &Actor, id: Option<Uuid>, slug: Option<&str>) -> DomainResult<Option<Organisation>> {
        let query = match (id, slug) {
            (Some(id), _) => organisation::Entity::find_by_id(id),
            (None, Some(slug)) => organisation::Entity::find().filter(organisation::Column::Slug.eq(slug)),
            (None, None) => return Err(DomainError::invalid("id", Reason::Required)),
        };
        let found = query.one(self.db()).await.internal()?;
        Ok(found.filter(|m| can_view(actor, m)).map(|m| view(actor, m)))
    }

    /// Organisations by id, for loaders; silently leaves out what the actor may not see.
    pub async fn organisations_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> DomainResult<Vec<Organisation>> {
        let rows = organisation::Entity::find().filter(organisation::Column::Id.is_in(ids.to_vec())).all(self.db()).await.internal()?;
        Ok(rows.into_iter().filter(|m| can_view(actor, m)).map(|m| view(actor, m)).collect())
    }

    /// Adds an organisation. ADMIN entries are verified at once; a representative becomes
    /// its member; everyone else's entry is a suggestion waiting for verification.
    pub async fn create_organisation(&self, actor: &Actor, input: OrganisationInput) -> DomainResult<Organisation> {
        actor.authorize(Operation::CreateOrganisation, None)?;
        let txn = self.begin_write().await?;
        let created = self.insert_organisation(&txn, actor.user_id(), actor.role() == Some(Role::Admin), input, None).await?;
        if actor.role() == Some(Role::MoRepresentative)
            && let Some(user_id) = actor.user_id()
        {
            insert_membership(&txn, user_id, created.id).await?;
        }
        txn.commit().await.internal()?;
        let mut actor = actor.clone();
        if let Some(user) = actor.user.as_mut().filter(|u| u.role == Role::MoRepresentative) {
            user.organisations.push(created.id);
        }
        Ok(view(&actor, created))
    }

    pub(crate) async fn insert_organisation(
        &self,
        db: &impl ConnectionTrait,
        actor_id: Option<Uuid>,
        verified: bool,
        input: OrganisationInput,
        imported: Option<&Imported>,
    ) -> DomainResult<organisation::Model> {
        let name = input.name.clone().ok_or_else(|| DomainError::invalid("name", Reason::Required))?;
        let kind = input.kind.ok_or_else(|| DomainError::invalid("kind", Reason::Required))?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut active = organisation::ActiveModel {
            id: Set(id),
            slug: Set(String::new()),
            name: Set(validate::name("name", &name, 2, 200)?),
            sort_name: Set(String::new()),
            kind: Set(Stored(kind)),
            legal_form: Set(None),
            description: Set(None),
            content_language: Set("de".into()),
            founded_year: Set(None),
            website: Set(None),
            email: Set(None),
            email_visibility: Set(Stored(FieldVisibility::Public)),
            phone: Set(None),
            phone_visibility: Set(Stored(FieldVisibility::Members)),
            street: Set(None),
            postal_code: Set(None),
            city: Set(None),
            address_visibility: Set(Stored(FieldVisibility::Public)),
            district_id: Set(None),
            latitude: Set(None),
            longitude: Set(None),
            visibility: Set(Stored(Visibility::Public)),
            verification: Set(Stored(if verified { VerificationState::Verified } else { VerificationState::Unverified })),
            verified_at: Set(verified.then_some(now)),
            confirmed_at: Set(Some(now)),
            confirmed_by: Set(actor_id),
            reminded_at: Set(None),
            external_id: Set(imported.and_then(|i| i.external_id.clone())),
            search_text: Set(String::new()),
            rejected_at: Set(None),
            rejection_reason: Set(None),
            created_by: Set(actor_id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let changed = input::apply(db, &input, &mut active, now.year()).await?;
        if input.slug.is_none() {
            active.slug = Set(self.free_slug(db, &name).await?);
        }
        active.sort_name = Set(search::fold(&active.name.clone().unwrap()));
        // The row first: translations refer to it.
        let translations = match &input.translations {
            Some(items) => crate::translations::check(&active.content_language.clone().unwrap(), items, false)?,
            None => Vec::new(),
        };
        active.search_text = Set(search_text(&active, &translations));
        let created = active.insert(db).await.map_err(|e| unique_or_internal(e, "slug"))?;
        crate::translations::replace(db, id, None, &translations).await?;
        classification::replace(db, id, &input).await?;
        match imported {
            Some(i) => {
                let details = json!({ "fields": changed, "batch": i.batch, "line": i.line, "offerings": i.offerings });
                audit::record(db, actor_id, "import", "organisation", id, details).await?
            }
            None => audit::record(db, actor_id, "create", "organisation", id, json!({ "fields": changed })).await?,
        }
        tracing::info!(organisation.id = %id, "organisation created");
        Ok(created)
    }

    /// Suggests an organisation the directory lacks. It waits, unverified, for the
    /// coordination team (who complete, verify or reject it); the suggester does not
    /// act for it. Anyone signed in may suggest.
    pub async fn suggest_organisation(&self, actor: &Actor, input: OrganisationInput) -> DomainResult<Organisation> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::SuggestOrganisation, None)?;
        self.hit(limits::SUGGESTIONS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        let created = self.insert_organisation(&txn, Some(user.id), false, input, None).await?;
        audit::record(&txn, Some(user.id), "suggest", "organisation", created.id, json!({})).await?;
        let person = user::Entity::find_by_id(user.id).one(&txn).await.internal()?.map(|u| u.display_name).unwrap_or_default();
        let link = format!("{}/admin/verification", self.settings().public_url.trim_end_matches('/'));
        for to in crate::recipients::coordination_team(&txn).await? {
            crate::mail_texts::send(&txn, &to, Mail::SuggestionReceived, &[("name", &created.name), ("person", &person), ("link", &link)])
                .await?;
        }
        txn.commit().await.internal()?;
        Ok(view(actor, created))
    }

    /// A slug from the name that no organisation has yet.
    async fn free_slug(&self, db: &impl ConnectionTrait, name: &str) -> DomainResult<String> {
        let mut base = search::slugify(name);
        if base.len() < 2 {
            base = "organisation".into();
        }
        for n in 1..100 {
            let candidate = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            let taken = organisation::Entity::find().filter(organisation::Column::Slug.eq(&candidate)).count(db).await.internal()?;
            if taken == 0 {
                return Ok(candidate);
            }
        }
        Ok(format!("{base}-{}", Uuid::now_v7().simple()))
    }

    /// Edits a profile. A stale `expected_version` answers `CONFLICT` with the current one.
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        input: OrganisationInput,
    ) -> DomainResult<Organisation> {
        actor.authorize(Operation::UpdateOrganisation, Some(id))?;
        let txn = self.begin_write().await?;
        let now = Utc::now();
        // Claim the version first: this takes the row (PostgreSQL) or database (SQLite)
        // write lock, so two people saving at once cannot both win.
        crate::versions::claim::<organisation::Entity>(&txn, id, expected_version).await?;
        // Whoever saves the profile has looked at it: that counts as confirming it.
        let (updated, changed) = save_changes(&txn, id, &input, Some((now, actor.user_id()))).await?;
        audit::record(&txn, actor, "update", "organisation", id, json!({ "fields": changed })).await?;
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// Marks an organisation as checked by the coordination team (ADMIN).
    pub async fn verify_organisation(&self, actor: &Actor, id: Uuid) -> DomainResult<Organisation> {
        actor.authorize(Operation::VerifyOrganisation, Some(id))?;
        let txn = self.begin_write().await?;
        let now = Utc::now();
        let result = organisation::Entity::update_many()
            .col_expr(organisation::Column::Verification, Expr::value(VerificationState::Verified.as_str()))
            .col_expr(organisation::Column::VerifiedAt, Expr::value(now))
            .col_expr(organisation::Column::Version, Expr::col(organisation::Column::Version).add(1))
            .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
            .filter(organisation::Column::Id.eq(id))
            .exec(&txn)
            .await
            .internal()?;
        if result.rows_affected == 0 {
            return Err(DomainError::not_found());
        }
        // Trust follows verification: the people who registered it are trusted now.
        let members = membership::Entity::find().filter(membership::Column::OrganisationId.eq(id)).all(&txn).await.internal()?;
        let trusted = user::Entity::update_many()
            .col_expr(user::Column::Provisional, Expr::value(false))
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
            .filter(user::Column::Provisional.eq(true))
            .exec(&txn)
            .await
            .internal()?;
        // A rejection made earlier no longer stands.
        organisation::Entity::update_many()
            .col_expr(organisation::Column::RejectedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
            .col_expr(organisation::Column::RejectionReason, Expr::value(Option::<String>::None))
            .filter(organisation::Column::Id.eq(id))
            .exec(&txn)
            .await
            .internal()?;
        audit::record(
            &txn,
            actor,
            "verify",
            "organisation",
            id,
            json!({ "verification": "VERIFIED", "trustedAccounts": trusted.rows_affected }),
        )
        .await?;
        let updated = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// Rejects a registration (ADMIN) with a reason the registrants are told. The
    /// organisation stays invisible; it and its provisional accounts are removed after
    /// [`REJECTED_KEPT_DAYS`] by the maintenance task, unless verified meanwhile.
    pub async fn reject_organisation(&self, actor: &Actor, id: Uuid, reason: &str) -> DomainResult<Organisation> {
        actor.authorize(Operation::VerifyOrganisation, Some(id))?;
        let reason = validate::line("reason", reason, 3, 2000)?;
        let txn = self.begin_write().await?;
        let now = Utc::now();
        let result = organisation::Entity::update_many()
            .col_expr(organisation::Column::RejectedAt, Expr::value(now))
            .col_expr(organisation::Column::RejectionReason, Expr::value(reason.clone()))
            .col_expr(organisation::Column::Version, Expr::col(organisation::Column::Version).add(1))
            .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
            .filter(organisation::Column::Id.eq(id))
            .filter(organisation::Column::Verification.eq(VerificationState::Unverified.as_str()))
            .exec(&txn)
            .await
            .internal()?;
        if result.rows_affected == 0 {
            let exists = organisation::Entity::find_by_id(id).count(&txn).await.internal()? > 0;
            return Err(if exists { DomainError::invalid("id", Reason::InvalidState) } else { DomainError::not_found() });
        }
        audit::record(&txn, actor, "reject", "organisation", id, json!({ "reason": reason })).await?;
        let updated = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let members = membership::Entity::find().filter(membership::Column::OrganisationId.eq(id)).all(&txn).await.internal()?;
        let recipients: Vec<Recipient> = user::Entity::find()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
            .all(&txn)
            .await
            .internal()?
            .iter()
            .map(Into::into)
            .collect();
        for to in recipients {
            let after_days = migraup_domain::texts::count(to.lang, "after_days", REJECTED_KEPT_DAYS as u64, &[]);
            let values = [("name", updated.name.as_str()), ("reason", &reason), ("after_days", &after_days)];
            crate::mail_texts::send(&txn, &to, Mail::EntryRejected, &values).await?;
        }
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// "Register your organisation": anyone may put an organisation forward. It starts
    /// unverified (invisible to the public) with a pending, provisional representative
    /// account: the e-mailed link activates it, the coordination team's verification
    /// makes it trusted.
    ///
    /// The answer is the same, and takes as long, for a known and an unknown address:
    /// the owner of a known one is told by e-mail that they already have an account.
    /// A registration waiting for confirmation is never replaced (see
    /// [`Core::begin_provisional_account`]).
    pub async fn register_organisation(
        &self,
        input: OrganisationInput,
        registrant: Registrant,
        address: Option<std::net::IpAddr>,
    ) -> DomainResult<()> {
        let Some((txn, user_id, email)) = self.begin_provisional_account(&registrant, address).await? else { return Ok(()) };
        // A requested address (slug) that is taken, perhaps by a hidden organisation,
        // is replaced by a free one: the answer must not tell which slugs exist.
        let mut input = input;
        if let Some(slug) = input.slug.clone()
            && organisation::Entity::find().filter(organisation::Column::Slug.eq(&slug)).count(&txn).await.internal()? > 0
        {
            input.slug = Some(self.free_slug(&txn, &slug).await?);
        }
        let created = self.insert_organisation(&txn, Some(user_id), false, input, None).await?;
        insert_membership(&txn, user_id, created.id).await?;
        let (_, link, _) = self
            .create_token(
                &txn,
                TokenPurpose::EmailConfirmation,
                &email,
                Some(user_id),
                Some(Role::MoRepresentative),
                Some(created.id),
                None,
                None,
            )
            .await?;
        crate::mail_texts::send(
            &txn,
            &Recipient { email: email.clone(), lang: registrant.language },
            Mail::EmailConfirmation,
            &[("name", &created.name), ("link", &link)],
        )
        .await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// The first part of every self-registration ("register your organisation", a new
    /// person's claim): checks, limits, the password hash, then, in a write transaction,
    /// a pending provisional account. `None` when the address is known: its owner is
    /// told by e-mail (already committed), and the caller answers as for a new address.
    ///
    /// A registration waiting for confirmation stays as it is: replacing it would let
    /// a stranger's password take effect when the owner confirms the second mail. The
    /// address is mailed a link to choose a password instead, which confirms it too:
    /// whoever reads the mailbox, and only they, sets the password, whichever of the
    /// two registered first. Mails to one address are bounded; registrations beyond
    /// the bound are answered alike and send nothing (the links sent still work).
    pub(crate) async fn begin_provisional_account(
        &self,
        registrant: &Registrant,
        address: Option<std::net::IpAddr>,
    ) -> DomainResult<Option<(sea_orm::DatabaseTransaction, Uuid, String)>> {
        // Cheap checks first: a typo does not use up the person's attempts.
        let email = validate::email("email", &registrant.email)?;
        let display_name = validate::name("displayName", &registrant.display_name, 1, 120)?;
        self.inner.passwords.check_new("password", &registrant.password)?;
        self.hit(limits::REGISTER_PER_CLIENT, &limits::client_key(address)).await?;
        // Hashed whatever follows, so known and unknown addresses take alike long.
        let hash = self.inner.passwords.hash(&registrant.password).await?;
        // Every registration mails the address once; beyond the bound nothing happens.
        if !self.within(limits::REGISTER_PER_TARGET, &email).await? {
            return Ok(None);
        }
        let txn = self.begin_write().await?;
        let existing = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&txn).await.internal()?;
        if let Some(existing) = existing {
            // Only the owner learns that the address is known, by e-mail.
            if existing.status.0 == UserStatus::Pending && existing.provisional {
                let (_, link, _) =
                    self.create_token(&txn, TokenPurpose::FinishRegistration, &email, Some(existing.id), None, None, None, None).await?;
                let to = Recipient { email: email.clone(), lang: registrant.language };
                crate::mail_texts::send(&txn, &to, Mail::RegistrationWaiting, &[("link", &link)]).await?;
            } else {
                let public_url = self.settings().public_url.clone();
                crate::mail_texts::send(&txn, &(&existing).into(), Mail::AlreadyRegistered, &[("public_url", &public_url)]).await?;
            }
            txn.commit().await.internal()?;
            return Ok(None);
        }
        let now = Utc::now();
        let user_id = Uuid::now_v7();
        user::ActiveModel {
            id: Set(user_id),
            email: Set(email.clone()),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(Stored(Role::MoRepresentative)),
            status: Set(Stored(UserStatus::Pending)),
            preferred_language: Set(Stored(registrant.language)),
            tokens_valid_after: Set(now),
            last_login_at: Set(None),
            provisional: Set(true),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_or_internal(e, "email"))?;
        Ok(Some((txn, user_id, email)))
    }
}

/// Days a rejected registration is kept (to answer questions about it) before its
/// personal data is removed.
pub const REJECTED_KEPT_DAYS: i64 = 30;

/// Removes unconfirmed registrations after their link expired and rejected ones after
/// [`REJECTED_KEPT_DAYS`], in the caller's transaction (maintenance). Returns the number
/// of rows removed.
pub(crate) async fn prune_registrations(db: &impl ConnectionTrait, now: chrono::DateTime<Utc>) -> DomainResult<u64> {
    let mut removed = 0;
    let unconfirmed = user::Entity::find()
        .filter(user::Column::Provisional.eq(true))
        .filter(user::Column::Status.eq(UserStatus::Pending.as_str()))
        .filter(user::Column::CreatedAt.lt(now - chrono::Duration::days(7)))
        .all(db)
        .await
        .internal()?;
    for u in &unconfirmed {
        remove_unconfirmed_registration(db, u.id).await?;
        removed += 1;
    }
    let rejected = organisation::Entity::find()
        .filter(organisation::Column::Verification.eq(VerificationState::Unverified.as_str()))
        .filter(organisation::Column::RejectedAt.lt(now - chrono::Duration::days(REJECTED_KEPT_DAYS)))
        .all(db)
        .await
        .internal()?;
    for org in &rejected {
        let members = membership::Entity::find().filter(membership::Column::OrganisationId.eq(org.id)).all(db).await.internal()?;
        organisation::Entity::delete_by_id(org.id).exec(db).await.internal()?;
        // The registrants' personal data goes with it, unless they are trusted elsewhere.
        let gone = user::Entity::delete_many()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
            .filter(user::Column::Provisional.eq(true))
            .exec(db)
            .await
            .internal()?;
        audit::record(db, None, "purge_rejected", "organisation", org.id, json!({ "accounts": gone.rows_affected })).await?;
        removed += 1 + gone.rows_affected;
    }
    Ok(removed)
}

/// Deletes a registration that was never confirmed: the account and the unverified
/// organisations it created.
async fn remove_unconfirmed_registration(db: &impl ConnectionTrait, user_id: Uuid) -> DomainResult<()> {
    organisation::Entity::delete_many()
        .filter(organisation::Column::CreatedBy.eq(user_id))
        .filter(organisation::Column::Verification.eq(VerificationState::Unverified.as_str()))
        .exec(db)
        .await
        .internal()?;
    user_token::Entity::delete_many().filter(user_token::Column::UserId.eq(user_id)).exec(db).await.internal()?;
    user::Entity::delete_by_id(user_id).exec(db).await.internal()?;
    audit::record(db, None, "purge_unconfirmed", "user", user_id, json!({})).await?;
    Ok(())
}

/// Where an organisation comes from when a spreadsheet import creates it.
pub(crate) struct Imported {
    pub batch: Uuid,
    pub line: u32,
    pub external_id: Option<String>,
    /// Titles of the offerings created with it.
    pub offerings: Vec<String>,
}

/// Writes `input` over a stored profile whose version the caller has claimed: the one
/// way edits and import merges save. `confirmed`: when and by whom it counts as
/// confirmed current (an edit), `None` to leave that as it was (a merge).
pub(crate) async fn save_changes(
    txn: &sea_orm::DatabaseTransaction,
    id: Uuid,
    input: &OrganisationInput,
    confirmed: Option<(chrono::DateTime<Utc>, Option<Uuid>)>,
) -> DomainResult<(organisation::Model, Vec<&'static str>)> {
    let now = Utc::now();
    let current = organisation::Entity::find_by_id(id).one(txn).await.internal()?.ok_or_else(DomainError::not_found)?;
    let mut active: organisation::ActiveModel = current.into();
    let changed = input::apply(txn, input, &mut active, now.year()).await?;
    active.sort_name = Set(search::fold(&active.name.clone().unwrap()));
    let own_language = active.content_language.clone().unwrap();
    let translations = crate::translations::write_or_read(txn, id, None, &own_language, input.translations.as_deref()).await?;
    active.search_text = Set(search_text(&active, &translations));
    active.updated_at = Set(now);
    if let Some((at, by)) = confirmed {
        active.confirmed_at = Set(Some(at));
        active.confirmed_by = Set(by);
    }
    let updated = active.update(txn).await.map_err(|e| unique_or_internal(e, "slug"))?;
    classification::replace(txn, id, input).await?;
    Ok((updated, changed))
}
