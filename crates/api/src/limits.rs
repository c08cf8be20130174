//! Hardening beyond async-graphql's built-in limits: at most N aliases per document,
//! so one request cannot multiply expensive fields (OWASP GraphQL cheat sheet).

use std::sync::Arc;

use async_graphql::{
    ErrorExtensions, ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};

/// Rejects documents with more than `.0` aliases.
pub struct AliasLimit(pub usize);

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExtension(self.0))
    }
}

struct AliasLimitExtension(usize);

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => usize::from(f.node.alias.is_some()) + count_aliases(&f.node.selection_set.node),
            Selection::InlineFragment(f) => count_aliases(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[async_graphql::async_trait::async_trait]
impl Extension for AliasLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let mut aliases: usize = document.fragments.values().map(|f| count_aliases(&f.node.selection_set.node)).sum();
        aliases += match &document.operations {
            DocumentOperations::Single(op) => count_aliases(&op.node.selection_set.node),
            DocumentOperations::Multiple(ops) => ops.values().map(|op| count_aliases(&op.node.selection_set.node)).sum(),
        };
        if aliases > self.0 {
            let err = ServerError::new(format!("Too many aliases ({aliases}, at most {}).", self.0), None);
            let ext = async_graphql::Error::new("").extend_with(|_, e| e.set("code", "BAD_USER_INPUT")).extensions;
            return Err(ServerError { extensions: ext, ..err });
        }
        Ok(document)
    }
}
