//! NUL bytes are refused at the edge: PostgreSQL cannot store or compare a text with
//! one (the query fails, which would be answered `INTERNAL`), and no input of migraup
//! has a use for it. Two walls cover every way text comes in: the GraphQL request
//! (variables and the document's own literals) and the address of every other request.

use std::convert::Infallible;

use async_graphql::{
    Value, Variables,
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};
use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The name of the first variable, argument or input field whose text holds a NUL
/// byte, if any: a variable's own name, or the nearest input field inside it.
pub(crate) fn in_graphql(document: &ExecutableDocument, variables: &Variables) -> Option<String> {
    for (name, value) in variables.iter() {
        if let Some(found) = in_value(name.as_str(), value) {
            return Some(found);
        }
    }
    let operations: Vec<_> = match &document.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    let mut arguments = Vec::new();
    let mut sets: Vec<&SelectionSet> = Vec::new();
    for op in operations {
        for definition in &op.node.variable_definitions {
            if let Some(default) = &definition.node.default_value
                && let Some(found) = in_value(definition.node.name.node.as_str(), &default.node)
            {
                return Some(found);
            }
        }
        arguments.extend(op.node.directives.iter().flat_map(|d| &d.node.arguments));
        sets.push(&op.node.selection_set.node);
    }
    for fragment in document.fragments.values() {
        arguments.extend(fragment.node.directives.iter().flat_map(|d| &d.node.arguments));
        sets.push(&fragment.node.selection_set.node);
    }
    // A stack, not recursion: the nesting is the client's choice.
    while let Some(set) = sets.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    arguments.extend(&field.node.arguments);
                    arguments.extend(field.node.directives.iter().flat_map(|d| &d.node.arguments));
                    sets.push(&field.node.selection_set.node);
                }
                Selection::FragmentSpread(spread) => arguments.extend(spread.node.directives.iter().flat_map(|d| &d.node.arguments)),
                Selection::InlineFragment(inline) => {
                    arguments.extend(inline.node.directives.iter().flat_map(|d| &d.node.arguments));
                    sets.push(&inline.node.selection_set.node);
                }
            }
        }
    }
    // A literal as a value (a variable in it reads as null: variables are checked above).
    arguments.into_iter().find_map(|(name, value)| {
        let value = value.node.clone().into_const_with(|_| Ok::<_, Infallible>(Value::Null)).ok()?;
        in_value(name.node.as_str(), &value)
    })
}

/// A value of the request's variables, a default or a literal, walked with a stack.
fn in_value(name: &str, value: &Value) -> Option<String> {
    let mut stack = vec![(name, value)];
    while let Some((name, value)) = stack.pop() {
        match value {
            Value::String(s) if s.contains('\0') => return Some(name.to_owned()),
            Value::List(items) => stack.extend(items.iter().map(|v| (name, v))),
            Value::Object(fields) => {
                for (key, v) in fields {
                    if key.contains('\0') {
                        return Some(name.to_owned());
                    }
                    stack.push((key.as_str(), v));
                }
            }
            _ => {}
        }
    }
    None
}

/// Refuses a request whose address (path or query) holds an escaped NUL byte (`%00`,
/// the only way to write one in a URL) before any handler decodes it: a bad request,
/// not an error of ours.
pub(crate) async fn refuse_in_address(request: Request, next: Next) -> Response {
    if request.uri().path_and_query().is_some_and(|pq| pq.as_str().contains("%00")) {
        return (StatusCode::BAD_REQUEST, "A NUL byte (%00) has no place in an address.").into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use async_graphql::{Value, Variables, parser::parse_query};
    use serde_json::json;

    use super::in_graphql;

    fn found(query: &str, variables: serde_json::Value) -> Option<String> {
        in_graphql(&parse_query(query).unwrap(), &Variables::from_json(variables))
    }

    #[test]
    fn a_nul_anywhere_in_the_input_is_found_with_its_name() {
        let q = "query($i: OrganisationInput) { a(input: $i) { id } }";
        assert_eq!(found(q, json!({ "i": { "name": "a\u{0}" } })).as_deref(), Some("name"));
        assert_eq!(found(q, json!({ "i": { "languages": ["de", "\u{0}"] } })).as_deref(), Some("languages"));
        assert_eq!(found(q, json!({ "s": "\u{0}" })).as_deref(), Some("s"));
        assert_eq!(found(q, json!({ "i": { "name": "Café \t\n" } })), None);
        assert_eq!(found(r#"{ a(filter: { search: "x\u0000" }) { id } }"#, json!({})).as_deref(), Some("search"));
        assert_eq!(found(r#"{ a { b { c(slug: "\u0000") } } }"#, json!({})).as_deref(), Some("slug"));
        assert_eq!(found(r#"query($s: String = "\u0000") { a(s: $s) }"#, json!({})).as_deref(), Some("s"));
        assert_eq!(
            found(r#"{ ...F } fragment F on Query { a @include(if: true) { b(x: ["y", "\u0000"]) } }"#, json!({})).as_deref(),
            Some("x")
        );
        assert_eq!(found(r#"{ a { ... on A { b(x: "\u0000") } } }"#, json!({})).as_deref(), Some("x"));
        assert_eq!(found(r#"{ a(filter: { search: "x" }) { id } }"#, json!({})), None);
    }

    #[test]
    fn deep_lists_do_not_overflow_the_stack() {
        let mut nested = Value::String("\0".into());
        for _ in 0..100_000 {
            nested = Value::List(vec![nested]);
        }
        assert_eq!(super::in_value("v", &nested).as_deref(), Some("v"));
        // Dropping so deep a value recurses; the test is done with it.
        std::mem::forget(nested);
    }
}
