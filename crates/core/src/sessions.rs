//! Access tokens (JWT, HS256 pinned) and rotating refresh tokens.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use migraup_domain::{DomainError, Lang, UserStatus, error::DomainResult};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    Core,
    actor::{Actor, ActorUser},
    entities::{membership, refresh_token, user},
    errors::DbResultExt,
    views::{Session, User},
};

const ISSUER: &str = "migraup";
const AUDIENCE: &str = "migraup-api";
const TOKEN_TYPE: &str = "at+jwt";
/// Access tokens live briefly; the refresh cookie renews them silently.
pub const ACCESS_TTL: Duration = Duration::minutes(15);
/// A sign-in lasts this long without activity.
pub const REFRESH_TTL: Duration = Duration::days(30);

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    exp: i64,
    nbf: i64,
    iat: i64,
    jti: String,
    /// Issue time in milliseconds, compared with the user's "tokens valid after".
    iat_ms: i64,
}

/// A random token for links and cookies, and the hash we store instead of it.
pub(crate) fn new_secret_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// SHA-256 of a token (tokens are random and long, so a fast hash is right here).
pub(crate) fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// People's names now, by id (who confirmed, who made a token), in one statement.
pub(crate) async fn display_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> DomainResult<std::collections::HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

pub(crate) fn user_view(m: &user::Model) -> User {
    User {
        id: m.id,
        email: m.email.clone(),
        display_name: m.display_name.clone(),
        role: m.role.0,
        status: m.status.0,
        preferred_language: m.preferred_language.0,
        last_login_at: m.last_login_at,
        awaiting_verification: m.provisional,
        version: m.version,
        created_at: m.created_at,
    }
}

impl Core {
    fn validation(&self) -> Validation {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.leeway = 5;
        v.validate_nbf = true;
        v.validate_exp = true;
        v.set_issuer(&[ISSUER]);
        v.set_audience(&[AUDIENCE]);
        v.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub", "jti", "iat"]);
        v
    }

    /// Signs an access token for `user_id`.
    pub(crate) fn issue_access_token(&self, user_id: Uuid) -> DomainResult<(String, DateTime<Utc>)> {
        let now = Utc::now();
        let expires_at = now + ACCESS_TTL;
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            exp: expires_at.timestamp(),
            nbf: now.timestamp(),
            iat: now.timestamp(),
            jti: Uuid::now_v7().to_string(),
            iat_ms: now.timestamp_millis(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        let token =
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(self.settings().jwt_secret.as_bytes())).map_err(|e| {
                tracing::error!(error = %e, "signing an access token failed");
                DomainError::internal()
            })?;
        Ok((token, expires_at))
    }

    /// Turns a bearer token into an actor. No token: anonymous. A bad, expired or
    /// revoked token, or a disabled account: `UNAUTHENTICATED`.
    pub async fn authenticate(&self, bearer: Option<&str>, lang: Lang) -> DomainResult<Actor> {
        let Some(token) = bearer else { return Ok(Actor::anonymous(lang)) };
        // An integration token of a program (`mgr_…`) rather than a person's session.
        if let Some(actor) = self.authenticate_api_token(token, lang).await? {
            return Ok(actor);
        }
        let reject = |why: &str| {
            tracing::info!(reason = why, "access token rejected");
            DomainError::unauthenticated()
        };
        let header = jsonwebtoken::decode_header(token).map_err(|_| reject("malformed"))?;
        if header.alg != Algorithm::HS256 || header.typ.as_deref() != Some(TOKEN_TYPE) {
            return Err(reject("wrong algorithm or type"));
        }
        let data =
            jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(self.settings().jwt_secret.as_bytes()), &self.validation())
                .map_err(|_| reject("invalid"))?;
        let id: Uuid = data.claims.sub.parse().map_err(|_| reject("bad subject"))?;
        let found = user::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(|| reject("unknown user"))?;
        if found.status.0 != UserStatus::Active {
            return Err(reject("account not active"));
        }
        if data.claims.iat_ms < found.tokens_valid_after.timestamp_millis() {
            return Err(reject("revoked"));
        }
        self.actor_of(&found, lang).await
    }

    /// The actor an active account acts as: its role and its organisations now.
    pub(crate) async fn actor_of(&self, found: &user::Model, lang: Lang) -> DomainResult<Actor> {
        let organisations = membership::Entity::find()
            .filter(membership::Column::UserId.eq(found.id))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|m| m.organisation_id)
            .collect();
        let role = found.role.0;
        Ok(Actor { user: Some(ActorUser { id: found.id, role, organisations, provisional: found.provisional }), lang, token: None })
    }

    /// Starts a new sign-in chain for `user`.
    pub(crate) async fn start_session(&self, db: &impl ConnectionTrait, found: &user::Model) -> DomainResult<Session> {
        self.continue_session(db, found, Uuid::now_v7()).await
    }

    async fn continue_session(&self, db: &impl ConnectionTrait, found: &user::Model, family: Uuid) -> DomainResult<Session> {
        let (refresh, hash) = new_secret_token();
        let now = Utc::now();
        let refresh_expires_at = now + REFRESH_TTL;
        refresh_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(found.id),
            family_id: Set(family),
            token_hash: Set(hash),
            expires_at: Set(refresh_expires_at),
            used_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await
        .internal()?;
        let (access_token, expires_at) = self.issue_access_token(found.id)?;
        Ok(Session { access_token, expires_at, refresh_token: refresh, refresh_expires_at, user: user_view(found) })
    }

    /// Exchanges a refresh token for a new session and a new refresh token. Using a
    /// refresh token twice revokes its whole chain: someone copied it.
    pub async fn refresh_session(&self, token: &str) -> DomainResult<Session> {
        let txn = self.begin_write().await?;
        let now = Utc::now();
        let found = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
            .one(&txn)
            .await
            .internal()?
            .ok_or_else(|| DomainError::invalid_token("refreshToken"))?;
        if found.revoked_at.is_some() || found.expires_at <= now {
            return Err(DomainError::invalid_token("refreshToken"));
        }
        // Claim the token; if someone used it before us, it was stolen or replayed.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(found.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .internal()?;
        if claimed.rows_affected == 0 {
            drop(txn);
            tracing::warn!(user.id = %found.user_id, "refresh token reused: revoking its chain");
            self.revoke_family(found.family_id).await?;
            return Err(DomainError::invalid_token("refreshToken"));
        }
        let owner = user::Entity::find_by_id(found.user_id).one(&txn).await.internal()?.ok_or_else(DomainError::unauthenticated)?;
        if owner.status.0 != UserStatus::Active {
            return Err(DomainError::invalid_token("refreshToken"));
        }
        let session = self.continue_session(&txn, &owner, found.family_id).await?;
        txn.commit().await.internal()?;
        Ok(session)
    }

    async fn revoke_family(&self, family: Uuid) -> DomainResult<()> {
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(refresh_token::Column::FamilyId.eq(family))
            .exec(self.db())
            .await
            .internal()?;
        Ok(())
    }

    /// Signs out: revokes the refresh chain and, for a signed-in user, every access
    /// token issued so far.
    pub async fn logout(&self, actor: &Actor, refresh: Option<&str>) -> DomainResult<()> {
        if let Some(token) = refresh {
            let found = refresh_token::Entity::find()
                .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
                .one(self.db())
                .await
                .internal()?;
            if let Some(found) = found {
                self.revoke_family(found.family_id).await?;
            }
        }
        if let Some(user_id) = actor.user_id() {
            self.revoke_access_tokens(self.db(), user_id).await?;
            tracing::info!(user.id = %user_id, "signed out");
        }
        Ok(())
    }

    /// Makes every access token issued until now invalid for `user_id`.
    pub(crate) async fn revoke_access_tokens(&self, db: &impl ConnectionTrait, user_id: Uuid) -> DomainResult<()> {
        user::Entity::update_many()
            .col_expr(user::Column::TokensValidAfter, Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(user_id))
            .exec(db)
            .await
            .internal()?;
        Ok(())
    }
}
