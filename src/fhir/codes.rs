//! The URLs and codes the export writes, stated once: standard HL7 ones (extensions, code
//! systems) and the project's local code systems under [`super::BASE`]. docs/fhir.md lists
//! them; a test ties the two together.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::{BASE, code_system};
use crate::questionnaire::triage::{Level, Likelihood};
use crate::questionnaire::{ChoiceOption, Item, NOT_SURE};

/// HL7 core extensions (FHIR R4 `http://hl7.org/fhir/StructureDefinition/…`).
pub const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
pub const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
pub const OPTION_EXCLUSIVE: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
pub const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
pub const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
pub const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
pub const HIDDEN: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
pub const VARIABLE: &str = "http://hl7.org/fhir/StructureDefinition/variable";

/// SDC (Structured Data Capture) extensions.
pub const CALCULATED_EXPRESSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
pub const ENABLE_WHEN_EXPRESSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
pub const SHORT_TEXT: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-shortText";

/// HL7 terminology.
pub const ITEM_CONTROL_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-item-control";
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
pub const DATA_ABSENT_REASON: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
/// HL7 v2 table 0136, yes/no: with `asked-unknown` the value set `yesnodontknow`.
pub const YES_NO: &str = "http://terminology.hl7.org/CodeSystem/v2-0136";
pub const UCUM: &str = "http://unitsofmeasure.org";

/// The project's own extension: on a questionnaire item, marks a safety question and the
/// triage level a worrying answer leads to (a coding from [`triage_level`]).
pub fn safety_item_extension() -> String {
    format!("{BASE}/StructureDefinition/safety-item")
}

/// A URL path segment: what a questionnaire id may hold beyond the URL-safe characters is
/// percent-encoded (item and other ids are lowercase letters, digits and `_` already).
pub fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A code system of one questionnaire: `{BASE}/CodeSystem/{questionnaire}/{name}`.
pub fn local(questionnaire: &str, name: &str) -> String {
    code_system(&format!("{}/{name}", segment(questionnaire)))
}

/// The options of one item.
pub fn options(questionnaire: &str, item: &str) -> String {
    local(questionnaire, &format!("item/{item}"))
}

/// An option's coding: its own `coding` where it has one (a LOINC answer, kept by `dgs
/// import`), else the questionnaire's code system for the item and the option's code.
pub fn option_coding(questionnaire: &str, item: &Item, option: &ChoiceOption) -> Json {
    match &option.coding {
        Some(own) => {
            let mut out = json!({"code": own.code, "display": option.label});
            if let Some(system) = &own.system {
                out["system"] = json!(system);
            }
            out
        }
        None => coding(
            &options(questionnaire, &item.id),
            &option.value,
            &option.label,
        ),
    }
}

/// The code FHIR knows an option by: its own coding's, else its value.
pub fn option_code(option: &ChoiceOption) -> &str {
    option.coding.as_ref().map_or(&option.value, |c| &c.code)
}

pub fn triage_level() -> String {
    code_system("triage-level")
}

pub fn likelihood() -> String {
    code_system("likelihood")
}

pub fn coding(system: &str, code: &str, display: &str) -> Json {
    json!({"system": system, "code": code, "display": display})
}

/// A concept with one coding and its text.
pub fn concept(system: &str, code: &str, display: &str) -> Json {
    json!({"coding": [coding(system, code, display)], "text": display})
}

/// A triage level's coding; the display is the level's name in words, the same for every
/// questionnaire (its title, which a questionnaire writes, goes elsewhere).
pub fn level_coding(level: Level) -> Json {
    let display = match level {
        Level::Emergency => "Emergency",
        Level::Urgent => "Urgent",
        Level::SeeClinician => "See a clinician",
        Level::SelfCare => "Self-care",
    };
    coding(&triage_level(), level.name(), display)
}

pub fn likelihood_concept(level: Likelihood) -> Json {
    let display = match level {
        Likelihood::Likely => "Likely",
        Likelihood::Possible => "Possible",
        Likelihood::Unlikely => "Unlikely",
    };
    concept(&likelihood(), level.name(), display)
}

/// How a yes/no answer of an item with `not_sure: true` is coded: the standard codes of the
/// FHIR value set `yesnodontknow` (v2-0136 `Y`/`N`, data-absent-reason `asked-unknown`),
/// with the words the person was shown. `None` for a code that is none of the three.
pub fn yes_no_coding(code: &str) -> Option<Json> {
    Some(match code {
        "yes" => coding(YES_NO, "Y", "Yes"),
        "no" => coding(YES_NO, "N", "No"),
        NOT_SURE => coding(DATA_ABSENT_REASON, "asked-unknown", "Not sure"),
        _ => return None,
    })
}

/// The FHIR code [`yes_no_coding`] gives a dgs code, for `FHIRPath` comparisons.
/// The dgs answer a `yesnodontknow` code stands for: the way back of [`yes_no_code`].
pub fn yes_no_answer(fhir: &str) -> Option<&'static str> {
    Some(match fhir {
        "Y" => "yes",
        "N" => "no",
        "asked-unknown" => NOT_SURE,
        _ => return None,
    })
}

pub fn yes_no_code(code: &str) -> &str {
    match code {
        "yes" => "Y",
        "no" => "N",
        NOT_SURE => "asked-unknown",
        other => other,
    }
}

/// `observation-category` `survey`: every Observation the export writes.
pub fn survey_category() -> Json {
    json!([{"coding": [coding(OBSERVATION_CATEGORY, "survey", "Survey")]}])
}

/// An extension with a value of the given type (`valueDecimal`, `valueCoding`, …).
pub fn extension(url: &str, kind: &str, value: Json) -> Json {
    let mut ext = json!({ "url": url });
    ext[format!("value{kind}")] = value;
    ext
}

/// The `questionnaire-itemControl` extension with a code from the HL7 item-control codes
/// (`help`, `lower`, `upper`).
pub fn item_control(code: &str, display: &str) -> Json {
    extension(
        ITEM_CONTROL,
        "CodeableConcept",
        json!({"coding": [coding(ITEM_CONTROL_SYSTEM, code, display)], "text": display}),
    )
}

/// A FHIR decimal from a double: whole numbers as integers (`3`, not `3.0`).
pub fn number(value: f64) -> Json {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_code_systems_sit_under_the_base() {
        assert_eq!(
            options("phq-9", "phq9_1"),
            "https://dgs-check.invalid/fhir/CodeSystem/phq-9/item/phq9_1"
        );
        assert_eq!(
            local("my form/2", "pattern"),
            "https://dgs-check.invalid/fhir/CodeSystem/my%20form%2F2/pattern"
        );
        assert_eq!(
            safety_item_extension(),
            "https://dgs-check.invalid/fhir/StructureDefinition/safety-item"
        );
    }

    #[test]
    fn yes_no_not_sure_uses_the_standard_codes() {
        assert_eq!(yes_no_coding("yes").unwrap()["code"], "Y");
        assert_eq!(yes_no_coding("no").unwrap()["system"], YES_NO);
        let unsure = yes_no_coding(NOT_SURE).unwrap();
        assert_eq!(unsure["system"], DATA_ABSENT_REASON);
        assert_eq!(unsure["code"], "asked-unknown");
        assert_eq!(yes_no_coding("maybe"), None);
        assert_eq!(yes_no_code(NOT_SURE), "asked-unknown");
    }

    #[test]
    fn docs_fhir_md_names_every_url() {
        let doc = include_str!("../../docs/fhir.md");
        for url in [
            ORDINAL_VALUE,
            ITEM_CONTROL,
            OPTION_EXCLUSIVE,
            MIN_VALUE,
            MAX_VALUE,
            UNIT,
            VARIABLE,
            CALCULATED_EXPRESSION,
            ENABLE_WHEN_EXPRESSION,
            SHORT_TEXT,
            ITEM_CONTROL_SYSTEM,
            OBSERVATION_CATEGORY,
            DATA_ABSENT_REASON,
            YES_NO,
            &safety_item_extension(),
            &triage_level(),
            &likelihood(),
        ] {
            let name = url.rsplit('/').next().unwrap();
            assert!(doc.contains(name), "docs/fhir.md does not name {url}");
        }
        for level in Level::ALL {
            assert!(doc.contains(&format!("`{}`", level.name())), "{level:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_fhir_decimals() {
        assert_eq!(number(3.0).to_string(), "3");
        assert_eq!(number(0.5).to_string(), "0.5");
        assert_eq!(number(-2.0).to_string(), "-2");
    }
}
