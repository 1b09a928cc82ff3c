//! Answers in people's words, for reports: "Worse when sitting: yes", not
//! `sitting_worsens = yes`. Codes stay in the JSON result.

use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::{AnswerList, Fact, Ranked};

/// One answer: the question's short name and the answer's label.
pub fn answer(q: &Questionnaire, id: &str, fact: Fact) -> String {
    match (q.item(id), fact) {
        (Some(item), Fact::Answer(value)) => named(item.name(), &item.answer_words(value)),
        (_, Fact::Number(n)) => {
            let label = q.score(id).map_or(id, |s| s.label.as_str());
            format!("{label}: {n}")
        }
        (None, Fact::Answer(value)) => format!("{id}: {value}"),
    }
}

/// `Worse when sitting: yes`, or `Is sitting painful? yes` where the name is a question.
fn named(name: &str, answer: &str) -> String {
    if name.ends_with('?') {
        format!("{name} {answer}")
    } else {
        format!("{name}: {answer}")
    }
}

/// Answers joined by `; `.
pub fn answers(q: &Questionnaire, list: &AnswerList) -> String {
    list.entries()
        .iter()
        .map(|&(id, fact)| answer(q, id, fact))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a pattern or cause scored: each fired rule's answers, with its points when asked.
pub fn because(q: &Questionnaire, r: &Ranked, points: bool) -> String {
    r.because
        .iter()
        .map(|b| {
            let words = answers(q, &b.answers);
            if points {
                let sign = if b.points > 0.0 { "+" } else { "" };
                format!("{words} ({sign}{})", b.points)
            } else {
                words
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
