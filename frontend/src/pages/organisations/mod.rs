//! Organisation pages: the directory, a profile, its edit form, and one's own organisations.

pub mod detail;
pub mod directory;
pub mod edit;
pub mod mine;
