//! The pain diary: entries and the times they are logged at, the local database they are kept
//! in, and what is shown from it (history, export, insights). Diary text is untrusted like any
//! other: it is shown through `words::printable` and `words::csv_cell`.

pub mod entries;
pub mod history;
pub mod insights;
pub mod store;
pub mod when;
