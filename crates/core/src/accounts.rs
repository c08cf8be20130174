//! Accounts: sign-in, invitations, password reset, e-mail confirmation, user admin.

use std::net::IpAddr;

use chrono::{Duration, Utc};
use migraup_domain::{DomainError, Lang, Operation, Reason, Role, UserStatus, error::DomainResult, policy, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{membership, organisation, refresh_token, user, user_token},
    errors::{DbResultExt, unique_or_internal},
    paging::{Page, PageRequest, cursor},
    sessions::{hash_token, new_secret_token, user_view},
    views::{Membership, Session, User},
};

/// What a single-use token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenPurpose {
    Invitation,
    PasswordReset,
    EmailConfirmation,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "INVITATION",
            TokenPurpose::PasswordReset => "PASSWORD_RESET",
            TokenPurpose::EmailConfirmation => "EMAIL_CONFIRMATION",
        }
    }
    fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::Invitation => Duration::days(14),
            TokenPurpose::PasswordReset => Duration::hours(1),
            TokenPurpose::EmailConfirmation => Duration::days(3),
        }
    }
    fn page(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::PasswordReset => "reset-password",
            TokenPurpose::EmailConfirmation => "confirm-email",
        }
    }
}

/// An invitation to create an account.
#[derive(Clone, Debug)]
pub struct InvitationInput {
    pub email: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
}

/// A sent invitation, as the inviter sees it.
#[derive(Clone, Debug)]
pub struct Invitation {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    pub expires_at: chrono::DateTime<Utc>,
}

/// Changes a person makes to their own account.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub display_name: Option<String>,
    pub preferred_language: Option<String>,
}

impl Core {
    /// Creates a single-use token, stored only as its hash, and e-mails its link.
    #[expect(clippy::too_many_arguments, reason = "the columns of one token row")]
    pub(crate) async fn create_token(
        &self,
        db: &impl ConnectionTrait,
        purpose: TokenPurpose,
        email: &str,
        user_id: Option<Uuid>,
        role: Option<Role>,
        organisation_id: Option<Uuid>,
        created_by: Option<Uuid>,
    ) -> DomainResult<(Uuid, String, chrono::DateTime<Utc>)> {
        let (token, hash) = new_secret_token();
        let id = Uuid::now_v7();
        let now = Utc::now();
        let expires_at = now + purpose.lifetime();
        user_token::ActiveModel {
            id: Set(id),
            purpose: Set(purpose.as_str().into()),
            token_hash: Set(hash),
            user_id: Set(user_id),
            email: Set(email.to_owned()),
            role: Set(role.map(|r| r.as_str().to_owned())),
            organisation_id: Set(organisation_id),
            created_by: Set(created_by),
            expires_at: Set(expires_at),
            used_at: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await
        .internal()?;
        let link = format!("{}/{}?token={}", self.settings().public_url.trim_end_matches('/'), purpose.page(), token);
        Ok((id, link, expires_at))
    }

    /// Finds an unused, unexpired token and marks it used (in the caller's transaction).
    async fn redeem_token(&self, db: &impl ConnectionTrait, purpose: TokenPurpose, token: &str) -> DomainResult<user_token::Model> {
        let now = Utc::now();
        let found = user_token::Entity::find()
            .filter(user_token::Column::TokenHash.eq(hash_token(token)))
            .filter(user_token::Column::Purpose.eq(purpose.as_str()))
            .one(db)
            .await
            .internal()?
            .filter(|t| t.used_at.is_none() && t.expires_at > now)
            .ok_or_else(|| DomainError::invalid_token("token"))?;
        let claimed = user_token::Entity::update_many()
            .col_expr(user_token::Column::UsedAt, Expr::value(now))
            .filter(user_token::Column::Id.eq(found.id))
            .filter(user_token::Column::UsedAt.is_null())
            .exec(db)
            .await
            .internal()?;
        if claimed.rows_affected == 0 {
            return Err(DomainError::invalid_token("token"));
        }
        Ok(found)
    }

    /// Signs in. Unknown e-mail and wrong password answer alike and take alike long.
    pub async fn login(&self, email: &str, password: &str, address: Option<IpAddr>) -> DomainResult<Session> {
        let email = email.trim().to_lowercase();
        if self.inner.throttle.is_blocked(address, &email) {
            tracing::warn!(client.address = ?address, "sign-in throttled");
            return Err(DomainError::rate_limited());
        }
        let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(self.db()).await.internal()?;
        let hash = found.as_ref().and_then(|u| u.password_hash.as_deref());
        let password_ok = self.inner.passwords.verify(password, hash).await;
        let active = found.as_ref().is_some_and(|u| u.status == UserStatus::Active.as_str());
        let Some(found) = found.filter(|_| password_ok && active) else {
            self.inner.throttle.record_failure(address, &email);
            tracing::info!(client.address = ?address, "sign-in failed");
            return Err(DomainError::invalid_credentials());
        };
        let txn = self.db().begin().await.internal()?;
        user::Entity::update_many()
            .col_expr(user::Column::LastLoginAt, Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(found.id))
            .exec(&txn)
            .await
            .internal()?;
        let session = self.start_session(&txn, &found).await?;
        txn.commit().await.internal()?;
        tracing::info!(user.id = %found.id, "signed in");
        Ok(session)
    }

    /// The signed-in user.
    pub async fn me(&self, actor: &Actor) -> DomainResult<User> {
        let me = actor.require_user()?;
        let found = user::Entity::find_by_id(me.id).one(self.db()).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        Ok(user_view(&found))
    }

    /// Memberships of users, batched (the actor's own, or any for ADMIN).
    pub async fn memberships_of(&self, actor: &Actor, user_ids: &[Uuid]) -> DomainResult<Vec<Membership>> {
        let me = actor.require_user()?;
        let allowed: Vec<Uuid> =
            if me.role == Role::Admin { user_ids.to_vec() } else { user_ids.iter().copied().filter(|id| *id == me.id).collect() };
        let rows = membership::Entity::find().filter(membership::Column::UserId.is_in(allowed)).all(self.db()).await.internal()?;
        Ok(rows.iter().map(membership_view).collect())
    }

    /// Invites a person: ADMIN with any role; a representative only colleagues into
    /// their own organisation.
    pub async fn invite_user(&self, actor: &Actor, input: InvitationInput) -> DomainResult<Invitation> {
        let inviter = actor.require_user()?;
        let email = validate::email("email", &input.email)?;
        match input.organisation_id {
            Some(org) if inviter.role != Role::Admin => actor.authorize(Operation::InviteColleague, Some(org))?,
            _ => actor.authorize(Operation::InviteUser, None)?,
        }
        if !policy::may_invite_role(inviter.role, input.role) {
            return Err(DomainError::forbidden());
        }
        if input.role == Role::MoRepresentative && input.organisation_id.is_none() {
            return Err(DomainError::invalid("organisationId", Reason::Required));
        }
        let txn = self.db().begin().await.internal()?;
        if let Some(org) = input.organisation_id
            && organisation::Entity::find_by_id(org).one(&txn).await.internal()?.is_none()
        {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        }
        let taken = user::Entity::find().filter(user::Column::Email.eq(&email)).count(&txn).await.internal()? > 0;
        if taken {
            return Err(DomainError::invalid("email", Reason::AlreadyTaken));
        }
        let (id, link, expires_at) = self
            .create_token(&txn, TokenPurpose::Invitation, &email, None, Some(input.role), input.organisation_id, Some(inviter.id))
            .await?;
        audit::record(
            &txn,
            Some(inviter.id),
            "invite",
            "invitation",
            id,
            json!({ "role": input.role.as_str(), "organisationId": input.organisation_id }),
        )
        .await?;
        txn.commit().await.internal()?;
        self.mailer()
            .send(
                &email,
                "Einladung zu migraup / Invitation to migraup",
                &format!(
                    "Guten Tag,\n\nSie wurden zu migraup eingeladen, der Plattform der Fachvernetzung für die Migrationsgesellschaft.\nÜber diesen Link legen Sie Ihr Konto an (gültig bis {exp}):\n\n{link}\n\n---\n\nHello,\n\nyou have been invited to migraup. Create your account with this link (valid until {exp}):\n\n{link}\n",
                    exp = expires_at.format("%Y-%m-%d %H:%M UTC")
                ),
            )
            .await?;
        tracing::info!(invitation.id = %id, "invitation sent");
        Ok(Invitation { id, email, role: input.role, organisation_id: input.organisation_id, expires_at })
    }

    /// Open invitations (ADMIN).
    pub async fn open_invitations(&self, actor: &Actor) -> DomainResult<Vec<Invitation>> {
        actor.authorize(Operation::InviteUser, None)?;
        let rows = user_token::Entity::find()
            .filter(user_token::Column::Purpose.eq(TokenPurpose::Invitation.as_str()))
            .filter(user_token::Column::UsedAt.is_null())
            .filter(user_token::Column::ExpiresAt.gt(Utc::now()))
            .order_by_desc(user_token::Column::Id)
            .limit(200)
            .all(self.db())
            .await
            .internal()?;
        Ok(rows
            .into_iter()
            .map(|t| Invitation {
                id: t.id,
                email: t.email,
                role: t.role.as_deref().and_then(Role::parse).unwrap_or(Role::Multiplier),
                organisation_id: t.organisation_id,
                expires_at: t.expires_at,
            })
            .collect())
    }

    /// Creates the invited account and signs it in.
    pub async fn accept_invitation(&self, token: &str, display_name: &str, password: &str) -> DomainResult<Session> {
        let display_name = validate::line("displayName", display_name, 1, 120)?;
        self.inner.passwords.check_new("password", password)?;
        let hash = self.inner.passwords.hash(password).await?;
        let txn = self.db().begin().await.internal()?;
        let invitation = self.redeem_token(&txn, TokenPurpose::Invitation, token).await?;
        let now = Utc::now();
        let role = invitation.role.clone().unwrap_or_else(|| Role::Multiplier.as_str().into());
        let created = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(invitation.email.clone()),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(role),
            status: Set(UserStatus::Active.as_str().into()),
            preferred_language: Set(Lang::De.as_str().into()),
            tokens_valid_after: Set(now),
            last_login_at: Set(Some(now)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_or_internal(e, "email"))?;
        if let Some(org) = invitation.organisation_id {
            insert_membership(&txn, created.id, org).await?;
        }
        audit::record(&txn, Some(created.id), "accept_invitation", "user", created.id, json!({ "invitation": invitation.id })).await?;
        let session = self.start_session(&txn, &created).await?;
        txn.commit().await.internal()?;
        tracing::info!(user.id = %created.id, "invitation accepted");
        Ok(session)
    }

    /// Sends a reset link if the account exists; answers the same either way.
    pub async fn request_password_reset(&self, email: &str) -> DomainResult<()> {
        let Ok(email) = validate::email("email", email) else { return Ok(()) };
        let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(self.db()).await.internal()?;
        let Some(found) = found.filter(|u| u.status == UserStatus::Active.as_str()) else { return Ok(()) };
        let (_, link, _) = self.create_token(self.db(), TokenPurpose::PasswordReset, &email, Some(found.id), None, None, None).await?;
        self.mailer()
            .send(
                &email,
                "Passwort zurücksetzen / Reset your password",
                &format!("Guten Tag,\n\nüber diesen Link setzen Sie Ihr Passwort neu (eine Stunde gültig):\n\n{link}\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n\n---\n\nReset your password with this link (valid for one hour):\n\n{link}\n"),
            )
            .await
    }

    /// Sets a new password from a reset link; signs out every session of the account.
    pub async fn reset_password(&self, token: &str, password: &str) -> DomainResult<()> {
        self.inner.passwords.check_new("password", password)?;
        let hash = self.inner.passwords.hash(password).await?;
        let txn = self.db().begin().await.internal()?;
        let reset = self.redeem_token(&txn, TokenPurpose::PasswordReset, token).await?;
        let user_id = reset.user_id.ok_or_else(|| DomainError::invalid_token("token"))?;
        self.set_password(&txn, user_id, hash).await?;
        audit::record(&txn, Some(user_id), "reset_password", "user", user_id, json!({})).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// Changes the signed-in person's password after checking the current one.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> DomainResult<()> {
        let me = actor.require_user()?;
        let found = user::Entity::find_by_id(me.id).one(self.db()).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        if !self.inner.passwords.verify(current, found.password_hash.as_deref()).await {
            return Err(DomainError::invalid("currentPassword", Reason::InvalidCredentials));
        }
        self.inner.passwords.check_new("newPassword", new)?;
        let hash = self.inner.passwords.hash(new).await?;
        let txn = self.db().begin().await.internal()?;
        self.set_password(&txn, me.id, hash).await?;
        audit::record(&txn, Some(me.id), "change_password", "user", me.id, json!({})).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    async fn set_password(&self, db: &impl ConnectionTrait, user_id: Uuid, hash: String) -> DomainResult<()> {
        let now = Utc::now();
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::TokensValidAfter, Expr::value(now))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(user_id))
            .exec(db)
            .await
            .internal()?;
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
            .filter(refresh_token::Column::UserId.eq(user_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(db)
            .await
            .internal()?;
        Ok(())
    }

    /// Activates an account registered with `registerOrganisation`.
    pub async fn confirm_email(&self, token: &str) -> DomainResult<Session> {
        let txn = self.db().begin().await.internal()?;
        let confirmation = self.redeem_token(&txn, TokenPurpose::EmailConfirmation, token).await?;
        let user_id = confirmation.user_id.ok_or_else(|| DomainError::invalid_token("token"))?;
        let found = user::Entity::find_by_id(user_id).one(&txn).await.internal()?.ok_or_else(|| DomainError::invalid_token("token"))?;
        let mut active: user::ActiveModel = found.into();
        active.status = Set(UserStatus::Active.as_str().into());
        active.updated_at = Set(Utc::now());
        let found = active.update(&txn).await.internal()?;
        audit::record(&txn, Some(user_id), "confirm_email", "user", user_id, json!({})).await?;
        let session = self.start_session(&txn, &found).await?;
        txn.commit().await.internal()?;
        Ok(session)
    }

    /// Changes one's own display name and interface language.
    pub async fn update_profile(&self, actor: &Actor, input: ProfileInput) -> DomainResult<User> {
        let me = actor.require_user()?;
        let txn = self.db().begin().await.internal()?;
        let found = user::Entity::find_by_id(me.id).one(&txn).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        let mut active: user::ActiveModel = found.into();
        let mut changed = Vec::new();
        if let Some(name) = input.display_name {
            active.display_name = Set(validate::line("displayName", &name, 1, 120)?);
            changed.push("displayName");
        }
        if let Some(lang) = input.preferred_language {
            let lang = Lang::parse(&lang).ok_or_else(|| DomainError::invalid("preferredLanguage", Reason::InvalidLanguage))?;
            active.preferred_language = Set(lang.as_str().into());
            changed.push("preferredLanguage");
        }
        active.updated_at = Set(Utc::now());
        let updated = active.update(&txn).await.internal()?;
        audit::record(&txn, Some(me.id), "update_profile", "user", me.id, json!({ "fields": changed })).await?;
        txn.commit().await.internal()?;
        Ok(user_view(&updated))
    }

    /// All accounts, by e-mail (ADMIN).
    pub async fn users(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<User>> {
        actor.authorize(Operation::ManageUsers, None)?;
        let size = page.size()?;
        let total_count = user::Entity::find().count(self.db()).await.internal()?;
        let mut query = user::Entity::find();
        if let Some(key) = page.after_key()? {
            let email = key.first().cloned().unwrap_or_default();
            query = query.filter(user::Column::Email.gt(email));
        }
        let mut rows = query.order_by_asc(user::Column::Email).limit(size + 1).all(self.db()).await.internal()?;
        let has_next_page = rows.len() as u64 > size;
        rows.truncate(size as usize);
        let items = rows.iter().map(|u| (cursor(&[&u.email]), user_view(u))).collect();
        Ok(Page { items, has_next_page, total_count })
    }

    /// Changes a person's role or status (ADMIN). Disabling signs them out at once.
    pub async fn update_user(
        &self,
        actor: &Actor,
        user_id: Uuid,
        expected_version: i32,
        role: Option<Role>,
        status: Option<UserStatus>,
    ) -> DomainResult<User> {
        actor.authorize(Operation::ManageUsers, None)?;
        let txn = self.db().begin().await.internal()?;
        let found = user::Entity::find_by_id(user_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if found.version != expected_version {
            return Err(DomainError::conflict(found.version));
        }
        if actor.user_id() == Some(user_id) && (role.is_some_and(|r| r != Role::Admin) || status.is_some_and(|s| s != UserStatus::Active)) {
            // Nobody locks the coordination team out by demoting themselves by accident.
            return Err(DomainError::invalid("role", Reason::NotAllowed));
        }
        let mut active: user::ActiveModel = found.clone().into();
        let mut changes = serde_json::Map::new();
        if let Some(role) = role {
            active.role = Set(role.as_str().into());
            changes.insert("role".into(), json!([found.role, role.as_str()]));
        }
        if let Some(status) = status {
            active.status = Set(status.as_str().into());
            changes.insert("status".into(), json!([found.status, status.as_str()]));
        }
        active.version = Set(found.version + 1);
        active.updated_at = Set(Utc::now());
        let updated = active.update(&txn).await.internal()?;
        if status.is_some_and(|s| s != UserStatus::Active) || role.is_some() {
            self.revoke_access_tokens(&txn, user_id).await?;
        }
        audit::record(&txn, actor.user_id(), "update_user", "user", user_id, serde_json::Value::Object(changes)).await?;
        txn.commit().await.internal()?;
        Ok(user_view(&updated))
    }

    /// The e-mails kept by the development outbox (never in production).
    pub fn dev_outbox(&self) -> Vec<crate::mail::SentMail> {
        if self.settings().production { Vec::new() } else { self.mailer().kept() }
    }
}

pub(crate) fn membership_view(m: &membership::Model) -> Membership {
    Membership {
        user_id: m.user_id,
        organisation_id: m.organisation_id,
        is_contact_person: m.is_contact_person,
        contact_consent: m.contact_consent_at.is_some(),
        created_at: m.created_at,
    }
}

pub(crate) async fn insert_membership(db: &impl ConnectionTrait, user_id: Uuid, organisation_id: Uuid) -> DomainResult<()> {
    membership::ActiveModel {
        user_id: Set(user_id),
        organisation_id: Set(organisation_id),
        is_contact_person: Set(false),
        contact_consent_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| unique_or_internal(e, "userId"))?;
    Ok(())
}
