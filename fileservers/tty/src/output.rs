//! Output on its way to a backend: one bounded queue per attached backend, drained by its
//! writer task. Echo and program writes share it, so the display shows them in the order they
//! happened.

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
}

#[derive(Default)]
struct State {
    chunks: VecDeque<Bytes>,
    len: usize,
    closed: bool,
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
}
