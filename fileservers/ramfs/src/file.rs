//! Regular file contents and the server-wide space they use.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use warren_proto::{Errno, Result};

/// The largest size a file may reach, in bytes (1 GiB): beyond it writes and truncates fail
/// with `EFBIG`, so a stray offset cannot make the server allocate without bound.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// The bytes all files of one server hold, against an optional limit.
pub(crate) struct Space {
    limit: u64,
    used: AtomicU64,
}

impl Space {
    /// A budget of `limit` bytes (`u64::MAX`: no limit).
    pub(crate) fn new(limit: u64) -> Arc<Space> {
        Arc::new(Space {
            limit,
            used: AtomicU64::new(0),
        })
    }

    /// The limit in bytes and the bytes in use.
    pub(crate) fn usage(&self) -> (u64, u64) {
        (self.limit, self.used.load(Ordering::Relaxed))
    }

    /// Take `n` more bytes of the budget.
    ///
    /// # Errors
    /// `ENOSPC` when that would pass the limit.
    fn reserve(&self, n: u64) -> Result<()> {
        self.used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(n).filter(|&total| total <= self.limit)
            })
            .map(drop)
            .map_err(|_| Errno::ENOSPC)
    }

    /// Give back `n` bytes.
    fn release(&self, n: u64) {
        self.used.fetch_sub(n, Ordering::Relaxed);
    }
}

/// A regular file's bytes, charged to its server's [`Space`] until dropped.
pub(crate) struct FileData {
    bytes: Vec<u8>,
    space: Arc<Space>,
}

impl FileData {
    /// An empty file charged to `space`.
    pub(crate) fn new(space: Arc<Space>) -> FileData {
        FileData {
            bytes: Vec::new(),
            space,
        }
    }

    /// The size in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// A copy of up to `count` bytes at `offset`; empty at or past the end.
    pub(crate) fn read(&self, offset: u64, count: u32) -> Bytes {
        let len = self.bytes.len();
        let start = usize::try_from(offset).unwrap_or(len).min(len);
        let end = start.saturating_add(count as usize).min(len);
        Bytes::copy_from_slice(&self.bytes[start..end])
    }

    /// Write `data` at `offset`, zero-filling any gap past the end; returns the bytes written.
    ///
    /// # Errors
    /// `EFBIG` past [`MAX_FILE_SIZE`], `ENOSPC` past the server's limit.
    pub(crate) fn write(&mut self, offset: u64, data: &[u8]) -> Result<u32> {
        let n = u32::try_from(data.len()).map_err(|_| Errno::EFBIG)?;
        let end = offset.checked_add(u64::from(n)).ok_or(Errno::EFBIG)?;
        if end > self.len() {
            self.resize(end)?;
        }
        let start = offset as usize;
        self.bytes[start..start + data.len()].copy_from_slice(data);
        Ok(n)
    }

    /// Truncate or zero-extend to `size` bytes.
    ///
    /// # Errors
    /// `EFBIG` past [`MAX_FILE_SIZE`], `ENOSPC` past the server's limit.
    pub(crate) fn resize(&mut self, size: u64) -> Result<()> {
        if size > MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        let old = self.len();
        if size > old {
            self.space.reserve(size - old)?;
        } else {
            self.space.release(old - size);
        }
        self.bytes.resize(size as usize, 0);
        if size < old / 2 {
            self.bytes.shrink_to_fit();
        }
        Ok(())
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        self.space.release(self.len());
    }
}
