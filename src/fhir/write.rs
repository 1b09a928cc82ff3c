//! Writing FHIR JSON: `resourceType` first in every resource, as FHIR's own examples do, the
//! other keys in a fixed (sorted) order, so the same result is the same bytes.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value as Json;

use crate::document::pretty_json;

/// A JSON value written with `resourceType` leading each object that has one.
struct Ordered<'a>(&'a Json);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Json::Object(map) => {
                let mut out = s.serialize_map(Some(map.len()))?;
                if let Some(kind) = map.get("resourceType") {
                    out.serialize_entry("resourceType", kind)?;
                }
                for (key, value) in map.iter().filter(|(k, _)| *k != "resourceType") {
                    out.serialize_entry(key, &Ordered(value))?;
                }
                out.end()
            }
            Json::Array(items) => {
                let mut out = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Ordered(item))?;
                }
                out.end()
            }
            other => other.serialize(s),
        }
    }
}

/// One document, pretty-printed and ending in a newline.
pub fn pretty(resource: &Json) -> String {
    pretty_json(&Ordered(resource))
}

/// One resource on one line (NDJSON), without the newline.
pub fn compact(buf: &mut Vec<u8>, resource: &Json) {
    // Plain data into a Vec: serialising cannot fail.
    let _ = serde_json::to_writer(buf, &Ordered(resource));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resource_type_comes_first_at_every_depth() {
        let doc = json!({"b": 1, "resourceType": "Bundle", "entry": [{"resource": {"id": "x", "resourceType": "Observation"}}]});
        let mut buf = Vec::new();
        compact(&mut buf, &doc);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            r#"{"resourceType":"Bundle","b":1,"entry":[{"resource":{"resourceType":"Observation","id":"x"}}]}"#
        );
        assert!(pretty(&doc).starts_with("{\n  \"resourceType\": \"Bundle\",\n"));
    }
}
