//! Integration tokens: a program (the organisation's website, the district's portal, a
//! researcher's script) acts for an organisation without anyone's password.
//!
//! A token belongs to one organisation and has a scope (`TokenScope`) and an expiry of
//! at most a year. Its secret is shown once and stored as a SHA-256 hash. Every
//! request with it checks, at that moment, that the token is neither revoked nor
//! expired and that its maker may still keep the organisation's tokens (an active
//! account, the same right as when it was made): a demoted maker, an ended membership
//! or a disabled account ends the token too. Its requests act as the policy's
//! `token_actor_role` and only within the scope (`Actor::authorize_as`); its writes
//! are audited with its name. Each token has a request limit of its own.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use migraup_domain::{
    DomainError, Lang, Operation, Reason, TokenScope, UserStatus, bounds, error::DomainResult, policy::token_actor_role, validate,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core,
    actor::{ActorUser, TokenGrant},
    audit,
    entities::{api_token, organisation, stored::Stored, user},
    errors::DbResultExt,
    limits::{self, Limit},
    sessions::display_names,
    views::ApiToken,
};

/// What every integration token's secret starts with: tells it from a session's access
/// token at a glance (and to secret scanners).
pub const TOKEN_PREFIX: &str = "mgr_";

/// Requests one token may make per hour, counted across all instances.
pub const REQUESTS_PER_TOKEN: Limit = limits::API_TOKEN_REQUESTS;

/// What a new token is made of.
#[derive(Clone, Debug)]
pub struct NewApiToken {
    pub organisation_id: Uuid,
    pub name: String,
    pub scope: TokenScope,
    /// How long it works, 1 to `bounds::API_TOKEN_MAX_DAYS` days.
    pub valid_days: i64,
}

/// A token just made, with its secret (shown this once).
#[derive(Clone, Debug)]
pub struct CreatedApiToken {
    pub token: ApiToken,
    pub secret: String,
}

fn view(m: api_token::Model, names: &HashMap<Uuid, String>) -> ApiToken {
    ApiToken {
        id: m.id,
        organisation_id: m.organisation_id,
        created_by: names.get(&m.created_by).cloned(),
        name: m.name,
        scope: m.scope.0,
        created_at: m.created_at,
        expires_at: m.expires_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
    }
}

impl Core {
    /// The organisation's tokens, live ones first then newest first, at most
    /// `bounds::API_TOKENS_PER_ORGANISATION` live and as many ended ones. Its
    /// representatives and the coordination team only.
    pub async fn api_tokens(&self, actor: &Actor, organisation_id: Uuid) -> DomainResult<Vec<ApiToken>> {
        actor.authorize(Operation::ManageApiTokens, Some(organisation_id))?;
        let rows = api_token::Entity::find()
            .filter(api_token::Column::OrganisationId.eq(organisation_id))
            .order_by_desc(api_token::Column::Id)
            .limit(2 * bounds::API_TOKENS_PER_ORGANISATION)
            .all(self.db())
            .await
            .internal()?;
        let names = display_names(self.db(), rows.iter().map(|r| r.created_by)).await?;
        let now = Utc::now();
        let mut tokens: Vec<ApiToken> = rows.into_iter().map(|m| view(m, &names)).collect();
        tokens.sort_by_key(|t| (t.revoked_at.is_some() || t.expires_at <= now, std::cmp::Reverse(t.created_at)));
        Ok(tokens)
    }

    /// Makes a token for an organisation the caller may keep tokens of. At most
    /// `bounds::API_TOKENS_PER_ORGANISATION` live at once; audited on the organisation.
    pub async fn create_api_token(&self, actor: &Actor, input: NewApiToken) -> DomainResult<CreatedApiToken> {
        actor.authorize(Operation::ManageApiTokens, Some(input.organisation_id))?;
        let maker = actor.require_user()?.id;
        let name = validate::name("name", &input.name, 1, bounds::API_TOKEN_NAME as usize)?;
        let days = validate::range("validDays", input.valid_days, 1, bounds::API_TOKEN_MAX_DAYS as i64)?;
        self.hit(limits::API_TOKENS_PER_ACCOUNT, &maker.to_string()).await?;
        let txn = self.begin_write().await?;
        // Concurrent makers of one organisation's tokens wait here (PostgreSQL; SQLite
        // writes one at a time anyway), so the bound below holds.
        organisation::Entity::find_by_id(input.organisation_id)
            .lock_exclusive()
            .one(&txn)
            .await
            .internal()?
            .ok_or_else(DomainError::not_found)?;
        let now = Utc::now();
        let live = api_token::Entity::find()
            .filter(api_token::Column::OrganisationId.eq(input.organisation_id))
            .filter(api_token::Column::RevokedAt.is_null())
            .filter(api_token::Column::ExpiresAt.gt(now))
            .count(&txn)
            .await
            .internal()?;
        if live >= bounds::API_TOKENS_PER_ORGANISATION {
            return Err(DomainError::invalid("organisationId", Reason::TooManyItems { max: bounds::API_TOKENS_PER_ORGANISATION as usize }));
        }
        let (random, _) = crate::sessions::new_secret_token();
        let secret = format!("{TOKEN_PREFIX}{random}");
        let hash = crate::sessions::hash_token(&secret);
        let model = api_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(input.organisation_id),
            created_by: Set(maker),
            name: Set(name.clone()),
            scope: Set(Stored(input.scope)),
            token_hash: Set(hash),
            expires_at: Set(now + Duration::days(days)),
            created_at: Set(now),
            last_used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await
        .internal()?;
        audit::record(
            &txn,
            actor,
            "create_api_token",
            "organisation",
            input.organisation_id,
            json!({ "name": name, "scope": input.scope.as_str(), "expiresAt": model.expires_at }),
        )
        .await?;
        txn.commit().await.internal()?;
        let names = display_names(self.db(), [maker]).await?;
        let token = view(model, &names);
        Ok(CreatedApiToken { token, secret })
    }

    /// Ends a token at once (its organisation's representatives and the coordination
    /// team). Revoking an ended token changes nothing and answers it as it is.
    pub async fn revoke_api_token(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiToken> {
        let found = api_token::Entity::find_by_id(id).one(self.db()).await.internal()?;
        // A token of another organisation reads as a missing one.
        let Some(found) = found.filter(|t| actor.may(Operation::ManageApiTokens, Some(t.organisation_id))) else {
            actor.require_user()?;
            return Err(DomainError::not_found());
        };
        let txn = self.begin_write().await?;
        let now = Utc::now();
        let claimed = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .internal()?;
        if claimed.rows_affected > 0 {
            audit::record(&txn, actor, "revoke_api_token", "organisation", found.organisation_id, json!({ "name": found.name })).await?;
        }
        txn.commit().await.internal()?;
        let updated = api_token::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        let names = display_names(self.db(), [updated.created_by]).await?;
        Ok(view(updated, &names))
    }

    /// The actor of a request with an integration token (`None`: the bearer is no
    /// integration token): `UNAUTHENTICATED` for an unknown, revoked or expired token
    /// and for one whose maker may no longer keep the organisation's tokens;
    /// `RATE_LIMITED` past the token's own limit.
    pub(crate) async fn authenticate_api_token(&self, secret: &str, lang: Lang) -> DomainResult<Option<Actor>> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let reject = |why: &str| {
            tracing::info!(reason = why, "integration token rejected");
            DomainError::unauthenticated()
        };
        let hash = crate::sessions::hash_token(secret);
        let token = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash))
            .one(self.db())
            .await
            .internal()?
            .ok_or_else(|| reject("unknown"))?;
        let now = Utc::now();
        if token.revoked_at.is_some() {
            return Err(reject("revoked"));
        }
        if token.expires_at <= now {
            return Err(reject("expired"));
        }
        let maker = user::Entity::find_by_id(token.created_by).one(self.db()).await.internal()?.ok_or_else(|| reject("maker gone"))?;
        if maker.status.0 != UserStatus::Active {
            return Err(reject("maker not active"));
        }
        // The maker's right now, not when the token was made.
        if !self.actor_of(&maker, lang).await?.may(Operation::ManageApiTokens, Some(token.organisation_id)) {
            return Err(reject("maker lost the right"));
        }
        self.hit(REQUESTS_PER_TOKEN, &token.id.to_string()).await?;
        // When it was last used, to the minute: shown to the organisation.
        if token.last_used_at.is_none_or(|t| now - t > Duration::minutes(1)) {
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
                .filter(api_token::Column::Id.eq(token.id))
                .exec(self.db())
                .await
                .internal()?;
        }
        let scope = token.scope.0;
        let user = token_actor_role(scope).map(|role| ActorUser {
            id: maker.id,
            role,
            organisations: vec![token.organisation_id],
            provisional: false,
        });
        let grant = TokenGrant { id: token.id, name: token.name, scope, organisation: token.organisation_id };
        Ok(Some(Actor { user, lang, token: Some(grant) }))
    }
}
