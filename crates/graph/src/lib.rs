//! The network overview's mathematics, pure functions of an edge list on node
//! indices `0..n`: the core maps organisations to indices, asks for [`analysis`]
//! and [`layout`], and maps back. Textbook graphs test them.

pub mod analysis;
pub mod betweenness;
pub mod layout;
