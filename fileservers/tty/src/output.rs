//! Output on its way to a backend: one bounded queue per attached backend, drained by its
//! writer task. Echo and program writes share it, so the display shows them in the order they
//! happened.
//!
//! Taken is not written: the queue also counts the bytes queued and the bytes the writer
//! task has written and flushed, so that [`OutQueue::flushed`] can wait for output queued up
//! to a [`OutQueue::mark`] to reach the backend (`TtyFs::drain`).

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::Notify;
use warren_proto::{Errno, Result};

/// Bytes queued for the display before program writes (and the input task) wait.
pub(crate) const OUTPUT_CAPACITY: usize = 64 * 1024;

/// The output queue of one backend. The lock is never held across an await; waiting goes
/// through the `Notify`s, armed before the state is checked so that no wake-up is lost.
#[derive(Default)]
pub(crate) struct OutQueue {
    state: Mutex<State>,
    /// Output was queued, or the queue closed.
    pub(crate) ready: Notify,
    /// Output was taken by the writer task, or the queue closed.
    pub(crate) room: Notify,
    /// Output was written and flushed, or the writer task ended.
    written: Notify,
}

#[derive(Default)]
struct State {
    chunks: VecDeque<Bytes>,
    len: usize,
    closed: bool,
    /// Bytes ever queued.
    queued: u64,
    /// Bytes the writer task has written to the backend and flushed.
    written: u64,
    /// The writer task has ended: nothing more will be written.
    ended: bool,
}

impl OutQueue {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a write would be taken without waiting.
    pub(crate) fn has_room(&self) -> bool {
        self.lock().len < OUTPUT_CAPACITY
    }

    /// Queue `data` now, whatever the queue holds (echo: bounded by the input task, which
    /// waits for [`OutQueue::has_room`] before reading more). Dropped when closed.
    pub(crate) fn push_now(&self, data: Bytes) {
        let mut s = self.lock();
        if s.closed || data.is_empty() {
            return;
        }
        s.len += data.len();
        s.queued += data.len() as u64;
        s.chunks.push_back(data);
        drop(s);
        self.ready.notify_one();
    }

    /// Queue `data` whole, waiting while the queue is full (a write into an empty queue is
    /// taken whatever its size). Cancel-safe: queued only in the poll that returns.
    ///
    /// # Errors
    /// `EIO` when the queue is closed (the terminal hung up), also while waiting.
    pub(crate) async fn push(&self, data: Bytes) -> Result<()> {
        loop {
            let room = self.room.notified();
            tokio::pin!(room);
            room.as_mut().enable();
            {
                let mut s = self.lock();
                if s.closed {
                    return Err(Errno::EIO);
                }
                if data.is_empty() {
                    return Ok(());
                }
                if s.len == 0 || s.len + data.len() <= OUTPUT_CAPACITY {
                    s.len += data.len();
                    s.queued += data.len() as u64;
                    s.chunks.push_back(data);
                    drop(s);
                    self.ready.notify_one();
                    return Ok(());
                }
            }
            room.await;
        }
    }

    /// Everything queued, waiting for some; `None` once closed and drained.
    pub(crate) async fn pop_all(&self) -> Option<Vec<Bytes>> {
        loop {
            let ready = self.ready.notified();
            tokio::pin!(ready);
            ready.as_mut().enable();
            {
                let mut s = self.lock();
                if !s.chunks.is_empty() {
                    s.len = 0;
                    let chunks = s.chunks.drain(..).collect();
                    drop(s);
                    self.room.notify_waiters();
                    return Some(chunks);
                }
                if s.closed {
                    return None;
                }
            }
            ready.await;
        }
    }

    /// Refuse further output; what is queued is still written out.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
        self.room.notify_waiters();
    }

    /// The writer task wrote `n` more bytes to the backend and flushed them.
    pub(crate) fn wrote(&self, n: usize) {
        self.lock().written += n as u64;
        self.written.notify_waiters();
    }

    /// The writer task ended (the backend failed or the queue closed and was written out):
    /// the queue closes and [`OutQueue::flushed`] waits no more.
    pub(crate) fn ended(&self) {
        self.lock().ended = true;
        self.close();
        self.written.notify_waiters();
    }

    /// The bytes queued so far, as a position for [`OutQueue::flushed`].
    pub(crate) fn mark(&self) -> u64 {
        self.lock().queued
    }

    /// Wait until the output queued up to `mark` is written and flushed on the backend, or
    /// the writer task has ended.
    pub(crate) async fn flushed(&self, mark: u64) {
        loop {
            let written = self.written.notified();
            tokio::pin!(written);
            written.as_mut().enable();
            {
                let s = self.lock();
                if s.ended || s.written >= mark {
                    return;
                }
            }
            written.await;
        }
    }
}
