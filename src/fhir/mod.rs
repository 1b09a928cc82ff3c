//! HL7 FHIR R4: the questionnaire and its results as FHIR resources, and FHIR questionnaires
//! and responses read back in. Everything here is compute: values in, JSON values out.

pub mod bundle;
mod calculated;
pub mod codes;
mod enable_when;
mod fhirpath;
pub mod import;
pub mod links;
mod observation;
pub mod questionnaire;
pub mod response;
mod risk;
mod uuid;
mod write;

/// The base of every canonical URL and code system this project defines itself. The project
/// has no public web address, so the base uses `.invalid`, a top-level domain reserved never
/// to resolve (RFC 2606): a clinic's system sees at once that these codes are local.
pub const BASE: &str = "https://dgs-check.invalid/fhir";

/// The canonical URL of a questionnaire, by its `id`.
pub fn questionnaire_url(id: &str) -> String {
    format!("{BASE}/Questionnaire/{id}")
}

/// A local code system, e.g. `triage-level`, `pattern`, `cause`, `likelihood`.
pub fn code_system(name: &str) -> String {
    format!("{BASE}/CodeSystem/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_under_the_local_base() {
        assert_eq!(
            questionnaire_url("phq-9"),
            "https://dgs-check.invalid/fhir/Questionnaire/phq-9"
        );
        assert_eq!(
            code_system("triage-level"),
            "https://dgs-check.invalid/fhir/CodeSystem/triage-level"
        );
    }
}
