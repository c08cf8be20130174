//! Domain errors as GraphQL errors: a translated message and `extensions.code`,
//! `extensions.field` and, for conflicts, `extensions.currentVersion`. Never SQL text.

use async_graphql::{Context, Error, ErrorExtensions, ID};
use migraup_domain::{DomainError, Lang, Reason, messages::reason_text};
use uuid::Uuid;

use crate::context::actor;

/// Converts a domain error into a GraphQL error in the actor's language.
pub(crate) fn to_gql(lang: Lang, e: DomainError) -> Error {
    let message = reason_text(&e.reason, lang);
    Error::new(message).extend_with(|_, ext| {
        ext.set("code", e.code.as_str());
        if let Some(field) = &e.field {
            ext.set("field", field.as_str());
        }
        if let Some(v) = e.current_version {
            ext.set("currentVersion", v);
        }
    })
}

/// `.gql(ctx)?` on core results.
pub(crate) trait GqlResult<T> {
    fn gql(self, ctx: &Context<'_>) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, DomainError> {
    fn gql(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|e| to_gql(actor(ctx).lang, e))
    }
}

/// Parses a GraphQL `ID` as a UUID, or answers `BAD_USER_INPUT` on `field`.
pub(crate) fn parse_id(field: &str, id: &ID) -> Result<Uuid, DomainError> {
    id.parse::<Uuid>().map_err(|_| DomainError::invalid(field, Reason::UnknownId))
}

/// Parses a list of IDs.
pub(crate) fn parse_ids(field: &str, ids: &[ID]) -> Result<Vec<Uuid>, DomainError> {
    ids.iter().map(|id| parse_id(field, id)).collect()
}
