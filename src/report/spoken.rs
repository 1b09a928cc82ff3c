//! Answers in people's words, for reports: "Worse when sitting: yes", not
//! `sitting_worsens = yes`. Codes stay in the JSON result.

use crate::questionnaire::condition::{Facts, Leaf};
use crate::questionnaire::{Item, ItemType, Questionnaire, Rule, Value};
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

/// Why a pattern or cause scored: each fired rule's answers, with its points when asked. An
/// answer is named once, at the first rule that read it: rules that all need buttock pain do
/// not each repeat it.
pub fn because(q: &Questionnaire, r: &Ranked, points: bool) -> String {
    let mut named: Vec<&str> = Vec::new();
    r.because
        .iter()
        .map(|b| {
            let new: Vec<String> = b
                .answers
                .entries()
                .iter()
                .filter(|(id, _)| !named.contains(id))
                .map(|&(id, fact)| answer(q, id, fact))
                .collect();
            named.extend(b.answers.entries().iter().map(|(id, _)| *id));
            let words = if new.is_empty() {
                "the answers before".to_string()
            } else {
                new.join("; ")
            };
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

/// What answering an open safety question would mean, as a line to show under it:
/// `if yes: See a GP today`, or for a choice `if "Several days", … or "Nearly every day": …`
/// (the options that would fire the rule, worked out from the rule itself). The title is the
/// first rule that raises the triage on the item, in its own words where it has them ("See a
/// GP", not the level's "a GP or physiotherapist"), else the item's tier.
pub fn if_answered(q: &Questionnaire, item: &Item) -> Option<String> {
    let reads = |rule: &&Rule| leaves_on(rule, item).next().is_some();
    let rule = q.rules.iter().filter(|r| r.triage.is_some()).find(reads);
    let title = match rule {
        Some(rule) => rule
            .advice
            .as_ref()
            .map(|advice| advice.title.as_str())
            .or_else(|| {
                rule.triage
                    .and_then(|l| q.triage.get(&l))
                    .map(|t| t.title.as_str())
            }),
        None => item
            .red_flag
            .and_then(|l| q.triage.get(&l))
            .map(|t| t.title.as_str()),
    }?;
    let when = match (item.kind, rule) {
        (ItemType::YesNo, _) => "yes".to_string(),
        (ItemType::SingleChoice | ItemType::MultipleChoice, Some(rule)) => {
            let firing: Vec<String> = item
                .options
                .iter()
                .filter(|o| {
                    let facts = OneAnswer {
                        item,
                        value: value_of(item, &o.value),
                    };
                    leaves_on(rule, item).any(|leaf| leaf.holds(&facts))
                })
                .map(|o| format!("\u{201c}{}\u{201d}", o.label))
                .collect();
            if firing.is_empty() {
                return None;
            }
            crate::words::or_list(&firing)
        }
        _ => return None,
    };
    Some(format!("if {when}: {title}"))
}

/// The leaves of a rule's condition that read `item`.
fn leaves_on<'r>(rule: &'r Rule, item: &'r Item) -> impl Iterator<Item = &'r Leaf> {
    rule.when
        .leaves()
        .into_iter()
        .filter(move |leaf| leaf.subject.id() == item.id)
}

fn value_of(item: &Item, code: &str) -> Value {
    if item.kind == ItemType::MultipleChoice {
        Value::Codes(vec![code.to_string()])
    } else {
        Value::Code(code.to_string().into())
    }
}

/// One item answered one way and nothing else: what a rule's leaf on that item would make of
/// that answer.
struct OneAnswer<'a> {
    item: &'a Item,
    value: Value,
}

impl Facts for OneAnswer<'_> {
    fn answer(&self, leaf: &Leaf) -> Option<&Value> {
        (leaf.subject.id() == self.item.id).then_some(&self.value)
    }

    fn score(&self, _: &Leaf) -> Option<f64> {
        None
    }

    fn option_weight(&self, _: &Leaf, code: &str) -> Option<f64> {
        self.item.option(code).and_then(|o| o.weight)
    }
}
