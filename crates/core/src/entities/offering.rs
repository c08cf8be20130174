//! An offering (Angebot) of an organisation; an HSDS "service".
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "offerings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub district_id: Option<Uuid>,
    pub schedule: Option<String>,
    pub cost: Option<String>,
    pub free_of_charge: bool,
    pub accessibility: Option<String>,
    pub search_text: String,
    /// When someone of the organisation last said it is current (saving counts).
    pub confirmed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
