//! `/api`: the GraphQL API for other programs (the organisations' websites, the
//! district's portal, researchers' tools): where to send requests, the schema, three
//! examples, how to sign in, the limits and the error codes. `/schema.graphql` serves
//! the schema's SDL with every description, in production too (introspection is off
//! there, so this is how an outside developer starts).

use std::sync::LazyLock;

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use maud::html;
use migraup_api::guard::BOUNDS;

use super::{
    Page, PageState,
    texts::{Key, Texts, key},
};

/// The SDL, made once: it is the committed `crates/api/schema.graphql` (a test holds
/// them equal).
static SDL: LazyLock<String> = LazyLock::new(migraup_api::sdl);

/// The examples of the page and the README (`docs/api/`); a test runs each with a
/// GraphQL client against the served schema.
pub const EXAMPLE_DIRECTORY: &str = include_str!("../../../../docs/api/directory.graphql");

pub const EXAMPLE_EVENTS: &str = include_str!("../../../../docs/api/upcoming-events.graphql");

pub const EXAMPLE_NETWORK: &str = include_str!("../../../../docs/api/key-figures.graphql");

/// `GET /schema.graphql`: the schema as SDL, every type, field and argument described.
pub(crate) async fn schema() -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], SDL.as_str()).into_response()
}

/// The error codes an answer can carry in `errors[].extensions.code`, with their text.
const ERROR_CODES: [(&str, Key); 8] = [
    ("UNAUTHENTICATED", key::api_error_unauthenticated),
    ("FORBIDDEN", key::api_error_forbidden),
    ("BAD_USER_INPUT", key::api_error_bad_user_input),
    ("NOT_FOUND", key::api_error_not_found),
    ("CONFLICT", key::api_error_conflict),
    ("RATE_LIMITED", key::api_error_rate_limited),
    ("UNAVAILABLE", key::api_error_unavailable),
    ("INTERNAL", key::api_error_internal),
];

/// `GET /api`: the page for outside developers. Like `/open-data` it is the server's
/// only, without the web app.
pub(crate) async fn page(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let t = Texts::for_request(&headers);
    let endpoint = state.shell.url("/graphql");
    let number = |n: u64| t.number(n);
    let example = |title: Key, id: &str, query: &str| {
        html! {
            h3 id=(id) { (t.get(title)) }
            pre tabindex="0" aria-labelledby=(id) { code { (query) } }
        }
    };
    let content = html! {
        h1 { (t.get(key::api_title)) }
        p class="lead" { (t.get(key::api_lead)) }
        p { (t.fill(key::api_endpoint, &[("url", endpoint.as_str())])) }
        p { (t.get(key::api_schema)) " " a href="/schema.graphql" data-testid="schema-link" { (t.get(key::api_schema_link)) } }
        h2 { (t.get(key::api_examples)) }
        (example(key::api_example_directory, "example-directory", EXAMPLE_DIRECTORY))
        (example(key::api_example_events, "example-events", EXAMPLE_EVENTS))
        (example(key::api_example_network, "example-network", EXAMPLE_NETWORK))
        p { (t.get(key::api_example_curl)) }
        pre tabindex="0" aria-label=(t.get(key::api_example_curl)) { code {
            "curl -s " (endpoint) " \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"query\": \"{ organisations(first: 3) { totalCount edges { node { name } } } }\"}'"
        } }
        h2 { (t.get(key::api_auth)) }
        p { (t.get(key::api_auth_text)) }
        p data-testid="tokens" { (t.fill(key::api_auth_tokens, &[("n", &number(migraup_core::api_tokens::REQUESTS_PER_TOKEN.max))])) }
        h2 { (t.get(key::api_limits)) }
        ul data-testid="limits" {
            li { (t.fill(key::api_limit_cost, &[("n", &number(BOUNDS.max_cost))])) }
            li { (t.fill(key::api_limit_depth, &[("n", &number(migraup_api::MAX_DEPTH as u64))])) }
            li { (t.fill(key::api_limit_aliases, &[("n", &number(BOUNDS.max_aliases)), ("m", &number(BOUNDS.max_root_fields))])) }
            li { (t.fill(key::api_limit_page, &[("n", &number(migraup_domain::bounds::MAX_PAGE))])) }
            li { (t.fill(key::api_limit_answer, &[("n", &number((migraup_api::answer::MAX_ANSWER_BYTES >> 20) as u64))])) }
            li { (t.get(key::api_limit_rates)) }
        }
        h2 { (t.get(key::api_errors)) }
        p { (t.get(key::api_errors_text)) }
        table data-testid="error-codes" {
            thead { tr { th scope="col" { "extensions.code" } th scope="col" { (t.get(key::api_error_meaning)) } } }
            tbody {
                @for (code, text) in ERROR_CODES {
                    tr { th scope="row" { code { (code) } } td { (t.get(text)) } }
                }
            }
        }
        p { (t.get(key::api_open_data)) " " a href="/open-data" { (t.get(key::footer_open_data)) } }
    };
    state.shell.render_without_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::api_title).to_owned(),
        description: t.get(key::api_lead).to_owned(),
        path: "/api".into(),
        index: true,
        kind: "website",
        json_ld: None,
        content,
    })
}
