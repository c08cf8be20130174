//! The pages: one folder per route family; the home page and "not found" stand alone.

pub mod account;
pub mod admin;
pub mod events;
pub mod home;
pub mod network;
pub mod not_found;
pub mod organisations;
pub mod projects;
