//! An answer value read from a JSON line, checked into a slot's [`Answer`] by the same rules
//! `answers::check` applies (its helpers are called, not copied), without the strings and
//! lists a checked `Value` holds.

use std::borrow::Cow;

use crate::answers::raw::Raw;
use crate::answers::{in_bounds, number, option_at, yes_no};
use crate::questionnaire::{Item, ItemType, NOT_SURE};
use crate::scoring::program::ItemCodes;
use crate::scoring::{Answer, Sheet};

/// A string answer for an item that is not a multiple choice (see [`Chosen`]).
pub fn answer_of_text(item: &Item, text: &str) -> Option<Answer> {
    match item.kind {
        // The usual spellings first, then what `answers::check` accepts.
        ItemType::YesNo => match text {
            "yes" => Some(Answer::Code(0)),
            "no" => Some(Answer::Code(1)),
            _ => yes_no_code(yes_no(&Raw::Text(Cow::Borrowed(text)), item.not_sure)?),
        },
        ItemType::SingleChoice => {
            let exact = item.options.iter().position(|o| o.value == text);
            Some(Answer::Code(exact.or_else(|| option_at(item, text))? as u32))
        }
        ItemType::MultipleChoice => None,
        ItemType::Integer | ItemType::Number => {
            answer_of_number(item, number(&Raw::Text(Cow::Borrowed(text)))?)
        }
    }
}

/// A yes/no answer's code position: `yes`, `no`, `not_sure`, as `Item::codes` orders them.
fn yes_no_code(code: &str) -> Option<Answer> {
    match code {
        "yes" => Some(Answer::Code(0)),
        "no" => Some(Answer::Code(1)),
        NOT_SURE => Some(Answer::Code(2)),
        _ => None,
    }
}

/// A boolean answer: `yes` or `no`, for a yes/no item only.
pub fn answer_of_bool(item: &Item, b: bool) -> Option<Answer> {
    (item.kind == ItemType::YesNo).then_some(Answer::Code(u32::from(!b)))
}

/// A number answer (already finite, or refused): a whole number in bounds for an integer
/// item, any number in bounds for a number item.
pub fn answer_of_number(item: &Item, n: f64) -> Option<Answer> {
    let n = number(&Raw::Number(n))?;
    match item.kind {
        ItemType::Integer if n.fract() == 0.0 => Some(Answer::Int(in_bounds(item, n)? as i64)),
        ItemType::Number => Some(Answer::Num(in_bounds(item, n)?)),
        _ => None,
    }
}

/// A whole number answer: what [`answer_of_number`] makes of a finite number that is
/// neither negative nor fractional, without the checks such a number passes.
pub fn answer_of_whole(item: &Item, n: f64) -> Option<Answer> {
    match item.kind {
        ItemType::Integer => Some(Answer::Int(in_bounds(item, n)? as i64)),
        ItemType::Number => Some(Answer::Num(in_bounds(item, n)?)),
        _ => None,
    }
}

/// The choices of a multiple-choice answer as they are read, set straight in the sheet.
pub struct Chosen<'s> {
    item: &'s Item,
    codes: &'s ItemCodes<'s>,
    words: &'s mut [u64],
    /// How many options are chosen (an option given twice counts once).
    count: u32,
}

impl<'s> Chosen<'s> {
    pub fn new(sheet: &'s mut Sheet, item: &'s Item, codes: &'s ItemCodes<'s>) -> Chosen<'s> {
        Chosen {
            item,
            codes,
            words: sheet.choices(codes),
            count: 0,
        }
    }

    /// Adds the options `text` names, separated by commas; `None` if one is not an option.
    pub fn add_text(&mut self, text: &str) -> Option<()> {
        for part in text.split(',') {
            self.add_code(option_at(self.item, part)? as u32);
        }
        Some(())
    }

    /// Adds option `n`.
    pub fn add_code(&mut self, n: u32) {
        let (word, bit) = (&mut self.words[n as usize / 64], 1 << (n % 64));
        self.count += u32::from(*word & bit == 0);
        *word |= bit;
    }

    /// The answer: at least one option, and an exclusive "none of these" alone.
    pub fn answer(self) -> Option<Answer> {
        if self.count == 0 {
            return None;
        }
        let exclusive = (self.words.iter().zip(&self.codes.exclusive)).any(|(w, x)| w & x != 0);
        (!exclusive || self.count == 1).then_some(Answer::Codes(self.codes.bits_at))
    }
}

/// A JSON number: the usual short forms computed directly, exactly as `serde_json` reads
/// them (a whole number, or up to 15 digits with a point: one correctly rounded division),
/// and everything else read by `serde_json` itself.
pub fn json_number(text: &[u8]) -> Option<f64> {
    short_number(text).or_else(|| serde_json::from_slice(text).ok())
}

/// `-?(0|[1-9][0-9]*)(.[0-9]+)?` with at most 15 digits in all, else `None`; one pass.
fn short_number(text: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, text),
    };
    if digits.len() > 1 && digits[0] == b'0' && digits[1] != b'.' {
        return None;
    }
    let (mut mantissa, mut count, mut decimals) = (0u64, 0, None);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                decimals = decimals.map(|d: usize| d + 1);
                if count > 15 {
                    return None;
                }
            }
            b'.' if decimals.is_none() && count > 0 => decimals = Some(0),
            _ => return None,
        }
    }
    let decimals = match decimals {
        None if count > 0 => 0,
        Some(d) if d > 0 => d,
        _ => return None,
    };
    let value = mantissa as f64 / POW10[decimals];
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_are_what_serde_json_reads() {
        let mut state = 0x853c_49e6_748f_ea9b_u64;
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "7",
            "40",
            "0.5",
            "7.50",
            "-3.25",
            "123456789012345",
            "0.000000000000001",
            "99999999.9999999",
            "1.",
            "01",
            "-",
            "1e2",
            "1.5e-3",
            "+1",
            ".5",
            "1..2",
            "-0.0",
            "1234567890123456",
            "0.1",
            "0.2",
            "0.3",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let whole = state % 10_000_000;
            let decimals = (state >> 40) % 9;
            let fraction = (state >> 20) % 10u64.pow(decimals as u32);
            texts.push(match decimals {
                0 => whole.to_string(),
                d => format!("{whole}.{fraction:0width$}", width = d as usize),
            });
        }
        for text in &texts {
            let ours = json_number(text.as_bytes());
            let theirs: Option<f64> = serde_json::from_str(text).ok();
            assert_eq!(ours.map(f64::to_bits), theirs.map(f64::to_bits), "{text}");
        }
    }
}

/// A line read into a sheet: who it is from, if it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<'t> {
    pub respondent: Option<Respondent<'t>>,
}

/// Who a line is from, as the line has it.
#[derive(Debug, Clone, PartialEq)]
pub enum Respondent<'t> {
    /// A string without escapes, borrowed from the line.
    Text(&'t str),
    /// A number, boolean or null.
    Json(serde_json::Value),
}
