//! Relations between organisations (cooperation, membership of a network, funding,
//! referral, …): proposed by one side, confirmed or declined by the other.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::Relations)
                .col(id(Col::Id))
                .col(uuid(Col::FromOrganisationId))
                .col(uuid(Col::ToOrganisationId))
                .col(string(Col::Kind))
                .col(string(Col::State))
                .col(text_null(Col::Note))
                .col(date_null(Col::StartsOn))
                .col(date_null(Col::EndsOn))
                .col(uuid_null(Col::ProposedBy))
                .col(time(Col::ProposedAt))
                .col(uuid_null(Col::RespondedBy))
                .col(time_null(Col::RespondedAt))
                .col(uuid_null(Col::EndedBy))
                .col(time_null(Col::EndedAt))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Relations, Col::FromOrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::Relations, Col::ToOrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::Relations, Col::ProposedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .foreign_key(&mut fk((T::Relations, Col::RespondedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .foreign_key(&mut fk((T::Relations, Col::EndedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_relations_from", T::Relations, &["from_organisation_id", "state"], false)).await?;
        m.create_index(index("idx_relations_to", T::Relations, &["to_organisation_id", "state"], false)).await?;
        m.create_index(index("idx_relations_state", T::Relations, &["state"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::Relations).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "relations")]
    Relations,
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "users")]
    Users,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    FromOrganisationId,
    ToOrganisationId,
    Kind,
    State,
    Note,
    StartsOn,
    EndsOn,
    ProposedBy,
    ProposedAt,
    RespondedBy,
    RespondedAt,
    EndedBy,
    EndedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}
