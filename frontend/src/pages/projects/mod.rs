//! Project pages: the list, one project, and the form.

pub mod detail;
pub mod form;
pub mod list;
