//! A FHIR element read key by key. Whatever the import does not take is listed with its JSON
//! path when the element is finished, so nothing is dropped silently; and the notes that list
//! it, in the order of the questionnaire.

use std::collections::HashSet;

use serde_json::Value;

pub type Object = serde_json::Map<String, Value>;

/// One FHIR JSON object being read, and which of its keys and extensions were taken.
pub struct Element<'a> {
    pub path: String,
    map: &'a Object,
    taken: HashSet<&'a str>,
    taken_extensions: HashSet<usize>,
}

impl<'a> Element<'a> {
    pub fn new(map: &'a Object, path: String) -> Element<'a> {
        Element {
            path,
            map,
            taken: HashSet::new(),
            taken_extensions: HashSet::new(),
        }
    }

    /// The value of `key`, which counts as carried over (or reported by the caller).
    pub fn take(&mut self, key: &'a str) -> Option<&'a Value> {
        let (key, value) = self.map.get_key_value(key)?;
        self.taken.insert(key);
        Some(value)
    }

    /// The value of `key` if it is text; otherwise it is left to be listed.
    pub fn text(&mut self, key: &'a str) -> Option<&'a str> {
        let text = self.map.get(key)?.as_str()?;
        self.taken.insert(key);
        Some(text)
    }

    /// The first extension with this URL, taken; with its index.
    pub fn extension(&mut self, url: &str) -> Option<(usize, &'a Object)> {
        let found = self
            .extensions()
            .find(|(i, ext)| !self.taken_extensions.contains(i) && extension_url(ext) == Some(url));
        if let Some((i, _)) = found {
            self.taken_extensions.insert(i);
        }
        found
    }

    /// Every extension that is an object, with its index.
    pub fn extensions(&self) -> impl Iterator<Item = (usize, &'a Object)> + use<'a> {
        let list = self.map.get("extension").and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, e)| e.as_object().map(|o| (i, o)))
    }

    /// Marks the extension at `index` as dealt with.
    pub fn take_extension(&mut self, index: usize) {
        self.taken_extensions.insert(index);
    }

    /// The path of the extension at `index`: `item[2].extension[questionnaire-itemControl]`,
    /// or `item[2].extension[4]` when the element has more than one with that URL.
    pub fn extension_path(&self, index: usize) -> String {
        let url = |i| {
            self.extensions()
                .find(|(j, _)| *j == i)
                .and_then(|(_, e)| extension_url(e))
        };
        match url(index) {
            Some(u)
                if self
                    .extensions()
                    .filter(|(_, e)| extension_url(e) == Some(u))
                    .count()
                    == 1 =>
            {
                self.child(&format!("extension[{}]", url_tail(u)))
            }
            _ => self.child(&format!("extension[{index}]")),
        }
    }

    /// The path of `key` in this element.
    pub fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// How many items stand inside this one, at any depth.
    pub fn nested_count(&self) -> usize {
        fn count(map: &Object) -> usize {
            let list = map.get("item").and_then(Value::as_array);
            list.into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .map(|item| 1 + count(item))
                .sum()
        }
        count(self.map)
    }

    /// Lists every key and extension not taken.
    pub fn finish(self, notes: &mut Notes) {
        for (key, _) in self.map {
            if key == "extension" || self.taken.contains(key.as_str()) {
                continue;
            }
            notes.push(
                self.child(key),
                format!("not carried over ({})", reason(key)),
            );
        }
        let count = self
            .map
            .get("extension")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in (0..count).filter(|i| !self.taken_extensions.contains(i)) {
            let path = self.extension_path(i);
            let url = self
                .extensions()
                .find(|(j, _)| *j == i)
                .and_then(|(_, e)| extension_url(e));
            let what = match url {
                None => ": it has no `url`".into(),
                Some(url) if path.ends_with(&format!("[{i}]")) => format!(": `{}`", url_tail(url)),
                Some(_) => String::new(),
            };
            notes.push(
                path,
                format!("not carried over (an extension dgs does not read{what})"),
            );
        }
    }
}

pub fn extension_url(ext: &Object) -> Option<&str> {
    ext.get("url").and_then(Value::as_str)
}

/// The last part of an extension's URL, as the FHIR documentation names it.
pub fn url_tail(url: &str) -> &str {
    url.rsplit('/').find(|part| !part.is_empty()).unwrap_or(url)
}

/// Why a key is not carried, for the keys that have a reason worth saying.
fn reason(key: &str) -> &'static str {
    match key {
        "code" => "dgs keeps no terminology codes",
        "prefix" => "dgs shows no prefix before a question",
        "initial" | "initialSelected" => "dgs starts every question unanswered",
        "readOnly" => "dgs has no read-only questions",
        "maxLength" => "dgs has no free-text answers",
        "answerValueSet" => "dgs cannot look up a value set's answers",
        "modifierExtension" => "it may change the meaning; check it by hand",
        "definition" => "dgs keeps no element definitions",
        k if k.starts_with('_') => "extensions on a value are not read",
        _ => "dgs-questionnaire/1 has no place for it",
    }
}

/// What the import says about what it could not carry, each with the path of the element.
#[derive(Debug, Default)]
pub struct Notes {
    notes: Vec<(String, String)>,
}

impl Notes {
    pub fn push(&mut self, path: String, text: String) {
        self.notes.push((path, text));
    }

    /// `path: text` lines in the questionnaire's order (the root first, then each item
    /// before the items inside it), with the same note on several answer options of one item
    /// said once: `item[0].answerOption[0,1,2].extension[…]`.
    pub fn lines(mut self) -> Vec<String> {
        // Stable: notes on one item keep the order they were made in.
        // What happened to the item itself comes before what happened to its parts.
        self.notes.sort_by_cached_key(|(path, _)| {
            let indices = item_indices(path);
            let own = path.ends_with(']')
                && path
                    .rsplit('.')
                    .next()
                    .is_some_and(|p| p.starts_with("item["));
            (indices, !own)
        });
        let mut merged: Vec<(String, Vec<String>, String, String)> = Vec::new();
        for (path, text) in self.notes {
            let (head, index, tail) = split_option(&path);
            match merged.last_mut() {
                Some((h, indices, t, x))
                    if index.is_some() && *h == head && *t == tail && *x == text =>
                {
                    indices.extend(index);
                }
                _ => merged.push((head, index.into_iter().collect(), tail, text)),
            }
        }
        merged
            .into_iter()
            .map(|(head, indices, tail, text)| {
                if indices.is_empty() {
                    format!("{head}{tail}: {text}")
                } else {
                    format!("{head}answerOption[{}]{tail}: {text}", indices.join(","))
                }
            })
            .collect()
    }
}

/// The `N`s of the leading `item[N].item[M]…` of a path: its place in the questionnaire.
fn item_indices(path: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(after) = rest.strip_prefix("item[") {
        let Some((n, tail)) = after.split_once(']') else {
            break;
        };
        let Ok(n) = n.parse() else { break };
        out.push(n);
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    out
}

/// A path cut around its `answerOption[N]`: what comes before, `N`, what comes after.
fn split_option(path: &str) -> (String, Option<String>, String) {
    const KEY: &str = "answerOption[";
    if let Some(at) = path.find(KEY) {
        let after = &path[at + KEY.len()..];
        if let Some((n, tail)) = after.split_once(']') {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return (
                    path[..at].to_string(),
                    Some(n.to_string()),
                    tail.to_string(),
                );
            }
        }
    }
    (path.to_string(), None, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_is_not_taken_is_listed_by_path() {
        let doc = json!({"linkId": "a", "code": [{}], "prefix": "1.", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
            {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"},
            {"no-url": true}
        ]});
        let mut e = Element::new(doc.as_object().unwrap(), "item[2]".into());
        assert_eq!(e.text("linkId"), Some("a"));
        assert_eq!(e.text("code"), None, "not text: left to be listed");
        let (i, _) = e
            .extension("http://hl7.org/fhir/StructureDefinition/minValue")
            .unwrap();
        assert_eq!(i, 0);
        let mut notes = Notes::default();
        e.finish(&mut notes);
        assert_eq!(
            notes.lines(),
            [
                "item[2].code: not carried over (dgs keeps no terminology codes)",
                "item[2].prefix: not carried over (dgs shows no prefix before a question)",
                "item[2].extension[questionnaire-itemControl]: not carried over (an extension dgs does not read)",
                "item[2].extension[2]: not carried over (an extension dgs does not read: it has no `url`)",
            ]
        );
    }

    #[test]
    fn notes_follow_the_questionnaire_and_options_are_said_once() {
        let mut notes = Notes::default();
        for (path, text) in [
            ("item[10].code", "x"),
            (
                "item[2].item[0].answerOption[0].extension[questionnaire-optionPrefix]",
                "y",
            ),
            (
                "item[2].item[0].answerOption[1].extension[questionnaire-optionPrefix]",
                "y",
            ),
            (
                "item[2].item[0].answerOption[3].extension[questionnaire-optionPrefix]",
                "y",
            ),
            ("item[2].answerOption[0].valueCoding.system", "z"),
            ("status", "w"),
        ] {
            notes.push(path.into(), text.into());
        }
        assert_eq!(
            notes.lines(),
            [
                "status: w",
                "item[2].answerOption[0].valueCoding.system: z",
                "item[2].item[0].answerOption[0,1,3].extension[questionnaire-optionPrefix]: y",
                "item[10].code: x",
            ]
        );
    }
}
