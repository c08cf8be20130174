//! Dated snapshots of the network's key figures, one per month, taken by the daily
//! task, so the council can compare two dates.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::NetworkSnapshots)
                .col(id(Col::Id))
                // `YYYY-MM`, the month whose end it records; unique: never two of one month.
                .col(string(Col::Month))
                .col(time(Col::TakenAt))
                // The figures as JSON (see `core::snapshots`).
                .col(text(Col::Figures))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_network_snapshots_month", T::NetworkSnapshots, &["month"], true)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::NetworkSnapshots).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum T {
    NetworkSnapshots,
}

#[derive(DeriveIden)]
enum Col {
    Id,
    Month,
    TakenAt,
    Figures,
}
