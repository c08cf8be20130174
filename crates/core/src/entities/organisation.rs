//! An organisation of the directory.
use crate::entities::stored::Stored;
use migraup_domain::{FieldVisibility, OrganisationKind, VerificationState, Visibility};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// The folded name, for sorting and keyset paging.
    pub sort_name: String,
    pub kind: Stored<OrganisationKind>,
    pub legal_form: Option<String>,
    pub description: Option<String>,
    /// ISO 639-1 language of the description and the offerings' texts; more languages
    /// are in `translations`.
    pub content_language: String,
    pub founded_year: Option<i32>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub email_visibility: Stored<FieldVisibility>,
    pub phone: Option<String>,
    pub phone_visibility: Stored<FieldVisibility>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub address_visibility: Stored<FieldVisibility>,
    pub district_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub visibility: Stored<Visibility>,
    pub verification: Stored<VerificationState>,
    pub verified_at: Option<DateTimeUtc>,
    /// When the organisation last confirmed its profile and offerings are current.
    pub confirmed_at: Option<DateTimeUtc>,
    /// Its id in the spreadsheet it was imported from (unique): importing the same
    /// file again finds it instead of adding it twice.
    pub external_id: Option<String>,
    /// Who confirmed it last (none: the coordination team's import or a save).
    pub confirmed_by: Option<Uuid>,
    /// When the representatives were last reminded to confirm it.
    pub reminded_at: Option<DateTimeUtc>,
    /// Folded name, description and legal form for search.
    pub search_text: String,
    /// A registration the coordination team rejected, and why.
    pub rejected_at: Option<DateTimeUtc>,
    pub rejection_reason: Option<String>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
