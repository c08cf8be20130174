//! Organisation pages: the directory, a profile, its edit form, and one's own organisations.

pub mod detail;
pub mod directory;
#[cfg(feature = "work")]
pub mod edit;
#[cfg(feature = "work")]
pub mod mine;
#[cfg(feature = "work")]
mod translations;
