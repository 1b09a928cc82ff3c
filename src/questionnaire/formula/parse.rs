//! Reading a formula's text: a recursive-descent parser whose depth is counted, so a
//! formula nests at most [`MAX_DEPTH`] levels and parsing never runs deep.

use serde::Deserialize;

use super::{Expr, Formula, Function, MAX_DEPTH, MAX_LEN, Name, Target};

pub(super) fn formula(text: &str) -> Result<Formula, String> {
    if text.len() > MAX_LEN {
        return Err(format!(
            "a formula is at most {MAX_LEN} characters; this one has {}",
            text.len()
        ));
    }
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    let expr = p.sum()?;
    p.skip_space();
    if p.pos < text.len() {
        return Err(format!(
            "unexpected `{}` at character {}",
            p.rest_char(),
            p.pos + 1
        ));
    }
    Ok(Formula {
        text: text.to_string(),
        expr,
    })
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.text[self.pos..].starts_with([' ', '\t', '\n']) {
            self.pos += 1;
        }
    }

    fn rest_char(&self) -> char {
        self.text[self.pos..].chars().next().unwrap_or(' ')
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.text[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("a formula nests at most {MAX_DEPTH} levels deep"));
        }
        Ok(())
    }

    /// `term (('+' | '-') term)*`
    fn sum(&mut self) -> Result<Expr, String> {
        self.deeper()?;
        let mut left = self.product()?;
        loop {
            let op = if self.eat('+') {
                '+'
            } else if self.eat('-') {
                '-'
            } else {
                break;
            };
            let right = self.product()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    /// `unary (('*' | '/') unary)*`
    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat('*') {
                '*'
            } else if self.eat('/') {
                '/'
            } else {
                break;
            };
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat('-') {
            self.deeper()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        self.skip_space();
        let rest = &self.text[self.pos..];
        if self.eat('(') {
            let e = self.sum()?;
            if !self.eat(')') {
                return Err(format!("a `)` is missing at character {}", self.pos + 1));
            }
            return Ok(e);
        }
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if number_len > 0 {
            let digits = &rest[..number_len];
            let n: f64 = digits
                .parse()
                .map_err(|_| format!("`{digits}` is not a number"))?;
            self.pos += number_len;
            return Ok(Expr::Number(n));
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        if name_len == 0 {
            return Err(if rest.is_empty() {
                "the formula ends where a number or a name was expected".into()
            } else {
                format!(
                    "unexpected `{}` at character {}: expected a number, a name or `(`",
                    self.rest_char(),
                    self.pos + 1
                )
            });
        }
        let name = &rest[..name_len];
        self.pos += name_len;
        if !self.eat('(') {
            return Ok(Expr::Name(Name {
                id: name.to_string(),
                target: Target::Unresolved,
            }));
        }
        let function = Function::from_name(name).ok_or_else(|| {
            format!("unknown function `{name}`: use `min`, `max`, `round`, `floor` or `ceil`")
        })?;
        let mut args = Vec::new();
        if !self.eat(')') {
            loop {
                args.push(self.sum()?);
                if self.eat(')') {
                    break;
                }
                if !self.eat(',') {
                    return Err(format!(
                        "a `,` or `)` is missing at character {}",
                        self.pos + 1
                    ));
                }
            }
        }
        if !function.takes(args.len()) {
            return Err(format!(
                "`{name}` takes {}",
                if matches!(function, Function::Min | Function::Max) {
                    "one or more values"
                } else {
                    "one value"
                }
            ));
        }
        Ok(Expr::Call(function, args))
    }
}

impl<'de> Deserialize<'de> for Formula {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Formula::parse(&text).unwrap_or_else(|why| Formula {
            text,
            expr: Expr::Unparsed(why),
        }))
    }
}
