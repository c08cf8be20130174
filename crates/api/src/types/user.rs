//! Accounts, sessions and the audit log as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::views;

use super::{Role, UserStatus, connection, organisation::Organisation};
use crate::{
    context::request,
    error::GqlResult,
    loaders::{OrgById, UserMemberships},
};

/// An account.
#[derive(Clone)]
pub struct User(pub views::User);

/// An account of a person: the signed-in person themselves (`me`), or accounts the
/// coordination team manages and an organisation's editors see among its members.
#[Object]
impl User {
    /// The id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The e-mail address, which is also the sign-in name.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// The name shown to others.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// What the person may do in general.
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    /// Whether the account is waiting for its e-mail confirmation, in use or disabled.
    async fn status(&self) -> UserStatus {
        self.0.status.into()
    }
    /// Registered themselves and waiting for the coordination team to verify their
    /// organisation: until then they see what the public sees and may only edit the
    /// pending profile.
    async fn awaiting_verification(&self) -> bool {
        self.0.awaiting_verification
    }
    /// The interface language (`de`, `en`).
    async fn preferred_language(&self) -> &str {
        self.0.preferred_language.as_str()
    }
    /// When the person last signed in (RFC 3339, UTC); `null` if never.
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    /// When the account was created (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// For optimistic locking: send it back as `expectedVersion` to `updateUser`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The organisations this person is a member of: shown to the person themselves and
    /// to the coordination team (ADMIN); empty for anyone else.
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Membership>> {
        let list = request(ctx).loaders.batch.load_one(UserMemberships(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(Membership).collect())
    }
}

/// Membership of a person in an organisation.
#[derive(Clone)]
pub struct Membership(pub views::Membership);

/// A person's membership of an organisation: members act for it (representatives edit
/// its profile and offerings).
#[Object]
impl Membership {
    /// The organisation; `null` when it is hidden from the caller.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.organisation_id)).await.gql(ctx)?.map(Organisation))
    }
    /// Whether the person is a contact person of the organisation (shown to signed-in
    /// people only with `contactConsent`).
    async fn is_contact_person(&self) -> bool {
        self.0.is_contact_person
    }
    /// Whether the person consented to be shown to signed-in users.
    async fn contact_consent(&self) -> bool {
        self.0.contact_consent
    }
}

/// The answer to a successful sign-in. The refresh token travels in an httpOnly cookie.
#[derive(SimpleObject, Clone)]
pub struct AuthPayload {
    /// A short-lived access token; send it as `Authorization: Bearer …`.
    pub access_token: String,
    /// When the access token expires (RFC 3339, UTC; 15 minutes after it was issued).
    /// Get a new one with `refreshSession` before then.
    pub expires_at: DateTime<Utc>,
    /// The signed-in person.
    pub user: User,
}

impl From<views::Session> for AuthPayload {
    fn from(s: views::Session) -> Self {
        AuthPayload { access_token: s.access_token, expires_at: s.expires_at, user: User(s.user) }
    }
}

/// An invitation that has not been accepted yet.
#[derive(Clone)]
pub struct Invitation(pub migraup_core::accounts::Invitation);

/// An invitation by e-mail to create an account, not accepted yet; its link works for
/// 14 days.
#[Object]
impl Invitation {
    /// The id (a UUID), for `revokeInvitation`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The invited address.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// The role the account will have.
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    /// The organisation the person will be a member of; `null` for none, or when it is
    /// hidden from the caller.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let Some(id) = self.0.organisation_id else { return Ok(None) };
        Ok(request(ctx).loaders.batch.load_one(OrgById(id)).await.gql(ctx)?.map(Organisation))
    }
    /// When the link stops working (RFC 3339, UTC).
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
}

/// One entry of the audit log: who changed which record how, and when (coordination
/// team only).
#[derive(SimpleObject, Clone)]
pub struct AuditEntry {
    /// The id (a UUID).
    pub id: ID,
    /// The account that acted (a UUID; a pseudonym for an erased person); `null` for
    /// the system (daily tasks).
    pub actor_id: Option<ID>,
    /// Who acted, by their name now; `null` for the system or an erased person.
    pub actor_name: Option<String>,
    /// What happened, as a stable key such as `create`, `update`, `verify` or `invite`.
    pub action: String,
    /// What happened, in the reader's language.
    pub action_label: String,
    /// The kind of record, as a stable key such as `organisation`, `offering`, `user` or
    /// `event`; the `entity` filter of `auditLog` takes it.
    pub entity_type: String,
    /// The kind of record, in the reader's language.
    pub entity_label: String,
    /// The record's id (mostly a UUID; a language's ISO 639-1 code); the `entityId`
    /// filter of `auditLog` takes it.
    pub entity_id: String,
    /// The record's name now, if it still exists.
    pub entity_name: Option<String>,
    /// The changed fields (JSON).
    pub changes: async_graphql::Json<serde_json::Value>,
    /// When it happened (RFC 3339, UTC).
    pub created_at: DateTime<Utc>,
    /// The name of the integration token a program made the change with, on behalf of
    /// `actorName`; `null` when the person acted themselves.
    pub via_token: Option<String>,
}

impl From<views::AuditEntry> for AuditEntry {
    fn from(e: views::AuditEntry) -> Self {
        AuditEntry {
            id: ID(e.id.to_string()),
            actor_id: e.actor_id.map(|a| ID(a.to_string())),
            actor_name: e.actor_name,
            action: e.action,
            action_label: e.action_label,
            entity_type: e.entity_type,
            entity_label: e.entity_label,
            entity_id: e.entity_id,
            entity_name: e.entity_name,
            changes: async_graphql::Json(e.changes),
            via_token: e.via_token,
            created_at: e.created_at,
        }
    }
}

connection!(UserConnection, UserEdge, User);
connection!(AuditEntryConnection, AuditEntryEdge, AuditEntry);

/// An e-mail in the outbox (the coordination team sees failures and resends them).
#[derive(Clone)]
pub struct OutboxMail(pub migraup_core::outbox::OutboxMail);

/// An e-mail the platform sends, in the outbox: sent, waiting for its next attempt, or
/// given up after repeated failures (the coordination team resends those).
#[Object]
impl OutboxMail {
    /// The id (a UUID), for `resendMail`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The recipient's e-mail address.
    async fn to(&self) -> &str {
        &self.0.to
    }
    /// The subject line.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// How many times sending was tried (reset to 0 by `resendMail`).
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When the mail was queued (RFC 3339, UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it left (RFC 3339, UTC); `null` while waiting or after giving up.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When sending was given up after repeated failures (RFC 3339, UTC); `null` otherwise.
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
    /// When the next attempt is due while it waits (RFC 3339, UTC).
    async fn next_attempt_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at
    }
    /// What went wrong the last time; `null` if nothing did.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
}
