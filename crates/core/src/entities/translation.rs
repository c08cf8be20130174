//! A text of an organisation (its description) or of an offering (title and
//! description) in one more language than the organisation's own.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "translations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The organisation's or the offering's id.
    pub subject_id: Uuid,
    pub organisation_id: Uuid,
    pub offering_id: Option<Uuid>,
    /// ISO 639-1.
    pub language: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
