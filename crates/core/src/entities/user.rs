//! A person's account.
use crate::entities::stored::Stored;
use migraup_domain::{Lang, Role, UserStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    /// argon2id PHC string; `None` until the account is activated.
    pub password_hash: Option<String>,
    pub role: Stored<Role>,
    pub status: Stored<UserStatus>,
    pub preferred_language: Stored<Lang>,
    /// Access tokens issued before this instant are rejected (logout, password change, disabling).
    pub tokens_valid_after: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    /// Self-registered and not yet trusted: the coordination team has not verified
    /// any organisation of this person.
    pub provisional: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
