//! Membership of a user in an organisation: decides *where* a role may act.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    pub is_contact_person: bool,
    /// Set when the person consented to be shown as contact to signed-in users.
    pub contact_consent_at: Option<DateTimeUtc>,
    /// When a contact person last withdrew their consent (kept as a record of it).
    pub contact_consent_withdrawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
