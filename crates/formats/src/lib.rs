//! Files in and out that need no database, each with its pure tests. The core calls
//! these from its use cases; nothing here knows an account, a policy or a table.

pub mod csv;
pub mod duplicates;
pub mod rows;
pub mod spreadsheet;
