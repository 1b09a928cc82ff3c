//! Just enough `FHIRPath` to read the expression behind a calculated score: literals, `%vars`,
//! paths with function calls (`item.where(linkId = 'x')`, `%a.exists()`), `iif(…)`, `{}`, and
//! the arithmetic, comparison and boolean operators, parsed into a tree that `sum.rs` looks
//! at. Anything else is "not understood", and the score is listed, not guessed. Bounded: an
//! expression longer than [`MAX_LEN`] or nested deeper than [`MAX_DEPTH`] is not read.

/// Longer expressions are not read: a sum of weights is a few thousand characters at most.
pub const MAX_LEN: usize = 20_000;
/// Parentheses, calls and signs nested deeper than this are not read.
const MAX_DEPTH: usize = 40;
/// More binary operators than this are not read; with [`MAX_DEPTH`] this bounds the tree's
/// depth, so walking it recursively is safe.
const MAX_OPERATORS: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `%name`: an environment variable or a `variable` extension.
    Var(String),
    /// A path step or an identifier: `item`, `linkId`.
    Name(String),
    Str(String),
    Num(f64),
    /// `{}`: the empty collection.
    Empty,
    /// A function: `iif(a, b, c)`, `exists()`.
    Call(String, Vec<Ast>),
    /// `left.right`, where `right` is a name or a call.
    Dot(Box<Ast>, Box<Ast>),
    Bin(String, Box<Ast>, Box<Ast>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Var(String),
    Name(String),
    Str(String),
    Num(f64),
    Sym(&'static str),
}

const SYMBOLS: [&str; 21] = [
    "!=", "<=", ">=", "!~", "(", ")", ",", ".", "{", "}", "+", "-", "*", "/", "=", "<", ">", "&",
    "|", "~", "[",
];

/// Parses an expression; `Err` says what stopped it, for the note that lists the score.
pub fn parse(text: &str) -> Result<Ast, String> {
    if text.len() > MAX_LEN {
        return Err(format!("longer than {MAX_LEN} characters"));
    }
    let toks = tokens(text)?;
    let mut p = Parser {
        toks,
        at: 0,
        depth: 0,
        operators: 0,
    };
    let ast = p.expr()?;
    match p.toks.get(p.at) {
        None => Ok(ast),
        Some(t) => Err(format!("unexpected {t:?}")),
    }
}

fn tokens(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").ok_or("an unclosed comment")?.1;
        } else if c == '\'' {
            let (s, r) = quoted(&rest[1..], '\'')?;
            out.push(Tok::Str(s));
            rest = r;
        } else if c == '%' {
            let after = &rest[1..];
            let (name, r) = match after.chars().next() {
                Some(q @ ('`' | '\'')) => quoted(&after[1..], q)?,
                _ => word(after).ok_or("`%` without a name")?,
            };
            out.push(Tok::Var(name));
            rest = r;
        } else if c == '`' {
            let (s, r) = quoted(&rest[1..], '`')?;
            out.push(Tok::Name(s));
            rest = r;
        } else if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            // `1.exists()`: a dot not followed by a digit ends the number.
            let mut end = end;
            if let Some(dot) = rest[..end].find('.') {
                if !rest[dot + 1..].starts_with(|c: char| c.is_ascii_digit()) {
                    end = dot;
                }
            }
            let n = rest[..end].parse().map_err(|_| "a malformed number")?;
            out.push(Tok::Num(n));
            rest = &rest[end..];
        } else if let Some((name, r)) = word(rest) {
            out.push(Tok::Name(name));
            rest = r;
        } else if let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
            out.push(Tok::Sym(sym));
            rest = &rest[sym.len()..];
        } else {
            return Err(format!("the character `{c}`"));
        }
    }
    Ok(out)
}

/// An identifier at the start of `text`, and what follows it.
fn word(text: &str) -> Option<(String, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let first = text.chars().next()?;
    (end > 0 && (first.is_ascii_alphabetic() || first == '_'))
        .then(|| (text[..end].to_string(), &text[end..]))
}

/// A string up to the closing `quote`, with `FHIRPath`'s escapes; and what follows it.
fn quoted(text: &str, quote: char) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => return Ok((out, &text[i + 1..])),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('f') => out.push('\u{c}'),
                Some('u') => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    out.push(c.ok_or("a malformed \\u escape")?);
                }
                Some(c) => out.push(c),
                None => break,
            },
            c => out.push(c),
        }
    }
    Err("an unclosed quote".into())
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    depth: usize,
    operators: usize,
}

/// Binary operators from the loosest to the tightest; each level's operands are the next.
const LEVELS: [&[&str]; 6] = [
    &["implies"],
    &["or", "xor"],
    &["and"],
    &["=", "!=", "~", "!~", "<", "<=", ">", ">="],
    &["|", "+", "-", "&"],
    &["*", "/", "div", "mod"],
];

impl Parser {
    fn expr(&mut self) -> Result<Ast, String> {
        self.nested(|p| p.level(0))
    }

    /// Runs `f` one level deeper: every way down (parentheses, arguments, signs) comes here.
    fn nested(
        &mut self,
        f: impl FnOnce(&mut Parser) -> Result<Ast, String>,
    ) -> Result<Ast, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
        let ast = f(self);
        self.depth -= 1;
        ast
    }

    fn level(&mut self, n: usize) -> Result<Ast, String> {
        if n == LEVELS.len() {
            return self.postfix();
        }
        let mut left = self.level(n + 1)?;
        while let Some(op) = self.operator(LEVELS[n]) {
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return Err(format!("more than {MAX_OPERATORS} operators"));
            }
            let right = self.level(n + 1)?;
            left = Ast::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// The next token, taken, if it is one of `ops` (a symbol or a word such as `and`).
    fn operator(&mut self, ops: &[&str]) -> Option<String> {
        let op = match self.toks.get(self.at)? {
            Tok::Sym(s) => *s,
            Tok::Name(n) => n.as_str(),
            _ => return None,
        };
        let op = ops.iter().find(|o| **o == op)?.to_string();
        self.at += 1;
        Some(op)
    }

    fn eat(&mut self, sym: &str) -> bool {
        let found = matches!(self.toks.get(self.at), Some(Tok::Sym(s)) if *s == sym);
        self.at += usize::from(found);
        found
    }

    fn postfix(&mut self) -> Result<Ast, String> {
        let mut ast = self.primary()?;
        while self.eat(".") {
            let Some(Tok::Name(name)) = self.toks.get(self.at).cloned() else {
                return Err("a `.` not followed by a name".into());
            };
            self.at += 1;
            let step = self.call_or_name(name)?;
            ast = Ast::Dot(Box::new(ast), Box::new(step));
        }
        Ok(ast)
    }

    fn call_or_name(&mut self, name: String) -> Result<Ast, String> {
        if !self.eat("(") {
            return Ok(Ast::Name(name));
        }
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.expr()?);
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return Err(format!("`{name}(` not closed"));
                }
            }
        }
        Ok(Ast::Call(name, args))
    }

    fn primary(&mut self) -> Result<Ast, String> {
        let tok = self
            .toks
            .get(self.at)
            .cloned()
            .ok_or("an unfinished expression")?;
        self.at += 1;
        match tok {
            Tok::Var(v) => Ok(Ast::Var(v)),
            Tok::Str(s) => Ok(Ast::Str(s)),
            Tok::Num(n) => Ok(Ast::Num(n)),
            Tok::Name(n) => self.call_or_name(n),
            Tok::Sym("{") if self.eat("}") => Ok(Ast::Empty),
            Tok::Sym("(") => {
                let inner = self.expr()?;
                if self.eat(")") {
                    Ok(inner)
                } else {
                    Err("`(` not closed".into())
                }
            }
            Tok::Sym("-") => {
                let operand = self.nested(Parser::postfix)?;
                Ok(Ast::Bin(
                    "-".into(),
                    Box::new(Ast::Num(0.0)),
                    Box::new(operand),
                ))
            }
            other @ Tok::Sym(_) => Err(format!("unexpected {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_box_returns)] // the tree holds boxes
    fn var(v: &str) -> Box<Ast> {
        Box::new(Ast::Var(v.into()))
    }

    #[test]
    fn reads_sums_guards_and_paths() {
        let ast = parse("iif(%a.exists() and %b.exists(), %a + %b, {})").unwrap();
        let exists = |v| Ast::Dot(var(v), Box::new(Ast::Call("exists".into(), vec![])));
        assert_eq!(
            ast,
            Ast::Call(
                "iif".into(),
                vec![
                    Ast::Bin("and".into(), Box::new(exists("a")), Box::new(exists("b"))),
                    Ast::Bin("+".into(), var("a"), var("b")),
                    Ast::Empty,
                ]
            )
        );
        let ast = parse("item.where(linkId = '/a\\'b')").unwrap();
        assert_eq!(
            ast,
            Ast::Dot(
                Box::new(Ast::Name("item".into())),
                Box::new(Ast::Call(
                    "where".into(),
                    vec![Ast::Bin(
                        "=".into(),
                        Box::new(Ast::Name("linkId".into())),
                        Box::new(Ast::Str("/a'b".into()))
                    )]
                ))
            )
        );
        assert_eq!(
            parse("1 + 2.5 * 3").unwrap(),
            parse("1 + (2.5 * 3)").unwrap()
        );
        assert_eq!(parse("%`a b`").unwrap(), Ast::Var("a b".into()));
    }

    #[test]
    fn what_it_cannot_read_is_refused_not_guessed() {
        for bad in [
            "%a +", "iif(%a, ", "'open", "%", "a $ b", "(((1)", "a.", "/* x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(parse(&deep), Err("nested deeper than 40 levels".into()));
        assert!(parse(&"%a + ".repeat(10_000)).is_err());
        assert_eq!(
            parse(&format!("{}1", "-".repeat(100))),
            Err("nested deeper than 40 levels".into())
        );
        let flat = |n| format!("{}%a", "%a + ".repeat(n));
        assert!(parse(&flat(1_000)).is_ok());
        assert_eq!(parse(&flat(1_001)), Err("more than 1000 operators".into()));
    }
}
