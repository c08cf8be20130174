//! A person's private calendar feed: its address carries a secret, so a calendar app
//! (which sends no token) shows the members-only events, group meetings and
//! registrations its owner may see.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::{
    context::{actor, core},
    error::GqlResult,
};

/// The caller's private calendar feed (its address is shown only when it is made).
#[derive(SimpleObject)]
pub struct CalendarFeed {
    /// When the current address was made (RFC 3339, UTC).
    pub created_at: DateTime<Utc>,
    /// When a calendar app last fetched it (to the minute); null if never.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Reading one's own calendar feed.
#[derive(Default)]
pub struct FeedQuery;

#[Object]
impl FeedQuery {
    /// The caller's private calendar feed; null when they keep none. Signed-in people
    /// only (UNAUTHENTICATED otherwise).
    async fn my_calendar_feed(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CalendarFeed>> {
        let feed = core(ctx).personal_feed(actor(ctx)).await.gql(ctx)?;
        Ok(feed.map(|f| CalendarFeed { created_at: f.created_at, last_used_at: f.last_used_at }))
    }
}

/// Making and ending one's own calendar feed.
#[derive(Default)]
pub struct FeedMutation;

#[Object]
impl FeedMutation {
    /// Makes a new private calendar feed and answers its address
    /// (`https://…/calendar/<secret>.ics`), shown this once: only a hash of the secret is
    /// kept. An address made before stops working. Signed-in people only.
    async fn renew_calendar_feed(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let secret = core(ctx).renew_personal_feed(actor(ctx)).await.gql(ctx)?;
        Ok(format!("{}/calendar/{secret}.ics", core(ctx).settings().public_url))
    }

    /// Ends the caller's private calendar feed: its address answers 404 from now on.
    /// True if there was one.
    async fn revoke_calendar_feed(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        core(ctx).revoke_personal_feed(actor(ctx)).await.gql(ctx)
    }
}
