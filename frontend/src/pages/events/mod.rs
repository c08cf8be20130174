//! Event pages: the list with its month calendar, one event, and the form.

pub mod calendar;
pub mod detail;
#[cfg(feature = "work")]
pub mod form;
pub mod list;
#[cfg(feature = "work")]
pub mod sign_up;
