//! Short byte strings copied fast. A record is hundreds of short fragments (`"id":"code"`,
//! an explanation's answers); copying each through `memcpy` cost more than the bytes did. A
//! piece kept with [`WINDOW`] bytes from its start (in a padded buffer, or in a window of
//! its own in [`Pieces`]) is copied as a whole window, a fixed-size copy the compiler does
//! in a few moves, and the output is cut back to the piece's length.

/// The bytes copied at once; a piece longer than this is copied as usual.
pub(crate) const WINDOW: usize = 64;

/// Half a window: most pieces [`Pieces::put`] copies, `,"id":"code"`, fit it, and copying
/// half is half the moves.
const HALF: usize = WINDOW / 2;

/// Appends `bytes[start..start + len]`: `bytes` holds at least [`WINDOW`] bytes from
/// `start` whenever `len` is short (padding after the last piece).
// Inlined, the window's copy is a few moves; called, it costs what `memcpy` did.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn append(buf: &mut Vec<u8>, bytes: &[u8], start: usize, len: usize) {
    match bytes[start..].first_chunk::<WINDOW>() {
        Some(window) if len <= WINDOW => {
            let at = buf.len();
            buf.extend_from_slice(window);
            buf.truncate(at + len);
        }
        _ => buf.extend_from_slice(&bytes[start..start + len]),
    }
}

/// `text` in a window of `W` bytes of its own (then zeros), and its length: for a table of
/// pieces all of one size, smaller or larger than [`Pieces`]' windows.
pub(crate) fn windowed<const W: usize>(text: &str) -> ([u8; W], usize) {
    let mut window = [0; W];
    window[..text.len()].copy_from_slice(text.as_bytes());
    (window, text.len())
}

/// Appends the first `len` bytes of `window`, as one fixed-size copy.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn append_window<const W: usize>(buf: &mut Vec<u8>, (window, len): &([u8; W], usize)) {
    let at = buf.len();
    buf.extend_from_slice(window);
    buf.truncate(at + len);
}

/// Ends a list or object whose entries from `start` on were each written with the comma
/// before it: the first comma becomes the opening bracket (or the bracket is added, for no
/// entries), then the closing one. One test at the end where a flag was tested, and a comma
/// written, for every entry.
#[inline]
pub(crate) fn enclose(buf: &mut Vec<u8>, start: usize, [open, close]: [u8; 2]) {
    match buf.get_mut(start) {
        Some(first) => *first = open,
        None => buf.push(open),
    }
    buf.push(close);
}

/// Pieces by position, each short one in a window of its own: copying one looks up one
/// slot, where finding it in one shared buffer took three bounds checks.
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    slots: Vec<Slot>,
    /// The pieces longer than [`WINDOW`], one after another.
    long: Vec<u8>,
}

#[derive(Debug)]
struct Slot {
    /// The piece, then zeros; unused for a long piece.
    window: [u8; WINDOW],
    len: u32,
    /// Where a long piece starts in `long`.
    start: u32,
}

impl Pieces {
    /// The pieces, in order.
    pub fn of<P: AsRef<[u8]>>(pieces: impl IntoIterator<Item = P>) -> Pieces {
        let mut all = Pieces::default();
        for piece in pieces {
            all.push(piece.as_ref());
        }
        all
    }

    /// Adds a piece after the others; its position is the count before it.
    pub fn push(&mut self, piece: &[u8]) {
        let mut window = [0; WINDOW];
        let start = self.long.len();
        match window.get_mut(..piece.len()) {
            Some(short) => short.copy_from_slice(piece),
            None => self.long.extend_from_slice(piece),
        }
        self.slots.push(Slot {
            window,
            len: piece.len() as u32,
            start: start as u32,
        });
    }

    /// Makes room for `more` pieces after the others.
    pub fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
    }

    /// Adds piece `a` of `first` followed by piece `b` of `second` as one piece. When the
    /// two fit one window they are joined window on window, copies of fixed size: the
    /// tables of every two ids or every entry a lean line can hold are thousands of pieces
    /// made once a run, and building each through a buffer and `memcpy` cost more than the
    /// run's records often do.
    // Inlined: its call cost a third of what it does.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn push_joined(&mut self, first: &Pieces, a: usize, second: &Pieces, b: usize) {
        let (head, tail) = (&first.slots[a], &second.slots[b]);
        let (at, len) = (head.len as usize, head.len as usize + tail.len as usize);
        if len > WINDOW {
            let mut joined = Vec::with_capacity(len);
            first.append(&mut joined, a);
            second.append(&mut joined, b);
            self.push(&joined);
            return;
        }
        // Each window is zeros past its piece, so the joined one is too.
        let mut joined = [0; 2 * WINDOW];
        joined[..WINDOW].copy_from_slice(&head.window);
        joined[at..at + WINDOW].copy_from_slice(&tail.window);
        let mut window = [0; WINDOW];
        window.copy_from_slice(&joined[..WINDOW]);
        self.slots.push(Slot {
            window,
            len: len as u32,
            start: self.long.len() as u32,
        });
    }

    /// Piece `n`.
    #[cfg(test)]
    pub fn get(&self, n: usize) -> &[u8] {
        let slot = &self.slots[n];
        match slot.window.get(..slot.len as usize) {
            Some(short) => short,
            None => &self.long[slot.start as usize..][..slot.len as usize],
        }
    }

    /// Appends piece `n` to `buf`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn append(&self, buf: &mut Vec<u8>, n: usize) {
        let slot = &self.slots[n];
        let len = slot.len as usize;
        if len <= WINDOW {
            let at = buf.len();
            buf.extend_from_slice(&slot.window);
            buf.truncate(at + len);
        } else {
            buf.extend_from_slice(&self.long[slot.start as usize..][..len]);
        }
    }

    /// Writes piece `n` into `out` from `at`, a short one as its whole window; its length.
    /// `out` holds a window (or the piece, if it is longer) from `at`: a caller that made
    /// room for a run of pieces copies each with no check of a vector's capacity and no
    /// length stored back, which were most of what an appended window cost.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn put(&self, out: &mut [u8], at: usize, n: usize) -> usize {
        let slot = &self.slots[n];
        let len = slot.len as usize;
        if len <= HALF {
            out[at..at + HALF].copy_from_slice(&slot.window[..HALF]);
        } else if len <= WINDOW {
            out[at..at + WINDOW].copy_from_slice(&slot.window);
        } else {
            out[at..at + len].copy_from_slice(&self.long[slot.start as usize..][..len]);
        }
        len
    }

    /// The length of the longest piece, or 0.
    pub fn longest(&self) -> usize {
        (self.slots.iter())
            .map(|s| s.len as usize)
            .max()
            .unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_as_pushed() {
        let long = [b'x'; WINDOW + 9];
        let pieces_in = [&b"\"a\""[..], b"", b"\"bc\":", &long, b"x", &long[..WINDOW]];
        let mut pieces = Pieces::default();
        for piece in pieces_in {
            pieces.push(piece);
        }
        assert_eq!(pieces.len(), pieces_in.len());
        let mut buf = b"[".to_vec();
        for (n, piece) in pieces_in.iter().enumerate() {
            assert_eq!(pieces.get(n), *piece);
            pieces.append(&mut buf, n);
        }
        assert_eq!(buf, [&b"["[..], &pieces_in.concat()].concat());
    }

    /// Every two pieces, short or long, joined are the one and then the other.
    #[test]
    fn joined_pieces_are_one_then_the_other() {
        let texts: Vec<Vec<u8>> = [0, 1, 7, 31, 33, 57, 63, 64, 65, 90]
            .iter()
            .map(|&n| (0..n).map(|i| b'a' + (i % 26) as u8).collect())
            .collect();
        let pieces = Pieces::of(&texts);
        let mut joined = Pieces::default();
        joined.reserve(texts.len() * texts.len());
        for a in 0..texts.len() {
            for b in 0..texts.len() {
                joined.push_joined(&pieces, a, &pieces, b);
                let n = joined.len() - 1;
                assert_eq!(
                    joined.get(n),
                    [&texts[a][..], &texts[b]].concat(),
                    "{a} {b}"
                );
                let mut buf = b"x".to_vec();
                joined.append(&mut buf, n);
                assert_eq!(buf, [&b"x"[..], &texts[a], &texts[b]].concat(), "{a} {b}");
            }
        }
        // A short piece's window is zeros past it, as `push` leaves it.
        for slot in &joined.slots {
            if let Some(rest) = slot.window.get(slot.len as usize..) {
                assert!(rest.iter().all(|&b| b == 0));
            }
        }
    }

    /// Pieces put one after another into room made for them read as the pieces appended.
    #[test]
    fn pieces_put_are_the_pieces() {
        let long = [b'y'; WINDOW + 3];
        // Short, in half a window, in a whole one, and longer.
        let texts = [
            &b"ab"[..],
            b"",
            &long,
            b"cde",
            &long[..WINDOW],
            &long[..=HALF],
        ];
        let pieces = Pieces::of(texts);
        assert_eq!(pieces.longest(), WINDOW + 3);
        let mut out = vec![b'-'; 8 * (WINDOW + 3)];
        let (mut at, mut appended) = (1, b"-".to_vec());
        for n in [0, 2, 1, 3, 4, 5, 0, 5] {
            at += pieces.put(&mut out, at, n);
            pieces.append(&mut appended, n);
        }
        assert_eq!(out[..at], appended);
        assert_eq!(Pieces::default().longest(), 0);
    }

    #[test]
    fn a_window_of_its_own_holds_the_text() {
        let mut buf = b"x".to_vec();
        for text in ["", "a", ",12,possible", "0123456789abcdef"] {
            let window = windowed::<16>(text);
            append_window(&mut buf, &window);
        }
        assert_eq!(buf, b"xa,12,possible0123456789abcdef");
    }

    #[test]
    fn the_first_comma_opens_the_list() {
        let mut buf = b"x:".to_vec();
        enclose(&mut buf, 2, *b"[]");
        buf.extend_from_slice(b",y:,1,2");
        enclose(&mut buf, 7, *b"{}");
        assert_eq!(buf, b"x:[],y:{1,2}");
    }

    #[test]
    fn a_short_piece_near_the_end_of_unpadded_bytes_is_still_copied() {
        let mut buf = Vec::new();
        append(&mut buf, b"abcdef", 2, 3);
        assert_eq!(buf, b"cde");
    }
}
