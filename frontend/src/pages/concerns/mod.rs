//! Concerns (Anliegen) to the district administration: the list, one concern with its
//! timeline and answers (joining, taking on, answering, closing, reopening), and the
//! form a representative raises one with. Visitors get the server's pages of public
//! concerns first (`crates/server/src/pages/ideas.rs`).

pub mod detail;
pub mod form;
pub mod list;
