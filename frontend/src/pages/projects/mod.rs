//! Project pages: the list, one project, and the form.

pub mod detail;
#[cfg(feature = "work")]
pub mod form;
pub mod list;
