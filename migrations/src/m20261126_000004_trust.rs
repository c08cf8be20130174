//! Trust follows verification and abuse limits: self-registered accounts stay
//! provisional until the coordination team verifies their organisation; a rejected
//! registration keeps its reason; attempts of costly operations are counted in the
//! database, so that limits hold across several server instances.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(T::Users).add_column(ColumnDef::new(Col::Provisional).boolean().not_null().default(false)).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(T::Organisations).add_column(time_null(Col::RejectedAt)).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).add_column(text_null(Col::RejectionReason)).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(T::RateEvents)
                .col(id(Col::Id))
                .col(string(Col::Bucket))
                .col(string(Col::Key))
                .col(time(Col::At))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_rate_events_key", T::RateEvents, &["bucket", "key", "at"], false)).await?;
        m.create_index(index("idx_rate_events_at", T::RateEvents, &["at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::RateEvents).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::RejectionReason).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::RejectedAt).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Users).drop_column(Col::Provisional).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "users")]
    Users,
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "rate_events")]
    RateEvents,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Provisional,
    RejectedAt,
    RejectionReason,
    Bucket,
    Key,
    At,
}
