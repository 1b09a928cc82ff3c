//! The pain diary: entries and the times they are logged at, the local database they are kept
//! in, and what is shown from it (history, export, insights), with its text made safe to show.

pub mod entries;
pub mod history;
pub mod insights;
pub mod shown;
pub mod store;
pub mod when;
