//! Sign-in, sessions, invitations, password reset and user administration.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::{
    accounts::{InvitationInput, ProfileInput},
    paging::PageRequest,
    sessions::REFRESH_TTL,
    views::Session,
};
use migraup_domain::{DomainError, Lang, Reason};

use crate::{
    context::{actor, core, request},
    error::{GqlResult, parse_id},
    types::{
        Role, UserStatus,
        user::{AuthPayload, Invitation, OutboxMail, User, UserConnection},
    },
};

/// The name of the httpOnly cookie that carries the refresh token.
pub const REFRESH_COOKIE: &str = "migraup_refresh";

fn refresh_cookie(ctx: &Context<'_>, value: &str, max_age: i64) -> String {
    let secure = if request(ctx).secure_cookies { "; Secure" } else { "" };
    format!("{REFRESH_COOKIE}={value}; Path=/graphql; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Sets the refresh cookie and answers with the access token.
fn signed_in(ctx: &Context<'_>, session: Session) -> AuthPayload {
    ctx.append_http_header("set-cookie", refresh_cookie(ctx, &session.refresh_token, REFRESH_TTL.num_seconds()));
    session.into()
}

/// An invitation to send.
#[derive(InputObject)]
pub struct InviteUserInput {
    /// The e-mail address the invitation goes to.
    pub email: String,
    /// The role the new account gets: any for the coordination team, only
    /// MO_REPRESENTATIVE for a representative (else FORBIDDEN).
    pub role: Role,
    /// The organisation they will speak for (an id); required for MO_REPRESENTATIVE.
    pub organisation_id: Option<ID>,
    /// The invited person's interface language (`de`, `en`, `ar`, `tr`, `uk`, `ru`, `fa`):
    /// the e-mail is written in it and the account starts with it. The inviter's
    /// language when not given.
    pub language: Option<String>,
}

/// Changes to one's own account.
#[derive(InputObject, Default)]
pub struct ProfileUpdate {
    /// The name shown to others, 1 to 120 characters.
    pub display_name: Option<String>,
    /// One of the interface languages: `de`, `en`, `ar`, `tr`, `uk`, `ru`, `fa`.
    pub preferred_language: Option<String>,
}

/// Reading accounts.
#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person, or `null`.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if actor(ctx).user.is_none() {
            return Ok(None);
        }
        Ok(Some(User(core(ctx).me(actor(ctx)).await.gql(ctx)?)))
    }

    /// All accounts, by e-mail (ADMIN).
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The page size, 1 to 50; 20 when left out.")] first: Option<i32>,
        #[graphql(desc = "The cursor after which the page starts: `pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> async_graphql::Result<UserConnection> {
        let page = core(ctx).users(actor(ctx), &PageRequest { first, after }).await.gql(ctx)?;
        Ok(UserConnection::from_page(page, User))
    }

    /// Invitations not yet accepted and not expired, newest first, at most 200 (ADMIN).
    async fn invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Invitation>> {
        Ok(core(ctx).open_invitations(actor(ctx)).await.gql(ctx)?.into_iter().map(Invitation).collect())
    }

    /// Everything stored about me (account, memberships and consents, registrations,
    /// events and relations I proposed, audit entries, e-mails to me) as one JSON document
    /// (signed-in people).
    async fn my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<async_graphql::Json<serde_json::Value>> {
        Ok(async_graphql::Json(core(ctx).my_data(actor(ctx)).await.gql(ctx)?))
    }

    /// The mail outbox, failed mails first, then the newest 200 (ADMIN).
    async fn mail_outbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false, desc = "Only the mails given up after repeated failures.")] failed_only: bool,
    ) -> async_graphql::Result<Vec<OutboxMail>> {
        Ok(core(ctx).mail_outbox(actor(ctx), failed_only).await.gql(ctx)?.into_iter().map(OutboxMail).collect())
    }

    /// The latest daily backups, newest first (at most 14; ADMIN): when each ran, its
    /// file and size, or why it failed. Empty when no backup folder is configured.
    async fn backups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Backup>> {
        let runs = core(ctx).backup_runs(actor(ctx)).await.gql(ctx)?;
        Ok(runs
            .into_iter()
            .map(|r| Backup {
                succeeded: r.succeeded(),
                started_at: r.started_at,
                finished_at: r.finished_at,
                file: r.file,
                bytes: r.bytes.map(|b| b as f64),
                error: r.error,
            })
            .collect())
    }
}

/// One backup of the whole database (a dump written to the server's backup folder).
#[derive(async_graphql::SimpleObject)]
pub struct Backup {
    /// Whether its file was written completely.
    pub succeeded: bool,
    /// When it started (RFC 3339, UTC).
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// When it ended, written or failed; null while it runs (or if its server stopped).
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The file's name in the backup folder.
    pub file: Option<String>,
    /// The file's size in bytes.
    pub bytes: Option<f64>,
    /// Why it failed, as the server saw it (a path, a disk error); null when it worked.
    pub error: Option<String>,
}

/// Changing accounts and sessions.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs in (active accounts). Sets the refresh cookie. A wrong e-mail or password
    /// answers UNAUTHENTICATED; repeated failures are throttled (RATE_LIMITED with
    /// `extensions.retryAfter` in seconds).
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's e-mail address.")] email: String,
        #[graphql(desc = "The account's password.")] password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).login(&email, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// A new access token for the refresh cookie (or the given token); rotates the refresh
    /// token. An unknown, expired or already used token answers BAD_USER_INPUT on
    /// `refreshToken` (a reused one also ends its whole session).
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A refresh token; the refresh cookie's when left out.")] refresh_token: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        let token = refresh_token
            .or_else(|| request(ctx).refresh_token.clone())
            .ok_or_else(|| DomainError::invalid_token("refreshToken"))
            .gql(ctx)?;
        let session = core(ctx).refresh_session(&token).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Signs out everywhere this session reached: revokes the refresh chain and all access
    /// tokens, and clears the refresh cookie. Always answers `true`.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        core(ctx).logout(actor(ctx), request(ctx).refresh_token.as_deref()).await.gql(ctx)?;
        ctx.append_http_header("set-cookie", refresh_cookie(ctx, "", 0));
        Ok(true)
    }

    /// Invites a person by e-mail (ADMIN; representatives invite colleagues into their
    /// organisation). BAD_USER_INPUT on `email` when the inviter's invitation of this
    /// address is still open (for ADMIN also when it has an account); RATE_LIMITED after
    /// too many invitations.
    async fn invite_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whom to invite, with which role, into which organisation.")] input: InviteUserInput,
    ) -> async_graphql::Result<Invitation> {
        let organisation_id = input.organisation_id.map(|id| parse_id("organisationId", &id)).transpose().gql(ctx)?;
        let language = input
            .language
            .map(|code| Lang::parse(&code).ok_or_else(|| DomainError::invalid("language", Reason::InvalidLanguage)))
            .transpose()
            .gql(ctx)?;
        let invitation = core(ctx)
            .invite_user(actor(ctx), InvitationInput { email: input.email, role: input.role.into(), organisation_id, language })
            .await
            .gql(ctx)?;
        Ok(Invitation(invitation))
    }

    /// Deletes my account and my personal data (after checking my password); the audit
    /// log keeps a pseudonym. A wrong password answers BAD_USER_INPUT on `password`; the
    /// last active ADMIN cannot be deleted.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "My current password, as confirmation.")] password: String,
    ) -> async_graphql::Result<bool> {
        core(ctx).delete_my_account(actor(ctx), &password, request(ctx).client_address).await.gql(ctx)?;
        ctx.append_http_header("set-cookie", refresh_cookie(ctx, "", 0));
        Ok(true)
    }

    /// Deletes another person's account and personal data on their request (ADMIN,
    /// audited). Not one's own account, nor the last active ADMIN (BAD_USER_INPUT on
    /// `id`); NOT_FOUND for an unknown id.
    async fn delete_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).delete_account(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// Sends a failed mail again (ADMIN). BAD_USER_INPUT on `id` for a mail already sent;
    /// NOT_FOUND for an unknown id.
    async fn resend_mail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The mail's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<OutboxMail> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(OutboxMail(core(ctx).resend_mail(actor(ctx), id).await.gql(ctx)?))
    }

    /// Withdraws an open invitation (ADMIN); its link stops working. NOT_FOUND when there
    /// is no such open invitation.
    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation's id (a UUID).")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).revoke_invitation(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// Creates the invited account and signs it in (no sign-in needed). An unknown, used
    /// or expired token answers BAD_USER_INPUT on `token`; attempts per client are limited
    /// (RATE_LIMITED).
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the invitation's link.")] token: String,
        #[graphql(desc = "The name shown to others, 1 to 120 characters.")] display_name: String,
        #[graphql(desc = "The new password: 12 to 128 characters, not a common one.")] password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).accept_invitation(&token, &display_name, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Sends a reset link if the account exists; always answers `true` (RATE_LIMITED after
    /// too many requests from one client).
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's e-mail address.")] email: String,
    ) -> async_graphql::Result<bool> {
        core(ctx).request_password_reset(&email, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Sets a new password from a reset link and signs out every session (no sign-in
    /// needed). An unknown, used or expired token answers BAD_USER_INPUT on `token`;
    /// attempts per client are limited (RATE_LIMITED).
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the reset link.")] token: String,
        #[graphql(desc = "The new password: 12 to 128 characters, not a common one.")] password: String,
    ) -> async_graphql::Result<bool> {
        core(ctx).reset_password(&token, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Confirms the e-mail address of a registration and signs in (no sign-in needed). An
    /// unknown, used or expired token answers BAD_USER_INPUT on `token`; attempts per client
    /// are limited (RATE_LIMITED).
    async fn confirm_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the confirmation link.")] token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).confirm_email(&token, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Changes my password and signs out every session (signed-in people). A wrong
    /// current password answers BAD_USER_INPUT on `currentPassword`; repeated wrong ones
    /// are throttled (RATE_LIMITED).
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "My current password.")] current_password: String,
        #[graphql(desc = "The new password: 12 to 128 characters, not a common one.")] new_password: String,
    ) -> async_graphql::Result<bool> {
        core(ctx).change_password(actor(ctx), &current_password, &new_password, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Changes my display name and interface language (signed-in people).
    async fn update_my_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change; those left out stay.")] input: ProfileUpdate,
    ) -> async_graphql::Result<User> {
        let input = ProfileInput { display_name: input.display_name, preferred_language: input.preferred_language };
        Ok(User(core(ctx).update_profile(actor(ctx), input).await.gql(ctx)?))
    }

    /// Changes a person's role or status (ADMIN); disabling or a new role signs them out
    /// at once, and a role that acts for no organisation loses its memberships. The last
    /// active ADMIN can be neither demoted nor disabled, nor can one demote or disable
    /// oneself (BAD_USER_INPUT). CONFLICT when someone saved first; NOT_FOUND for an unknown id.
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The new role; unchanged when left out.")] role: Option<Role>,
        #[graphql(desc = "The new status; unchanged when left out.")] status: Option<UserStatus>,
    ) -> async_graphql::Result<User> {
        let id = parse_id("id", &id).gql(ctx)?;
        let user = core(ctx).update_user(actor(ctx), id, expected_version, role.map(Into::into), status.map(Into::into)).await.gql(ctx)?;
        Ok(User(user))
    }
}
