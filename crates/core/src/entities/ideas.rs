//! Ideas and measures, their translations, supports, comments and timeline.

/// An idea, and once adopted the measure it became.
pub mod idea {
    use crate::entities::stored::Stored;
    use migraup_domain::{IdeaStatus, Visibility};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "ideas")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub title: String,
        pub description: Option<String>,
        pub content_language: String,
        /// Title, description and translations, folded for search.
        pub search_text: String,
        pub visibility: Stored<Visibility>,
        /// The organisation it was proposed for, if any.
        pub organisation_id: Option<Uuid>,
        pub proposed_by: Option<Uuid>,
        pub status: Stored<IdeaStatus>,
        pub gap_topic_id: Option<Uuid>,
        pub gap_district_id: Option<Uuid>,
        pub group_id: Option<Uuid>,
        pub owner_organisation_id: Option<Uuid>,
        pub due_on: Option<Date>,
        pub resources: Option<String>,
        pub project_id: Option<Uuid>,
        pub status_reason: Option<String>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Title and description in one more language.
pub mod translation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "idea_translations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub idea_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub language: String,
        pub title: Option<String>,
        pub description: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An organisation's support, with what it could contribute.
pub mod support {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "idea_supports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub idea_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organisation_id: Uuid,
        pub given_by: Option<Uuid>,
        pub offer: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A person's comment; a removed one keeps who removed it and why.
pub mod comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "idea_comments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub idea_id: Uuid,
        pub author_id: Option<Uuid>,
        pub body: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub removed_at: Option<DateTimeUtc>,
        pub removed_by: Option<Uuid>,
        pub removed_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One dated step of an idea: the status it reached, who moved it, and a note.
pub mod step {
    use crate::entities::stored::Stored;
    use migraup_domain::IdeaStatus;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "idea_steps")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub idea_id: Uuid,
        pub status: Stored<IdeaStatus>,
        pub actor_id: Option<Uuid>,
        pub note: Option<String>,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
