//! The item tree walked into a draft: groups flattened into sections, questions read, the
//! `enableWhen`s and variables each item stands under recorded, and every item that cannot
//! be carried listed with what it holds.
//!
//! Flattening (docs/fhir-import.md): each group's questions form a section titled with the
//! group's text, its parents' texts before it (`Outer › Inner`); a nested group is a section
//! of its own, in document order, so questions of the outer group that follow it form a
//! further section (`…_continued`); questions outside any group form a section titled with
//! the questionnaire's title. Items nested under a question follow it in its section, asked
//! only once it is answered. A group's `enableWhen` applies to every question inside it.

use serde_json::Value;

use super::element::{Element, Notes};
use super::question::{self, Skip, clean};
use super::{Draft, Owner, Question, SectionDraft};
use crate::words::clip;

mod sdc;

const VARIABLE: &str = "http://hl7.org/fhir/StructureDefinition/variable";
const CALCULATED: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

/// Where the walk stands: the group whose section takes questions, and what they stand under.
#[derive(Clone)]
struct Ctx {
    group: usize,
    owners: Vec<usize>,
    scope: Vec<usize>,
}

/// A group (or the top level), whose questions make sections.
struct Group<'a> {
    link_id: Option<&'a str>,
    path: String,
    title: String,
    /// Whether a section of it was opened already: the next is a continuation.
    opened: bool,
}

struct Walk<'a> {
    draft: Draft<'a>,
    /// Groups by index (0 is the questionnaire's top level).
    groups: Vec<Group<'a>>,
}

/// Walks the whole questionnaire; `root` is its top-level element.
pub fn walk(mut root: Element<'_>) -> Draft<'_> {
    let mut notes = Notes::default();
    root.take("resourceType");
    let text =
        |root: &mut Element, key, notes: &mut Notes| root.text(key).map(|t| clean(t, key, notes));
    let fhir_id = text(&mut root, "id", &mut notes);
    let name = text(&mut root, "name", &mut notes);
    let title = text(&mut root, "title", &mut notes);
    let url = text(&mut root, "url", &mut notes);
    let version = text(&mut root, "version", &mut notes);
    let intro = text(&mut root, "description", &mut notes);
    let mut source = Vec::new();
    for (key, value) in [("url", &url), ("id", &fhir_id), ("version", &version)] {
        if let Some(value) = value {
            source.push(format!("{key}: {value}"));
        }
    }
    let title = title.or(name.clone()).unwrap_or_else(|| {
        notes.push(
            "title".into(),
            "no `title` or `name`: the title is `Imported questionnaire`".into(),
        );
        "Imported questionnaire".into()
    });
    let id = fhir_id.or(name).unwrap_or_else(|| {
        notes.push(
            "id".into(),
            "no `id` or `name`: the questionnaire's id is `imported`".into(),
        );
        "imported".into()
    });
    let version = version.unwrap_or_else(|| {
        notes.push(
            "version".into(),
            "no `version`: the version is `unversioned`".into(),
        );
        "unversioned".into()
    });
    let mut w = Walk {
        draft: Draft {
            id,
            version,
            title: title.clone(),
            intro,
            source,
            sections: Vec::new(),
            questions: Vec::new(),
            owners: Vec::new(),
            calculated: Vec::new(),
            variables: Vec::new(),
            notes,
        },
        groups: vec![Group {
            link_id: None,
            path: String::new(),
            title,
            opened: false,
        }],
    };
    let mut ctx = Ctx {
        group: 0,
        owners: Vec::new(),
        scope: Vec::new(),
    };
    w.variables(&mut root, &mut ctx.scope);
    if let Some(Value::Array(items)) = root.take("item") {
        w.items(items, "", &ctx);
    }
    root.finish(&mut w.draft.notes);
    w.draft
}

impl<'a> Walk<'a> {
    fn items(&mut self, items: &'a [Value], parent: &str, ctx: &Ctx) {
        let prefix = if parent.is_empty() {
            String::new()
        } else {
            format!("{parent}.")
        };
        for (i, item) in items.iter().enumerate() {
            // `tree::check` made sure every item is an object with a text linkId.
            if let Some(item) = item.as_object() {
                self.item(Element::new(item, format!("{prefix}item[{i}]")), ctx);
            }
        }
    }

    fn item(&mut self, mut e: Element<'a>, ctx: &Ctx) {
        let link = e.text("linkId").unwrap_or_default();
        if e.take("modifierExtension").is_some() {
            let path = format!("{}.modifierExtension", e.path);
            let why = "a modifier extension may change what the item means".to_string();
            return self.skip(&e, link, &Skip { path, why });
        }
        match e.text("type") {
            Some("group") => self.group(e, link, ctx),
            Some(kind @ ("boolean" | "choice" | "integer" | "decimal")) => {
                self.question(e, link, kind, ctx);
            }
            Some("display") => {
                let why = "a display item (text only): dgs-questionnaire/1 has none".into();
                let path = e.path.clone();
                self.skip(&e, link, &Skip { path, why });
            }
            other => {
                let why = match other {
                    Some(t) => format!(
                        "its type `{}` is not one dgs-questionnaire/1 has",
                        clip(t, 41)
                    ),
                    None => "an item with no `type`".into(),
                };
                let path = e.path.clone();
                self.skip(&e, link, &Skip { path, why });
            }
        }
    }

    /// Notes an item that is not carried, and how many items inside it go with it.
    fn skip(&mut self, e: &Element<'a>, link: &str, skip: &Skip) {
        let nested = e.nested_count();
        let with = match nested {
            0 => String::new(),
            1 => " with the item inside it".into(),
            n => format!(" with the {n} items inside it"),
        };
        self.draft.notes.push(
            skip.path.clone(),
            format!(
                "{}; the item `{}` is skipped{with}",
                skip.why,
                clip(link, 61)
            ),
        );
    }

    fn group(&mut self, mut e: Element<'a>, link: &'a str, ctx: &Ctx) {
        if e.take("repeats").and_then(Value::as_bool) == Some(true) {
            let why = "a repeating group: dgs asks each question once".to_string();
            let path = e.path.clone();
            return self.skip(&e, link, &Skip { path, why });
        }
        if e.take("required").and_then(Value::as_bool) == Some(true) {
            self.draft.notes.push(
                format!("{}.required", e.path),
                "not carried over (dgs has no rule that a group needs an answer)".into(),
            );
        }
        let text = match e.text("text") {
            Some(t) => clean(t, &format!("{}.text", e.path), &mut self.draft.notes),
            None => clean(link, &format!("{}.linkId", e.path), &mut self.draft.notes),
        };
        let title = match ctx.group {
            0 => text,
            parent => format!("{} › {text}", self.groups[parent].title),
        };
        self.groups.push(Group {
            link_id: Some(link),
            path: e.path.clone(),
            title,
            opened: false,
        });
        let mut inner = ctx.clone();
        inner.group = self.groups.len() - 1;
        self.enable_when(&mut e, None, &mut inner.owners);
        self.variables(&mut e, &mut inner.scope);
        if let Some(Value::Array(items)) = e.take("item") {
            let path = e.path.clone();
            self.items(items, &path, &inner);
        }
        e.finish(&mut self.draft.notes);
    }

    fn question(&mut self, mut e: Element<'a>, link: &'a str, kind: &str, ctx: &Ctx) {
        let mut scope = ctx.scope.clone();
        self.variables(&mut e, &mut scope);
        if let Some((i, ext)) = e.extension(CALCULATED) {
            return self.calculated(e, link, i, ext, ctx, scope);
        }
        let parts = match question::read(&mut e, kind, link, &mut self.draft.notes) {
            Ok(parts) => parts,
            Err(skip) => return self.skip(&e, link, &skip),
        };
        let index = self.draft.questions.len();
        let mut owners = ctx.owners.clone();
        self.enable_when(&mut e, Some(index), &mut owners);
        let children = self.children(&mut e);
        self.draft.questions.push(Question {
            path: e.path.clone(),
            link_id: link,
            id: String::new(),
            kind: parts.kind,
            text: parts.text,
            help: children.0,
            required: parts.required,
            options: parts.options,
            weights: parts.weights,
            bounds: parts.bounds,
            unit: parts.unit,
            owners: owners.clone(),
        });
        self.place(index, ctx.group);
        if !children.1.is_empty() {
            self.draft.owners.push(Owner::Answered(index));
            owners.push(self.draft.owners.len() - 1);
            let inner = Ctx {
                group: ctx.group,
                owners,
                scope,
            };
            let path = e.path.clone();
            for (i, child) in children.1 {
                self.item(Element::new(child, format!("{path}.item[{i}]")), &inner);
            }
        }
        e.finish(&mut self.draft.notes);
    }

    /// Records an element's `enableWhen` as an owner of what stands under it.
    fn enable_when(
        &mut self,
        e: &mut Element<'a>,
        question: Option<usize>,
        owners: &mut Vec<usize>,
    ) {
        let behavior = e.take("enableBehavior");
        if let Some(list) = e.take("enableWhen") {
            self.draft.owners.push(Owner::EnableWhen {
                path: format!("{}.enableWhen", e.path),
                list,
                behavior,
                question,
            });
            owners.push(self.draft.owners.len() - 1);
        }
    }

    /// Puts a question in its group's section, opening a section when the last one belongs
    /// to another group.
    fn place(&mut self, question: usize, group: usize) {
        if let Some(last) = self.draft.sections.last_mut() {
            if last.group == group {
                last.questions.push(question);
                return;
            }
        }
        let g = &mut self.groups[group];
        self.draft.sections.push(SectionDraft {
            group,
            path: g.path.clone(),
            link_id: g.link_id,
            title: g.title.clone(),
            continued: g.opened,
            questions: vec![question],
            id: String::new(),
        });
        g.opened = true;
    }
}
