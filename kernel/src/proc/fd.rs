//! Open files and fd tables (Plan 9 `Fgrp`; POSIX open file descriptions).
//!
//! An fd is an index into a process's [`FdTable`]; its entry is an `Arc<OpenFile>` shared by
//! `dup`, by fd tables copied at spawn, and by tables shared with `Share`. The open file's
//! chan is clunked when the last `Arc` goes.
//!
//! Offsets: a read or write reads the offset when it starts and sets it to start + bytes
//! moved when it ends; the offset's lock is never held across the server call, so a read
//! blocked on a pipe or console never holds up a write through the same open file.
//! Concurrent I/O on one open file is therefore not serialised. Pipes and consoles ignore
//! offsets.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use warren_proto::attr::getattr::{BASIC, SIZE};
use warren_proto::attr::oflags::{O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY};
use warren_proto::{Attr, Caller, Errno, Result};

use crate::ns::Chan;
use crate::types::Fd;

/// Most fds a table holds; opening more fails with `EMFILE`.
pub const MAX_FDS: usize = 1024;

/// An open file: an opened chan, its open flags, its offset (POSIX "open file
/// description") and the name it was opened by (Plan 9 `Chan.path`, for `/proc/N/fd`).
pub struct OpenFile {
    chan: Chan,
    flags: u32,
    offset: Mutex<u64>,
    name: String,
}

/// Lock a std mutex, ignoring poisoning (every critical section leaves its data valid).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl OpenFile {
    /// An open file on the opened `chan`, opened by `name` (a clean absolute path, or a
    /// label such as `#pipe`) with Linux `flags`, at offset 0.
    pub fn new(chan: Chan, flags: u32, name: impl Into<String>) -> OpenFile {
        OpenFile {
            chan,
            flags,
            offset: Mutex::new(0),
            name: name.into(),
        }
    }

    /// The name the file was opened by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Linux open flags.
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// The opened chan.
    pub fn chan(&self) -> &Chan {
        &self.chan
    }

    /// `Tread` of up to `count` bytes at the offset, which advances by the bytes returned.
    ///
    /// # Errors
    /// `EBADF` (opened write-only), the server's error (`EISDIR`).
    pub async fn read(&self, cx: &Caller, count: usize) -> Result<Bytes> {
        if self.flags & O_ACCMODE == O_WRONLY {
            return Err(Errno::EBADF);
        }
        let off = *lock(&self.offset);
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let data = self
            .chan
            .server()
            .read(cx, self.chan.fid(), off, count)
            .await?;
        *lock(&self.offset) = off + data.len() as u64;
        Ok(data)
    }

    /// `Twrite` of `data` at the offset (for `O_APPEND`, at the size `Tgetattr` reports);
    /// the offset moves past the bytes written. Returns the bytes written.
    ///
    /// # Errors
    /// `EBADF` (opened read-only), the server's error (`EPIPE`, `ENOSPC`).
    pub async fn write(&self, cx: &Caller, data: Bytes) -> Result<usize> {
        if self.flags & O_ACCMODE == O_RDONLY {
            return Err(Errno::EBADF);
        }
        let (server, fid) = (self.chan.server(), self.chan.fid());
        let off = if self.flags & O_APPEND != 0 {
            server.getattr(cx, fid, SIZE).await?.size
        } else {
            *lock(&self.offset)
        };
        let n = server.write(cx, fid, off, data).await?;
        *lock(&self.offset) = off + u64::from(n);
        Ok(n as usize)
    }

    /// `Tgetattr` (BASIC) of the open file.
    ///
    /// # Errors
    /// The server's error.
    pub async fn stat(&self, cx: &Caller) -> Result<Attr> {
        self.chan.server().getattr(cx, self.chan.fid(), BASIC).await
    }

    /// Drop one reference; clunk now if it was the last.
    pub async fn close(self: Arc<Self>, cx: &Caller) {
        if let Ok(f) = Arc::try_unwrap(self) {
            f.chan.release(cx).await;
        }
    }
}

/// A process's fds: slot `n` holds fd `n`.
#[derive(Clone, Default)]
pub struct FdTable {
    slots: Vec<Option<Arc<OpenFile>>>,
}

impl FdTable {
    /// The open file behind `fd`.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub fn get(&self, fd: Fd) -> Result<Arc<OpenFile>> {
        self.slots
            .get(fd.0 as usize)
            .and_then(Clone::clone)
            .ok_or(Errno::EBADF)
    }

    /// Put `file` in the lowest free slot.
    ///
    /// # Errors
    /// `EMFILE` when [`MAX_FDS`] fds are open.
    pub fn install(&mut self, file: Arc<OpenFile>) -> Result<Fd> {
        let free = self
            .slots
            .iter()
            .position(Option::is_none)
            .unwrap_or(self.slots.len());
        if free >= MAX_FDS {
            return Err(Errno::EMFILE);
        }
        self.put(free, file);
        Ok(Fd(free as u32))
    }

    /// Make `fd` refer to `file`, returning what it referred to before.
    ///
    /// # Errors
    /// `EBADF` when `fd` is at or past [`MAX_FDS`].
    pub fn set(&mut self, fd: Fd, file: Arc<OpenFile>) -> Result<Option<Arc<OpenFile>>> {
        let i = fd.0 as usize;
        if i >= MAX_FDS {
            return Err(Errno::EBADF);
        }
        Ok(self.put(i, file))
    }

    fn put(&mut self, i: usize, file: Arc<OpenFile>) -> Option<Arc<OpenFile>> {
        if self.slots.len() <= i {
            self.slots.resize(i + 1, None);
        }
        self.slots[i].replace(file)
    }

    /// Empty slot `fd`, returning its open file.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub fn take(&mut self, fd: Fd) -> Result<Arc<OpenFile>> {
        self.slots
            .get_mut(fd.0 as usize)
            .and_then(Option::take)
            .ok_or(Errno::EBADF)
    }

    /// The open fds and their files, in fd order.
    pub fn open_fds(&self) -> Vec<(Fd, Arc<OpenFile>)> {
        let open = self.slots.iter().enumerate();
        open.filter_map(|(i, f)| Some((Fd(i as u32), f.clone()?)))
            .collect()
    }

    /// Empty every slot, returning the open files.
    pub fn drain(&mut self) -> Vec<Arc<OpenFile>> {
        self.slots.drain(..).flatten().collect()
    }
}
