//! Converts the embedded questionnaire from YAML to JSON at build time: parsing JSON at run
//! time is several times cheaper, and start-up is most of a scripted run. If the YAML does not
//! convert, an empty file is embedded and the binary parses the YAML itself, so the full
//! validation report still reaches the user.

use std::path::PathBuf;

const SOURCE: &str = "questionnaires/deep-gluteal-syndrome.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded.json");
    let json = std::fs::read_to_string(SOURCE)
        .ok()
        .and_then(|text| serde_yaml::from_str::<serde_json::Value>(&text).ok())
        .map(|value| value.to_string())
        .unwrap_or_default();
    std::fs::write(out, json).expect("write embedded.json");
}
