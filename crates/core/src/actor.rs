//! The acting person of a request: anonymous, or a signed-in user with role and memberships.

use migraup_domain::{
    Lang, Operation, Role, TokenScope,
    error::DomainResult,
    policy::{self, OrganisationScope},
};
use uuid::Uuid;

/// Who is acting. Built by [`crate::Core::authenticate`] from a verified access token.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub user: Option<ActorUser>,
    /// The interface language for messages.
    pub lang: Lang,
    /// The integration token a program acts with (none: a person, or nobody).
    pub token: Option<TokenGrant>,
}

/// What an integration token grants: a scope over one organisation. Its requests act
/// as [`migraup_domain::policy::token_actor_role`] says, limited to the scope.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub id: Uuid,
    /// Shown in the audit log beside its maker's name.
    pub name: String,
    pub scope: TokenScope,
    pub organisation: Uuid,
}

/// A signed-in, active user.
#[derive(Clone, Debug)]
pub struct ActorUser {
    pub id: Uuid,
    pub role: Role,
    /// The organisations this person is a member of.
    pub organisations: Vec<Uuid>,
    /// Self-registered and not yet trusted (see `policy::is_allowed_provisional`).
    pub provisional: bool,
}

impl Actor {
    /// Nobody signed in.
    pub fn anonymous(lang: Lang) -> Self {
        Actor { user: None, lang, token: None }
    }

    /// The scope of the integration token this request acts with, if any.
    pub fn token_scope(&self) -> Option<TokenScope> {
        self.token.as_ref().map(|t| t.scope)
    }

    /// Whether the token (if any) lets its requests perform `op`.
    fn token_allows(&self, op: Operation) -> bool {
        self.token.as_ref().is_none_or(|t| policy::token_allows(t.scope, op))
    }

    /// The role as the policy sees it: `None` when anonymous, and also for a
    /// provisional account, which reads what anonymous visitors read.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().filter(|u| !u.provisional).map(|u| u.role)
    }

    /// Whether this is a self-registered account waiting for verification.
    pub fn is_provisional(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.provisional)
    }

    /// The user id, `None` when anonymous.
    pub fn user_id(&self) -> Option<Uuid> {
        self.user.as_ref().map(|u| u.id)
    }

    /// The organisations the actor speaks for as their representative (none for other
    /// roles and provisional accounts): whose support they give, whose concerns they raise.
    pub fn represented(&self) -> Vec<Uuid> {
        match self.user.as_ref() {
            Some(u) if u.role == Role::MoRepresentative && !self.is_provisional() => u.organisations.clone(),
            _ => Vec::new(),
        }
    }

    /// Whether the actor is a member of `organisation`.
    pub fn is_member(&self, organisation: Uuid) -> bool {
        self.user.as_ref().is_some_and(|u| u.organisations.contains(&organisation))
    }

    /// Asks the policy about `op` on `organisation` (or on nothing in particular).
    pub fn authorize(&self, op: Operation, organisation: Option<Uuid>) -> DomainResult<()> {
        let member = organisation.is_some_and(|o| self.is_member(o));
        self.authorize_as(op, member)
    }

    /// Asks the policy about `op` where the caller has worked out the membership (of
    /// an event's organisers, a project's partners, …). Every refusal is logged here.
    pub fn authorize_as(&self, op: Operation, member: bool) -> DomainResult<()> {
        let result = if !self.token_allows(op) {
            Err(migraup_domain::DomainError::forbidden())
        } else if self.is_provisional() {
            policy::authorize_provisional(op, member)
        } else {
            policy::authorize(self.role(), op, member)
        };
        if result.is_err() {
            tracing::info!(user.id = ?self.user_id(), operation = ?op, member, "access denied");
        }
        result
    }

    /// Whether `op` on `organisation` would be allowed (for `canEdit` flags).
    pub fn may(&self, op: Operation, organisation: Option<Uuid>) -> bool {
        self.may_as(op, organisation.is_some_and(|o| self.is_member(o)))
    }

    /// [`Actor::may`] with the membership worked out by the caller.
    pub fn may_as(&self, op: Operation, member: bool) -> bool {
        if !self.token_allows(op) {
            return false;
        }
        if self.is_provisional() { policy::is_allowed_provisional(op, member) } else { policy::is_allowed(self.role(), op, member) }
    }

    /// Which organisations lists show to this actor.
    pub fn scope(&self) -> OrganisationScope {
        if self.is_provisional() { OrganisationScope::PublicAndOwn } else { policy::organisation_scope(self.role()) }
    }

    /// The signed-in user or `UNAUTHENTICATED`.
    pub fn require_user(&self) -> DomainResult<&ActorUser> {
        self.user.as_ref().ok_or_else(migraup_domain::DomainError::unauthenticated)
    }
}
