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

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
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
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The organisations this person is a member of (their own, or any for ADMIN).
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Membership>> {
        let list = request(ctx).loaders.batch.load_one(UserMemberships(self.0.id)).await.gql(ctx)?.unwrap_or_default();
        Ok(list.into_iter().map(Membership).collect())
    }
}

/// Membership of a person in an organisation.
#[derive(Clone)]
pub struct Membership(pub views::Membership);

#[Object]
impl Membership {
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        Ok(request(ctx).loaders.batch.load_one(OrgById(self.0.organisation_id)).await.gql(ctx)?.map(Organisation))
    }
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
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
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

#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let Some(id) = self.0.organisation_id else { return Ok(None) };
        Ok(request(ctx).loaders.batch.load_one(OrgById(id)).await.gql(ctx)?.map(Organisation))
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
}

/// One entry of the audit log.
#[derive(SimpleObject, Clone)]
pub struct AuditEntry {
    pub id: ID,
    pub actor_id: Option<ID>,
    /// Who acted, by their name now; `null` for the system or an erased person.
    pub actor_name: Option<String>,
    pub action: String,
    /// What happened, in the reader's language.
    pub action_label: String,
    pub entity_type: String,
    /// The kind of record, in the reader's language.
    pub entity_label: String,
    pub entity_id: String,
    /// The record's name now, if it still exists.
    pub entity_name: Option<String>,
    /// The changed fields (JSON).
    pub changes: async_graphql::Json<serde_json::Value>,
    pub created_at: DateTime<Utc>,
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
            created_at: e.created_at,
        }
    }
}

connection!(UserConnection, UserEdge, User);
connection!(AuditEntryConnection, AuditEntryEdge, AuditEntry);

/// An e-mail in the outbox (the coordination team sees failures and resends them).
#[derive(Clone)]
pub struct OutboxMail(pub migraup_core::outbox::OutboxMail);

#[Object]
impl OutboxMail {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The recipient.
    async fn to(&self) -> &str {
        &self.0.to
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it left; `null` while waiting or after giving up.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When sending was given up after repeated failures.
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
    /// The next attempt while it waits.
    async fn next_attempt_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at
    }
    /// What went wrong the last time.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
}
