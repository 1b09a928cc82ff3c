//! Whether a `calculatedExpression` is a plain sum of answer weights, and if so which items it
//! adds and when it has a value. The forms read (each with the weights looked up either way):
//!
//! - `%a + %b + …`: a value only when every term has one (`FHIRPath`'s `+` of an empty is empty);
//! - `iif(%a.exists(), %a, 0) + …`: a missing answer counts 0;
//! - either inside `iif(GUARD, SUM, {})` (or `iif(GUARD, SUM)`), where GUARD is
//!   `%a.exists() and %b.exists() …` (all answered) or `… or …` (any answered), possibly
//!   through a variable;
//!
//! where a term is a weight: `%questionnaire.item.where(linkId = 'x').answerOption
//! .where(valueCoding.code = %resource.item.where(linkId = 'x').answer.valueCoding.code)
//! .extension.where(url = ORDINAL_OR_WEIGHT_URL).valueDecimal` (LHC-Forms' idiom, `item` or
//! `repeat(item)`), or `%resource.item.where(linkId = 'x').answer.value.weight()` (or
//! `ordinal()`); written out or through `%variables`. Anything else is not a plain sum.

use std::cell::RefCell;
use std::collections::HashSet;

use super::fhirpath::Ast;

pub const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
pub const ITEM_WEIGHT: &str = "http://hl7.org/fhir/StructureDefinition/itemWeight";

/// Variables reading variables deeper than this are not followed (and a circle never ends).
const MAX_INDIRECTION: usize = 8;

/// The `variable` extensions in scope, innermost last, and which of them a score used.
#[derive(Default)]
pub struct Vars<'a> {
    pub list: Vec<(&'a str, &'a Ast)>,
    pub used: RefCell<HashSet<&'a str>>,
}

impl<'a> Vars<'a> {
    fn get(&self, name: &str, depth: usize) -> Result<&'a Ast, String> {
        if depth > MAX_INDIRECTION {
            return Err(format!(
                "variables read variables more than {MAX_INDIRECTION} deep"
            ));
        }
        let (name, ast) = self
            .list
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| format!("`%{name}` is not a variable it can read"))?;
        self.used.borrow_mut().insert(name);
        Ok(ast)
    }
}

/// How a term finds its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weight {
    /// On the chosen answerOption itself, in the extension with this URL.
    OptionExtension(String),
    /// `weight()` / `ordinal()`: the option's weight, wherever it is written.
    Function,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub link_id: String,
    pub weight: Weight,
    /// `iif(%a.exists(), %a, 0)`: a missing answer adds 0 instead of emptying the sum.
    pub zero_if_missing: bool,
    /// Found with `item`, not `repeat(item)`: it reaches the questionnaire's top level only.
    pub top_level_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    All(Vec<String>),
    Any(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub terms: Vec<Term>,
    pub guard: Option<Guard>,
}

/// Reads a calculated expression as a sum, or says why it is not one.
pub fn read(ast: &Ast, vars: &Vars) -> Result<Sum, String> {
    let ast = deref(ast, vars, 0)?;
    if let Ast::Call(name, args) = ast {
        let else_empty = args.len() == 2 || args.get(2) == Some(&Ast::Empty);
        if name == "iif" && (2..=3).contains(&args.len()) && else_empty {
            let guard = guard(&args[0], vars)?;
            return Ok(Sum {
                terms: terms(&args[1], vars, 0)?,
                guard: Some(guard),
            });
        }
    }
    Ok(Sum {
        terms: terms(ast, vars, 0)?,
        guard: None,
    })
}

/// Follows `%var` to its expression.
fn deref<'x, 'v: 'x>(ast: &'x Ast, vars: &Vars<'v>, depth: usize) -> Result<&'x Ast, String> {
    match ast {
        Ast::Var(name) if !is_environment(name) => deref(vars.get(name, depth)?, vars, depth + 1),
        other => Ok(other),
    }
}

/// `FHIRPath`'s own variables, never `variable` extensions.
fn is_environment(name: &str) -> bool {
    matches!(
        name,
        "resource" | "questionnaire" | "context" | "rootResource"
    )
}

fn terms(ast: &Ast, vars: &Vars, depth: usize) -> Result<Vec<Term>, String> {
    match ast {
        Ast::Bin(op, left, right) if op == "+" => {
            let mut out = terms(left, vars, depth)?;
            out.extend(terms(right, vars, depth)?);
            Ok(out)
        }
        Ast::Call(name, args) if name == "iif" && args.len() == 3 && args[2] == Ast::Num(0.0) => {
            let tested =
                exists_of(&args[0]).ok_or("an `iif` that is not `iif(x.exists(), x, 0)`")?;
            if *tested != args[1] {
                return Err("an `iif` that is not `iif(x.exists(), x, 0)`".into());
            }
            let (link_id, weight, top_level_only) = lookup(deref(&args[1], vars, depth)?, vars)?;
            Ok(vec![Term {
                link_id,
                weight,
                zero_if_missing: true,
                top_level_only,
            }])
        }
        Ast::Var(name) if !is_environment(name) => {
            let target = vars.get(name, depth)?;
            terms(target, vars, depth + 1)
        }
        other => {
            let (link_id, weight, top_level_only) = lookup(other, vars)?;
            Ok(vec![Term {
                link_id,
                weight,
                zero_if_missing: false,
                top_level_only,
            }])
        }
    }
}

/// `x.exists()` → `x`.
fn exists_of(ast: &Ast) -> Option<&Ast> {
    match ast {
        Ast::Dot(x, call) if **call == Ast::Call("exists".into(), vec![]) => Some(x),
        _ => None,
    }
}

/// `%a.exists() and %b.exists() …` (all) or `… or …` (any), by the linkIds they test.
fn guard(ast: &Ast, vars: &Vars) -> Result<Guard, String> {
    let ast = deref(ast, vars, 0)?;
    let mut tested = Vec::new();
    let op = match ast {
        Ast::Bin(op, _, _) if op == "and" || op == "or" => op.as_str(),
        _ => "and",
    };
    tests(ast, op, vars, &mut tested)?;
    Ok(if op == "and" {
        Guard::All(tested)
    } else {
        Guard::Any(tested)
    })
}

fn tests(ast: &Ast, op: &str, vars: &Vars, out: &mut Vec<String>) -> Result<(), String> {
    if let Ast::Bin(o, left, right) = ast {
        if o == op {
            tests(left, op, vars, out)?;
            return tests(right, op, vars, out);
        }
    }
    let x = exists_of(ast)
        .ok_or("a condition that is not `x.exists()` joined by one of `and`, `or`")?;
    out.push(lookup(deref(x, vars, 0)?, vars)?.0);
    Ok(())
}

/// A path written as a chain: its head and the steps after it.
fn chain(ast: &Ast) -> (&Ast, Vec<&Ast>) {
    let mut steps = Vec::new();
    let mut at = ast;
    while let Ast::Dot(left, step) = at {
        steps.push(&**step);
        at = left;
    }
    steps.reverse();
    (at, steps)
}

fn is_name(ast: &Ast, name: &str) -> bool {
    matches!(ast, Ast::Name(n) if n == name)
}

/// `item` or `repeat(item)`.
fn is_items(ast: &Ast) -> bool {
    is_name(ast, "item")
        || matches!(ast, Ast::Call(f, a) if f == "repeat" && a.len() == 1 && is_name(&a[0], "item"))
}

/// `where(linkId = 'x')` → `x`.
fn where_link_id(ast: &Ast) -> Option<&str> {
    let Ast::Call(f, args) = ast else { return None };
    let [Ast::Bin(op, left, right)] = args.as_slice() else {
        return None;
    };
    if f != "where" || op != "=" {
        return None;
    }
    match (&**left, &**right) {
        (Ast::Name(n), Ast::Str(s)) | (Ast::Str(s), Ast::Name(n)) if n == "linkId" => Some(s),
        _ => None,
    }
}

/// The answered weight of one item, in one of the two forms the module comment shows; and
/// whether it is looked up with `item` (the top level only) rather than `repeat(item)`.
fn lookup(ast: &Ast, vars: &Vars) -> Result<(String, Weight, bool), String> {
    let not_a_weight = || "a term that is not the weight of an answer".to_string();
    let (head, steps) = chain(ast);
    match (head, steps.as_slice()) {
        (Ast::Var(h), [items, by_link, answer, value, function])
            if h == "resource"
                && is_items(items)
                && is_name(answer, "answer")
                && (is_name(value, "value") || is_name(value, "valueCoding"))
                && matches!(function, Ast::Call(f, a) if a.is_empty() && (f == "weight" || f == "ordinal")) =>
        {
            let link = where_link_id(by_link).ok_or_else(not_a_weight)?;
            Ok((link.to_string(), Weight::Function, is_name(items, "item")))
        }
        (Ast::Var(h), [items, by_link, options, by_code, extension, by_url, value])
            if h == "questionnaire"
                && is_items(items)
                && is_name(options, "answerOption")
                && is_name(extension, "extension")
                && ["valueDecimal", "valueInteger", "value"]
                    .iter()
                    .any(|v| is_name(value, v)) =>
        {
            let link = where_link_id(by_link).ok_or_else(not_a_weight)?;
            let top_level = chosen_option(by_code, link).ok_or_else(not_a_weight)?;
            let url = url_of(by_url, vars).ok_or_else(not_a_weight)?;
            let top_level = top_level || is_name(items, "item");
            Ok((link.to_string(), Weight::OptionExtension(url), top_level))
        }
        _ => Err(not_a_weight()),
    }
}

/// `where(valueCoding.code = %resource.item.where(linkId = 'x').answer.valueCoding.code)`;
/// `Some(true)` when it finds the answer with `item` (the top level only).
fn chosen_option(ast: &Ast, link: &str) -> Option<bool> {
    let Ast::Call(f, args) = ast else {
        return None;
    };
    let [Ast::Bin(op, left, right)] = args.as_slice() else {
        return None;
    };
    let (lh, ls) = chain(left);
    let (rh, rs) = chain(right);
    let [items, by_link, answer, coding, code] = rs.as_slice() else {
        return None;
    };
    let fits = f == "where"
        && op == "="
        && is_name(lh, "valueCoding")
        && matches!(ls.as_slice(), [code] if is_name(code, "code"))
        && matches!(rh, Ast::Var(v) if v == "resource")
        && is_items(items)
        && where_link_id(by_link) == Some(link)
        && is_name(answer, "answer")
        && is_name(coding, "valueCoding")
        && is_name(code, "code");
    fits.then(|| is_name(items, "item"))
}

/// `where(url = 'http://…')`, the URL possibly in a variable.
fn url_of(ast: &Ast, vars: &Vars) -> Option<String> {
    let Ast::Call(f, args) = ast else { return None };
    let [Ast::Bin(op, left, right)] = args.as_slice() else {
        return None;
    };
    if f != "where" || op != "=" || !is_name(left, "url") {
        return None;
    }
    match deref(right, vars, 0).ok()? {
        Ast::Str(url) => Some(url.clone()),
        _ => None,
    }
}
