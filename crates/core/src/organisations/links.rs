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
        crate::links::replace::<organisation_topic::Entity>(db, organisation_id, known_topics(db, "topicIds", ids).await?).await?;
    }
    if let Some(codes) = &input.languages {
        crate::links::replace::<organisation_language::Entity>(db, organisation_id, known_languages(db, "languages", codes).await?).await?;
    }
    if let Some(ids) = &input.target_group_ids {
        let ids = known_target_groups(db, "targetGroupIds", ids).await?;
        crate::links::replace::<organisation_target_group::Entity>(db, organisation_id, ids).await?;
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
