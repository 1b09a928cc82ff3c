//! The item tree checked before anything is read from it: every item an object with a
//! `linkId` that is text and unique (the import's ids and the responses it reads rest on
//! them), and no deeper than [`MAX_DEPTH`]. Every problem is listed, up to [`MAX_PROBLEMS`].

use std::collections::HashMap;

use serde_json::Value;

use super::element::Object;

/// Items nested deeper than this are refused: real forms nest a few levels (the deepest of
/// the published examples, five), and the walk recurses once per level.
pub const MAX_DEPTH: usize = 32;

/// Problems beyond this many are counted, not listed.
const MAX_PROBLEMS: usize = 100;

/// Checks the tree under `root`; `Err` lists what is wrong, each with its path.
pub fn check(root: &Object) -> Result<(), Vec<String>> {
    let mut t = Tree::default();
    t.items(root, "", 1);
    if t.problems.is_empty() {
        return Ok(());
    }
    if t.more > 0 {
        t.problems
            .push(format!("… and {} more problems of the same kinds", t.more));
    }
    Err(t.problems)
}

#[derive(Default)]
struct Tree<'a> {
    /// linkId → the path of the item that has it first.
    seen: HashMap<&'a str, String>,
    problems: Vec<String>,
    more: usize,
}

impl<'a> Tree<'a> {
    fn problem(&mut self, problem: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.more += 1;
        }
    }

    /// The items under `parent` (at `path`), which stand at `depth`.
    fn items(&mut self, parent: &'a Object, path: &str, depth: usize) {
        let Some(list) = parent.get("item") else {
            return;
        };
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        let Some(list) = list.as_array() else {
            self.problem(format!("`{prefix}item` is not a list of items"));
            return;
        };
        if depth > MAX_DEPTH && !list.is_empty() {
            self.problem(format!(
                "`{prefix}item`: items nest deeper than {MAX_DEPTH} levels, the most this tool reads"
            ));
            return;
        }
        for (i, item) in list.iter().enumerate() {
            let path = format!("{prefix}item[{i}]");
            let Some(item) = item.as_object() else {
                self.problem(format!("`{path}` is not an object"));
                continue;
            };
            match item.get("linkId") {
                Some(Value::String(link)) => {
                    if let Some(first) = self.seen.get(link.as_str()) {
                        let first = first.clone();
                        self.problem(format!(
                            "`{path}` has the linkId `{link}` of `{first}`: linkIds must be unique"
                        ));
                    } else {
                        self.seen.insert(link, path.clone());
                    }
                }
                Some(other) => {
                    self.problem(format!("`{path}.linkId` is {}, not text", kind_of(other)));
                }
                None => self.problem(format!("`{path}` has no linkId")),
            }
            self.items(item, &path, depth + 1);
        }
    }
}

/// A JSON value's kind, in words, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
