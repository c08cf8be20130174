//! One module per page.

pub mod directory;
pub mod home;
pub mod login;
pub mod not_found;
pub mod organisation;
