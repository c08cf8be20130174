//! Fachnetzwerke: working groups around the district's key topics. A group has
//! coordinators and members (organisations and individual people); organisations
//! come in through the request machinery of claims and joins
//! (`organisation_requests.group_id`); meetings are events of the group
//! (`events.group_id`) with an agenda, minutes, attendance and documents; agreed
//! actions are recorded with the minutes and reminded by the daily task.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::WorkingGroups)
                .col(id(Col::Id))
                .col(string(Col::Slug))
                .col(string(Col::Name))
                .col(text_null(Col::Description))
                // The language the description is written in; more languages below.
                .col(ColumnDef::new(Col::ContentLanguage).string().not_null().default("de"))
                .col(string(Col::Visibility))
                .col(uuid_null(Col::CreatedBy))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_working_groups_slug", T::WorkingGroups, &["slug"], true)).await?;
        m.create_table(
            Table::create()
                .table(T::WorkingGroupTranslations)
                .col(uuid(Col::GroupId))
                .col(string(Col::Language))
                .col(text(Col::Description))
                .primary_key(Index::create().col(Col::GroupId).col(Col::Language))
                .foreign_key(&mut fk((T::WorkingGroupTranslations, Col::GroupId), (T::WorkingGroups, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(link_table(T::WorkingGroupTopics, Col::GroupId, T::WorkingGroups, Col::TopicId, T::Topics, Col::Id, false)).await?;
        // One row per membership period: `active_key` is `<group>:<party>` while it
        // lasts (unique), NULL once the member left or was removed (kept for the record).
        m.create_table(
            Table::create()
                .table(T::WorkingGroupMembers)
                .col(id(Col::Id))
                .col(uuid(Col::GroupId))
                .col(uuid_null(Col::OrganisationId))
                .col(uuid_null(Col::UserId))
                .col(boolean(Col::Coordinator))
                .col(string_null(Col::ActiveKey))
                .col(time(Col::JoinedAt))
                .col(time_null(Col::EndedAt))
                .col(string_null(Col::EndedHow))
                .col(uuid_null(Col::EndedBy))
                .foreign_key(&mut fk((T::WorkingGroupMembers, Col::GroupId), (T::WorkingGroups, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::WorkingGroupMembers, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::WorkingGroupMembers, Col::UserId), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_wg_members_active", T::WorkingGroupMembers, &["active_key"], true)).await?;
        m.create_index(index("idx_wg_members_group", T::WorkingGroupMembers, &["group_id"], false)).await?;
        m.alter_table(Table::alter().table(T::OrganisationRequests).add_column(uuid_null(Col::GroupId)).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Events).add_column(uuid_null(Col::GroupId)).to_owned()).await?;
        m.create_index(index("idx_events_group", T::Events, &["group_id"], false)).await?;
        m.create_table(
            Table::create()
                .table(T::MeetingNotes)
                .col(ColumnDef::new(Col::EventId).uuid().not_null().primary_key())
                .col(text_null(Col::Agenda))
                .col(text_null(Col::Minutes))
                .col(time_null(Col::MinutesPublishedAt))
                .col(uuid_null(Col::UpdatedBy))
                .col(int(Col::Version))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::MeetingNotes, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(T::MeetingDocuments)
                .col(id(Col::Id))
                .col(uuid(Col::EventId))
                .col(string(Col::Title))
                .col(string(Col::Url))
                .col(int(Col::Position))
                .foreign_key(&mut fk((T::MeetingDocuments, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_meeting_documents_event", T::MeetingDocuments, &["event_id"], false)).await?;
        // Who attended: a member organisation or a person (exactly one of the two).
        m.create_table(
            Table::create()
                .table(T::MeetingAttendance)
                .col(id(Col::Id))
                .col(uuid(Col::EventId))
                .col(uuid_null(Col::OrganisationId))
                .col(uuid_null(Col::UserId))
                .foreign_key(&mut fk((T::MeetingAttendance, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::MeetingAttendance, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::MeetingAttendance, Col::UserId), (T::Users, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_meeting_attendance_event", T::MeetingAttendance, &["event_id"], false)).await?;
        m.create_table(
            Table::create()
                .table(T::AgreedActions)
                .col(id(Col::Id))
                .col(uuid(Col::GroupId))
                .col(uuid(Col::EventId))
                .col(string(Col::Title))
                .col(uuid_null(Col::OwnerUserId))
                .col(uuid_null(Col::OwnerOrganisationId))
                .col(ColumnDef::new(Col::DueOn).date().not_null())
                .col(string(Col::Status))
                .col(text_null(Col::DropReason))
                .col(uuid_null(Col::ProjectId))
                // The due date each reminder was sent for: never twice for one action and date.
                .col(date_null(Col::RemindedBeforeFor))
                .col(date_null(Col::RemindedAfterFor))
                .col(uuid_null(Col::CreatedBy))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::AgreedActions, Col::GroupId), (T::WorkingGroups, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::AgreedActions, Col::EventId), (T::Events, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_agreed_actions_group", T::AgreedActions, &["group_id"], false)).await?;
        m.create_index(index("idx_agreed_actions_due", T::AgreedActions, &["status", "due_on"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [T::AgreedActions, T::MeetingAttendance, T::MeetingDocuments, T::MeetingNotes] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("idx_events_group").table(T::Events).to_owned()).await?;
        m.alter_table(Table::alter().table(T::Events).drop_column(Col::GroupId).to_owned()).await?;
        m.alter_table(Table::alter().table(T::OrganisationRequests).drop_column(Col::GroupId).to_owned()).await?;
        for t in [T::WorkingGroupMembers, T::WorkingGroupTopics, T::WorkingGroupTranslations, T::WorkingGroups] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    #[sea_orm(iden = "working_groups")]
    WorkingGroups,
    #[sea_orm(iden = "working_group_topics")]
    WorkingGroupTopics,
    #[sea_orm(iden = "working_group_translations")]
    WorkingGroupTranslations,
    #[sea_orm(iden = "working_group_members")]
    WorkingGroupMembers,
    #[sea_orm(iden = "topics")]
    Topics,
    #[sea_orm(iden = "organisations")]
    Organisations,
    #[sea_orm(iden = "users")]
    Users,
    #[sea_orm(iden = "organisation_requests")]
    OrganisationRequests,
    #[sea_orm(iden = "events")]
    Events,
    #[sea_orm(iden = "meeting_notes")]
    MeetingNotes,
    #[sea_orm(iden = "meeting_documents")]
    MeetingDocuments,
    #[sea_orm(iden = "meeting_attendance")]
    MeetingAttendance,
    #[sea_orm(iden = "agreed_actions")]
    AgreedActions,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Slug,
    Name,
    Description,
    ContentLanguage,
    Language,
    Visibility,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
    GroupId,
    TopicId,
    OrganisationId,
    UserId,
    Coordinator,
    ActiveKey,
    JoinedAt,
    EndedAt,
    EndedHow,
    EndedBy,
    EventId,
    Agenda,
    Minutes,
    MinutesPublishedAt,
    UpdatedBy,
    Title,
    Url,
    Position,
    OwnerUserId,
    OwnerOrganisationId,
    DueOn,
    Status,
    DropReason,
    ProjectId,
    RemindedBeforeFor,
    RemindedAfterFor,
}
