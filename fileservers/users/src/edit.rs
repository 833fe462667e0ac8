//! The write rule of the store's files: every write is validated, and a write that ends a
//! line commits.
//!
//! A fid opened for writing holds a private copy of its file: the current text, or nothing
//! with `O_TRUNC`, or (with `O_APPEND`) only what it appends after the current text. A write
//! puts its data in the copy at its offset (at the end with `O_APPEND`), then:
//! - if the new text ends with a newline (or is empty), it is validated whole and, valid,
//!   becomes the file's text before the write returns;
//! - otherwise (an unfinished last line) its complete lines are validated and the copy waits
//!   for a later write to finish the line;
//! - if validation fails the write returns `EINVAL` and neither the copy nor the file change.
//!
//! At clunk an unfinished last line is committed if the whole text is then valid, and dropped
//! otherwise (clunk errors reach nobody). Opening with `O_TRUNC` changes nothing by itself:
//! the file changes with the first write. A text longer than one write (over the iounit) is
//! committed at each write that ends a line, so an `EINVAL` in a later write keeps what the
//! earlier writes committed; the store's files are far smaller than an iounit in practice.

use warren_proto::attr::oflags;
use warren_proto::{Errno, Result};

use crate::store::{Store, Table};

/// Largest text a store file may have, in bytes.
const MAX_TEXT: usize = 1 << 20;

/// The pending edit of a fid opened for writing.
pub(crate) struct Edit {
    /// Opened with `O_APPEND`: `copy` holds only what follows the file's current text.
    append: bool,
    /// The fid's copy of the new text (or of the appended bytes).
    copy: Vec<u8>,
    /// Whether `copy` ends in an unfinished line that is not committed yet.
    pending: bool,
}

impl Edit {
    /// The edit of a fid opened with `flags` on a file whose text is `current`.
    pub(crate) fn new(flags: u32, current: &str) -> Edit {
        let append = flags & oflags::O_APPEND != 0;
        let empty = append || flags & oflags::O_TRUNC != 0;
        let copy = if empty {
            Vec::new()
        } else {
            current.as_bytes().to_vec()
        };
        Edit {
            append,
            copy,
            pending: false,
        }
    }

    /// Apply a write of `data` at `offset` (bytes from the start of the copy; ignored when
    /// appending) under the rule of this module; returns the bytes written.
    ///
    /// # Errors
    /// `EINVAL` (an invalid text, a line that is not UTF-8, an offset past the end of the
    /// copy), `EFBIG` (a text over 1 MiB). Nothing changes on error.
    pub(crate) fn write(
        &mut self,
        store: &mut Store,
        table: Table,
        offset: u64,
        data: &[u8],
    ) -> Result<u32> {
        let written = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
        let copy = self.spliced(offset, data)?;
        let text = self.text(store, table, &copy);
        if text.len() > MAX_TEXT {
            return Err(Errno::EFBIG);
        }
        let complete = text.is_empty() || text.ends_with(b"\n");
        if complete {
            store.replace(table, utf8(&text)?)?;
        } else {
            let end = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            store.check(table, utf8(&text[..end])?)?;
        }
        self.copy = if complete && self.append {
            Vec::new()
        } else {
            copy
        };
        self.pending = !complete;
        Ok(written)
    }

    /// At clunk: commit an unfinished last line if the whole text is valid; otherwise the
    /// file keeps its last committed text.
    pub(crate) fn finish(self, store: &mut Store, table: Table) {
        if !self.pending {
            return;
        }
        let text = self.text(store, table, &self.copy);
        if let Ok(text) = utf8(&text) {
            let _ = store.replace(table, text);
        }
    }

    /// The copy after writing `data` at `offset`. Errors: `EINVAL` for an offset past its end.
    fn spliced(&self, offset: u64, data: &[u8]) -> Result<Vec<u8>> {
        let mut copy = self.copy.clone();
        let at = match self.append {
            true => copy.len(),
            false => usize::try_from(offset).map_err(|_| Errno::EINVAL)?,
        };
        if at > copy.len() {
            return Err(Errno::EINVAL);
        }
        let end = copy.len().min(at + data.len());
        copy.splice(at..end, data.iter().copied());
        Ok(copy)
    }

    /// The whole new text of the file for `copy`.
    fn text(&self, store: &Store, table: Table, copy: &[u8]) -> Vec<u8> {
        match self.append {
            true => [store.text(table).as_bytes(), copy].concat(),
            false => copy.to_vec(),
        }
    }
}

/// `bytes` as text. Errors: `EINVAL` when they are not UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|_| Errno::EINVAL)
}
