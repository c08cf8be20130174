//! Languages: an invitation carries the language its e-mail was written in (which
//! becomes the new account's); an organisation names the language its texts are
//! written in, and its description and its offerings' titles and descriptions can be
//! given in more languages (`translations`, one row per text owner and language).

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(T::UserTokens).add_column(string_null(Col::Language)).to_owned()).await?;
        m.alter_table(
            Table::alter()
                .table(T::Organisations)
                .add_column(ColumnDef::new(Col::ContentLanguage).string().not_null().default("de"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(T::Translations)
                .col(id(Col::Id))
                // The organisation or offering the text belongs to.
                .col(uuid(Col::SubjectId))
                .col(uuid(Col::OrganisationId))
                .col(uuid_null(Col::OfferingId))
                .col(string(Col::Language))
                .col(text_null(Col::Title))
                .col(text_null(Col::Description))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Translations, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::Translations, Col::OfferingId), (T::Offerings, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_translations_subject_language", T::Translations, &["subject_id", "language"], true)).await?;
        m.create_index(index("idx_translations_organisation", T::Translations, &["organisation_id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(T::Translations).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Organisations).drop_column(Col::ContentLanguage).to_owned()).await?;
        m.alter_table(Table::alter().table(T::UserTokens).drop_column(Col::Language).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "user_tokens")]
    UserTokens,
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "offerings")]
    Offerings,
    #[sea_orm(iden = "translations")]
    Translations,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Language,
    ContentLanguage,
    SubjectId,
    OrganisationId,
    OfferingId,
    Title,
    Description,
    UpdatedAt,
}
