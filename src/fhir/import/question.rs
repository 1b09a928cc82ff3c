//! One FHIR question item read as a dgs question: its type, text, answer options with their
//! codes and weights, bounds and unit. What stops it from being carried at all is a [`Skip`],
//! which names the element at fault.

use std::borrow::Cow;

use serde_json::Value;

use super::element::{Element, Notes, Object};
use super::ids::{Kind, Names, keepable_coding};
use super::sum::{ITEM_WEIGHT, ORDINAL_VALUE};
use super::{Choice, WeightSource};
use crate::questionnaire::ItemType;
use crate::words::{escaped_if, unsafe_char};

const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const EXCLUSIVE: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";

/// Bounds of a number item that has no `minValue`/`maxValue`: FHIR's own integer range, the
/// widest a FHIR `integer` answer can be (dgs needs bounds on every number).
pub const DEFAULT_BOUNDS: (f64, f64) = (-2_147_483_648.0, 2_147_483_647.0);

/// Why an item is not carried at all, and the element that decides it.
pub struct Skip {
    pub path: String,
    pub why: String,
}

/// What a question item becomes.
pub struct Parts<'a> {
    pub kind: ItemType,
    pub text: String,
    pub required: bool,
    pub options: Vec<Choice<'a>>,
    pub weights: Option<WeightSource>,
    pub bounds: (f64, f64),
    pub unit: Option<String>,
}

/// Reads a `boolean`, `choice`, `integer` or `decimal` item (its `type` already taken).
pub fn read<'a>(
    e: &mut Element<'a>,
    kind: &str,
    link: &str,
    notes: &mut Notes,
) -> Result<Parts<'a>, Skip> {
    let repeats = e.take("repeats").and_then(Value::as_bool).unwrap_or(false);
    let kind = match (kind, repeats) {
        ("choice", true) => ItemType::MultipleChoice,
        ("choice", false) => ItemType::SingleChoice,
        (_, true) => {
            return Err(Skip {
                path: format!("{}.repeats", e.path),
                why: "answers that repeat: dgs takes one answer to such a question".into(),
            });
        }
        ("boolean", _) => ItemType::YesNo,
        ("integer", _) => ItemType::Integer,
        _ => ItemType::Number,
    };
    let text = if let Some(text) = e.text("text") {
        clean(text, &format!("{}.text", e.path), notes)
    } else {
        notes.push(
            e.path.clone(),
            "no `text`: the question reads as its linkId".into(),
        );
        clean(link, &format!("{}.linkId", e.path), notes)
    };
    let required = e.take("required").and_then(Value::as_bool).unwrap_or(false);
    let mut parts = Parts {
        kind,
        text,
        required,
        options: Vec::new(),
        weights: None,
        bounds: (0.0, 0.0),
        unit: None,
    };
    if kind.is_numeric() {
        parts.bounds = bounds(e, kind, notes);
        parts.unit = unit(e, notes);
    } else if kind != ItemType::YesNo {
        options(e, &mut parts, notes)?;
    }
    Ok(parts)
}

/// Text from the questionnaire as a dgs text: line breaks kept (`\r\n` as `\n`), every other
/// control character shown as an escape, which the note says.
pub fn clean(text: &str, path: &str, notes: &mut Notes) -> String {
    let text = text.replace("\r\n", "\n");
    let out = escaped_if(&text, |c| c != '\n' && c != '\t' && unsafe_char(c));
    if let Cow::Owned(out) = out {
        notes.push(
            path.to_string(),
            "control characters are written as escapes (`\\u{1b}`): dgs texts are plain text"
                .into(),
        );
        return out;
    }
    text
}

fn options<'a>(e: &mut Element<'a>, parts: &mut Parts<'a>, notes: &mut Notes) -> Result<(), Skip> {
    if e.take("answerValueSet").is_some() {
        return Err(Skip {
            path: format!("{}.answerValueSet", e.path),
            why: "dgs cannot look up a value set's answers".into(),
        });
    }
    let list = e.take("answerOption").and_then(Value::as_array);
    let list = list.map_or(&[][..], Vec::as_slice);
    if list.len() < 2 {
        return Err(Skip {
            path: format!("{}.answerOption", e.path),
            why: format!(
                "a choice needs at least two answer options in dgs; this one has {}",
                list.len()
            ),
        });
    }
    let mut sources = Vec::new();
    for (i, option) in list.iter().enumerate() {
        let path = format!("{}.answerOption[{i}]", e.path);
        let Some(option) = option.as_object() else {
            return Err(Skip {
                path,
                why: "an answer option that is not an object".into(),
            });
        };
        let (choice, source) = choice(option, path, notes)?;
        parts.options.push(choice);
        sources.push(source);
    }
    let mut codes = Names::default();
    codes.reserve_fitting(parts.options.iter().map(|o| o.code), Kind::Code);
    for option in &mut parts.options {
        option.value = codes.assign(option.code, Kind::Code);
    }
    if sources.iter().all(|s| s.is_some() && *s == sources[0]) {
        parts.weights.clone_from(&sources[0]);
    }
    let exclusive = parts.options.iter().filter(|o| o.exclusive).count();
    if exclusive > 0 && (parts.kind != ItemType::MultipleChoice || exclusive > 1) {
        notes.push(
            format!("{}.answerOption", e.path),
            "`questionnaire-optionExclusive` not carried over: dgs takes one exclusive option, on a choice that repeats".into(),
        );
        for option in &mut parts.options {
            option.exclusive = false;
        }
    }
    Ok(())
}

/// One `answerOption`: a `valueCoding` and maybe a weight (`ordinalValue` or `itemWeight`, on
/// the option or on its coding) and `optionExclusive`.
fn choice<'a>(
    option: &'a Object,
    path: String,
    notes: &mut Notes,
) -> Result<(Choice<'a>, Option<WeightSource>), Skip> {
    let mut o = Element::new(option, path);
    let Some(coding) = o.take("valueCoding").and_then(Value::as_object) else {
        let value = option
            .keys()
            .find(|k| k.starts_with("value"))
            .map_or("value", String::as_str);
        return Err(Skip {
            path: format!("{}.{value}", o.path),
            why: "only `valueCoding` answer options are read: dgs options are codes".into(),
        });
    };
    let mut c = Element::new(coding, format!("{}.valueCoding", o.path));
    let Some(code) = c.text("code") else {
        return Err(Skip {
            path: c.path.clone(),
            why: "a coding with no `code`".into(),
        });
    };
    let label = match c.text("display") {
        Some(display) => clean(display, &format!("{}.display", c.path), notes),
        None => clean(code, &format!("{}.code", c.path), notes),
    };
    let system = c.text("system");
    if !keepable_coding(system, code) {
        notes.push(
            format!("{}.code", c.path),
            "the option keeps no FHIR coding: its code or system is not text a coding can hold \
             (whitespace, control characters or too long)"
                .into(),
        );
    }
    let mut found: Vec<(f64, WeightSource)> = Vec::new();
    for (element, on_coding) in [(&mut o, false), (&mut c, true)] {
        for url in [ORDINAL_VALUE, ITEM_WEIGHT] {
            if let Some(w) = element.extension(url).and_then(|(_, ext)| number(ext)) {
                found.push((w, WeightSource { url, on_coding }));
            }
        }
    }
    // Weights are compared exactly: two written differently are two weights.
    if found
        .iter()
        .any(|(w, _)| w.to_bits() != found[0].0.to_bits())
    {
        notes.push(
            o.path.clone(),
            format!("weights that differ ({}): the first, `ordinalValue` on the option before its coding, is used", 
                found.iter().map(|(w, _)| w.to_string()).collect::<Vec<_>>().join(", ")),
        );
    }
    let exclusive = o
        .extension(EXCLUSIVE)
        .is_some_and(|(_, ext)| ext.get("valueBoolean") == Some(&Value::Bool(true)));
    c.finish(notes);
    o.finish(notes);
    let (weight, source) = found
        .into_iter()
        .next()
        .map_or((None, None), |(w, s)| (Some(w), Some(s)));
    Ok((
        Choice {
            system,
            code,
            value: String::new(),
            label,
            weight,
            exclusive,
        },
        source,
    ))
}

/// `valueDecimal` or `valueInteger` of an extension.
fn number(ext: &Object) -> Option<f64> {
    ext.get("valueDecimal")
        .or_else(|| ext.get("valueInteger"))
        .and_then(Value::as_f64)
        .filter(|n| n.is_finite())
}

fn bounds(e: &mut Element, kind: ItemType, notes: &mut Notes) -> (f64, f64) {
    let mut bound = |url: &str, default: f64, name: &str| {
        let given = e.extension(url).map(|(_, ext)| number(ext));
        match given {
            Some(Some(n)) if kind != ItemType::Integer || n.fract() == 0.0 => (n, true),
            Some(_) => {
                notes.push(
                    format!("{}.extension[{name}]", e.path),
                    format!("not a number dgs can use as this item's bound; {default} is used"),
                );
                (default, false)
            }
            None => (default, false),
        }
    };
    let (min, min_given) = bound(MIN_VALUE, DEFAULT_BOUNDS.0, "minValue");
    let (max, max_given) = bound(MAX_VALUE, DEFAULT_BOUNDS.1, "maxValue");
    if !(min_given && max_given) {
        notes.push(
            e.path.clone(),
            format!(
                "no {}: dgs needs bounds, so this item takes {min} to {max} (FHIR's integer range) — narrow them by hand",
                match (min_given, max_given) {
                    (false, false) => "`minValue` or `maxValue`",
                    (false, true) => "`minValue`",
                    _ => "`maxValue`",
                }
            ),
        );
    }
    if min > max {
        notes.push(e.path.clone(), format!("`minValue` {min} is above `maxValue` {max}: both are dropped, and FHIR's integer range is used"));
        return DEFAULT_BOUNDS;
    }
    (min, max)
}

fn unit(e: &mut Element, notes: &mut Notes) -> Option<String> {
    let path = format!("{}.extension[questionnaire-unit]", e.path);
    let (_, ext) = e.extension(UNIT)?;
    let coding = ext.get("valueCoding").and_then(Value::as_object);
    let shown = coding
        .and_then(|c| c.get("display").or_else(|| c.get("code")))
        .and_then(Value::as_str);
    if shown.is_none() {
        notes.push(
            path.clone(),
            "not carried over (a unit with no coding `display` or `code`)".into(),
        );
    }
    Some(clean(shown?, &path, notes))
}
