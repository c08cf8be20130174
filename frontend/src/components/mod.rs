//! Pieces shared by several pages.

pub mod feedback;
pub mod form;
pub mod header;
pub mod labels;
pub mod offerings_editor;
pub mod organisation_picker;
pub mod relations;
pub mod url;
