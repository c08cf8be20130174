//! The first schema: taxonomy, organisations, offerings, users, tokens, audit log.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A taxonomy table: topics and target groups share this shape.
fn taxonomy_table(table: impl IntoIden + Copy) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(id(Tax::Id))
        .col(string(Tax::Slug).unique_key().to_owned())
        .col(json(Tax::Labels))
        .col(int(Tax::SortOrder))
        .col(int(Tax::Version))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(District::Table)
                .col(id(Common::Id))
                .col(string(Tax::Slug).unique_key().to_owned())
                .col(string(District::Name))
                .col(string(District::Region))
                .col(int(Tax::SortOrder))
                .col(int(Tax::Version))
                .to_owned(),
        )
        .await?;
        m.create_table(taxonomy_table(Topic::Table)).await?;
        m.create_table(taxonomy_table(TargetGroup::Table)).await?;
        m.create_table(
            Table::create()
                .table(Language::Table)
                .col(ColumnDef::new(Language::Code).string_len(2).not_null().primary_key())
                .col(json(Tax::Labels))
                .col(string(Language::NativeName))
                .col(boolean(Language::RightToLeft))
                .col(int(Tax::SortOrder))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(User::Table)
                .col(id(Common::Id))
                .col(string(User::Email).unique_key().to_owned())
                .col(string(User::DisplayName))
                .col(text_null(User::PasswordHash))
                .col(string(User::Role))
                .col(string(User::Status))
                .col(string(User::PreferredLanguage))
                .col(time(User::TokensValidAfter))
                .col(time_null(User::LastLoginAt))
                .col(int(Common::Version))
                .col(time(Common::CreatedAt))
                .col(time(Common::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Organisation::Table)
                .col(id(Common::Id))
                .col(string(Organisation::Slug).unique_key().to_owned())
                .col(string(Organisation::Name))
                .col(string(Organisation::SortName))
                .col(string(Organisation::Kind))
                .col(string_null(Organisation::LegalForm))
                .col(text_null(Organisation::Description))
                .col(int_null(Organisation::FoundedYear))
                .col(string_null(Organisation::Website))
                .col(string_null(Organisation::Email))
                .col(string(Organisation::EmailVisibility))
                .col(string_null(Organisation::Phone))
                .col(string(Organisation::PhoneVisibility))
                .col(string_null(Organisation::Street))
                .col(string_null(Organisation::PostalCode))
                .col(string_null(Organisation::City))
                .col(string(Organisation::AddressVisibility))
                .col(uuid_null(Organisation::DistrictId))
                .col(double_null(Organisation::Latitude))
                .col(double_null(Organisation::Longitude))
                .col(string(Organisation::Visibility))
                .col(string(Organisation::Verification))
                .col(time_null(Organisation::VerifiedAt))
                .col(time_null(Organisation::ConfirmedAt))
                .col(text(Organisation::SearchText))
                .col(uuid_null(Organisation::CreatedBy))
                .col(int(Common::Version))
                .col(time(Common::CreatedAt))
                .col(time(Common::UpdatedAt))
                .foreign_key(&mut fk(
                    (Organisation::Table, Organisation::DistrictId),
                    (District::Table, Common::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_organisations_sort", Organisation::Table, &["sort_name", "id"], false)).await?;
        m.create_index(index("idx_organisations_district", Organisation::Table, &["district_id"], false)).await?;

        m.create_table(link_table(
            OrganisationTopic::Table,
            Link::OrganisationId,
            Organisation::Table,
            Link::TopicId,
            Topic::Table,
            Common::Id,
            false,
        ))
        .await?;
        m.create_table(link_table(
            OrganisationLanguage::Table,
            Link::OrganisationId,
            Organisation::Table,
            Link::LanguageCode,
            Language::Table,
            Language::Code,
            true,
        ))
        .await?;
        m.create_table(link_table(
            OrganisationTargetGroup::Table,
            Link::OrganisationId,
            Organisation::Table,
            Link::TargetGroupId,
            TargetGroup::Table,
            Common::Id,
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Offering::Table)
                .col(id(Common::Id))
                .col(uuid(Offering::OrganisationId))
                .col(string(Offering::Title))
                .col(text_null(Offering::Description))
                .col(string(Offering::Category))
                .col(uuid_null(Offering::DistrictId))
                .col(text_null(Offering::Schedule))
                .col(string_null(Offering::Cost))
                .col(boolean(Offering::FreeOfCharge))
                .col(text_null(Offering::Accessibility))
                .col(text(Offering::SearchText))
                .col(int(Common::Version))
                .col(time(Common::CreatedAt))
                .col(time(Common::UpdatedAt))
                .foreign_key(&mut fk(
                    (Offering::Table, Offering::OrganisationId),
                    (Organisation::Table, Common::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk((Offering::Table, Offering::DistrictId), (District::Table, Common::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_offerings_organisation", Offering::Table, &["organisation_id"], false)).await?;
        m.create_table(link_table(OfferingTopic::Table, Link::OfferingId, Offering::Table, Link::TopicId, Topic::Table, Common::Id, false))
            .await?;
        m.create_table(link_table(
            OfferingLanguage::Table,
            Link::OfferingId,
            Offering::Table,
            Link::LanguageCode,
            Language::Table,
            Language::Code,
            true,
        ))
        .await?;
        m.create_table(link_table(
            OfferingTargetGroup::Table,
            Link::OfferingId,
            Offering::Table,
            Link::TargetGroupId,
            TargetGroup::Table,
            Common::Id,
            false,
        ))
        .await?;
        for (name, table, col) in [
            ("idx_organisation_topics_topic", "organisation_topics", "topic_id"),
            ("idx_organisation_languages_language", "organisation_languages", "language_code"),
            ("idx_organisation_target_groups_group", "organisation_target_groups", "target_group_id"),
        ] {
            m.create_index(index(name, Alias::new(table), &[col], false)).await?;
        }

        m.create_table(
            Table::create()
                .table(Membership::Table)
                .col(uuid(Membership::UserId))
                .col(uuid(Link::OrganisationId))
                .col(boolean(Membership::IsContactPerson))
                .col(time_null(Membership::ContactConsentAt))
                .col(time(Common::CreatedAt))
                .primary_key(Index::create().col(Membership::UserId).col(Link::OrganisationId))
                .foreign_key(&mut fk((Membership::Table, Membership::UserId), (User::Table, Common::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk(
                    (Membership::Table, Link::OrganisationId),
                    (Organisation::Table, Common::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_memberships_organisation", Membership::Table, &["organisation_id"], false)).await?;

        m.create_table(
            Table::create()
                .table(UserToken::Table)
                .col(id(Common::Id))
                .col(string(UserToken::Purpose))
                .col(string(UserToken::TokenHash).unique_key().to_owned())
                .col(uuid_null(UserToken::UserId))
                .col(string(User::Email))
                .col(string_null(User::Role))
                .col(uuid_null(Link::OrganisationId))
                .col(uuid_null(Organisation::CreatedBy))
                .col(time(UserToken::ExpiresAt))
                .col(time_null(UserToken::UsedAt))
                .col(time(Common::CreatedAt))
                .foreign_key(&mut fk((UserToken::Table, UserToken::UserId), (User::Table, Common::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk(
                    (UserToken::Table, Link::OrganisationId),
                    (Organisation::Table, Common::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshToken::Table)
                .col(id(Common::Id))
                .col(uuid(UserToken::UserId))
                .col(uuid(RefreshToken::FamilyId))
                .col(string(UserToken::TokenHash).unique_key().to_owned())
                .col(time(UserToken::ExpiresAt))
                .col(time_null(UserToken::UsedAt))
                .col(time_null(RefreshToken::RevokedAt))
                .col(time(Common::CreatedAt))
                .foreign_key(&mut fk((RefreshToken::Table, UserToken::UserId), (User::Table, Common::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_refresh_tokens_family", RefreshToken::Table, &["family_id"], false)).await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(id(Common::Id))
                .col(uuid_null(AuditLog::ActorId))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::EntityType))
                .col(string(AuditLog::EntityId))
                .col(json(AuditLog::Changes))
                .col(time(Common::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_audit_log_entity", AuditLog::Table, &["entity_type", "id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_log",
            "refresh_tokens",
            "user_tokens",
            "memberships",
            "offering_target_groups",
            "offering_languages",
            "offering_topics",
            "offerings",
            "organisation_target_groups",
            "organisation_languages",
            "organisation_topics",
            "organisations",
            "users",
            "languages",
            "target_groups",
            "topics",
            "districts",
        ] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Common {
    Id,
    Version,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Tax {
    Id,
    Slug,
    Labels,
    SortOrder,
    Version,
}
#[derive(DeriveIden, Clone, Copy)]
enum District {
    #[sea_orm(iden = "districts")]
    Table,
    Name,
    Region,
}
#[derive(DeriveIden, Clone, Copy)]
enum Topic {
    #[sea_orm(iden = "topics")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum TargetGroup {
    #[sea_orm(iden = "target_groups")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum Language {
    #[sea_orm(iden = "languages")]
    Table,
    Code,
    NativeName,
    RightToLeft,
}
#[derive(DeriveIden, Clone, Copy)]
enum User {
    #[sea_orm(iden = "users")]
    Table,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    Status,
    PreferredLanguage,
    TokensValidAfter,
    LastLoginAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Organisation {
    #[sea_orm(iden = "organisations")]
    Table,
    Slug,
    Name,
    SortName,
    Kind,
    LegalForm,
    Description,
    FoundedYear,
    Website,
    Email,
    EmailVisibility,
    Phone,
    PhoneVisibility,
    Street,
    PostalCode,
    City,
    AddressVisibility,
    DistrictId,
    Latitude,
    Longitude,
    Visibility,
    Verification,
    VerifiedAt,
    ConfirmedAt,
    SearchText,
    CreatedBy,
}
#[derive(DeriveIden, Clone, Copy)]
enum Link {
    OrganisationId,
    OfferingId,
    TopicId,
    LanguageCode,
    TargetGroupId,
}
#[derive(DeriveIden, Clone, Copy)]
enum OrganisationTopic {
    #[sea_orm(iden = "organisation_topics")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum OrganisationLanguage {
    #[sea_orm(iden = "organisation_languages")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum OrganisationTargetGroup {
    #[sea_orm(iden = "organisation_target_groups")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum Offering {
    #[sea_orm(iden = "offerings")]
    Table,
    OrganisationId,
    Title,
    Description,
    Category,
    DistrictId,
    Schedule,
    Cost,
    FreeOfCharge,
    Accessibility,
    SearchText,
}
#[derive(DeriveIden, Clone, Copy)]
enum OfferingTopic {
    #[sea_orm(iden = "offering_topics")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum OfferingLanguage {
    #[sea_orm(iden = "offering_languages")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum OfferingTargetGroup {
    #[sea_orm(iden = "offering_target_groups")]
    Table,
}
#[derive(DeriveIden, Clone, Copy)]
enum Membership {
    #[sea_orm(iden = "memberships")]
    Table,
    UserId,
    IsContactPerson,
    ContactConsentAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum UserToken {
    #[sea_orm(iden = "user_tokens")]
    Table,
    Purpose,
    TokenHash,
    UserId,
    ExpiresAt,
    UsedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum RefreshToken {
    #[sea_orm(iden = "refresh_tokens")]
    Table,
    FamilyId,
    RevokedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    #[sea_orm(iden = "audit_log")]
    Table,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Changes,
}
