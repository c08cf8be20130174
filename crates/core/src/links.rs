//! Link tables (an organisation's topics, an event's languages, …) are replaced as a
//! whole: one way for all of them, inside the caller's transaction.

use migraup_domain::error::DomainResult;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

use crate::{entities::links::Link, errors::DbResultExt};

/// Makes `items` the owner's links: deletes the old rows, inserts the new ones.
pub(crate) async fn replace<L>(db: &impl ConnectionTrait, owner: Uuid, items: impl IntoIterator<Item = L::Item>) -> DomainResult<()>
where
    L: Link,
    L::ActiveModel: ActiveModelTrait<Entity = L> + Send,
{
    L::delete_many().filter(L::owner().eq(owner)).exec(db).await.internal()?;
    let rows: Vec<L::ActiveModel> = items.into_iter().map(|item| L::row(owner, item)).collect();
    if !rows.is_empty() {
        L::insert_many(rows).exec(db).await.internal()?;
    }
    Ok(())
}
