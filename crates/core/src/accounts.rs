//! Accounts: sign-in, invitations, password reset, e-mail confirmation, user admin.

use crate::entities::stored::Stored;
use std::net::IpAddr;

use chrono::{Duration, Utc};
use migraup_domain::{DomainError, Lang, Operation, Reason, Role, UserStatus, error::DomainResult, policy, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::mail_texts::{Mail, Recipient};
use crate::{
    Actor, Core, audit,
    entities::{membership, organisation, refresh_token, user, user_token},
    errors::{DbResultExt, unique_or_internal},
    limits,
    paging::{Page, PageRequest, cursor},
    sessions::{hash_token, new_secret_token, user_view},
    views::{Membership, Session, User},
};

/// What a single-use token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenPurpose {
    Invitation,
    PasswordReset,
    /// A reset link for a registration still waiting for confirmation, sent when the
    /// address registers again: choosing the password confirms the address too. It is
    /// redeemed like any reset link and lives as long as the registration mails'
    /// window, so while that bound holds back further mails the newest link works.
    FinishRegistration,
    EmailConfirmation,
    /// "Still current" from a freshness reminder: confirms an organisation's entries.
    StillCurrent,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "INVITATION",
            TokenPurpose::PasswordReset | TokenPurpose::FinishRegistration => "PASSWORD_RESET",
            TokenPurpose::EmailConfirmation => "EMAIL_CONFIRMATION",
            TokenPurpose::StillCurrent => "STILL_CURRENT",
        }
    }
    fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::Invitation => Duration::days(14),
            // As long as the window of the mail bounds: while a bound holds back new
            // mails, a link sent within the window still works (one hour, one day).
            TokenPurpose::PasswordReset => Duration::seconds(limits::RESET_PER_TARGET.window_seconds),
            TokenPurpose::FinishRegistration => Duration::seconds(limits::REGISTER_PER_TARGET.window_seconds),
            // Unconfirmed registrations expire with their link (see `maintenance`).
            TokenPurpose::EmailConfirmation => Duration::days(7),
            // Until well after the entry is marked outdated (12 months).
            TokenPurpose::StillCurrent => Duration::days(60),
        }
    }
    fn page(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::PasswordReset | TokenPurpose::FinishRegistration => "reset-password",
            TokenPurpose::EmailConfirmation => "confirm-email",
            TokenPurpose::StillCurrent => "still-current",
        }
    }
}

/// An invitation to create an account.
#[derive(Clone, Debug)]
pub struct InvitationInput {
    pub email: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    /// The invited person's language: the e-mail's and then the account's. The
    /// inviter's interface language when not given.
    pub language: Option<Lang>,
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
        language: Option<Lang>,
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
            role: Set(role.map(Stored)),
            organisation_id: Set(organisation_id),
            created_by: Set(created_by),
            language: Set(language.map(Stored)),
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

    /// Whether a token is unused and unexpired, without using it: checked before the
    /// expensive password hash, so unknown tokens cost no CPU.
    async fn token_is_valid(&self, purpose: TokenPurpose, token: &str) -> DomainResult<()> {
        let now = Utc::now();
        user_token::Entity::find()
            .filter(user_token::Column::TokenHash.eq(hash_token(token)))
            .filter(user_token::Column::Purpose.eq(purpose.as_str()))
            .one(self.db())
            .await
            .internal()?
            .filter(|t| t.used_at.is_none() && t.expires_at > now)
            .map(|_| ())
            .ok_or_else(|| DomainError::invalid_token("token"))
    }

    /// Finds an unused, unexpired token and marks it used (in the caller's transaction).
    pub(crate) async fn redeem_token(
        &self,
        db: &impl ConnectionTrait,
        purpose: TokenPurpose,
        token: &str,
    ) -> DomainResult<user_token::Model> {
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
    /// Failures are limited per client address and per account *from that address*,
    /// so a stranger cannot lock the owner out (see `limits`).
    pub async fn login(&self, email: &str, password: &str, address: Option<IpAddr>) -> DomainResult<Session> {
        let email = validate::email("email", email).unwrap_or_else(|_| email.trim().to_lowercase());
        let client = limits::client_key(address);
        let pair = limits::Key::Pair(&email, &client);
        self.check_limit(limits::LOGIN_FAILURES_CLIENT, &client).await?;
        self.check_limit(limits::LOGIN_FAILURES_ACCOUNT_CLIENT, pair).await?;
        let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(self.db()).await.internal()?;
        let hash = found.as_ref().and_then(|u| u.password_hash.as_deref());
        let password_ok = self.inner.passwords.verify(password, hash).await;
        let active = found.as_ref().is_some_and(|u| u.status.0 == UserStatus::Active);
        let Some(found) = found.filter(|_| password_ok && active) else {
            self.record_attempt(limits::LOGIN_FAILURES_CLIENT, &client).await?;
            self.record_attempt(limits::LOGIN_FAILURES_ACCOUNT_CLIENT, pair).await?;
            tracing::info!(client.address = ?address, "sign-in failed");
            return Err(DomainError::invalid_credentials());
        };
        let txn = self.begin_write().await?;
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
    /// their own organisation. An address that has an account is answered as a new one
    /// (the person is told by e-mail), except to the coordination team, who sees every
    /// account anyway and is told so.
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
        let language = input.language.unwrap_or(actor.lang);
        self.hit(limits::INVITE_PER_ACCOUNT, &inviter.id.to_string()).await?;
        self.hit(limits::INVITE_PER_TARGET, &email).await?;
        let txn = self.begin_write().await?;
        if let Some(org) = input.organisation_id
            && organisation::Entity::find_by_id(org).one(&txn).await.internal()?.is_none()
        {
            return Err(DomainError::invalid("organisationId", Reason::UnknownId));
        }
        // The same person invited twice by the same inviter: said, not mailed again
        // (the inviter knows of their own invitation anyway).
        let open = user_token::Entity::find()
            .filter(user_token::Column::Purpose.eq(TokenPurpose::Invitation.as_str()))
            .filter(user_token::Column::Email.eq(&email))
            .filter(user_token::Column::CreatedBy.eq(inviter.id))
            .filter(user_token::Column::UsedAt.is_null())
            .filter(user_token::Column::ExpiresAt.gt(Utc::now()))
            .one(&txn)
            .await
            .internal()?;
        if open.is_some() {
            return Err(DomainError::invalid("email", Reason::PersonAlreadyInvited));
        }
        let existing = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&txn).await.internal()?;
        if let Some(existing) = existing {
            if actor.may(Operation::ManageUsers, None) {
                return Err(DomainError::invalid("email", Reason::AlreadyTaken));
            }
            // The answer of a new address, without a link to a second account.
            let id = Uuid::now_v7();
            let expires_at = Utc::now() + TokenPurpose::Invitation.lifetime();
            let changes = json!({ "role": input.role.as_str(), "organisationId": input.organisation_id, "existingAccount": true });
            audit::record(&txn, Some(inviter.id), "invite", "invitation", id, changes).await?;
            let public_url = self.settings().public_url.trim_end_matches('/').to_owned();
            crate::mail_texts::send(&txn, &(&existing).into(), Mail::InvitedWithAccount, &[("public_url", &public_url)]).await?;
            txn.commit().await.internal()?;
            return Ok(Invitation { id, email, role: input.role, organisation_id: input.organisation_id, expires_at });
        }
        let (id, link, expires_at) = self
            .create_token(
                &txn,
                TokenPurpose::Invitation,
                &email,
                None,
                Some(input.role),
                input.organisation_id,
                Some(inviter.id),
                Some(language),
            )
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
        let expires = crate::berlin::human(language, expires_at);
        let to = Recipient { email: email.clone(), lang: language };
        crate::mail_texts::send(&txn, &to, Mail::Invitation, &[("expires", &expires), ("link", &link)]).await?;
        txn.commit().await.internal()?;
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
                role: t.role.map_or(Role::Multiplier, |r| r.0),
                organisation_id: t.organisation_id,
                expires_at: t.expires_at,
            })
            .collect())
    }

    /// Withdraws an open invitation (ADMIN): its link stops working at once.
    pub async fn revoke_invitation(&self, actor: &Actor, id: Uuid) -> DomainResult<()> {
        actor.authorize(Operation::InviteUser, None)?;
        let txn = self.begin_write().await?;
        let revoked = user_token::Entity::delete_many()
            .filter(user_token::Column::Id.eq(id))
            .filter(user_token::Column::Purpose.eq(TokenPurpose::Invitation.as_str()))
            .filter(user_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .internal()?;
        if revoked.rows_affected == 0 {
            return Err(DomainError::not_found());
        }
        audit::record(&txn, actor, "revoke_invitation", "invitation", id, json!({})).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// Creates the invited account and signs it in.
    pub async fn accept_invitation(
        &self,
        token: &str,
        display_name: &str,
        password: &str,
        address: Option<IpAddr>,
    ) -> DomainResult<Session> {
        let display_name = validate::name("displayName", display_name, 1, 120)?;
        self.inner.passwords.check_new("password", password)?;
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(address)).await?;
        self.token_is_valid(TokenPurpose::Invitation, token).await?;
        let hash = self.inner.passwords.hash(password).await?;
        let txn = self.begin_write().await?;
        let invitation = self.redeem_token(&txn, TokenPurpose::Invitation, token).await?;
        let now = Utc::now();
        let role = invitation.role.unwrap_or(Stored(Role::Multiplier));
        let created = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(invitation.email.clone()),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(role),
            status: Set(Stored(UserStatus::Active)),
            preferred_language: Set(invitation.language.unwrap_or(Stored(Lang::De))),
            tokens_valid_after: Set(now),
            last_login_at: Set(Some(now)),
            provisional: Set(false),
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

    /// Sends a reset link if the account exists. Answers the same, at once, for known
    /// and unknown addresses: the lookup and the mail happen after the answer. Only the
    /// client is refused; the mails to one address are bounded without a refusal, and
    /// a new link leaves older ones valid until one is used: a stranger's requests can
    /// neither keep the owner from a link nor void the one they are about to use.
    pub async fn request_password_reset(&self, email: &str, address: Option<IpAddr>) -> DomainResult<()> {
        self.hit(limits::RESET_PER_CLIENT, &limits::client_key(address)).await?;
        let Ok(email) = validate::email("email", email) else { return Ok(()) };
        let core = self.clone();
        tokio::spawn(async move {
            if let Err(e) = core.send_reset_link(&email).await {
                tracing::warn!(error = %e, "sending a reset link failed");
            }
        });
        Ok(())
    }

    async fn send_reset_link(&self, email: &str) -> DomainResult<()> {
        let found = user::Entity::find().filter(user::Column::Email.eq(email)).one(self.db()).await.internal()?;
        let Some(found) = found.filter(may_reset) else { return Ok(()) };
        // The bound counts mails: beyond it nothing is sent and nothing voided. The
        // links sent live as long as its window, so one of them still works.
        if !self.within(limits::RESET_PER_TARGET, email).await? {
            return Ok(());
        }
        let txn = self.begin_write().await?;
        let (_, link, _) = self.create_token(&txn, TokenPurpose::PasswordReset, email, Some(found.id), None, None, None, None).await?;
        crate::mail_texts::send(&txn, &(&found).into(), Mail::PasswordReset, &[("link", &link)]).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// Sets a new password from a reset link; signs out every session of the account.
    /// A registration still waiting for confirmation is confirmed by it (the link
    /// proves the address as a confirmation link does), with the password chosen now.
    pub async fn reset_password(&self, token: &str, password: &str, address: Option<IpAddr>) -> DomainResult<()> {
        self.inner.passwords.check_new("password", password)?;
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(address)).await?;
        self.token_is_valid(TokenPurpose::PasswordReset, token).await?;
        let hash = self.inner.passwords.hash(password).await?;
        let txn = self.begin_write().await?;
        let reset = self.redeem_token(&txn, TokenPurpose::PasswordReset, token).await?;
        let user_id = reset.user_id.ok_or_else(|| DomainError::invalid_token("token"))?;
        let owner = user::Entity::find_by_id(user_id).one(&txn).await.internal()?;
        // Disabled after the link was sent: the link does nothing.
        let owner = owner.filter(may_reset).ok_or_else(|| DomainError::invalid_token("token"))?;
        self.set_password(&txn, user_id, hash).await?;
        if owner.status.0 == UserStatus::Pending {
            self.activate_registration(&txn, owner).await?;
        }
        audit::record(&txn, Some(user_id), "reset_password", "user", user_id, json!({})).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// Changes the signed-in person's password after checking the current one.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let me = actor.require_user()?;
        let found = user::Entity::find_by_id(me.id).one(self.db()).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        self.verify_own_password(&found, current, "currentPassword", address).await?;
        self.inner.passwords.check_new("newPassword", new)?;
        let hash = self.inner.passwords.hash(new).await?;
        let txn = self.begin_write().await?;
        self.set_password(&txn, me.id, hash).await?;
        audit::record(&txn, Some(me.id), "change_password", "user", me.id, json!({})).await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    async fn set_password(&self, db: &impl ConnectionTrait, user_id: Uuid, hash: String) -> DomainResult<()> {
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(user_id))
            .exec(db)
            .await
            .internal()?;
        self.end_sessions(db, user_id).await
    }

    /// Signs a person out everywhere and voids their reset links: after a password
    /// change, a role change or disabling, nothing issued before still works.
    pub(crate) async fn end_sessions(&self, db: &impl ConnectionTrait, user_id: Uuid) -> DomainResult<()> {
        self.revoke_access_tokens(db, user_id).await?;
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(refresh_token::Column::UserId.eq(user_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(db)
            .await
            .internal()?;
        // A reset link sent before the change would undo it.
        void_reset_links(db, user_id).await
    }

    /// Checks the signed-in person's own password (changing it, deleting the account).
    /// Wrong guesses count like failed sign-ins from that address, so the argon2 check
    /// cannot be repeated without limit.
    pub(crate) async fn verify_own_password(
        &self,
        found: &user::Model,
        password: &str,
        field: &str,
        address: Option<IpAddr>,
    ) -> DomainResult<()> {
        let client = limits::client_key(address);
        let pair = limits::Key::Pair(&found.email, &client);
        self.check_limit(limits::LOGIN_FAILURES_ACCOUNT_CLIENT, pair).await?;
        if self.inner.passwords.verify(password, found.password_hash.as_deref()).await {
            return Ok(());
        }
        self.record_attempt(limits::LOGIN_FAILURES_ACCOUNT_CLIENT, pair).await?;
        Err(DomainError::invalid(field, Reason::InvalidCredentials))
    }

    /// Activates an account registered with `registerOrganisation`: the password given
    /// at registration takes effect now. Only a pending account is activated; one
    /// disabled in the meantime stays disabled. The account stays provisional until
    /// the coordination team verifies the organisation.
    pub async fn confirm_email(&self, token: &str, address: Option<IpAddr>) -> DomainResult<Session> {
        self.hit(limits::TOKENS_PER_CLIENT, &limits::client_key(address)).await?;
        let txn = self.begin_write().await?;
        let confirmation = self.redeem_token(&txn, TokenPurpose::EmailConfirmation, token).await?;
        let user_id = confirmation.user_id.ok_or_else(|| DomainError::invalid_token("token"))?;
        let found = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await
            .internal()?
            .filter(|u| u.status.0 == UserStatus::Pending)
            .ok_or_else(|| DomainError::invalid_token("token"))?;
        let found = self.activate_registration(&txn, found).await?;
        let session = self.start_session(&txn, &found).await?;
        txn.commit().await.internal()?;
        Ok(session)
    }

    /// Activates a pending registration whose address is proven (a confirmation link, or a
    /// reset link): the claims it made reach the coordination team now.
    async fn activate_registration(&self, db: &impl ConnectionTrait, found: user::Model) -> DomainResult<user::Model> {
        let user_id = found.id;
        let mut active: user::ActiveModel = found.into();
        active.status = Set(Stored(UserStatus::Active));
        active.updated_at = Set(Utc::now());
        let found = active.update(db).await.internal()?;
        audit::record(db, Some(user_id), "confirm_email", "user", user_id, json!({})).await?;
        self.notify_confirmed_claims(db, user_id).await?;
        Ok(found)
    }

    /// Changes one's own display name and interface language.
    pub async fn update_profile(&self, actor: &Actor, input: ProfileInput) -> DomainResult<User> {
        let me = actor.require_user()?;
        let txn = self.begin_write().await?;
        let found = user::Entity::find_by_id(me.id).one(&txn).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        let mut active: user::ActiveModel = found.into();
        let mut changed = Vec::new();
        if let Some(name) = input.display_name {
            active.display_name = Set(validate::name("displayName", &name, 1, 120)?);
            changed.push("displayName");
        }
        if let Some(lang) = input.preferred_language {
            let lang = Lang::parse(&lang).ok_or_else(|| DomainError::invalid("preferredLanguage", Reason::InvalidLanguage))?;
            active.preferred_language = Set(Stored(lang));
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
        Ok(Page { items, has_next_page, has_previous_page: page.after.is_some(), total_count })
    }

    /// Changes a person's role or status (ADMIN). Disabling or a new role signs them out
    /// everywhere; a role that cannot act for an organisation loses its memberships; the
    /// last active ADMIN can be neither demoted nor disabled, also by two requests at once.
    pub async fn update_user(
        &self,
        actor: &Actor,
        user_id: Uuid,
        expected_version: i32,
        role: Option<Role>,
        status: Option<UserStatus>,
    ) -> DomainResult<User> {
        actor.authorize(Operation::ManageUsers, None)?;
        let txn = self.begin_write().await?;
        let may_remove_an_admin = role.is_some_and(|r| r != Role::Admin) || status.is_some_and(|s| s != UserStatus::Active);
        if may_remove_an_admin {
            keep_an_admin(&txn, user_id, if role.is_some() { "role" } else { "status" }).await?;
        }
        crate::versions::claim::<user::Entity>(&txn, user_id, expected_version).await?;
        let found = user::Entity::find_by_id(user_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if actor.user_id() == Some(user_id) && may_remove_an_admin {
            // Nobody locks the coordination team out by demoting themselves by accident.
            return Err(DomainError::invalid("role", Reason::NotAllowed));
        }
        let mut active: user::ActiveModel = found.clone().into();
        let mut changes = serde_json::Map::new();
        if let Some(role) = role {
            active.role = Set(Stored(role));
            changes.insert("role".into(), json!([found.role, role.as_str()]));
        }
        if let Some(status) = status {
            active.status = Set(Stored(status));
            changes.insert("status".into(), json!([found.status, status.as_str()]));
        }
        active.updated_at = Set(Utc::now());
        let updated = active.update(&txn).await.internal()?;
        if let Some(role) = role.filter(|r| !policy::may_hold_memberships(*r)) {
            let removed = membership::Entity::delete_many().filter(membership::Column::UserId.eq(user_id)).exec(&txn).await.internal()?;
            if removed.rows_affected > 0 {
                changes.insert("membershipsRemoved".into(), json!(removed.rows_affected));
                tracing::info!(user.id = %user_id, role = role.as_str(), "memberships removed with the role change");
            }
        }
        if status.is_some_and(|s| s != UserStatus::Active) || role.is_some() {
            self.end_sessions(&txn, user_id).await?;
        }
        audit::record(&txn, actor, "update_user", "user", user_id, serde_json::Value::Object(changes)).await?;
        txn.commit().await.internal()?;
        Ok(user_view(&updated))
    }
}

/// Deletes link tokens used or expired more than a day ago (maintenance, in the
/// caller's transaction). Returns the number of rows removed.
pub(crate) async fn prune_tokens(db: &impl ConnectionTrait, now: chrono::DateTime<Utc>) -> DomainResult<u64> {
    let tokens = user_token::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(user_token::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
                .add(user_token::Column::UsedAt.lt(now - chrono::Duration::days(1))),
        )
        .exec(db)
        .await
        .internal()?;
    Ok(tokens.rows_affected)
}

/// Refuses (on `field`) to remove the last active ADMIN. The active admins are locked
/// first (a write: row locks on PostgreSQL; SQLite's write lock is held since
/// `begin_write`), so two removals at once are decided one after the other.
pub(crate) async fn keep_an_admin(db: &impl ConnectionTrait, user_id: Uuid, field: &str) -> DomainResult<()> {
    let active_admins = || {
        user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
    };
    user::Entity::update_many()
        .col_expr(user::Column::Version, Expr::col(user::Column::Version))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .exec(db)
        .await
        .internal()?;
    let admins: Vec<Uuid> = active_admins().select_only().column(user::Column::Id).into_tuple().all(db).await.internal()?;
    if admins == [user_id] {
        return Err(DomainError::invalid(field, Reason::NotAllowed));
    }
    Ok(())
}

/// Who may get and use a reset link: an active account, or a registration still waiting
/// for confirmation (the link confirms it). Never a disabled one.
fn may_reset(u: &user::Model) -> bool {
    u.status.0 == UserStatus::Active || (u.status.0 == UserStatus::Pending && u.provisional)
}

/// Marks every unused reset link of an account as used.
async fn void_reset_links(db: &impl ConnectionTrait, user_id: Uuid) -> DomainResult<()> {
    user_token::Entity::update_many()
        .col_expr(user_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(user_token::Column::UserId.eq(user_id))
        .filter(user_token::Column::Purpose.eq(TokenPurpose::PasswordReset.as_str()))
        .filter(user_token::Column::UsedAt.is_null())
        .exec(db)
        .await
        .internal()?;
    Ok(())
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
        contact_consent_withdrawn_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| unique_or_internal(e, "userId"))?;
    Ok(())
}
