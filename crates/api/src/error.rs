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
        if let Some(s) = e.retry_after {
            ext.set("retryAfter", s);
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
/// An optional `ID` (empty counts as none) as a UUID.
pub(crate) fn optional_id(field: &str, id: Option<ID>) -> Result<Option<Uuid>, DomainError> {
    id.filter(|i| !i.is_empty()).map(|i| parse_id(field, &i)).transpose()
}

pub(crate) fn parse_ids(field: &str, ids: &[ID]) -> Result<Vec<Uuid>, DomainError> {
    ids.iter().map(|id| parse_id(field, id)).collect()
}

/// A domain error as the JSON of one GraphQL error (for answers outside the executor).
pub fn error_json(lang: Lang, e: &DomainError) -> serde_json::Value {
    let mut extensions = serde_json::json!({ "code": e.code.as_str() });
    if let Some(field) = &e.field {
        extensions["field"] = field.as_str().into();
    }
    if let Some(s) = e.retry_after {
        extensions["retryAfter"] = s.into();
    }
    serde_json::json!({ "message": reason_text(&e.reason, lang), "extensions": extensions })
}

/// Gives every error of an executed request an `extensions.code`: errors raised by
/// async-graphql itself (validation, input coercion) have none. They are bad input;
/// where the message names an argument or input field, that becomes `field`.
pub fn complete_errors(lang: Lang, errors: &mut [async_graphql::ServerError]) {
    for error in errors {
        let has_code = error.extensions.as_ref().is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        let detail = std::mem::take(&mut error.message);
        let reason = if detail.contains("too complex") || detail.contains("nested too deep") || detail.contains("recursive depth") {
            Reason::DocumentTooComplex
        } else {
            Reason::InvalidDocument
        };
        let field = named_field(&detail);
        error.message = reason_text(&reason, lang);
        let ext = error.extensions.get_or_insert_with(Default::default);
        ext.set("code", "BAD_USER_INPUT");
        ext.set("detail", detail);
        if let Some(field) = field {
            ext.set("field", field);
        }
    }
}

/// `Invalid value for argument "input.foundedYear", …` → `foundedYear`.
fn named_field(message: &str) -> Option<String> {
    let rest = message.split("argument \"").nth(1).or_else(|| message.split("field \"").nth(1))?;
    let path = rest.split('"').next()?;
    let last = path.rsplit('.').next()?;
    (!last.is_empty()).then(|| last.to_owned())
}
