//! An uploaded spreadsheet between its preview and its import.
use crate::entities::stored::Stored;
use migraup_domain::ImportState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_by: Uuid,
    pub file_name: String,
    /// The header cells (JSON array of strings).
    #[sea_orm(column_type = "Text")]
    pub header: String,
    /// The rows as read: `[[line, [cells…]], …]` (JSON).
    #[sea_orm(column_type = "Text")]
    pub rows: String,
    /// What reading the file noticed (JSON array of notices).
    #[sea_orm(column_type = "Text")]
    pub notices: String,
    /// The column mapping of the last preview (JSON array, one field or null per column).
    #[sea_orm(column_type = "Text", nullable)]
    pub mapping: Option<String>,
    pub state: Stored<ImportState>,
    /// Rows of the file.
    pub total: i32,
    /// Counts of the finished import, or its error (JSON).
    #[sea_orm(column_type = "Text", nullable)]
    pub result: Option<String>,
    /// `running` while the import runs (unique: one import at a time), else none.
    pub running_key: Option<String>,
    /// Rows processed so far while it runs (written outside the import's transaction,
    /// so every instance shows the same progress; PostgreSQL only).
    #[serde(default)]
    pub processed: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
