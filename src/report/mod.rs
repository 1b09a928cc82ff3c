//! Renderers: an [`Assessment`] in, text out. No I/O.

pub mod compact;
mod id_pairs;
pub mod json;
pub mod lean;
pub mod markdown;
mod numbers;
mod picks;
mod pieces;
mod ranked_texts;
pub mod respondent;
mod score_texts;
mod spoken;
pub mod spread;
pub mod summary;
pub mod text;
pub mod wide;

use crate::cli::{Detail, Format};
use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::Assessment;
use crate::style::Style;

pub fn render(
    format: Format,
    q: &Questionnaire,
    a: &Assessment,
    style: Style,
    width: usize,
    detail: Detail,
    when: &dyn Fn() -> String,
) -> String {
    match format {
        Format::Text => text::render(q, a, style, width, detail),
        Format::Json => json::render(q, a),
        Format::Markdown => markdown::render(q, a, &when()),
        Format::Fhir => crate::fhir::bundle::render(q, a, &crate::fhir::bundle::authored_now()),
    }
}
