//! Working groups (Fachnetzwerke): the list, one group (members, meetings with agenda
//! and minutes, agreed actions) and the form. Pages of the whole app: visitors get the
//! server's pages of public groups (`crates/server/src/pages/groups.rs`) first.

pub mod actions;
pub mod detail;
pub mod form;
pub mod list;
pub mod meetings;
pub mod members;
pub mod mine;
mod text;
