//! The SDC pieces of an item: help given as a `display` child, `variable` extensions, and a
//! `calculatedExpression`, which makes an item a score to be read later (`scores.rs`).

use serde_json::Value;

use super::{Ctx, ITEM_CONTROL, VARIABLE, Walk};
use crate::fhir::import::Calculated;
use crate::fhir::import::Variable;
use crate::fhir::import::element::{Element, Object, extension_url};
use crate::fhir::import::question::clean;

impl<'a> Walk<'a> {
    /// A question's help (its `display` children with the item control `help`, joined) and
    /// the rest of its children, with their indices.
    pub(super) fn children(
        &mut self,
        e: &mut Element<'a>,
    ) -> (Option<String>, Vec<(usize, &'a Object)>) {
        let Some(Value::Array(items)) = e.take("item") else {
            return (None, Vec::new());
        };
        let mut help: Vec<String> = Vec::new();
        let mut rest = Vec::new();
        for (i, child) in items.iter().enumerate() {
            let Some(child) = child.as_object() else {
                continue;
            };
            if is_help(child) {
                let mut c = Element::new(child, format!("{}.item[{i}]", e.path));
                c.take("linkId");
                c.take("type");
                c.extension(ITEM_CONTROL);
                let path = format!("{}.text", c.path);
                help.extend(
                    c.text("text")
                        .map(|t| clean(t, &path, &mut self.draft.notes)),
                );
                c.finish(&mut self.draft.notes);
            } else {
                rest.push((i, child));
            }
        }
        (Some(help.join("\n\n")).filter(|h| !h.is_empty()), rest)
    }

    pub(super) fn calculated(
        &mut self,
        mut e: Element<'a>,
        link: &'a str,
        index: usize,
        ext: &'a Object,
        ctx: &Ctx,
        scope: Vec<usize>,
    ) {
        let expression = ext.get("valueExpression").and_then(Value::as_object);
        let fhirpath = expression
            .is_some_and(|x| x.get("language").and_then(Value::as_str) == Some("text/fhirpath"));
        let label = match e.text("text") {
            Some(t) => clean(t, &format!("{}.text", e.path), &mut self.draft.notes),
            None => clean(link, &format!("{}.linkId", e.path), &mut self.draft.notes),
        };
        // A calculated item is shown, not answered: as a score it cannot be answered either.
        e.take("readOnly");
        e.take("required");
        e.take("repeats");
        let mut owners = ctx.owners.clone();
        self.enable_when(&mut e, None, &mut owners);
        self.draft.calculated.push(Calculated {
            path: e.path.clone(),
            link_id: link,
            label,
            expression: expression
                .filter(|_| fhirpath)
                .and_then(|x| x.get("expression"))
                .and_then(Value::as_str),
            extension_path: e.extension_path(index),
            scope,
            owners,
        });
        if let Some(Value::Array(items)) = e.take("item") {
            let path = e.path.clone();
            self.items(items, &path, ctx);
        }
        e.finish(&mut self.draft.notes);
    }

    /// Records an element's `variable` extensions, in scope for everything under it.
    pub(super) fn variables(&mut self, e: &mut Element<'a>, scope: &mut Vec<usize>) {
        let found: Vec<(usize, &'a Object)> = e
            .extensions()
            .filter(|(_, ext)| extension_url(ext) == Some(VARIABLE))
            .collect();
        for (i, ext) in found {
            let value = ext.get("valueExpression").and_then(Value::as_object);
            let Some(name) = value.and_then(|v| v.get("name")).and_then(Value::as_str) else {
                continue;
            };
            let fhirpath = value
                .and_then(|v| v.get("language"))
                .and_then(Value::as_str)
                == Some("text/fhirpath");
            e.take_extension(i);
            self.draft.variables.push(Variable {
                path: e.extension_path(i),
                name,
                expression: value
                    .filter(|_| fhirpath)
                    .and_then(|v| v.get("expression"))
                    .and_then(Value::as_str),
            });
            scope.push(self.draft.variables.len() - 1);
        }
    }
}

/// A `display` item with the item control `help`: SDC's way of giving a question help.
fn is_help(item: &Object) -> bool {
    item.get("type").and_then(Value::as_str) == Some("display")
        && item
            .get("extension")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .filter(|ext| extension_url(ext) == Some(ITEM_CONTROL))
            .filter_map(|ext| ext.get("valueCodeableConcept"))
            .any(|cc| {
                cc.get("coding")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|c| c.get("code").and_then(Value::as_str) == Some("help"))
            })
}
