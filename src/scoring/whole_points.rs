//! Ranking when every rule gives whole points (see [`Tops`]): what `ranking::settle` does,
//! with the points added as whole numbers and each target's level and share looked up by
//! them, and only the targets some fired rule gave points worked out. The others (most
//! targets of most records) have no points, the level of none and a share of 0, and rank
//! last in index order, as they do there.
//!
//! A sum of doubles from `-0.0` over whole numbers is that whole number (every partial sum
//! is exact), or `-0.0` when nothing was added: the points a target shows are kept so.

use super::program::{Program, masks};
use super::scored::{Rank, Scored};
use super::tops::{Row, Top, Tops, top};
use crate::questionnaire::Target;
use crate::scoring::assessment::Likelihood;

/// Ranks patterns and causes into `s.patterns` and `s.causes`, and keeps every target's
/// level in `s.levels`: as `ranking::settle`.
pub(super) fn settle(p: &Program, tops: &Tops, s: &mut Scored) {
    let q = p.q;
    let (np, nc) = (q.patterns.len(), q.causes.len());
    // At most 64 targets (see `Tops::new`), so every target is a place of `whole` (as
    // `& 63` tells the compiler) and a bit of `given`: set, the target was given points.
    let (mut whole, mut given, m) = ([0i32; 64], 0u64, &p.rule_masks);
    masks::each(&s.fired_bits, &m.points, |r| {
        let feed = m.feeds[r as usize];
        whole[feed.target as usize & 63] += feed.whole;
        given |= 1 << (feed.target & 63);
        if feed.more.0 != feed.more.1 {
            for &(target, points) in &m.more[feed.more.0 as usize..feed.more.1 as usize] {
                whole[target as usize & 63] += points as i32;
                given |= 1 << (target & 63);
            }
        }
    });
    let worked = given | tops.always;
    s.levels.clear();
    s.levels.extend_from_slice(&tops.none);
    if s.order.len() < 64 {
        s.order.resize(64, 0);
    }
    let (patterns, causes) = whole[..(np + nc).min(64)].split_at(np.min(64));
    let patterns = Group {
        tops,
        rows: tops.rows(0, np),
        first: 0,
        whole: patterns,
        given,
        worked,
        targets: &q.patterns,
        max: &q.index.pattern_max,
    };
    patterns.rank(&mut s.patterns, &mut s.levels, &mut s.order);
    let causes = Group {
        tops,
        rows: tops.rows(np, nc),
        first: np,
        whole: causes,
        given: given.checked_shr(np as u32).unwrap_or(0),
        worked: worked.checked_shr(np as u32).unwrap_or(0),
        targets: &q.causes,
        max: &q.index.cause_max,
    };
    causes.rank(&mut s.causes, &mut s.levels, &mut s.order);
    debug_assert_eq!(s.levels.len(), np + nc);
}

/// The patterns, or the causes: their tables, where their levels start, their whole
/// points, which were given some (bit `n`: target `n` of the group) and which are worked
/// out.
struct Group<'a> {
    tops: &'a Tops,
    rows: &'a [Row],
    first: usize,
    whole: &'a [i32],
    given: u64,
    worked: u64,
    /// For points a table does not have (none: every sum is in its target's table).
    targets: &'a [Target],
    max: &'a [f64],
}

impl Group<'_> {
    /// Ranks the group into `ranked`, setting the levels of those worked out; `order` has
    /// room for 64 keys.
    fn rank(&self, ranked: &mut Vec<Rank>, levels: &mut [Likelihood], order: &mut [u64]) {
        let count = self.rows.len().min(self.whole.len());
        let all = 1u64.checked_shl(count as u32).map_or(!0, |bit| bit - 1);
        // As `ranking::rank`: one number per target with a level or a share, sorted:
        // level, share, then the index counted down.
        let (mut front, mut shown) = (0, 0u64);
        let mut bits = self.worked & all;
        while bits != 0 {
            let n = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let Top { level, share } = self.top(n);
            levels[self.first + n] = level;
            let top = u64::from(level as u8) << 8 | u64::from(share);
            if top != 0 {
                order[front] = top << 32 | u64::from(u32::MAX - n as u32);
                front += 1;
                shown |= 1 << n;
            }
        }
        let sorted = &mut order[..front];
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        ranked.clear();
        let rank = |index: u32, score: u8| Rank {
            index,
            score,
            level: levels[self.first + index as usize],
            points: self.points(index as usize),
        };
        ranked.extend(
            sorted
                .iter()
                .map(|&key| rank(u32::MAX - key as u32, (key >> 32) as u8)),
        );
        let mut rest = all & !shown;
        while rest != 0 {
            ranked.push(rank(rest.trailing_zeros(), 0));
            rest &= rest - 1;
        }
    }

    #[inline]
    fn top(&self, n: usize) -> Top {
        match self.tops.of(&self.rows[n], self.whole[n]) {
            Some(top) => top,
            None => self.worked_out(n),
        }
    }

    #[inline]
    fn points(&self, n: usize) -> f64 {
        if self.given >> n & 1 == 1 {
            f64::from(self.whole[n])
        } else {
            std::iter::empty::<f64>().sum()
        }
    }

    #[cold]
    #[inline(never)]
    fn worked_out(&self, n: usize) -> Top {
        top(&self.targets[n], self.points(n), self.max[n])
    }
}

#[cfg(test)]
mod tests {
    use crate::document;
    use crate::questionnaire::{Definition, EMBEDDED, EMBEDDED_NAME, Questionnaire};
    use crate::scoring::assessment::Likelihood;
    use crate::scoring::program::{Program, masks};
    use crate::scoring::{Scored, ranking};
    use crate::testing::Rng;

    #[test]
    fn ranking_by_whole_points_is_ranking_by_points() {
        let mut rng = Rng(0xbb67_ae85_84ca_a73b);
        let caps = [None, Some(Likelihood::Unlikely), Some(Likelihood::Possible)];
        for round in 0..40 {
            // The embedded questionnaire, its targets' thresholds and caps changed: some
            // at 0 or below, which rank even with no points.
            let mut d: Definition = document::from_yaml(EMBEDDED, EMBEDDED_NAME).expect("parses");
            for t in d.patterns.iter_mut().chain(&mut d.causes) {
                if round > 0 {
                    t.likely_at = (rng.next() % 12) as f64 - 2.0;
                    t.at_most = caps[(rng.next() % 3) as usize];
                }
            }
            let q = Questionnaire::new(d);
            let (general, fast) = (Program::new(&q), Program::for_many(&q));
            let tops = fast.tables.as_ref().and_then(|t| t.tops.as_ref());
            let tops = tops.expect("whole points");
            let (mut want, mut got) = (Scored::default(), Scored::default());
            let rules = q.rules.len();
            for _ in 0..200 {
                let keep = rng.next() % 4 + 1;
                let fired: Vec<u32> = (0..rules as u32)
                    .filter(|_| rng.next() % 5 < keep)
                    .collect();
                masks::words_of(&fired, rules, &mut want.fired_bits);
                masks::words_of(&fired, rules, &mut got.fired_bits);
                ranking::settle(&general, &mut want);
                super::settle(&fast, tops, &mut got);
                let seen = |s: &Scored| format!("{:?} {:?} {:?}", s.patterns, s.causes, s.levels);
                assert_eq!(seen(&got), seen(&want), "{fired:?}");
            }
        }
    }
}
