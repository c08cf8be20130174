//! Organisations of the directory: listing with search and facets, profiles, edits,
//! verification and self-registration.

mod input;
pub(crate) mod links;
mod list;
mod members;

use chrono::{Datelike, Utc};
use migraup_domain::{
    DomainError, FieldVisibility, Operation, OrganisationKind, Reason, Role, UserStatus, VerificationState, Visibility,
    error::DomainResult, policy, search, validate,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

pub use input::OrganisationInput;
pub use list::{Facets, OrganisationFilter};

use crate::{
    Actor, Core,
    accounts::{TokenPurpose, insert_membership},
    audit,
    entities::{organisation, user},
    errors::{DbResultExt, unique_or_internal},
    views::{ContactVisibility, Organisation},
};

/// What someone registering their organisation tells us about themselves.
#[derive(Clone, Debug)]
pub struct Registrant {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Builds the view of an organisation for `actor`, hiding contact fields it may not see.
pub(crate) fn view(actor: &Actor, m: organisation::Model) -> Organisation {
    let member = actor.is_member(m.id);
    let role = actor.role();
    let field = |vis: &str| policy::can_see_field(role, FieldVisibility::parse(vis).unwrap_or(FieldVisibility::Administration), member);
    let show_email = field(&m.email_visibility);
    let show_phone = field(&m.phone_visibility);
    let show_address = field(&m.address_visibility);
    let can_edit = actor.may(Operation::UpdateOrganisation, Some(m.id));
    let contact_visibility = can_edit.then(|| ContactVisibility {
        email: FieldVisibility::parse(&m.email_visibility).unwrap_or(FieldVisibility::Administration),
        phone: FieldVisibility::parse(&m.phone_visibility).unwrap_or(FieldVisibility::Administration),
        address: FieldVisibility::parse(&m.address_visibility).unwrap_or(FieldVisibility::Administration),
    });
    Organisation {
        id: m.id,
        slug: m.slug,
        name: m.name,
        kind: OrganisationKind::parse(&m.kind).unwrap_or(OrganisationKind::Other),
        legal_form: m.legal_form,
        description: m.description,
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
        visibility: Visibility::parse(&m.visibility).unwrap_or(Visibility::Members),
        verification: VerificationState::parse(&m.verification).unwrap_or(VerificationState::Unverified),
        verified_at: m.verified_at,
        confirmed_at: m.confirmed_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        can_edit,
    }
}

/// Whether `actor` may read this organisation at all.
pub(crate) fn can_view(actor: &Actor, m: &organisation::Model) -> bool {
    let op = if m.verification != VerificationState::Verified.as_str() {
        Operation::ViewUnverifiedOrganisation
    } else if m.visibility == Visibility::Members.as_str() {
        Operation::ViewMembersOnlyOrganisation
    } else {
        Operation::ViewPublicOrganisation
    };
    actor.may(op, Some(m.id))
}

/// Folded text the search looks in.
fn search_text(m: &organisation::ActiveModel) -> String {
    let part = |v: &sea_orm::ActiveValue<Option<String>>| v.clone().unwrap().unwrap_or_default();
    search::fold(&format!("{} {} {}", m.name.clone().unwrap(), part(&m.legal_form), part(&m.description)))
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
        let txn = self.db().begin().await.internal()?;
        let created = self.insert_organisation(&txn, actor.user_id(), actor.role() == Some(Role::Admin), input).await?;
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

    async fn insert_organisation(
        &self,
        db: &impl ConnectionTrait,
        actor_id: Option<Uuid>,
        verified: bool,
        input: OrganisationInput,
    ) -> DomainResult<organisation::Model> {
        let name = input.name.clone().ok_or_else(|| DomainError::invalid("name", Reason::Required))?;
        let kind = input.kind.ok_or_else(|| DomainError::invalid("kind", Reason::Required))?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut active = organisation::ActiveModel {
            id: Set(id),
            slug: Set(String::new()),
            name: Set(validate::line("name", &name, 2, 200)?),
            sort_name: Set(String::new()),
            kind: Set(kind.as_str().into()),
            legal_form: Set(None),
            description: Set(None),
            founded_year: Set(None),
            website: Set(None),
            email: Set(None),
            email_visibility: Set(FieldVisibility::Public.as_str().into()),
            phone: Set(None),
            phone_visibility: Set(FieldVisibility::Members.as_str().into()),
            street: Set(None),
            postal_code: Set(None),
            city: Set(None),
            address_visibility: Set(FieldVisibility::Public.as_str().into()),
            district_id: Set(None),
            latitude: Set(None),
            longitude: Set(None),
            visibility: Set(Visibility::Public.as_str().into()),
            verification: Set(if verified { VerificationState::Verified } else { VerificationState::Unverified }.as_str().into()),
            verified_at: Set(verified.then_some(now)),
            confirmed_at: Set(Some(now)),
            search_text: Set(String::new()),
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
        active.search_text = Set(search_text(&active));
        let created = active.insert(db).await.map_err(|e| unique_or_internal(e, "slug"))?;
        links::replace(db, id, &input).await?;
        audit::record(db, actor_id, "create", "organisation", id, json!({ "fields": changed })).await?;
        tracing::info!(organisation.id = %id, "organisation created");
        Ok(created)
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
        let txn = self.db().begin().await.internal()?;
        let now = Utc::now();
        // Claim the version first: this takes the row (PostgreSQL) or database (SQLite)
        // write lock, so two people saving at once cannot both win.
        crate::organisations::claim_version(&txn, id, expected_version).await?;
        let current = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let mut active: organisation::ActiveModel = current.into();
        let changed = input::apply(&txn, &input, &mut active, now.year()).await?;
        active.sort_name = Set(search::fold(&active.name.clone().unwrap()));
        active.search_text = Set(search_text(&active));
        active.updated_at = Set(now);
        let updated = active.update(&txn).await.map_err(|e| unique_or_internal(e, "slug"))?;
        links::replace(&txn, id, &input).await?;
        audit::record(&txn, actor.user_id(), "update", "organisation", id, json!({ "fields": changed })).await?;
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// Marks an organisation as checked by the coordination team (ADMIN).
    pub async fn verify_organisation(&self, actor: &Actor, id: Uuid) -> DomainResult<Organisation> {
        actor.authorize(Operation::VerifyOrganisation, Some(id))?;
        let txn = self.db().begin().await.internal()?;
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
        audit::record(&txn, actor.user_id(), "verify", "organisation", id, json!({ "verification": "VERIFIED" })).await?;
        let updated = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// The organisation confirms that its profile and offerings are current.
    pub async fn confirm_organisation_current(&self, actor: &Actor, id: Uuid) -> DomainResult<Organisation> {
        actor.authorize(Operation::UpdateOrganisation, Some(id))?;
        let txn = self.db().begin().await.internal()?;
        let now = Utc::now();
        let result = organisation::Entity::update_many()
            .col_expr(organisation::Column::ConfirmedAt, Expr::value(now))
            .filter(organisation::Column::Id.eq(id))
            .exec(&txn)
            .await
            .internal()?;
        if result.rows_affected == 0 {
            return Err(DomainError::not_found());
        }
        audit::record(&txn, actor.user_id(), "confirm_current", "organisation", id, json!({})).await?;
        let updated = organisation::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        txn.commit().await.internal()?;
        Ok(view(actor, updated))
    }

    /// "Register your organisation": anyone may put an organisation forward. It starts
    /// unverified (invisible to the public) with a pending representative account that
    /// is activated through the e-mailed link.
    pub async fn register_organisation(&self, input: OrganisationInput, registrant: Registrant) -> DomainResult<Uuid> {
        let email = validate::email("email", &registrant.email)?;
        let display_name = validate::line("displayName", &registrant.display_name, 1, 120)?;
        self.inner.passwords.check_new("password", &registrant.password)?;
        let hash = self.inner.passwords.hash(&registrant.password).await?;
        let txn = self.db().begin().await.internal()?;
        if user::Entity::find().filter(user::Column::Email.eq(&email)).count(&txn).await.internal()? > 0 {
            return Err(DomainError::invalid("email", Reason::AlreadyTaken));
        }
        let now = Utc::now();
        let user_id = Uuid::now_v7();
        user::ActiveModel {
            id: Set(user_id),
            email: Set(email.clone()),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(Role::MoRepresentative.as_str().into()),
            status: Set(UserStatus::Pending.as_str().into()),
            preferred_language: Set("de".into()),
            tokens_valid_after: Set(now),
            last_login_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_or_internal(e, "email"))?;
        let created = self.insert_organisation(&txn, Some(user_id), false, input).await?;
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
            )
            .await?;
        txn.commit().await.internal()?;
        self.mailer()
            .send(
                &email,
                "Bitte bestätigen Sie Ihre E-Mail-Adresse / Please confirm your e-mail address",
                &format!(
                    "Guten Tag,\n\nvielen Dank, dass Sie „{name}“ bei migraup eingetragen haben. Bitte bestätigen Sie Ihre E-Mail-Adresse:\n\n{link}\n\nDas Koordinationsteam prüft den Eintrag, bevor er öffentlich sichtbar wird.\n\n---\n\nThank you for registering \"{name}\". Please confirm your e-mail address:\n\n{link}\n",
                    name = created.name
                ),
            )
            .await?;
        Ok(created.id)
    }
}

/// Raises the version from `expected` by one, or answers `CONFLICT` / `NOT_FOUND`.
pub(crate) async fn claim_version(db: &impl ConnectionTrait, id: Uuid, expected: i32) -> DomainResult<()> {
    let claimed = organisation::Entity::update_many()
        .col_expr(organisation::Column::Version, Expr::value(expected + 1))
        .filter(organisation::Column::Id.eq(id))
        .filter(organisation::Column::Version.eq(expected))
        .exec(db)
        .await
        .internal()?;
    if claimed.rows_affected == 1 {
        return Ok(());
    }
    match organisation::Entity::find_by_id(id).one(db).await.internal()? {
        Some(current) => Err(DomainError::conflict(current.version)),
        None => Err(DomainError::not_found()),
    }
}

pub(crate) use list::visible_subquery;

/// Whether the actor may see the organisation with this id.
pub(crate) async fn can_view_id(core: &Core, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    Ok(organisation::Entity::find_by_id(id).one(core.db()).await.internal()?.is_some_and(|m| can_view(actor, &m)))
}
