//! Single-use tokens for invitations, password resets and e-mail confirmation; stored hashed.
use crate::entities::stored::Stored;
use migraup_domain::{Lang, Role};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "user_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub purpose: String,
    pub token_hash: String,
    pub user_id: Option<Uuid>,
    pub email: String,
    pub role: Option<Stored<Role>>,
    pub organisation_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    /// The language the token's e-mail was written in (an invitation's becomes the account's).
    pub language: Option<Stored<Lang>>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
