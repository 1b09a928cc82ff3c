//! Ranking when every rule gives whole points (see [`Tops`]): what `ranking::settle` does,
//! with the points added as whole numbers and each target's level and share looked up by
//! them, and only the targets some fired rule gave points worked out. The others (most
//! targets of most records) have no points, the level of none and a share of 0, and rank
//! last in index order, as they do there.
//!
//! A sum of doubles from `-0.0` over whole numbers is that whole number (every partial sum
//! is exact), or `-0.0` when nothing was added: the points a target shows are kept so.

use super::program::Program;
use super::scored::{Rank, Scored};
use super::tops::{Top, Tops, top};
use crate::questionnaire::Target;
use crate::scoring::assessment::Likelihood;

/// Ranks patterns and causes into `s.patterns` and `s.causes`, and keeps every target's
/// level in `s.levels`: as `ranking::settle`.
pub(super) fn settle(p: &Program, tops: &Tops, s: &mut Scored) {
    let q = p.q;
    let (np, nc) = (q.patterns.len(), q.causes.len());
    // At most 64 targets (see `Tops::new`), so every target (patterns first) is a place of
    // `whole` and `levels` (as `& 63` tells the compiler: no checks) and a bit of `given`:
    // set, the target was given points.
    let (mut whole, mut given, m) = ([0i32; 64], 0u64, &p.rule_masks);
    // The fired rules that give points, as `masks::each` visits them, each word's feeds
    // taken as 64 places (`wholes` is padded to whole words): no check per rule.
    for (w, (&fired, &mask)) in s.fired_bits.iter().zip(&m.points).enumerate() {
        let Some(feeds) = (m.wholes.get(w * 64..)).and_then(|f| f.first_chunk::<64>()) else {
            continue;
        };
        let mut bits = fired & mask;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let feed = feeds[bit & 63];
            let target = (feed >> 32) as usize & 63;
            whole[target] += feed as u32 as i32;
            given |= 1 << target;
            if feed >> 63 != 0 {
                let more = m.feeds[w * 64 + bit].more;
                for &(target, points) in &m.more[more.0 as usize..more.1 as usize] {
                    whole[target as usize & 63] += points as i32;
                    given |= 1 << (target & 63);
                }
            }
        }
    }
    let count = (np + nc).min(64).min(tops.none.len());
    let mut levels = tops.levels;
    // Kept from record to record: every key read is written first.
    if s.order.len() < 64 {
        s.order.resize(64, 0);
    }
    let Some(order) = s.order.first_chunk_mut::<64>() else {
        return;
    };
    let mut group = Group {
        tops,
        whole: &whole,
        given,
        worked: given | tops.always,
        levels: &mut levels,
        order,
        raised: 0,
        first: 0,
        count: np.min(count),
        targets: &q.patterns,
        max: &q.index.pattern_max,
    };
    group.rank(&mut s.patterns);
    group.first = group.count;
    group.count = count - group.count;
    group.targets = &q.causes;
    group.max = &q.index.cause_max;
    group.rank(&mut s.causes);
    s.raised = Some(group.raised);
    s.levels.clear();
    s.levels.extend_from_slice(&levels[..count]);
    debug_assert_eq!(s.levels.len(), np + nc);
}

/// The patterns, or the causes (`count` targets from target `first`), with what every
/// target shares: the tables, the whole points, which were given some and which are worked
/// out (bit `t`: target `t`), the levels, and room for a key per target.
struct Group<'a> {
    tops: &'a Tops,
    whole: &'a [i32; 64],
    given: u64,
    worked: u64,
    levels: &'a mut [Likelihood; 64],
    order: &'a mut [u64; 64],
    /// The targets ranked above unlikely (bit `t`: target `t`): the others are all at
    /// their level for no points, unlikely.
    raised: u64,
    first: usize,
    count: usize,
    /// For points a table does not have (none: every sum is in its target's table).
    targets: &'a [Target],
    max: &'a [f64],
}

impl Group<'_> {
    /// Ranks the group into `ranked`, setting the levels of those worked out.
    fn rank(&mut self, ranked: &mut Vec<Rank>) {
        let all = 1u64
            .checked_shl(self.count as u32)
            .map_or(!0, |bit| bit - 1);
        let all = all.checked_shl(self.first as u32).unwrap_or(0);
        // As `ranking::rank`: one number per target with a level or a share, largest
        // first: level, share, then the index counted down. Each is put in its place as it
        // is worked out, no sort after: targets come in index order, so a key goes after
        // every key of its level and share already in place.
        let (mut front, mut shown, mut raised) = (0, 0u64, 0u64);
        let mut bits = self.worked & all;
        while bits != 0 {
            let t = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let Top { level, share } = self.top(t);
            self.levels[t & 63] = level;
            raised |= u64::from(level > Likelihood::Unlikely) << t;
            let top = u64::from(level as u8) << 8 | u64::from(share);
            // Nearly every target given points is ranked: a branch well foreseen.
            if top != 0 {
                let key = top << 32 | u64::from(u32::MAX - t as u32);
                let mut at = front & 63;
                while at > 0 && self.order[(at - 1) & 63] < key {
                    self.order[at & 63] = self.order[(at - 1) & 63];
                    at -= 1;
                }
                self.order[at & 63] = key;
                front += 1;
                shown |= 1 << t;
            }
        }
        self.raised |= raised;
        let front = front.min(64);
        ranked.clear();
        let (group, sorted) = (&*self, &self.order[..front]);
        let rank = |t: usize, score: u8| Rank {
            index: (t - group.first) as u32,
            score,
            level: group.levels[t & 63],
            points: group.points(t),
        };
        ranked.extend(
            (sorted.iter()).map(|&key| rank((u32::MAX - key as u32) as usize, (key >> 32) as u8)),
        );
        let mut rest = all & !shown;
        while rest != 0 {
            ranked.push(rank(rest.trailing_zeros() as usize, 0));
            rest &= rest - 1;
        }
    }

    #[inline]
    fn top(&self, t: usize) -> Top {
        match self.tops.of(t, self.whole[t & 63]) {
            Some(top) => top,
            None => self.worked_out(t),
        }
    }

    #[inline]
    fn points(&self, t: usize) -> f64 {
        if self.given >> t & 1 == 1 {
            f64::from(self.whole[t & 63])
        } else {
            std::iter::empty::<f64>().sum()
        }
    }

    #[cold]
    #[inline(never)]
    fn worked_out(&self, t: usize) -> Top {
        let n = t - self.first;
        top(&self.targets[n], self.points(t), self.max[n])
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
                let raised = (want.levels.iter().enumerate())
                    .filter(|&(_, &level)| level > Likelihood::Unlikely)
                    .fold(0u64, |m, (t, _)| m | 1 << t);
                assert_eq!(got.raised, Some(raised), "{fired:?}");
            }
        }
    }
}
