//! One integration-test binary: every test runs the real `dgs`.

mod answers_input;
mod cli;
mod diary;
mod errors;
mod fhir;
mod fhir_import;
mod fhir_round_trip;
mod first_screen;
mod harness;
mod hostile;
mod questionnaires;
mod readme;
mod reports;
mod score;
mod terminal;
mod vignettes;
