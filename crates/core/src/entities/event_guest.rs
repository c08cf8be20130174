//! A visitor's sign-up for a public event, without an account. `status` is `None`
//! until the address is confirmed; then a seat or a waitlist place, in one queue with
//! the members' registrations (`queue_no`).
use crate::entities::stored::Stored;
use migraup_domain::{Lang, RegistrationStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "event_guests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub name: String,
    pub email: String,
    pub lang: Stored<Lang>,
    pub status: Option<Stored<RegistrationStatus>>,
    pub queue_no: i32,
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
