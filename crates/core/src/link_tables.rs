//! Link tables (an organisation's topics, an event's languages, …) are replaced as a
//! whole: one way for all of them, inside the caller's transaction. The ids they link
//! to are checked here, and batch reads group their rows by owner here.

use std::collections::{BTreeSet, HashMap};

use migraup_domain::{DomainError, Reason, bounds::LINKS_PER_LIST, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    entities::{district, language, link_tables::Link, target_group, topic},
    errors::DbResultExt,
};

/// Makes `items` the owner's links: deletes the old rows, inserts the new ones. A list
/// longer than `bounds::LINKS_PER_LIST` is refused (the API counts lists at their bound).
pub(crate) async fn replace<L>(db: &impl ConnectionTrait, owner: Uuid, items: impl IntoIterator<Item = L::Item>) -> DomainResult<()>
where
    L: Link,
    L::ActiveModel: ActiveModelTrait<Entity = L> + Send,
{
    let rows: Vec<L::ActiveModel> = items.into_iter().map(|item| L::row(owner, item)).collect();
    if rows.len() as u64 > LINKS_PER_LIST {
        return Err(DomainError::invalid(L::FIELD, Reason::TooManyItems { max: LINKS_PER_LIST as usize }));
    }
    L::delete_many().filter(L::owner().eq(owner)).exec(db).await.internal()?;
    if !rows.is_empty() {
        L::insert_many(rows).exec(db).await.internal()?;
    }
    Ok(())
}

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

/// Checks that every id names an Ortsteil; returns them without duplicates.
pub(crate) async fn known_districts(db: &impl ConnectionTrait, field: &str, ids: &[Uuid]) -> DomainResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if ids.len() > 50 {
        return Err(DomainError::invalid(field, Reason::TooLong { max: 50 }));
    }
    let found = district::Entity::find().filter(district::Column::Id.is_in(ids.clone())).count(db).await.internal()?;
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

/// Groups `(owner, item)` pairs by owner, keeping every requested owner.
pub(crate) fn group<T>(owners: &[Uuid], pairs: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = owners.iter().map(|o| (*o, Vec::new())).collect();
    for (owner, item) in pairs {
        map.entry(owner).or_default().push(item);
    }
    map
}
