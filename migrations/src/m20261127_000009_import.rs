//! The spreadsheet import: an organisation remembers the id it has in the file it came
//! from (so that importing the same file again changes nothing); an uploaded file waits
//! as a batch between preview and import; the column mapping chosen for a header is
//! remembered for the next file with the same header.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(T::Organisations).add_column(string_null(Col::ExternalId)).to_owned()).await?;
        m.create_index(index("idx_organisations_external_id", T::Organisations, &["external_id"], true)).await?;
        m.create_table(
            Table::create()
                .table(T::ImportBatches)
                .col(id(Col::Id))
                .col(uuid(Col::CreatedBy))
                .col(string(Col::FileName))
                // The file as read: header and rows (JSON), and what reading it noticed.
                .col(text(Col::Header))
                .col(text(Col::Rows))
                .col(text(Col::Notices))
                .col(text_null(Col::Mapping))
                .col(string(Col::State))
                .col(int(Col::Total))
                .col(text_null(Col::Result))
                // "running" while it runs, NULL otherwise: one import at a time.
                .col(string_null(Col::RunningKey))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::ImportBatches, Col::CreatedBy), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_import_batches_running", T::ImportBatches, &["running_key"], true)).await?;
        m.create_table(
            Table::create()
                .table(T::ImportMappings)
                .col(id(Col::Id))
                // A fingerprint of the folded header cells.
                .col(string(Col::HeaderKey))
                .col(text(Col::Mapping))
                .col(time(Col::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_import_mappings_header", T::ImportMappings, &["header_key"], true)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::ImportMappings).to_owned()).await?;
        m.drop_table(Table::drop().table(T::ImportBatches).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_organisations_external_id").table(T::Organisations).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::ExternalId).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "users")]
    Users,
    #[sea_orm(iden = "import_batches")]
    ImportBatches,
    #[sea_orm(iden = "import_mappings")]
    ImportMappings,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    ExternalId,
    CreatedBy,
    FileName,
    Header,
    Rows,
    Notices,
    Mapping,
    State,
    Total,
    Result,
    RunningKey,
    HeaderKey,
    Version,
    CreatedAt,
    UpdatedAt,
}
