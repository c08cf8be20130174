//! A shared project led by one organisation.
use crate::entities::stored::Stored;
use migraup_domain::{ProjectStatus, Visibility};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub lead_organisation_id: Uuid,
    pub status: Stored<ProjectStatus>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub funding: Option<String>,
    pub outcomes: Option<String>,
    pub visibility: Stored<Visibility>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
