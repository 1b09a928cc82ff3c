//! Splitting `dgs score` input into records of bounded size: a line of JSON Lines, or a CSV
//! row (which may run over several lines inside a quoted field). A record longer than
//! [`MAX_RECORD`] is skipped to its end without being kept, so `dgs score - < /dev/zero`
//! runs in constant memory, and the record is reported as bad instead of ending the run.

use std::io::{self, BufRead};

/// The most one record may be: answer sets are a few kilobytes.
pub const MAX_RECORD: usize = 1 << 20;

/// How a record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// At a line break, or at the end of the input.
    Whole,
    /// It was longer than [`MAX_RECORD`]; nothing of it was kept.
    TooLong,
    /// The input ended inside a quoted field that opened on this line.
    OpenQuote { line: usize },
}

/// Where a record was found and how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The input line the record starts on (1-based).
    pub line: usize,
    pub ending: Ending,
}

pub struct Records<R> {
    reader: R,
    /// Whether `"` opens a quoted field in which line breaks do not end the record (CSV).
    quoted: bool,
    /// Line breaks read so far.
    lines: usize,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, quoted: bool) -> Self {
        Records {
            reader,
            quoted,
            lines: 0,
        }
    }

    /// Appends the next record, with its line break, to `buf`; `None` at the end of the input.
    /// A record that is too long leaves `buf` as it was.
    pub fn next(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<Found>> {
        let start = buf.len();
        let line = self.lines + 1;
        let mut any = false;
        let mut too_long = false;
        // In CSV, the line where the quoted field now open began.
        let mut open_quote: Option<usize> = None;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !any {
                    return Ok(None);
                }
                let ending = match (too_long, open_quote) {
                    (true, _) => Ending::TooLong,
                    (false, Some(line)) => Ending::OpenQuote { line },
                    (false, None) => Ending::Whole,
                };
                return Ok(Some(Found { line, ending }));
            }
            any = true;
            let end = if self.quoted {
                scan_quoted(available, &mut self.lines, &mut open_quote)
            } else {
                let end = memchr::memchr(b'\n', available);
                self.lines += usize::from(end.is_some());
                end
            };
            let take = end.map_or(available.len(), |at| at + 1);
            if !too_long {
                if buf.len() - start + take > MAX_RECORD + 1 {
                    too_long = true;
                    buf.truncate(start);
                } else {
                    buf.extend_from_slice(&available[..take]);
                }
            }
            self.reader.consume(take);
            if end.is_some() {
                let ending = if too_long {
                    Ending::TooLong
                } else {
                    Ending::Whole
                };
                return Ok(Some(Found { line, ending }));
            }
        }
    }
}

/// The position of the line break that ends the record, outside quotes; counts lines.
/// A doubled `""` inside a quoted field toggles twice, so counting quotes is enough.
fn scan_quoted(bytes: &[u8], lines: &mut usize, open_quote: &mut Option<usize>) -> Option<usize> {
    for at in memchr::memchr2_iter(b'"', b'\n', bytes) {
        match bytes[at] {
            b'"' => {
                *open_quote = match open_quote {
                    Some(_) => None,
                    None => Some(*lines + 1),
                };
            }
            b'\n' => {
                *lines += 1;
                if open_quote.is_none() {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &[u8], quoted: bool) -> Vec<(String, Found)> {
        let mut records = Records::new(io::BufReader::with_capacity(7, input), quoted);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match records.next(&mut buf).unwrap() {
                Some(found) => out.push((String::from_utf8(buf).unwrap(), found)),
                None => return out,
            }
        }
    }

    fn whole(line: usize) -> Found {
        Found {
            line,
            ending: Ending::Whole,
        }
    }

    #[test]
    fn lines_and_quoted_rows() {
        assert_eq!(
            split(b"a\nbb\n\nc", false),
            vec![
                ("a\n".into(), whole(1)),
                ("bb\n".into(), whole(2)),
                ("\n".into(), whole(3)),
                ("c".into(), whole(4)),
            ]
        );
        assert_eq!(
            split(b"x,\"two\nlines\"\ny,\"say \"\"hi\"\"\"\n", true),
            vec![
                ("x,\"two\nlines\"\n".into(), whole(1)),
                ("y,\"say \"\"hi\"\"\"\n".into(), whole(3)),
            ]
        );
        assert_eq!(
            split(b"a,b\n1,\"open\n2,3\n", true),
            vec![
                ("a,b\n".into(), whole(1)),
                (
                    "1,\"open\n2,3\n".into(),
                    Found {
                        line: 2,
                        ending: Ending::OpenQuote { line: 2 }
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_record_too_long_is_skipped_and_reading_goes_on() {
        for quoted in [false, true] {
            let mut input = vec![0u8; MAX_RECORD * 3];
            input.extend_from_slice(b"\nnext\n");
            let mut records = Records::new(&input[..], quoted);
            let mut buf = Vec::new();
            let found = records.next(&mut buf).unwrap().unwrap();
            assert_eq!(found.ending, Ending::TooLong);
            assert!(buf.is_empty());
            assert_eq!(records.next(&mut buf).unwrap(), Some(whole(2)));
            assert_eq!(buf, b"next\n");
        }
        // Exactly the limit, with its line break, is still a record.
        let mut input = vec![b'a'; MAX_RECORD];
        input.push(b'\n');
        let mut buf = Vec::new();
        let found = Records::new(&input[..], false).next(&mut buf).unwrap();
        assert_eq!(found, Some(whole(1)));
    }
}
