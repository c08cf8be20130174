//! What the server hands each request: the actor and the transport details resolvers need.

use std::net::IpAddr;

use async_graphql::Context;
use migraup_core::{Actor, Core};

use crate::loaders::Loaders;

/// Per-request data, built by the server from the HTTP request.
pub struct RequestContext {
    pub actor: Actor,
    /// The refresh token from the httpOnly cookie, if any.
    pub refresh_token: Option<String>,
    pub client_address: Option<IpAddr>,
    /// Whether cookies get the `Secure` flag (the public URL is https).
    pub secure_cookies: bool,
    pub(crate) loaders: Loaders,
}

impl RequestContext {
    /// A request context; DataLoaders are made per request so that caches are never shared between people.
    pub fn new(core: &Core, actor: Actor, refresh_token: Option<String>, client_address: Option<IpAddr>, secure_cookies: bool) -> Self {
        let loaders = Loaders::new(core.clone(), actor.clone());
        RequestContext { actor, refresh_token, client_address, secure_cookies, loaders }
    }
}

pub(crate) fn core<'a>(ctx: &Context<'a>) -> &'a Core {
    ctx.data_unchecked::<Core>()
}

pub(crate) fn request<'a>(ctx: &Context<'a>) -> &'a RequestContext {
    ctx.data_unchecked::<RequestContext>()
}

pub(crate) fn actor<'a>(ctx: &Context<'a>) -> &'a Actor {
    &request(ctx).actor
}
