//! dgs-check: a self-assessment aid for buttock, hip and back-of-leg pain. It screens for red
//! flags first, then maps answers to symptom patterns, likely contributing causes and
//! self-care suggestions. It is not a diagnosis.
//!
//! The pipeline is compute → render → write: `questionnaire` loads, `answers` checks,
//! `interview` asks, `scoring` scores, `report` renders, and only `run` writes to stdout and
//! stderr. ARCHITECTURE.md is the map.

pub mod answers;
pub mod batch;
mod cli;
mod commands;
/// Public for the diary fuzz target (`fuzz/fuzz_targets/diary.rs`).
pub mod diary;
mod document;
mod error;
pub mod fhir;
mod interview;
mod pager;
pub mod questionnaire;
pub mod report;
mod run;
pub mod scoring;
mod style;
#[cfg(test)]
mod testing;
mod words;

pub use run::run;
pub use style::Style;
/// Public for the diary fuzz target: what any text from a user goes through before it is
/// shown, or written to a spreadsheet cell.
pub use words::{csv_cell, printable};
