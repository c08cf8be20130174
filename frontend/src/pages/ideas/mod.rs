//! Future planning: the ideas and measures (filtered by status, topic, Ortsteil and
//! words), one idea (supporters, timeline, comments, the next step), the idea form
//! (prefilled from a coverage gap), and the integration council's board. Pages of the
//! whole app: visitors get the server's pages of public ideas first
//! (`crates/server/src/pages/ideas.rs`).

pub mod board;
pub mod detail;
pub mod form;
pub mod list;
