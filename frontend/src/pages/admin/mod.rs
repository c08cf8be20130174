//! Coordination team pages: accounts, audit log, mail outbox, verification queue, vocabulary, invitations.

pub mod audit;
pub mod freshness;
pub mod invitations;
pub mod outbox;
pub mod queue;
pub mod taxonomy;
pub mod users;
