//! Topics, languages and target groups of organisations and offerings.

use std::collections::{BTreeSet, HashMap};

use migraup_domain::{DomainError, Reason, error::DomainResult, validate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::OrganisationInput;
use crate::{
    entities::{
        language,
        links::{organisation_language, organisation_target_group, organisation_topic},
        target_group, topic,
    },
    errors::DbResultExt,
};

/// Checks that every id names a topic; returns them without duplicates.
pub(crate) async fn known_topics(db: &impl ConnectionTrait, field: &str, ids: &[Uuid]) -> DomainResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if ids.len() > 50 {
        return Err(DomainError::invalid(field, Reason::TooLong { max: 50 }));
    }
    let found = topic::Entity::find().filter(topic::Column::Id.is_in(ids.clone())).count(db).await.internal()?;
    if found as usize != ids.len() {
        return Err(DomainError::invalid(field, Reason::UnknownId));
    }
    Ok(ids)
}

/// Checks that every id names a target group; returns them without duplicates.
pub(crate) async fn known_target_groups(db: &impl ConnectionTrait, field: &str, ids: &[Uuid]) -> DomainResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if ids.len() > 50 {
        return Err(DomainError::invalid(field, Reason::TooLong { max: 50 }));
    }
    let found = target_group::Entity::find().filter(target_group::Column::Id.is_in(ids.clone())).count(db).await.internal()?;
    if found as usize != ids.len() {
        return Err(DomainError::invalid(field, Reason::UnknownId));
    }
    Ok(ids)
}

/// Checks ISO 639-1 codes against the language list; returns them without duplicates.
pub(crate) async fn known_languages(db: &impl ConnectionTrait, field: &str, codes: &[String]) -> DomainResult<Vec<String>> {
    let codes = codes.iter().map(|c| validate::language_code(field, c)).collect::<DomainResult<BTreeSet<_>>>()?;
    let codes: Vec<String> = codes.into_iter().collect();
    if codes.len() > 50 {
        return Err(DomainError::invalid(field, Reason::TooLong { max: 50 }));
    }
    let found = language::Entity::find().filter(language::Column::Code.is_in(codes.clone())).count(db).await.internal()?;
    if found as usize != codes.len() {
        return Err(DomainError::invalid(field, Reason::InvalidLanguage));
    }
    Ok(codes)
}

/// Replaces the link rows that `input` names (others stay as they are).
pub(crate) async fn replace(db: &impl ConnectionTrait, organisation_id: Uuid, input: &OrganisationInput) -> DomainResult<()> {
    if let Some(ids) = &input.topic_ids {
        let ids = known_topics(db, "topicIds", ids).await?;
        organisation_topic::Entity::delete_many()
            .filter(organisation_topic::Column::OrganisationId.eq(organisation_id))
            .exec(db)
            .await
            .internal()?;
        if !ids.is_empty() {
            organisation_topic::Entity::insert_many(ids.into_iter().map(|topic_id| organisation_topic::ActiveModel {
                organisation_id: sea_orm::Set(organisation_id),
                topic_id: sea_orm::Set(topic_id),
            }))
            .exec(db)
            .await
            .internal()?;
        }
    }
    if let Some(codes) = &input.languages {
        let codes = known_languages(db, "languages", codes).await?;
        organisation_language::Entity::delete_many()
            .filter(organisation_language::Column::OrganisationId.eq(organisation_id))
            .exec(db)
            .await
            .internal()?;
        if !codes.is_empty() {
            organisation_language::Entity::insert_many(codes.into_iter().map(|code| organisation_language::ActiveModel {
                organisation_id: sea_orm::Set(organisation_id),
                language_code: sea_orm::Set(code),
            }))
            .exec(db)
            .await
            .internal()?;
        }
    }
    if let Some(ids) = &input.target_group_ids {
        let ids = known_target_groups(db, "targetGroupIds", ids).await?;
        organisation_target_group::Entity::delete_many()
            .filter(organisation_target_group::Column::OrganisationId.eq(organisation_id))
            .exec(db)
            .await
            .internal()?;
        if !ids.is_empty() {
            organisation_target_group::Entity::insert_many(ids.into_iter().map(|id| organisation_target_group::ActiveModel {
                organisation_id: sea_orm::Set(organisation_id),
                target_group_id: sea_orm::Set(id),
            }))
            .exec(db)
            .await
            .internal()?;
        }
    }
    Ok(())
}

/// Groups `(owner, item)` pairs by owner, keeping every requested owner.
pub(crate) fn group<T>(owners: &[Uuid], pairs: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = owners.iter().map(|o| (*o, Vec::new())).collect();
    for (owner, item) in pairs {
        map.entry(owner).or_default().push(item);
    }
    map
}
