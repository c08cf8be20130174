//! Coordination team pages: accounts, audit log, mail outbox, verification queue, vocabulary, invitations, spreadsheet import.

pub mod audit;
pub mod freshness;
pub mod import;
pub mod invitations;
pub mod outbox;
pub mod queue;
pub mod taxonomy;
pub mod users;
