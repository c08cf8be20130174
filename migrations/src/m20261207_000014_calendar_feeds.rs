//! A person's private calendar feed: the address carries a secret, stored here hashed
//! (one a person, replaced when they make a new one, deleted with the account).
//! Only a new table: the previous release keeps working on this schema.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::CalendarFeeds)
                .col(id(Col::UserId))
                // SHA-256 of the secret: a copy of the database reveals no feed.
                .col(string(Col::TokenHash).unique_key().to_owned())
                .col(time(Col::CreatedAt))
                .col(time_null(Col::LastUsedAt))
                .foreign_key(&mut fk((T::CalendarFeeds, Col::UserId), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::CalendarFeeds).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum T {
    CalendarFeeds,
    Users,
}

#[derive(DeriveIden)]
enum Col {
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    LastUsedAt,
}
