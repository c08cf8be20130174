//! Concerns (Anliegen) to the district administration, the organisations they
//! concern, and their timeline (answers are steps with a text).

/// A concern raised by an organisation.
pub mod concern {
    use crate::entities::stored::Stored;
    use migraup_domain::{ConcernStatus, ConcernVisibility};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "concerns")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub title: String,
        pub body: String,
        pub search_text: String,
        pub visibility: Stored<ConcernVisibility>,
        /// The organisation that raised it.
        pub organisation_id: Uuid,
        pub raised_by: Option<Uuid>,
        pub status: Stored<ConcernStatus>,
        /// The administration's person who took it on.
        pub assignee_id: Option<Uuid>,
        pub first_answer_at: Option<DateTimeUtc>,
        pub closed_at: Option<DateTimeUtc>,
        /// Reopened once already (a concern is reopened at most once).
        pub reopened: bool,
        /// When the daily task flagged it as unanswered for 14 days.
        pub flagged_at: Option<DateTimeUtc>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An organisation the concern concerns: the one that raised it, or one that joined.
pub mod party {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "concern_organisations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub concern_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organisation_id: Uuid,
        pub raised: bool,
        pub joined_by: Option<Uuid>,
        pub joined_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One dated step: raised, joined, taken on, answered (with the answer), closed,
/// reopened (with the reason), flagged.
pub mod step {
    use crate::entities::stored::Stored;
    use migraup_domain::ConcernStep;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "concern_steps")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub concern_id: Uuid,
        pub kind: Stored<ConcernStep>,
        pub actor_id: Option<Uuid>,
        pub organisation_id: Option<Uuid>,
        pub note: Option<String>,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
