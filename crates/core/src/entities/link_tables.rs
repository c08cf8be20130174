//! Link tables between organisations or offerings and the taxonomy.

macro_rules! link_entity {
    ($module:ident, $table:literal, $owner:ident, $item:ident : $item_ty:ty, $field:literal) => {
        #[doc = concat!("The `", $table, "` link table.")]
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub $owner: Uuid,
                #[sea_orm(primary_key, auto_increment = false)]
                pub $item: $item_ty,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}

            impl super::Link for Entity {
                type Item = $item_ty;
                const FIELD: &'static str = $field;
                fn owner() -> Column {
                    <Column as std::str::FromStr>::from_str(stringify!($owner)).expect("the owner column exists")
                }
                fn row(owner: Uuid, item: $item_ty) -> ActiveModel {
                    ActiveModel { $owner: sea_orm::Set(owner), $item: sea_orm::Set(item) }
                }
            }
        }
    };
}

/// A link table: rows of (owner, item), replaced as a whole by `crate::link_tables::replace`.
pub(crate) trait Link: sea_orm::EntityTrait {
    type Item;
    /// The input field that fills the list (named in a refusal).
    const FIELD: &'static str;
    /// The column naming the owner (an organisation, offering, event or project).
    fn owner() -> Self::Column;
    /// One row.
    fn row(owner: uuid::Uuid, item: Self::Item) -> Self::ActiveModel;
}

link_entity!(organisation_topic, "organisation_topics", organisation_id, topic_id: Uuid, "topicIds");
link_entity!(organisation_language, "organisation_languages", organisation_id, language_code: String, "languages");
link_entity!(organisation_target_group, "organisation_target_groups", organisation_id, target_group_id: Uuid, "targetGroupIds");
link_entity!(offering_topic, "offering_topics", offering_id, topic_id: Uuid, "topicIds");
link_entity!(offering_language, "offering_languages", offering_id, language_code: String, "languages");
link_entity!(offering_target_group, "offering_target_groups", offering_id, target_group_id: Uuid, "targetGroupIds");
link_entity!(event_topic, "event_topics", event_id, topic_id: Uuid, "topicIds");
link_entity!(event_language, "event_languages", event_id, language_code: String, "languages");
link_entity!(project_topic, "project_topics", project_id, topic_id: Uuid, "topicIds");
link_entity!(working_group_topic, "working_group_topics", group_id, topic_id: Uuid, "topicIds");
link_entity!(idea_topic, "idea_topics", idea_id, topic_id: Uuid, "topicIds");
link_entity!(idea_district, "idea_districts", idea_id, district_id: Uuid, "districtIds");
link_entity!(idea_target_group, "idea_target_groups", idea_id, target_group_id: Uuid, "targetGroupIds");
link_entity!(concern_topic, "concern_topics", concern_id, topic_id: Uuid, "topicIds");
