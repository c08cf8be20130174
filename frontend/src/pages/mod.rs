//! One module per page.

pub mod accept_invitation;
pub mod account;
pub mod admin;
pub mod directory;
pub mod edit_organisation;
pub mod event;
pub mod event_form;
pub mod events;
pub mod home;
pub mod invitations;
pub mod login;
pub mod my_organisation;
pub mod network;
pub mod not_found;
pub mod organisation;
pub mod outbox;
pub mod password;
pub mod projects;
pub mod queue;
pub mod register;
pub mod taxonomy;
