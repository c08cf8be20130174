//! The GraphQL API of migraup: schema, resolvers, DataLoaders and the mapping of
//! domain errors to `extensions.code`. Resolvers only ever call the core with the
//! request's actor, so no resolver or loader can skip the authorization policy.

mod accounts;
pub mod answer;
mod api_tokens;
mod audit;
mod concerns;
mod context;
pub mod cost;
mod error;
mod events;
mod feeds;
mod groups;
pub mod guard;
mod ideas;
mod import;
mod loaders;
mod network;
mod organisations;
mod prefetch;
mod projects;
mod self_service;
mod taxonomy;
mod types;

pub use accounts::REFRESH_COOKIE;
pub use api_tokens::token_may_run;
use async_graphql::{EmptySubscription, MergedObject, Schema};
pub use context::RequestContext;
pub use error::{complete_errors, error_json};
use migraup_core::Core;

/// Everything that can be read: the directory, events, working groups, ideas, concerns,
/// projects, the network, accounts, the taxonomy, the audit log, the inbox and imports.
/// Send `Authorization: Bearer <accessToken>` (from `login`) to read as a signed-in
/// person, or `Authorization: Bearer mgr_…` (an integration token, `createApiToken`) to
/// read as a program within the token's scope; without either, you read as an
/// anonymous visitor.
#[derive(MergedObject, Default)]
pub struct Query(
    organisations::OrganisationQuery,
    events::EventQuery,
    feeds::FeedQuery,
    groups::GroupQuery,
    ideas::IdeaQuery,
    concerns::ConcernQuery,
    projects::ProjectQuery,
    network::NetworkQuery,
    accounts::AccountQuery,
    taxonomy::TaxonomyQuery,
    audit::AuditQuery,
    self_service::SelfServiceQuery,
    import::ImportQuery,
    api_tokens::ApiTokenQuery,
);

/// Everything that can be changed. Errors carry `extensions.code`, such as UNAUTHENTICATED,
/// FORBIDDEN, BAD_USER_INPUT (with `extensions.field`), NOT_FOUND, CONFLICT (with
/// `extensions.currentVersion`) or RATE_LIMITED (with `extensions.retryAfter` in seconds).
#[derive(MergedObject, Default)]
pub struct Mutation(
    organisations::OrganisationMutation,
    events::EventMutation,
    groups::GroupMutation,
    ideas::IdeaMutation,
    concerns::ConcernMutation,
    projects::ProjectMutation,
    network::NetworkMutation,
    accounts::AccountMutation,
    taxonomy::TaxonomyMutation,
    self_service::SelfServiceMutation,
    import::ImportMutation,
    feeds::FeedMutation,
    api_tokens::ApiTokenMutation,
);

/// The executable schema.
pub type MigraupSchema = Schema<Query, Mutation, EmptySubscription>;

/// Largest query depth accepted.
pub use cost::MAX_DEPTH;
/// Largest number of directives on one field.
pub const MAX_DIRECTIVES: usize = 5;

/// Builds the schema. In production there is no introspection.
pub fn schema(core: Core, production: bool) -> MigraupSchema {
    // Documents are bounded by `guard::check` (one cost model, `cost.rs`) before they
    // reach these checks; depth, recursion and directives are checked again here.
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(core)
        .limit_depth(MAX_DEPTH)
        .limit_recursive_depth(32)
        .limit_directives(MAX_DIRECTIVES)
        .extension(answer::AnswerLimit { max_bytes: answer::MAX_ANSWER_BYTES })
        .disable_suggestions();
    if production {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The schema for introspection documents only, in development: the introspection
/// queries of GraphiQL, `gql` and Apollo's tools nest `ofType` deeper than documents
/// may, and read every type; they touch no data. Production has no introspection.
pub fn introspection_schema(core: Core) -> MigraupSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(core)
        .introspection_only()
        .limit_recursive_depth(32)
        .extension(answer::AnswerLimit { max_bytes: answer::MAX_ANSWER_BYTES })
        .limit_directives(MAX_DIRECTIVES)
        .finish()
}

/// Whether every operation of `document` asks only `__schema`, `__type` and
/// `__typename` at its root (directly or in inline fragments), with no alias anywhere:
/// the introspection queries of common clients have none, and aliases are how one
/// document would ask for the whole schema a thousand times.
pub fn is_introspection(document: &async_graphql::parser::types::ExecutableDocument) -> bool {
    use async_graphql::parser::types::{Selection, SelectionSet};
    fn only_meta(set: &SelectionSet) -> bool {
        set.items.iter().all(|item| match &item.node {
            Selection::Field(f) => f.node.name.node.starts_with("__"),
            Selection::InlineFragment(i) => only_meta(&i.node.selection_set.node),
            Selection::FragmentSpread(_) => false,
        })
    }
    fn no_alias(set: &SelectionSet) -> bool {
        set.items.iter().all(|item| match &item.node {
            Selection::Field(f) => f.node.alias.is_none() && no_alias(&f.node.selection_set.node),
            Selection::InlineFragment(i) => no_alias(&i.node.selection_set.node),
            Selection::FragmentSpread(_) => true,
        })
    }
    document.operations.iter().next().is_some()
        && document.operations.iter().all(|(_, op)| only_meta(&op.node.selection_set.node) && no_alias(&op.node.selection_set.node))
        && document.fragments.values().all(|f| no_alias(&f.node.selection_set.node))
}

/// The SDL, as committed in `crates/api/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription).finish().sdl()
}
