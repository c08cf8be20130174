//! Retention and consent history: registrations of long-ended events are removed and
//! only their number is kept on the event; a contact person's withdrawn consent keeps
//! its date next to the date it was given.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(T::Events)
                .add_column(ColumnDef::new(Col::AnonymisedRegistrations).integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(T::Memberships).add_column(time_null(Col::ContactConsentWithdrawnAt)).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(T::Memberships).drop_column(Col::ContactConsentWithdrawnAt).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Events).drop_column(Col::AnonymisedRegistrations).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "events")]
    Events,
    #[sea_orm(iden = "memberships")]
    Memberships,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    AnonymisedRegistrations,
    ContactConsentWithdrawnAt,
}
