//! What every handler shares (`AppState`) and what a request carries (`RequestId`),
//! apart from the router that builds them, so that handlers do not import the router.

use migraup_core::Core;

use crate::{legal::LegalPages, metrics::Metrics};

/// Largest request body accepted (GraphQL documents and variables); the GraphQL handler
/// reads at most this much and answers a GraphQL error beyond it. The only other route that
/// reads a body is the import's upload (`POST /import`, ADMIN only, see `import`).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState {
    pub core: Core,
    pub schema: migraup_api::MigraupSchema,
    /// Development only: answers introspection documents (see `migraup_api::introspection_schema`).
    pub introspection: Option<migraup_api::MigraupSchema>,
    pub production: bool,
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub metrics: Metrics,
    pub legal: LegalPages,
    /// The frame of the server-rendered public pages.
    pub shell: crate::pages::Shell,
    pub sitemap: crate::pages::SitemapCache,
    pub embeds: crate::pages::EmbedCache,
}

// The pages and the metrics take only their part of the state.
impl axum::extract::FromRef<AppState> for LegalPages {
    fn from_ref(state: &AppState) -> Self {
        state.legal.clone()
    }
}

impl axum::extract::FromRef<AppState> for Metrics {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}

impl axum::extract::FromRef<AppState> for Core {
    fn from_ref(state: &AppState) -> Self {
        state.core.clone()
    }
}

impl axum::extract::FromRef<AppState> for crate::pages::PageState {
    fn from_ref(state: &AppState) -> Self {
        crate::pages::PageState {
            core: state.core.clone(),
            shell: state.shell.clone(),
            sitemap: state.sitemap.clone(),
            embeds: state.embeds.clone(),
        }
    }
}

/// The id of one request: in the log lines written while it runs, in the
/// `X-Request-Id` response header and in GraphQL errors (`extensions.requestId`), so a
/// person's error report leads to the log.
#[derive(Clone, Debug)]
pub(crate) struct RequestId(pub String);
