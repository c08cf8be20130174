//! Self-service: offerings record when they were last confirmed (as profiles do), a
//! profile records when its representatives were last reminded and who confirmed it
//! last; requests to take over (claim) or join an organisation.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(T::Offerings).add_column(time_null(Col::ConfirmedAt)).to_owned()).await?;
        // An offering counts as confirmed when it was last saved.
        m.get_connection().execute_unprepared("UPDATE offerings SET confirmed_at = updated_at").await?;
        m.alter_table(Table::alter().table(T::Organisations).add_column(time_null(Col::RemindedAt)).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).add_column(uuid_null(Col::ConfirmedBy)).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(T::OrganisationRequests)
                .col(id(Col::Id))
                .col(string(Col::Kind))
                .col(uuid(Col::OrganisationId))
                .col(uuid(Col::UserId))
                .col(text_null(Col::Message))
                .col(string_null(Col::ProofEmail))
                .col(string(Col::State))
                // "<organisation>:<user>" while pending, NULL after: at most one open
                // request per person and organisation, on both databases.
                .col(string_null(Col::PendingKey))
                .col(uuid_null(Col::DecidedBy))
                .col(time_null(Col::DecidedAt))
                .col(text_null(Col::Reason))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk(
                    (T::OrganisationRequests, Col::OrganisationId),
                    (T::Organisations, Col::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk((T::OrganisationRequests, Col::UserId), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_organisation_requests_pending", T::OrganisationRequests, &["pending_key"], true)).await?;
        m.create_index(index("idx_organisation_requests_organisation", T::OrganisationRequests, &["organisation_id"], false)).await?;
        m.create_index(index("idx_organisation_requests_user", T::OrganisationRequests, &["user_id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::OrganisationRequests).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::ConfirmedBy).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::RemindedAt).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Offerings).drop_column(Col::ConfirmedAt).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "offerings")]
    Offerings,
    #[sea_orm(iden = "users")]
    Users,
    #[sea_orm(iden = "organisation_requests")]
    OrganisationRequests,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    ConfirmedAt,
    RemindedAt,
    ConfirmedBy,
    Kind,
    OrganisationId,
    UserId,
    Message,
    ProofEmail,
    State,
    PendingKey,
    DecidedBy,
    DecidedAt,
    Reason,
    Version,
    CreatedAt,
    UpdatedAt,
}
