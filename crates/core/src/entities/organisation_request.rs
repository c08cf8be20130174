//! A person's request to take over (claim) or join an organisation.
use crate::entities::stored::Stored;
use migraup_domain::{RequestKind, RequestState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "organisation_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: Stored<RequestKind>,
    pub organisation_id: Uuid,
    pub user_id: Uuid,
    pub message: Option<String>,
    /// An address at the organisation's domain the person gives as proof (claims).
    pub proof_email: Option<String>,
    pub state: Stored<RequestState>,
    /// `<organisation>:<user>` while pending (unique), `None` once decided.
    pub pending_key: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    /// Why it was declined.
    pub reason: Option<String>,
    /// The working group of a group invitation or application.
    pub group_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
