//! The mail outbox: every e-mail is written in the transaction of the change that
//! causes it and sent by a background worker with retries, so none is lost when the
//! SMTP server is down or the server restarts.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::MailOutbox)
                .col(id(Col::Id))
                .col(string(Col::Recipient))
                .col(string(Col::Subject))
                .col(text(Col::Body))
                .col(int(Col::Attempts))
                .col(time(Col::NextAttemptAt))
                .col(time_null(Col::LockedUntil))
                .col(time_null(Col::SentAt))
                .col(time_null(Col::FailedAt))
                .col(text_null(Col::LastError))
                .col(time(Col::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_mail_outbox_due", T::MailOutbox, &["sent_at", "failed_at", "next_attempt_at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::MailOutbox).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "mail_outbox")]
    MailOutbox,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Recipient,
    Subject,
    Body,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    SentAt,
    FailedAt,
    LastError,
    CreatedAt,
}
