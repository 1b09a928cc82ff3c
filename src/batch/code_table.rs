//! Finding which of an item's codes a line has, by a perfect hash of the code's first bytes:
//! a single-choice or multiple-choice item has up to a dozen codes, and trying each in turn
//! was most of reading such an answer.

/// A perfect hash of an item's codes by their first bytes, so that a code is found with
/// one multiplication and one comparison instead of a comparison with each code in turn.
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    /// The first bytes every `code"` has (as many as the shortest has), as a mask.
    mask: u64,
    multiplier: u64,
    shift: u32,
    /// By hash: the code's position, or [`u8::MAX`] for none.
    codes: Box<[u8]>,
}

impl CodeTable {
    /// A table for the codes whose `code"` heads are `heads` (with their masks), if their
    /// first bytes differ and a multiplier spreads them over 256 places.
    fn new(heads: &[(u64, u64, usize)]) -> Option<CodeTable> {
        let shortest = heads.iter().map(|&(_, mask, _)| mask).min()?;
        let keys: Vec<u64> = heads.iter().map(|&(head, _, _)| head & shortest).collect();
        CodeTable::spread(&keys, shortest, 8, 8)
    }

    /// A table for whole words `keys` (a question's key, as [`signature`] makes it), of up
    /// to 2^12 places: a questionnaire has a hundred questions, and a perfect hash of that
    /// many needs a sparse table.
    pub fn of_words(keys: &[u64]) -> Option<CodeTable> {
        // From a table so sparse that a multiplier that spreads them is soon found (each
        // try costs a pass over the keys).
        let least = (keys.len() * 16)
            .next_power_of_two()
            .trailing_zeros()
            .max(3);
        CodeTable::spread(keys, u64::MAX, least, 12)
    }

    /// A table of 2^`least` to 2^`most` places for `keys` (masked by `mask`), if they
    /// differ and a multiplier spreads them.
    fn spread(keys: &[u64], mask: u64, least: u32, most: u32) -> Option<CodeTable> {
        let keys: Vec<u64> = keys.iter().map(|&key| key & mask).collect();
        let mut distinct = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < keys.len() || keys.len() >= usize::from(u8::MAX) {
            return None;
        }
        let mut multiplier = 0x9e37_79b9_7f4a_7c15_u64;
        for bits in least..=most {
            if (1usize << bits) < keys.len() {
                continue;
            }
            for _ in 0..64 {
                multiplier = multiplier
                    .wrapping_mul(0x5851_f42d_4c95_7f2d)
                    .wrapping_add(0x1405_7b7e_f767_814f)
                    | 1;
                let mut codes = vec![u8::MAX; 1 << bits];
                let spread = keys.iter().enumerate().all(|(n, &key)| {
                    let slot = &mut codes[(key.wrapping_mul(multiplier) >> (64 - bits)) as usize];
                    let free = *slot == u8::MAX;
                    *slot = n as u8;
                    free
                });
                if spread {
                    return Some(CodeTable {
                        mask,
                        multiplier,
                        shift: 64 - bits,
                        codes: codes.into(),
                    });
                }
            }
        }
        None
    }

    /// The one code whose first bytes `inner` may be: its position, or [`u8::MAX`] (past
    /// every code: fewer than that are kept) if none. The caller's bounds check on the
    /// position is the only check.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn candidate(&self, inner: u64) -> usize {
        let hash = (inner & self.mask).wrapping_mul(self.multiplier) >> self.shift;
        usize::from(self.codes.get(hash as usize).copied().unwrap_or(u8::MAX))
    }
}

/// [`CodeTable`] for an item's codes, of 256 places always: a place is then found with no
/// bounds check and no variable shift, as an item's code is looked up once an answer.
#[derive(Debug, Clone)]
pub struct SmallTable {
    mask: u64,
    multiplier: u64,
    codes: Box<[u8; 256]>,
}

impl SmallTable {
    /// See [`CodeTable::new`].
    pub fn new(heads: &[(u64, u64, usize)]) -> Option<SmallTable> {
        let table = CodeTable::new(heads)?;
        Some(SmallTable {
            mask: table.mask,
            multiplier: table.multiplier,
            codes: table.codes.try_into().ok()?,
        })
    }

    /// See [`CodeTable::candidate`].
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn candidate(&self, inner: u64) -> usize {
        let hash = (inner & self.mask).wrapping_mul(self.multiplier) >> 56;
        usize::from(self.codes[hash as usize])
    }
}

/// A word made of a key's text (without its quotes): its first and last eight bytes and its
/// length, so that keys sharing a start (`sitting_hours_per_day`, `sitting_worsens`) differ.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn signature(text: &[u8]) -> u64 {
    let len = text.len();
    let first = super::bytes::word(text, 0);
    let last = super::bytes::word(text, len.saturating_sub(8));
    (first ^ last.rotate_left(29)).wrapping_add((len as u64).wrapping_mul(0x9e37_79b9))
}
