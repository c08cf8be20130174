//! Organisations taking part in an event (co-organisers) or a project (partners).

macro_rules! participation_entity {
    ($module:ident, $table:literal, $owner:ident) => {
        #[doc = concat!("The `", $table, "` table: invited, confirmed or declined.")]
        pub mod $module {
            use crate::entities::stored::Stored;
            use migraup_domain::ParticipationState;
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub $owner: Uuid,
                #[sea_orm(primary_key, auto_increment = false)]
                pub organisation_id: Uuid,
                pub state: Stored<ParticipationState>,
                pub invited_at: DateTimeUtc,
                pub invited_by: Option<Uuid>,
                pub responded_at: Option<DateTimeUtc>,
                pub responded_by: Option<Uuid>,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

participation_entity!(event_organiser, "event_organisers", event_id);
participation_entity!(project_partner, "project_partners", project_id);
