//! Joint events (organisers, topics, languages, registrations) and shared projects
//! (partners, topics).

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who takes part as organiser or partner: invited, then confirmed or declined.
fn participation_table(name: T, owner_col: Col, owner: T) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(uuid(owner_col))
        .col(uuid(Col::OrganisationId))
        .col(string(Col::State))
        .col(time(Col::InvitedAt))
        .col(uuid_null(Col::InvitedBy))
        .col(time_null(Col::RespondedAt))
        .col(uuid_null(Col::RespondedBy))
        .primary_key(Index::create().col(owner_col).col(Col::OrganisationId))
        .foreign_key(&mut fk((name, owner_col), (owner, Col::Id), ForeignKeyAction::Cascade))
        .foreign_key(&mut fk((name, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::Projects)
                .col(id(Col::Id))
                .col(string(Col::Title))
                .col(text_null(Col::Description))
                .col(uuid(Col::LeadOrganisationId))
                .col(string(Col::Status))
                .col(date_null(Col::StartsOn))
                .col(date_null(Col::EndsOn))
                .col(text_null(Col::Funding))
                .col(text_null(Col::Outcomes))
                .col(string(Col::Visibility))
                .col(uuid_null(Col::CreatedBy))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Projects, Col::LeadOrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::Projects, Col::CreatedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_projects_lead", T::Projects, &["lead_organisation_id"], false)).await?;
        m.create_table(participation_table(T::ProjectPartners, Col::ProjectId, T::Projects)).await?;
        m.create_index(index("idx_project_partners_organisation", T::ProjectPartners, &["organisation_id"], false)).await?;
        m.create_table(link_table(T::ProjectTopics, Col::ProjectId, T::Projects, Col::TopicId, T::Topics, Col::Id, false)).await?;

        m.create_table(
            Table::create()
                .table(T::Events)
                .col(id(Col::Id))
                .col(string(Col::Title))
                .col(text_null(Col::Description))
                .col(time(Col::StartsAt))
                .col(time(Col::EndsAt))
                .col(string_null(Col::Venue))
                .col(string_null(Col::Street))
                .col(string_null(Col::PostalCode))
                .col(uuid_null(Col::DistrictId))
                .col(string_null(Col::OnlineUrl))
                .col(int_null(Col::Capacity))
                .col(text_null(Col::Accessibility))
                .col(string(Col::Visibility))
                .col(string(Col::Status))
                .col(text_null(Col::CancelReason))
                .col(uuid_null(Col::ProjectId))
                .col(uuid_null(Col::CreatedBy))
                // Bumped by every registration change: the row lock that puts
                // concurrent requests for the last seat in a queue.
                .col(int(Col::QueueSeq))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Events, Col::DistrictId), (T::Districts, Col::Id), ForeignKeyAction::SetNull))
                .foreign_key(&mut fk((T::Events, Col::ProjectId), (T::Projects, Col::Id), ForeignKeyAction::SetNull))
                .foreign_key(&mut fk((T::Events, Col::CreatedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_events_starts_at", T::Events, &["starts_at"], false)).await?;
        m.create_index(index("idx_events_project", T::Events, &["project_id"], false)).await?;
        m.create_table(participation_table(T::EventOrganisers, Col::EventId, T::Events)).await?;
        m.create_index(index("idx_event_organisers_organisation", T::EventOrganisers, &["organisation_id"], false)).await?;
        m.create_table(link_table(T::EventTopics, Col::EventId, T::Events, Col::TopicId, T::Topics, Col::Id, false)).await?;
        m.create_table(link_table(T::EventLanguages, Col::EventId, T::Events, Col::LanguageCode, T::Languages, Col::Code, true)).await?;
        m.create_table(
            Table::create()
                .table(T::EventRegistrations)
                .col(id(Col::Id))
                .col(uuid(Col::EventId))
                .col(uuid(Col::UserId))
                .col(string(Col::Status))
                .col(int(Col::QueueNo))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::EventRegistrations, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::EventRegistrations, Col::UserId), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("uq_event_registrations_person", T::EventRegistrations, &["event_id", "user_id"], true)).await?;
        m.create_index(index("idx_event_registrations_queue", T::EventRegistrations, &["event_id", "status", "queue_no"], false)).await?;
        m.create_index(index("idx_event_registrations_user", T::EventRegistrations, &["user_id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "event_registrations",
            "event_languages",
            "event_topics",
            "event_organisers",
            "events",
            "project_topics",
            "project_partners",
            "projects",
        ] {
            m.drop_table(Table::drop().table(name).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "projects")]
    Projects,
    #[sea_orm(iden = "project_partners")]
    ProjectPartners,
    #[sea_orm(iden = "project_topics")]
    ProjectTopics,
    #[sea_orm(iden = "events")]
    Events,
    #[sea_orm(iden = "event_organisers")]
    EventOrganisers,
    #[sea_orm(iden = "event_topics")]
    EventTopics,
    #[sea_orm(iden = "event_languages")]
    EventLanguages,
    #[sea_orm(iden = "event_registrations")]
    EventRegistrations,
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "users")]
    Users,
    #[sea_orm(iden = "districts")]
    Districts,
    #[sea_orm(iden = "topics")]
    Topics,
    #[sea_orm(iden = "languages")]
    Languages,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Code,
    Title,
    Description,
    LeadOrganisationId,
    OrganisationId,
    ProjectId,
    EventId,
    UserId,
    TopicId,
    LanguageCode,
    DistrictId,
    Status,
    State,
    StartsOn,
    EndsOn,
    StartsAt,
    EndsAt,
    Funding,
    Outcomes,
    Visibility,
    Venue,
    Street,
    PostalCode,
    OnlineUrl,
    Capacity,
    Accessibility,
    CancelReason,
    QueueSeq,
    QueueNo,
    InvitedAt,
    InvitedBy,
    RespondedAt,
    RespondedBy,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}
