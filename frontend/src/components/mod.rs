//! Pieces shared by several pages.

pub mod data_table;
pub mod events;
pub mod feedback;
pub mod form;
pub mod header;
pub mod labels;
pub mod offerings_editor;
pub mod organisation_picker;
pub mod projects;
pub mod relations;
pub mod url;
