//! Input ready for readers: the records the line discipline completed, in order.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};

/// Bytes (plus one per record) of ready input a terminal holds before its input task stops
/// reading the backend until a reader takes some.
pub(crate) const INPUT_CAPACITY: usize = 64 * 1024;

/// Completed input. Invariant: `bytes` is the sum of the record lengths. An empty record is an
/// end of file (a ^D on an empty line).
#[derive(Debug, Default)]
pub(crate) struct Ready {
    records: VecDeque<Bytes>,
    bytes: usize,
}

impl Ready {
    /// Append a record.
    pub(crate) fn push(&mut self, record: Vec<u8>) {
        self.bytes += record.len();
        self.records.push_back(Bytes::from(record));
    }

    /// Whether the input task may read more from the backend.
    pub(crate) fn has_room(&self) -> bool {
        self.bytes + self.records.len() < INPUT_CAPACITY
    }

    /// Forget all ready input.
    pub(crate) fn clear(&mut self) {
        self.records.clear();
        self.bytes = 0;
    }

    /// Up to `count` (> 0) bytes, or `None` when nothing is ready. Canonical: from the first
    /// record only (a read returns at most one line). Raw: across records up to an end of file.
    /// An end-of-file record at the front is consumed and gives an empty result.
    pub(crate) fn take(&mut self, count: usize, raw: bool) -> Option<Bytes> {
        let front = self.records.front_mut()?;
        if front.is_empty() {
            self.records.pop_front();
            return Some(Bytes::new());
        }
        if !raw || front.len() >= count {
            return Some(self.take_front(count));
        }
        let mut out = BytesMut::new();
        while out.len() < count && self.records.front().is_some_and(|r| !r.is_empty()) {
            out.extend_from_slice(&self.take_front(count - out.len()));
        }
        Some(out.freeze())
    }

    /// Up to `count` bytes of the first (non-empty) record, dropping it once used up.
    fn take_front(&mut self, count: usize) -> Bytes {
        let Some(front) = self.records.front_mut() else {
            return Bytes::new();
        };
        let out = if front.len() > count {
            front.split_to(count)
        } else {
            self.records.pop_front().unwrap_or_default()
        };
        self.bytes -= out.len();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(records: &[&[u8]]) -> Ready {
        let mut r = Ready::default();
        for rec in records {
            r.push(rec.to_vec());
        }
        r
    }

    #[test]
    fn canonical_take_returns_one_line_in_pieces() {
        let mut r = ready(&[b"hello\n", b"next\n"]);
        assert_eq!(r.take(3, false).as_deref(), Some(&b"hel"[..]));
        assert_eq!(r.take(100, false).as_deref(), Some(&b"lo\n"[..]));
        assert_eq!(r.take(100, false).as_deref(), Some(&b"next\n"[..]));
        assert_eq!(r.take(100, false), None);
    }

    #[test]
    fn raw_take_joins_records_but_stops_at_end_of_file() {
        let mut r = ready(&[b"ab", b"cd", b"", b"ef"]);
        assert_eq!(r.take(3, true).as_deref(), Some(&b"abc"[..]));
        assert_eq!(r.take(100, true).as_deref(), Some(&b"d"[..]));
        assert_eq!(r.take(100, true).as_deref(), Some(&b""[..]));
        assert_eq!(r.take(100, true).as_deref(), Some(&b"ef"[..]));
    }

    #[test]
    fn room_runs_out_at_capacity_and_returns_when_taken() {
        let mut r = ready(&[&vec![b'x'; INPUT_CAPACITY]]);
        assert!(!r.has_room());
        r.take(INPUT_CAPACITY, false);
        assert!(r.has_room());
    }
}
