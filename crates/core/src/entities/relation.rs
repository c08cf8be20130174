//! A relation between two organisations, proposed by the `from` side.
use crate::entities::stored::Stored;
use migraup_domain::{RelationKind, RelationState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "relations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub from_organisation_id: Uuid,
    pub to_organisation_id: Uuid,
    pub kind: Stored<RelationKind>,
    pub state: Stored<RelationState>,
    pub note: Option<String>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub proposed_by: Option<Uuid>,
    pub proposed_at: DateTimeUtc,
    pub responded_by: Option<Uuid>,
    pub responded_at: Option<DateTimeUtc>,
    pub ended_by: Option<Uuid>,
    pub ended_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
