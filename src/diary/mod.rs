//! The pain diary: entries and the times they are logged at, the local database they are kept
//! in, and what is shown from it (history, export, insights); diary text goes through `words::printable` and `words::csv_cell` like all untrusted text.

pub mod entries;
pub mod history;
pub mod insights;
pub mod store;
pub mod when;
