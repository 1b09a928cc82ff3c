//! How a question's answer is read by the quickest path (`fast`): worked out once a run for
//! each question ([`Plan`]), and kept in each learned key with what it needs ([`Fast`]).

use super::pattern::{Head, Quoted};
use crate::questionnaire::{Item, ItemType};
use crate::scoring::program::ItemCodes;
use crate::scoring::program::code_bits::{CodeBits, Flip, WORDS};

/// The flips of a yes/no question when the program has none: flipping them changes nothing.
pub static NO_FLIPS: [Flip; 3] = [[0; WORDS]; 3];

/// How a learned key's value is read here, with what that needs.
#[derive(Debug, Clone, Copy)]
pub enum Fast<'k> {
    /// Not here: not a question, or a key or codes too long for the windows.
    General,
    /// A yes/no question: `yes`, `no` (and `not_sure`, if `not_sure`), compared as constants;
    /// with the flips of its codes' bits (see `CodeBits`).
    YesNo {
        slot: u32,
        not_sure: bool,
        flips: &'k [Flip; 3],
    },
    /// A single-choice question: one of its codes, and their flips.
    Code {
        slot: u32,
        codes: &'k Quoted,
        flips: &'k [Flip],
    },
    /// A multiple-choice question of at most 64 options: a list of codes, or one.
    Choices {
        slot: u32,
        codes: &'k Quoted,
        bits_at: u32,
        exclusive: u64,
    },
    /// A number question: a plain number in its bounds (a fraction for a number question).
    Number {
        slot: u32,
        integer: bool,
        min: f64,
        max: f64,
    },
}

/// How a question's value is read here, found once for a run: a learned key takes it with
/// the question's codes (see [`Fast::new`]), as a line whose keys vary learns many.
#[derive(Debug, Clone, Copy)]
pub enum Plan {
    General,
    YesNo { not_sure: bool },
    Code,
    Choices { bits_at: u32, exclusive: u64 },
    Number { integer: bool, min: f64, max: f64 },
}

impl Plan {
    /// How `item`, with these codes, is read here.
    pub fn new(item: &Item, item_codes: &ItemCodes, codes: &Quoted) -> Plan {
        if !codes.fits() {
            return Plan::General;
        }
        match item.kind {
            ItemType::YesNo => match item_codes.codes[..] {
                ["yes", "no"] => Plan::YesNo { not_sure: false },
                ["yes", "no", "not_sure"] => Plan::YesNo { not_sure: true },
                _ => Plan::Code,
            },
            ItemType::SingleChoice => Plan::Code,
            ItemType::MultipleChoice if item_codes.words == 1 => Plan::Choices {
                bits_at: item_codes.bits_at,
                exclusive: item_codes.exclusive.first().copied().unwrap_or(0),
            },
            ItemType::Integer | ItemType::Number => {
                let (min, max) = item.bounds();
                Plan::Number {
                    integer: item.kind == ItemType::Integer,
                    min,
                    max,
                }
            }
            ItemType::MultipleChoice => Plan::General,
        }
    }
}

impl<'k> Fast<'k> {
    /// How the question in `slot`, read as `plan` with `codes`, is read for a key whose head
    /// is `head`; with the program's code flips, if it has them.
    pub fn new(
        plan: Plan,
        codes: &'k Quoted,
        slot: u32,
        head: &Head,
        code_bits: Option<&'k CodeBits>,
    ) -> Fast<'k> {
        if !head.whole() {
            return Fast::General;
        }
        match plan {
            Plan::General => Fast::General,
            Plan::YesNo { not_sure } => Fast::YesNo {
                slot,
                not_sure,
                flips: code_bits
                    .and_then(|c| c.yes_no(slot as usize))
                    .unwrap_or(&NO_FLIPS),
            },
            Plan::Code => Fast::Code {
                slot,
                codes,
                flips: code_bits.map_or(&[], |c| c.codes(slot as usize)),
            },
            Plan::Choices { bits_at, exclusive } => Fast::Choices {
                slot,
                codes,
                bits_at,
                exclusive,
            },
            Plan::Number { integer, min, max } => Fast::Number {
                slot,
                integer,
                min,
                max,
            },
        }
    }
}
