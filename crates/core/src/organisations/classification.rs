//! An organisation's topics, languages and target groups.

use migraup_domain::error::DomainResult;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::OrganisationInput;
use crate::{
    entities::link_tables::{organisation_language, organisation_target_group, organisation_topic},
    link_tables::{known_languages, known_target_groups, known_topics},
};

/// Replaces the link rows that `input` names (others stay as they are).
pub(crate) async fn replace(db: &impl ConnectionTrait, organisation_id: Uuid, input: &OrganisationInput) -> DomainResult<()> {
    if let Some(ids) = &input.topic_ids {
        crate::link_tables::replace::<organisation_topic::Entity>(db, organisation_id, known_topics(db, "topicIds", ids).await?).await?;
    }
    if let Some(codes) = &input.languages {
        crate::link_tables::replace::<organisation_language::Entity>(db, organisation_id, known_languages(db, "languages", codes).await?)
            .await?;
    }
    if let Some(ids) = &input.target_group_ids {
        let ids = known_target_groups(db, "targetGroupIds", ids).await?;
        crate::link_tables::replace::<organisation_target_group::Entity>(db, organisation_id, ids).await?;
    }
    Ok(())
}
