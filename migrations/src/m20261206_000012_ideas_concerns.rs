//! Future planning and a voice: ideas that become measures and projects (with the
//! organisations supporting them, comments and a dated timeline), and concerns
//! (Anliegen) that organisations raise to the district administration, which answers.

use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(T::Ideas)
                .col(id(Col::Id))
                .col(string(Col::Title))
                .col(text_null(Col::Description))
                .col(ColumnDef::new(Col::ContentLanguage).string().not_null().default("de"))
                .col(text(Col::SearchText))
                .col(string(Col::Visibility))
                .col(uuid_null(Col::OrganisationId))
                .col(uuid_null(Col::ProposedBy))
                .col(string(Col::Status))
                // The coverage gap (topic × Ortsteil) it answers, and the group to discuss it.
                .col(uuid_null(Col::GapTopicId))
                .col(uuid_null(Col::GapDistrictId))
                .col(uuid_null(Col::GroupId))
                // The measure, once adopted.
                .col(uuid_null(Col::OwnerOrganisationId))
                .col(date_null(Col::DueOn))
                .col(text_null(Col::Resources))
                .col(uuid_null(Col::ProjectId))
                .col(text_null(Col::StatusReason))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Ideas, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::SetNull))
                .foreign_key(&mut fk((T::Ideas, Col::ProposedBy), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_ideas_status", T::Ideas, &["status"], false)).await?;
        m.create_table(
            Table::create()
                .table(T::IdeaTranslations)
                .col(uuid(Col::IdeaId))
                .col(string(Col::Language))
                // The title in this language, where it was translated too.
                .col(string_null(Col::Title))
                .col(text_null(Col::Description))
                .primary_key(Index::create().col(Col::IdeaId).col(Col::Language))
                .foreign_key(&mut fk((T::IdeaTranslations, Col::IdeaId), (T::Ideas, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(link_table(T::IdeaTopics, Col::IdeaId, T::Ideas, Col::TopicId, T::Topics, Col::Id, false)).await?;
        m.create_table(link_table(T::IdeaDistricts, Col::IdeaId, T::Ideas, Col::DistrictId, T::Districts, Col::Id, false)).await?;
        m.create_table(link_table(T::IdeaTargetGroups, Col::IdeaId, T::Ideas, Col::TargetGroupId, T::TargetGroups, Col::Id, false)).await?;
        // One support per organisation and idea (the primary key refuses a second).
        m.create_table(
            Table::create()
                .table(T::IdeaSupports)
                .col(uuid(Col::IdeaId))
                .col(uuid(Col::OrganisationId))
                .col(uuid_null(Col::GivenBy))
                .col(text_null(Col::Offer))
                .col(time(Col::CreatedAt))
                .primary_key(Index::create().col(Col::IdeaId).col(Col::OrganisationId))
                .foreign_key(&mut fk((T::IdeaSupports, Col::IdeaId), (T::Ideas, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::IdeaSupports, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(T::IdeaComments)
                .col(id(Col::Id))
                .col(uuid(Col::IdeaId))
                .col(uuid_null(Col::AuthorId))
                .col(text(Col::Body))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .col(time_null(Col::RemovedAt))
                .col(uuid_null(Col::RemovedBy))
                .col(text_null(Col::RemovedReason))
                .foreign_key(&mut fk((T::IdeaComments, Col::IdeaId), (T::Ideas, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk((T::IdeaComments, Col::AuthorId), (T::Users, Col::Id), ForeignKeyAction::SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_idea_comments_idea", T::IdeaComments, &["idea_id"], false)).await?;
        // The timeline of ideas and concerns: one dated row per step.
        m.create_table(
            Table::create()
                .table(T::IdeaSteps)
                .col(id(Col::Id))
                .col(uuid(Col::IdeaId))
                .col(string(Col::Status))
                .col(uuid_null(Col::ActorId))
                .col(text_null(Col::Note))
                .col(time(Col::At))
                .foreign_key(&mut fk((T::IdeaSteps, Col::IdeaId), (T::Ideas, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_idea_steps_idea", T::IdeaSteps, &["idea_id"], false)).await?;
        m.create_table(
            Table::create()
                .table(T::Concerns)
                .col(id(Col::Id))
                .col(string(Col::Title))
                .col(text(Col::Body))
                .col(text(Col::SearchText))
                .col(string(Col::Visibility))
                .col(uuid(Col::OrganisationId))
                .col(uuid_null(Col::RaisedBy))
                .col(string(Col::Status))
                .col(uuid_null(Col::AssigneeId))
                .col(time_null(Col::FirstAnswerAt))
                .col(time_null(Col::ClosedAt))
                .col(boolean(Col::Reopened))
                .col(time_null(Col::FlaggedAt))
                .col(int(Col::Version))
                .col(time(Col::CreatedAt))
                .col(time(Col::UpdatedAt))
                .foreign_key(&mut fk((T::Concerns, Col::OrganisationId), (T::Organisations, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_concerns_status", T::Concerns, &["status"], false)).await?;
        m.create_table(link_table(T::ConcernTopics, Col::ConcernId, T::Concerns, Col::TopicId, T::Topics, Col::Id, false)).await?;
        // The organisations a concern concerns: the one that raised it and those that joined.
        m.create_table(
            Table::create()
                .table(T::ConcernOrganisations)
                .col(uuid(Col::ConcernId))
                .col(uuid(Col::OrganisationId))
                .col(boolean(Col::Raised))
                .col(uuid_null(Col::JoinedBy))
                .col(time(Col::JoinedAt))
                .primary_key(Index::create().col(Col::ConcernId).col(Col::OrganisationId))
                .foreign_key(&mut fk((T::ConcernOrganisations, Col::ConcernId), (T::Concerns, Col::Id), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk(
                    (T::ConcernOrganisations, Col::OrganisationId),
                    (T::Organisations, Col::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_concern_orgs_org", T::ConcernOrganisations, &["organisation_id"], false)).await?;
        m.create_table(
            Table::create()
                .table(T::ConcernSteps)
                .col(id(Col::Id))
                .col(uuid(Col::ConcernId))
                .col(string(Col::Kind))
                .col(uuid_null(Col::ActorId))
                .col(uuid_null(Col::OrganisationId))
                .col(text_null(Col::Note))
                .col(time(Col::At))
                .foreign_key(&mut fk((T::ConcernSteps, Col::ConcernId), (T::Concerns, Col::Id), ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_concern_steps_concern", T::ConcernSteps, &["concern_id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            T::ConcernSteps,
            T::ConcernOrganisations,
            T::ConcernTopics,
            T::Concerns,
            T::IdeaSteps,
            T::IdeaComments,
            T::IdeaSupports,
            T::IdeaTargetGroups,
            T::IdeaDistricts,
            T::IdeaTopics,
            T::IdeaTranslations,
            T::Ideas,
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum T {
    Ideas,
    IdeaTranslations,
    IdeaTopics,
    IdeaDistricts,
    IdeaTargetGroups,
    IdeaSupports,
    IdeaComments,
    IdeaSteps,
    Concerns,
    ConcernTopics,
    ConcernOrganisations,
    ConcernSteps,
    Topics,
    Districts,
    TargetGroups,
    Organisations,
    Users,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    Id,
    Title,
    Description,
    ContentLanguage,
    SearchText,
    Visibility,
    OrganisationId,
    ProposedBy,
    Status,
    GapTopicId,
    GapDistrictId,
    GroupId,
    OwnerOrganisationId,
    DueOn,
    Resources,
    ProjectId,
    StatusReason,
    Version,
    CreatedAt,
    UpdatedAt,
    IdeaId,
    Language,
    TopicId,
    DistrictId,
    TargetGroupId,
    GivenBy,
    Offer,
    AuthorId,
    Body,
    RemovedAt,
    RemovedBy,
    RemovedReason,
    ActorId,
    Note,
    At,
    RaisedBy,
    AssigneeId,
    FirstAnswerAt,
    ClosedAt,
    Reopened,
    FlaggedAt,
    ConcernId,
    Raised,
    JoinedBy,
    JoinedAt,
    Kind,
}
