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
    pub email: String,
    pub role: Role,
    /// Required for `MO_REPRESENTATIVE`: the organisation they will speak for.
    pub organisation_id: Option<ID>,
    /// The invited person's interface language (`de`, `en`, `ar`, `tr`, `uk`, `ru`, `fa`):
    /// the e-mail is written in it and the account starts with it. The inviter's
    /// language when not given.
    pub language: Option<String>,
}

/// Changes to one's own account.
#[derive(InputObject, Default)]
pub struct ProfileUpdate {
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
    async fn users(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> async_graphql::Result<UserConnection> {
        let page = core(ctx).users(actor(ctx), &PageRequest { first, after }).await.gql(ctx)?;
        Ok(UserConnection::from_page(page, User))
    }

    /// Invitations not yet accepted (ADMIN).
    async fn invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Invitation>> {
        Ok(core(ctx).open_invitations(actor(ctx)).await.gql(ctx)?.into_iter().map(Invitation).collect())
    }

    /// Everything stored about me (account, memberships and consents, registrations,
    /// events and relations I proposed, audit entries, e-mails to me) as one JSON document.
    async fn my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<async_graphql::Json<serde_json::Value>> {
        Ok(async_graphql::Json(core(ctx).my_data(actor(ctx)).await.gql(ctx)?))
    }

    /// The mail outbox, failed mails first, then the newest 200 (ADMIN).
    async fn mail_outbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] failed_only: bool,
    ) -> async_graphql::Result<Vec<OutboxMail>> {
        Ok(core(ctx).mail_outbox(actor(ctx), failed_only).await.gql(ctx)?.into_iter().map(OutboxMail).collect())
    }
}

/// Changing accounts and sessions.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs in. Sets the refresh cookie; failures are throttled (`RATE_LIMITED`).
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).login(&email, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// A new access token for the refresh cookie (or the given token); rotates the refresh token.
    async fn refresh_session(&self, ctx: &Context<'_>, refresh_token: Option<String>) -> async_graphql::Result<AuthPayload> {
        let token = refresh_token
            .or_else(|| request(ctx).refresh_token.clone())
            .ok_or_else(|| DomainError::invalid_token("refreshToken"))
            .gql(ctx)?;
        let session = core(ctx).refresh_session(&token).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Signs out everywhere this session reached: revokes the refresh chain and all access tokens.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        core(ctx).logout(actor(ctx), request(ctx).refresh_token.as_deref()).await.gql(ctx)?;
        ctx.append_http_header("set-cookie", refresh_cookie(ctx, "", 0));
        Ok(true)
    }

    /// Invites a person by e-mail (ADMIN; representatives invite colleagues into their organisation).
    async fn invite_user(&self, ctx: &Context<'_>, input: InviteUserInput) -> async_graphql::Result<Invitation> {
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
    /// log keeps a pseudonym.
    async fn delete_my_account(&self, ctx: &Context<'_>, password: String) -> async_graphql::Result<bool> {
        core(ctx).delete_my_account(actor(ctx), &password, request(ctx).client_address).await.gql(ctx)?;
        ctx.append_http_header("set-cookie", refresh_cookie(ctx, "", 0));
        Ok(true)
    }

    /// Deletes another person's account and personal data on their request (ADMIN, audited).
    async fn delete_account(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).delete_account(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// Sends a failed mail again (ADMIN).
    async fn resend_mail(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<OutboxMail> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(OutboxMail(core(ctx).resend_mail(actor(ctx), id).await.gql(ctx)?))
    }

    /// Withdraws an open invitation (ADMIN); its link stops working.
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql(ctx)?;
        core(ctx).revoke_invitation(actor(ctx), id).await.gql(ctx)?;
        Ok(true)
    }

    /// Creates the invited account and signs it in.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        token: String,
        display_name: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).accept_invitation(&token, &display_name, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Sends a reset link if the account exists; always answers `true`.
    async fn request_password_reset(&self, ctx: &Context<'_>, email: String) -> async_graphql::Result<bool> {
        core(ctx).request_password_reset(&email, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Sets a new password from a reset link and signs out every session.
    async fn reset_password(&self, ctx: &Context<'_>, token: String, password: String) -> async_graphql::Result<bool> {
        core(ctx).reset_password(&token, &password, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Confirms the e-mail address of a registration and signs in.
    async fn confirm_email(&self, ctx: &Context<'_>, token: String) -> async_graphql::Result<AuthPayload> {
        let session = core(ctx).confirm_email(&token, request(ctx).client_address).await.gql(ctx)?;
        Ok(signed_in(ctx, session))
    }

    /// Changes my password (signs out other sessions).
    async fn change_password(&self, ctx: &Context<'_>, current_password: String, new_password: String) -> async_graphql::Result<bool> {
        core(ctx).change_password(actor(ctx), &current_password, &new_password, request(ctx).client_address).await.gql(ctx)?;
        Ok(true)
    }

    /// Changes my display name and interface language.
    async fn update_my_profile(&self, ctx: &Context<'_>, input: ProfileUpdate) -> async_graphql::Result<User> {
        let input = ProfileInput { display_name: input.display_name, preferred_language: input.preferred_language };
        Ok(User(core(ctx).update_profile(actor(ctx), input).await.gql(ctx)?))
    }

    /// Changes a person's role or status (ADMIN); disabling signs them out at once.
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        role: Option<Role>,
        status: Option<UserStatus>,
    ) -> async_graphql::Result<User> {
        let id = parse_id("id", &id).gql(ctx)?;
        let user = core(ctx).update_user(actor(ctx), id, expected_version, role.map(Into::into), status.map(Into::into)).await.gql(ctx)?;
        Ok(User(user))
    }
}
