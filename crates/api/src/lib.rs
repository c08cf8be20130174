//! The GraphQL API of migraup: schema, resolvers, DataLoaders and the mapping of
//! domain errors to `extensions.code`. Resolvers only ever call the core with the
//! request's actor, so no resolver or loader can skip the authorization policy.

mod accounts;
pub mod answer;
mod audit;
mod concerns;
mod context;
pub mod cost;
mod error;
mod events;
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
use async_graphql::{EmptySubscription, MergedObject, Schema};
pub use context::RequestContext;
pub use error::{complete_errors, error_json};
use migraup_core::Core;

/// All queries, split by domain.
#[derive(MergedObject, Default)]
pub struct Query(
    organisations::OrganisationQuery,
    events::EventQuery,
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
);

/// All mutations, split by domain.
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

/// The SDL, as committed in `crates/api/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription).finish().sdl()
}
