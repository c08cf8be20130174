//! Account pages: sign-in, registration, password reset, invitation, own account.

pub mod accept_invitation;
pub mod calendar_feed;
pub mod inbox;
pub mod login;
pub mod password;
pub mod register;
pub mod settings;
pub mod still_current;
