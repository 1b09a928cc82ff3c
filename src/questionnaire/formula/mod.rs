//! A score's `formula`: arithmetic over items and other scores, read once at load time.
//!
//! Grammar: numbers, names (an item's score contribution, or another score's value),
//! `+ - * /`, unary `-`, parentheses, and the functions `min(a, b, …)`, `max(a, b, …)`,
//! `round(x)` (half away from zero), `floor(x)` and `ceil(x)`. Bounded so that loading and
//! evaluating stay linear and shallow: at most [`MAX_LEN`] characters and [`MAX_DEPTH`] levels
//! of nesting. A name without a value, a division by zero or a result that is not a finite
//! number gives the formula no value — never a panic.

use std::fmt;

/// The longest formula text accepted.
pub const MAX_LEN: usize = 500;
/// The deepest nesting of parentheses, calls and operators accepted.
pub const MAX_DEPTH: usize = 20;

#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub text: String,
    pub expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Name(Name),
    Neg(Box<Expr>),
    Binary(char, Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
    /// A formula that did not parse, with why. Kept rather than refused while reading, so that
    /// validation reports it beside every other problem; a loaded questionnaire never has one.
    Unparsed(String),
}

/// A name in a formula and, once resolved, what it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub id: String,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Unresolved,
    Item(usize),
    Score(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Min,
    Max,
    Round,
    Floor,
    Ceil,
}

impl Function {
    fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "min" => Function::Min,
            "max" => Function::Max,
            "round" => Function::Round,
            "floor" => Function::Floor,
            "ceil" => Function::Ceil,
            _ => return None,
        })
    }

    /// Whether `n` arguments fit: one for the roundings, at least one for min and max.
    fn takes(self, n: usize) -> bool {
        match self {
            Function::Min | Function::Max => n >= 1,
            Function::Round | Function::Floor | Function::Ceil => n == 1,
        }
    }
}

impl Formula {
    pub fn parse(text: &str) -> Result<Formula, String> {
        parse::formula(text)
    }

    /// Why the formula did not parse, if it did not.
    pub fn problem(&self) -> Option<&str> {
        match &self.expr {
            Expr::Unparsed(why) => Some(why),
            _ => None,
        }
    }

    /// Every name, in order.
    pub fn names(&self) -> Vec<&Name> {
        let mut out = Vec::new();
        self.expr.names(&mut out);
        out
    }

    /// Sets each name's target.
    pub fn resolve(&mut self, target_of: &dyn Fn(&str) -> Target) {
        self.expr.resolve(target_of);
    }

    /// The value, reading names through `value_of`; `None` when a name has no value, on a
    /// division by zero, or when the result is not a finite number.
    pub fn eval(&self, value_of: &dyn Fn(Target) -> Option<f64>) -> Option<f64> {
        self.expr.eval(value_of).filter(|v| v.is_finite())
    }
}

impl Expr {
    fn names<'e>(&'e self, out: &mut Vec<&'e Name>) {
        match self {
            Expr::Number(_) | Expr::Unparsed(_) => {}
            Expr::Name(name) => out.push(name),
            Expr::Neg(e) => e.names(out),
            Expr::Binary(_, a, b) => {
                a.names(out);
                b.names(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.names(out)),
        }
    }

    fn resolve(&mut self, target_of: &dyn Fn(&str) -> Target) {
        match self {
            Expr::Number(_) | Expr::Unparsed(_) => {}
            Expr::Name(name) => name.target = target_of(&name.id),
            Expr::Neg(e) => e.resolve(target_of),
            Expr::Binary(_, a, b) => {
                a.resolve(target_of);
                b.resolve(target_of);
            }
            Expr::Call(_, args) => args.iter_mut().for_each(|a| a.resolve(target_of)),
        }
    }

    fn eval(&self, value_of: &dyn Fn(Target) -> Option<f64>) -> Option<f64> {
        let v = match self {
            Expr::Number(n) => *n,
            Expr::Unparsed(_) => return None,
            Expr::Name(name) => value_of(name.target)?,
            Expr::Neg(e) => -e.eval(value_of)?,
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(value_of)?, b.eval(value_of)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ if b == 0.0 => return None,
                    _ => a / b,
                }
            }
            Expr::Call(f, args) => {
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(a.eval(value_of)?);
                }
                let first = *values.first()?;
                match f {
                    Function::Min => values.into_iter().fold(first, f64::min),
                    Function::Max => values.into_iter().fold(first, f64::max),
                    Function::Round => first.round(),
                    Function::Floor => first.floor(),
                    Function::Ceil => first.ceil(),
                }
            }
        };
        // Infinities and NaN stop here, so no later step works on them.
        v.is_finite().then_some(v)
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

mod parse;

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, a: Option<f64>, b: Option<f64>) -> Option<f64> {
        let mut f = Formula::parse(text).expect(text);
        f.resolve(&|id| match id {
            "a" => Target::Item(0),
            "b" => Target::Score(0),
            _ => Target::Unresolved,
        });
        f.eval(&|t| match t {
            Target::Item(_) => a,
            Target::Score(_) => b,
            Target::Unresolved => None,
        })
    }

    #[test]
    fn arithmetic_precedence_and_functions() {
        let huge = vec!["99999999999"; 30].join(" * ");
        for (text, expected) in [
            ("1 + 2 * 3", Some(7.0)),
            ("(1 + 2) * 3", Some(9.0)),
            ("10 - 4 - 3", Some(3.0)),
            ("a / (5 * b) * 100", Some(20.0)),
            ("-a + 1", Some(-1.0)),
            ("min(a, b, 1)", Some(1.0)),
            ("max(a, 3)", Some(3.0)),
            ("round(2.5)", Some(3.0)),
            ("round(-2.5)", Some(-3.0)),
            ("floor(a / 3) + ceil(0.1)", Some(1.0)),
            // Division by zero and overflow give no value.
            ("a / (b - 2)", None),
            (huge.as_str(), None),
        ] {
            assert_eq!(eval(text, Some(2.0), Some(2.0)), expected, "{text}");
        }
        assert_eq!(eval("a + b", None, Some(1.0)), None);
    }

    #[test]
    fn bad_formulas_are_explained() {
        for (text, message) in [
            ("1 +", "ends where a number or a name was expected"),
            ("(1 + 2", "a `)` is missing"),
            ("1 2", "unexpected `2` at character 3"),
            ("sqrt(4)", "unknown function `sqrt`"),
            ("round(1, 2)", "`round` takes one value"),
            ("max()", "`max` takes one or more values"),
            ("1..2", "`1..2` is not a number"),
            ("a % b", "unexpected `%`"),
        ] {
            let err = Formula::parse(text).unwrap_err();
            assert!(err.contains(message), "{text}: {err}");
        }
        let deep = format!("{}1{}", "(".repeat(30), ")".repeat(30));
        assert!(
            Formula::parse(&deep)
                .unwrap_err()
                .contains("nests at most 20")
        );
        let negs = format!("{}1", "-".repeat(30));
        assert!(
            Formula::parse(&negs)
                .unwrap_err()
                .contains("nests at most 20")
        );
        let long = "1 + ".repeat(200) + "1";
        assert!(
            Formula::parse(&long)
                .unwrap_err()
                .contains("at most 500 characters")
        );
    }
}
