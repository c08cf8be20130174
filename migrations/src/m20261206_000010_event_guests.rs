//! Public sign-up for public events: a visitor without an account registers with a
//! name and an address, confirms by a link, and then counts against the seats and
//! the waitlist like a member (one queue: `queue_no` comes from the event's
//! `queue_seq`). Unconfirmed sign-ups (`status` NULL) hold no seat.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::EventGuests)
                .col(id(Col::Id))
                .col(uuid(Col::EventId))
                .col(string(Col::Name))
                .col(string(Col::Email))
                .col(string(Col::Lang))
                // NULL until the address is confirmed: no seat, no place in the queue.
                .col(string_null(Col::Status))
                .col(int(Col::QueueNo))
                // SHA-256 of the link's secret: the link confirms, then manages the sign-up.
                .col(string(Col::TokenHash))
                .col(time(Col::CreatedAt))
                .col(time_null(Col::ConfirmedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::EventGuests, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        // One sign-up per address and event, on both databases.
        m.create_index(index("idx_event_guests_event_email", T::EventGuests, &["event_id", "email"], true)).await?;
        m.create_index(index("idx_event_guests_token", T::EventGuests, &["token_hash"], true)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::EventGuests).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "events")]
    Events,
    #[sea_orm(iden = "event_guests")]
    EventGuests,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    EventId,
    Name,
    Email,
    Lang,
    Status,
    QueueNo,
    TokenHash,
    CreatedAt,
    ConfirmedAt,
    UpdatedAt,
}
