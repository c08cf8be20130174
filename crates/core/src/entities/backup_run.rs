//! One scheduled backup: claimed for its day by one instance, then finished or failed.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "backup_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The Berlin date it is for (`2026-12-06`), or a unique key of a backup made by hand.
    pub day: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// The file's name in the backup folder, once written.
    pub file: Option<String>,
    pub bytes: Option<i64>,
    /// Why it failed (for the coordination team and the log); none when it worked.
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
