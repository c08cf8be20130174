//! The pages: one folder per route family; the home page and "not found" stand alone.

#[cfg(feature = "work")]
pub mod account;
#[cfg(feature = "work")]
pub mod admin;
#[cfg(feature = "work")]
pub mod concerns;
pub mod events;
#[cfg(feature = "work")]
pub mod groups;
pub mod home;
#[cfg(feature = "work")]
pub mod ideas;
#[cfg(feature = "work")]
pub mod network;
pub mod not_found;
pub mod organisations;
pub mod projects;
