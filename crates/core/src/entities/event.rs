//! A joint event; times are stored in UTC.
use crate::entities::stored::Stored;
use migraup_domain::{EventStatus, Visibility};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub district_id: Option<Uuid>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    pub visibility: Stored<Visibility>,
    pub status: Stored<EventStatus>,
    pub cancel_reason: Option<String>,
    pub project_id: Option<Uuid>,
    /// The working group whose meeting this is.
    pub group_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub queue_seq: i32,
    /// Registrations removed by the retention task once the event had long ended: only their number stays.
    pub anonymised_registrations: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
