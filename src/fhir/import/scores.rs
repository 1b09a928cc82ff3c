//! Calculated items read as dgs scores: a `calculatedExpression` that is a plain sum of answer
//! weights (`sum.rs` says which forms) becomes a `sum` score, with `min_answered` saying when
//! it has a value; any other expression is listed, with its item, and the variables no carried
//! score reads are listed too.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::fhirpath::{self, Ast};
use super::sum::{self, Guard, Sum, Vars, Weight};
use super::{Draft, Question};
use crate::questionnaire::ItemType;
use crate::words::clip;

/// A score carried over.
pub struct ScoreDraft<'a> {
    pub path: String,
    pub link_id: &'a str,
    pub label: String,
    /// Question indices, in the expression's order.
    pub items: Vec<usize>,
    pub min_answered: Option<usize>,
    pub id: String,
}

/// Reads every calculated item; notes what it cannot carry.
pub fn read<'a>(draft: &mut Draft<'a>) -> Vec<ScoreDraft<'a>> {
    let parsed: Vec<Option<Ast>> = draft
        .variables
        .iter()
        .map(|v| v.expression.and_then(|x| fhirpath::parse(x).ok()))
        .collect();
    let questions = draft.by_link();
    let mut used: HashSet<usize> = HashSet::new();
    let mut scores = Vec::new();
    for calc in &draft.calculated {
        let vars = Vars {
            list: calc
                .scope
                .iter()
                .filter_map(|&i| Some((draft.variables[i].name, parsed[i].as_ref()?)))
                .collect(),
            used: RefCell::default(),
        };
        let read = calc
            .expression
            .ok_or_else(|| "not a FHIRPath expression".to_string())
            .and_then(|x| {
                fhirpath::parse(x).map_err(|why| format!("FHIRPath it cannot read: {why}"))
            })
            .and_then(|ast| sum::read(&ast, &vars))
            .and_then(|sum| meaning(&sum, &questions, &draft.questions));
        match read {
            Ok((items, min_answered, said)) => {
                // Only the variables of a score that is carried count as carried.
                let names = vars.used.into_inner();
                used.extend(calc.scope.iter().filter(|&&i| names.contains(draft.variables[i].name)));
                draft.notes.push(calc.path.clone(), format!("carried over as a score: {said}"));
                if !calc.owners.is_empty() {
                    draft.notes.push(
                        calc.path.clone(),
                        "the `enableWhen` it stands under is not carried over: a dgs score is always computed".into(),
                    );
                }
                scores.push(ScoreDraft {
                    path: calc.path.clone(),
                    link_id: calc.link_id,
                    label: calc.label.clone(),
                    items,
                    min_answered,
                    id: String::new(),
                });
            }
            Err(why) => draft.notes.push(
                calc.extension_path.clone(),
                format!(
                    "not carried over ({why}): only a plain sum of answer weights becomes a dgs score; the calculated item `{}` is skipped",
                    clip(calc.link_id, 61)
                ),
            ),
        }
    }
    for (i, v) in draft.variables.iter().enumerate() {
        if !used.contains(&i) {
            draft.notes.push(
                v.path.clone(),
                format!(
                    "not carried over (the variable `{}`: no score carried over reads it)",
                    clip(v.name, 41)
                ),
            );
        }
    }
    scores
}

/// The items a sum adds, when it has a value (`min_answered`), and that in words; or why it
/// is not a sum dgs can compute the same way.
fn meaning(
    sum: &Sum,
    by_link: &HashMap<&str, usize>,
    questions: &[Question],
) -> Result<(Vec<usize>, Option<usize>, String), String> {
    let mut items = Vec::new();
    for term in &sum.terms {
        let shown = clip(&term.link_id, 61);
        let &q = by_link
            .get(term.link_id.as_str())
            .ok_or_else(|| format!("it adds `{shown}`, which is not a question carried over"))?;
        if items.contains(&q) {
            return Err(format!("it adds `{shown}` twice"));
        }
        let question = &questions[q];
        if term.top_level_only && question.path.contains('.') {
            return Err(format!(
                "it finds `{shown}` with `item`, which reaches only the top level; `repeat(item)` would reach it"
            ));
        }
        let source = question.weights.as_ref();
        let fits = question.kind == ItemType::SingleChoice
            && match &term.weight {
                Weight::Function => source.is_some(),
                Weight::OptionExtension(url) => {
                    source.is_some_and(|s| s.url == url && !s.on_coding)
                }
            };
        if !fits {
            return Err(format!(
                "it adds the weight of `{shown}`, which is not a single choice whose every option has that weight"
            ));
        }
        items.push(q);
    }
    let n = items.len();
    let plain = sum.terms.iter().filter(|t| !t.zero_if_missing).count();
    let links: HashSet<&str> = sum.terms.iter().map(|t| t.link_id.as_str()).collect();
    let same =
        |tested: &[String]| tested.iter().map(String::as_str).collect::<HashSet<_>>() == links;
    let (tested, any) = match &sum.guard {
        None => (None, false),
        Some(Guard::All(t)) => (Some(t), false),
        Some(Guard::Any(t)) => (Some(t), true),
    };
    if tested.is_some_and(|t| !same(t)) {
        return Err("its condition tests other answers than it adds".into());
    }
    if plain == n || (tested.is_some() && !any) {
        let said =
            format!("the sum of the weights of {n} answers, given only when all are answered");
        return Ok((items, Some(n), said));
    }
    if plain > 0 {
        return Err("some missing answers count 0 and others leave it empty".into());
    }
    let said = if any {
        format!(
            "the sum of the weights of {n} answers, given once any is answered (a missing answer adds 0)"
        )
    } else {
        format!(
            "the sum of the weights of {n} answers (a missing answer adds 0); with nothing answered FHIR gives 0, dgs no value"
        )
    };
    Ok((items, None, said))
}
