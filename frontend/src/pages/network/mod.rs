//! The network page: overview and filters, graph, tables and coverage map.

pub mod change;
pub mod coverage;
pub mod graph;
pub mod json;
pub mod overview;
pub mod participation;
pub mod report;
pub mod tables;
