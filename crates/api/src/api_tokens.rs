//! Integration tokens: an organisation's programs read and write without a person's
//! password. Made, listed and revoked here; a request with one is let through to the
//! schema only for the root fields its scope names ([`token_may_run`]), and the core's
//! policy limits every operation again (`policy::token_allows`).

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet},
};
use chrono::{DateTime, Utc};
use migraup_core::api_tokens::NewApiToken;
use migraup_domain::{DomainError, TokenScope as DomainScope};

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id},
    types::TokenScope,
};

/// The data a program reads with any token: the network's public and shared data,
/// never a person's own (their profile, inbox, registrations, calendar address).
const READ_FIELDS: &[&str] = &[
    "organisations",
    "organisation",
    "offering",
    "offeringCategories",
    "events",
    "event",
    "workingGroups",
    "workingGroup",
    "ideas",
    "idea",
    "concerns",
    "concern",
    "projects",
    "project",
    "relations",
    "topics",
    "targetGroups",
    "districts",
    "languages",
    "locateDistrict",
    "__typename",
];

/// What a token with `MANAGE_EVENTS_AND_OFFERINGS` may change: its organisation's
/// events and offerings (the core checks the organisation).
const MANAGE_FIELDS: &[&str] = &[
    "createOffering",
    "updateOffering",
    "deleteOffering",
    "confirmOfferingCurrent",
    "createEvent",
    "updateEvent",
    "publishEvent",
    "cancelEvent",
    "inviteCoOrganiser",
    "__typename",
];

/// The root fields `set` asks, through inline fragments and named fragments (each
/// named fragment followed once, so a circle of spreads ends).
fn root_fields<'a>(document: &'a ExecutableDocument, set: &'a SelectionSet, seen: &mut Vec<&'a str>, out: &mut Vec<&'a str>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => out.push(f.node.name.node.as_str()),
            Selection::InlineFragment(i) => root_fields(document, &i.node.selection_set.node, seen, out),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                match document.fragments.get(&spread.node.fragment_name.node) {
                    Some(fragment) => root_fields(document, &fragment.node.selection_set.node, seen, out),
                    // An unknown fragment fails validation later; refuse it here already.
                    None => out.push("…"),
                }
            }
        }
    }
}

/// Whether a request made with a token of `scope` may run `document`: `FORBIDDEN`
/// when any operation asks a root field outside the scope (a read scope writes
/// nothing; no token reads or changes a person's own account).
pub fn token_may_run(document: &ExecutableDocument, scope: DomainScope) -> Result<(), DomainError> {
    let operations: Vec<_> = match &document.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for op in operations {
        let allowed = match op.node.ty {
            OperationType::Query => READ_FIELDS,
            OperationType::Mutation if scope == DomainScope::ManageEventsAndOfferings => MANAGE_FIELDS,
            _ => &[],
        };
        let mut fields = Vec::new();
        root_fields(document, &op.node.selection_set.node, &mut Vec::new(), &mut fields);
        if let Some(refused) = fields.iter().find(|f| !allowed.contains(f)) {
            tracing::info!(field = refused, scope = scope.as_str(), "integration token asked outside its scope");
            return Err(DomainError::forbidden());
        }
    }
    Ok(())
}

/// An organisation's integration token as its keepers see it; the secret is never
/// shown again after `createApiToken`.
#[derive(SimpleObject)]
pub struct ApiToken {
    /// The id (a UUID).
    pub id: ID,
    /// The organisation it acts for (a UUID).
    pub organisation_id: ID,
    /// Its name, shown in the audit log beside its maker's name.
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// Who made it, by their name now; null for an erased person.
    pub created_by: Option<String>,
    /// When it was made (RFC 3339, UTC).
    pub created_at: DateTime<Utc>,
    /// When it stops working (RFC 3339, UTC), at most a year after it was made.
    pub expires_at: DateTime<Utc>,
    /// When a program last used it (to the minute); null if never.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; null while it works.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<migraup_core::views::ApiToken> for ApiToken {
    fn from(t: migraup_core::views::ApiToken) -> Self {
        ApiToken {
            id: ID(t.id.to_string()),
            organisation_id: ID(t.organisation_id.to_string()),
            name: t.name,
            scope: t.scope.into(),
            created_by: t.created_by,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A token just made, with its secret.
#[derive(SimpleObject)]
pub struct CreatedApiToken {
    /// The token as it is listed from now on.
    pub token: ApiToken,
    /// The secret (`mgr_…`), shown this once: send it as `Authorization: Bearer <secret>`.
    /// Only a hash is kept, so a lost secret is replaced by a new token.
    pub secret: String,
}

/// What a new integration token is.
#[derive(InputObject)]
pub struct ApiTokenInput {
    /// The organisation it acts for (a UUID); the caller must be its representative or
    /// in the coordination team.
    pub organisation_id: ID,
    /// A name saying which program uses it, 1 to 80 characters (e.g. "Website").
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// How many days it works, 1 to 365.
    pub valid_days: i32,
}

/// Listing an organisation's integration tokens.
#[derive(Default)]
pub struct ApiTokenQuery;

#[Object]
impl ApiTokenQuery {
    /// The organisation's integration tokens, working ones first, then newest first
    /// (at most 20 working and 20 ended). Its representatives and the coordination
    /// team only (FORBIDDEN otherwise).
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation (a UUID).")] organisation_id: ID,
    ) -> async_graphql::Result<Vec<ApiToken>> {
        let organisation = parse_id("organisationId", &organisation_id).gql(ctx)?;
        let tokens = core(ctx).api_tokens(actor(ctx), organisation).await.gql(ctx)?;
        Ok(tokens.into_iter().map(ApiToken::from).collect())
    }
}

/// Making and revoking integration tokens.
#[derive(Default)]
pub struct ApiTokenMutation;

#[Object]
impl ApiTokenMutation {
    /// Makes an integration token and answers its secret, shown this once. Its
    /// requests read as an anonymous visitor (`READ_PUBLIC`) or as a representative of
    /// the organisation, and write only with `MANAGE_EVENTS_AND_OFFERINGS`; it stops
    /// working when it expires, is revoked, or its maker may no longer keep the
    /// organisation's tokens. At most 20 working tokens an organisation, 30 new ones a
    /// person a day (RATE_LIMITED). BAD_USER_INPUT on `name`, `validDays` or
    /// `organisationId` (too many tokens).
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation, name, scope and validity of the new token.")] input: ApiTokenInput,
    ) -> async_graphql::Result<CreatedApiToken> {
        let organisation_id = parse_id("organisationId", &input.organisation_id).gql(ctx)?;
        let created = core(ctx)
            .create_api_token(
                actor(ctx),
                NewApiToken { organisation_id, name: input.name, scope: input.scope.into(), valid_days: input.valid_days.into() },
            )
            .await
            .gql(ctx)?;
        Ok(CreatedApiToken { token: created.token.into(), secret: created.secret })
    }

    /// Revokes an integration token at once. NOT_FOUND for a token the caller may not
    /// keep.
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token (a UUID).")] id: ID,
    ) -> async_graphql::Result<ApiToken> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(core(ctx).revoke_api_token(actor(ctx), id).await.gql(ctx)?.into())
    }
}
