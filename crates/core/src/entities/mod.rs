//! sea-orm entities: the tables as the core sees them. They never leave the core.

pub mod audit_log;
pub mod district;
pub mod event;
pub mod event_guest;
pub mod event_registration;
pub mod import_batch;
pub mod import_mapping;
pub mod language;
pub mod link_tables;
pub mod mail_outbox;
pub mod membership;
pub mod offering;
pub mod organisation;
pub mod organisation_request;
pub mod participation;
pub mod project;
pub mod rate_event;
pub mod refresh_token;
pub mod relation;
pub mod stored;
pub mod target_group;
pub mod topic;
pub mod translation;
pub mod user;
pub mod user_token;
pub mod working_group;
