//! One direction of a pipe: a bounded queue of `Bytes` chunks with blocking ends.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use bytes::{Buf, Bytes, BytesMut};
use tokio::sync::Notify;
use warren_proto::{Errno, Result};

/// Bytes one direction buffers before writers wait (a write into an empty queue is taken
/// whole, whatever its size, so a write never has to be split).
pub const CAPACITY: usize = 256 * 1024;

/// Chunks shorter than this are coalesced (copied) into one read; longer ones travel as is.
const SMALL: usize = 4096;

/// One direction: what writers of one end push and readers of the other end take.
///
/// Invariant: `len` is the sum of the chunk lengths and no chunk is empty. The state lock is
/// never held across an await; waiting goes through the two `Notify`s, armed before the state
/// is checked so that no wake-up is lost.
#[derive(Default)]
pub(crate) struct Queue {
    state: Mutex<State>,
    /// Data arrived, or the last writer went away.
    readable: Notify,
    /// Room was freed, or the last reader went away.
    writable: Notify,
}

#[derive(Default)]
struct State {
    chunks: VecDeque<Bytes>,
    len: usize,
    readers: usize,
    writers: usize,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bytes buffered, waiting for a reader.
    pub(crate) fn len(&self) -> usize {
        self.lock().len
    }

    /// Count one more open reader and/or writer.
    pub(crate) fn open(&self, reader: bool, writer: bool) {
        let mut s = self.lock();
        s.readers += usize::from(reader);
        s.writers += usize::from(writer);
    }

    /// Forget one open reader; the last one drops the buffered bytes and fails blocked writers.
    pub(crate) fn close_reader(&self) {
        let mut s = self.lock();
        s.readers = s.readers.saturating_sub(1);
        if s.readers == 0 {
            s.chunks.clear();
            s.len = 0;
            drop(s);
            self.writable.notify_waiters();
        }
    }

    /// Forget one open writer; the last one wakes blocked readers to see end of file.
    pub(crate) fn close_writer(&self) {
        let mut s = self.lock();
        s.writers = s.writers.saturating_sub(1);
        if s.writers == 0 {
            drop(s);
            self.readable.notify_waiters();
        }
    }

    /// Take up to `count` bytes, waiting for data; empty at end of file (no writer left and
    /// nothing buffered). Cancel-safe: bytes are taken only in the poll that returns them.
    ///
    /// # Errors
    /// `EAGAIN` when `nonblock` and the read would wait.
    pub(crate) async fn read(&self, count: usize, nonblock: bool) -> Result<Bytes> {
        if count == 0 {
            return Ok(Bytes::new());
        }
        loop {
            let notified = self.readable.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if s.len > 0 {
                    let data = s.take(count);
                    drop(s);
                    self.writable.notify_waiters();
                    return Ok(data);
                }
                if s.writers == 0 {
                    return Ok(Bytes::new());
                }
                if nonblock {
                    return Err(Errno::EAGAIN);
                }
            }
            notified.await;
        }
    }

    /// Append `data` whole, waiting while it would overflow [`CAPACITY`]; returns its length.
    /// Cancel-safe: the bytes are queued only in the poll that returns.
    ///
    /// # Errors
    /// `EPIPE` when no reader is open (also when the last one leaves while waiting),
    /// `EAGAIN` when `nonblock` and the write would wait, `EINVAL` for more than 4 GiB.
    pub(crate) async fn write(&self, data: Bytes, nonblock: bool) -> Result<u32> {
        let n = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
        loop {
            let notified = self.writable.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if s.readers == 0 {
                    return Err(Errno::EPIPE);
                }
                if data.is_empty() {
                    return Ok(0);
                }
                if s.len == 0 || s.len + data.len() <= CAPACITY {
                    s.len += data.len();
                    s.chunks.push_back(data);
                    drop(s);
                    self.readable.notify_waiters();
                    return Ok(n);
                }
                if nonblock {
                    return Err(Errno::EAGAIN);
                }
            }
            notified.await;
        }
    }
}

impl State {
    /// Up to `count` (> 0) bytes from the front: a prefix of the first chunk without copying,
    /// or several small chunks copied into one.
    fn take(&mut self, count: usize) -> Bytes {
        let Some(front) = self.chunks.front_mut() else {
            return Bytes::new();
        };
        let out = if front.len() > count {
            front.split_to(count)
        } else if front.len() == count || front.len() >= SMALL || self.chunks.len() == 1 {
            self.chunks.pop_front().unwrap_or_default()
        } else {
            self.coalesce(count)
        };
        self.len -= out.len();
        out
    }

    /// Copy the leading small chunks into one buffer of at most `count` bytes.
    fn coalesce(&mut self, count: usize) -> Bytes {
        let mut out = BytesMut::with_capacity(count.min(self.len));
        while out.len() < count {
            let Some(front) = self.chunks.front_mut() else {
                break;
            };
            if !out.is_empty() && front.len() >= SMALL {
                break;
            }
            let n = front.len().min(count - out.len());
            out.extend_from_slice(&front[..n]);
            front.advance(n);
            if front.is_empty() {
                self.chunks.pop_front();
            }
        }
        out.freeze()
    }
}
