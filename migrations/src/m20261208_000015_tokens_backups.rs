//! Integration tokens: programs acting for an organisation without a person's password
//! (the secret stored hashed), and the token's name on the audit entries of its writes;
//! the scheduled backups' record (one row a day, claimed by one instance); an import's
//! progress where every instance reads it.
//! Expand only (new tables, new nullable columns): the previous release keeps working
//! on this schema, and nothing is contracted in this release.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::ApiTokens)
                .col(id(Col::Id))
                .col(uuid(Col::OrganisationId))
                .col(uuid(Col::CreatedBy))
                .col(string(Col::Name))
                .col(string(Col::Scope))
                // SHA-256 of the secret: a copy of the database holds no usable token.
                .col(string(Col::TokenHash).unique_key().to_owned())
                .col(time(Col::ExpiresAt))
                .col(time(Col::CreatedAt))
                .col(time_null(Col::LastUsedAt))
                .col(time_null(Col::RevokedAt))
                .foreign_key(&mut fk((T::ApiTokens, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::ApiTokens, Col::CreatedBy), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_api_tokens_organisation", T::ApiTokens, &["organisation_id"], false)).await?;
        m.alter_table(Table::alter().table(T::AuditLog).add_column(string_null(Col::ViaToken)).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(T::BackupRuns)
                .col(id(Col::Id))
                // The day (Berlin) a scheduled backup is for: unique, so one instance takes it.
                .col(string(Col::Day).unique_key().to_owned())
                .col(time(Col::StartedAt))
                .col(time_null(Col::FinishedAt))
                .col(string_null(Col::File))
                .col(ColumnDef::new(Col::Bytes).big_integer().null().to_owned())
                .col(text_null(Col::Error))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(T::ImportBatches).add_column(int_null(Col::Processed)).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(T::ImportBatches).drop_column(Col::Processed).to_owned()).await?;
        m.drop_table(Table::drop().table(T::BackupRuns).to_owned()).await?;
        m.alter_table(Table::alter().table(T::AuditLog).drop_column(Col::ViaToken).to_owned()).await?;
        m.drop_table(Table::drop().table(T::ApiTokens).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum T {
    ApiTokens,
    Organisations,
    Users,
    AuditLog,
    BackupRuns,
    ImportBatches,
}

#[derive(DeriveIden)]
enum Col {
    Id,
    OrganisationId,
    CreatedBy,
    Name,
    Scope,
    TokenHash,
    ExpiresAt,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
    ViaToken,
    Day,
    StartedAt,
    FinishedAt,
    File,
    Bytes,
    Error,
    Processed,
}
