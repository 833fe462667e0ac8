//! What the reader and the writer of one connection share: the negotiated msize and the
//! requests running, by tag.
//!
//! A running request is registered under its tag with a serial number. The writer releases
//! the tag when it takes the request's reply off the queue, before writing it, so by the time
//! the client sees the reply (and may reuse the tag) the tag is free; a `Tflush` that finds
//! the tag gone knows the reply is already ahead of its `Rflush` in the queue. The serial
//! keeps a late reply from releasing a newer request that reused the tag.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use tokio::task::JoinHandle;

use super::MIN_MSIZE;
use crate::msg::{Tag, IOHDRSZ};

/// A request's task.
struct Running {
    serial: u64,
    handle: JoinHandle<()>,
}

/// The msize and the running requests of one connection.
pub(crate) struct Session {
    msize: AtomicU32,
    running: Mutex<HashMap<Tag, Running>>,
}

impl Session {
    /// A session before `Tversion`: msize [`MIN_MSIZE`], nothing running.
    pub fn new() -> Session {
        Session {
            msize: AtomicU32::new(MIN_MSIZE),
            running: Mutex::new(HashMap::new()),
        }
    }

    /// The negotiated msize in bytes.
    pub fn msize(&self) -> u32 {
        self.msize.load(Ordering::Relaxed)
    }

    /// The most data bytes a read reply may carry: `msize - IOHDRSZ`.
    pub fn iounit(&self) -> u32 {
        self.msize() - IOHDRSZ
    }

    /// Set the msize (by `Tversion`; at least [`MIN_MSIZE`]).
    pub fn set_msize(&self, msize: u32) {
        self.msize.store(msize.max(MIN_MSIZE), Ordering::Relaxed);
    }

    /// Whether a request with `tag` is running.
    pub fn is_running(&self, tag: Tag) -> bool {
        self.lock().contains_key(&tag)
    }

    /// Spawn `task` as the request `(tag, serial)`. It is registered before it can reply.
    pub fn start<F>(&self, tag: Tag, serial: u64, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let mut running = self.lock();
        let handle = tokio::spawn(task);
        running.insert(tag, Running { serial, handle });
    }

    /// The reply of request `(tag, serial)` is leaving: free the tag.
    pub fn release(&self, tag: Tag, serial: u64) {
        let mut running = self.lock();
        if running.get(&tag).is_some_and(|r| r.serial == serial) {
            running.remove(&tag);
        }
    }

    /// Take the running request `tag` out (to flush it): its task, if it is registered.
    pub fn take(&self, tag: Tag) -> Option<JoinHandle<()>> {
        self.lock().remove(&tag).map(|r| r.handle)
    }

    /// Take every running request out (session reset, connection end).
    pub fn take_all(&self) -> Vec<JoinHandle<()>> {
        self.lock().drain().map(|(_, r)| r.handle).collect()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Tag, Running>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Abort `tasks` and wait until each has ended (its future dropped).
pub(crate) async fn cancel(tasks: Vec<JoinHandle<()>>) {
    for t in &tasks {
        t.abort();
    }
    for t in tasks {
        let _ = t.await;
    }
}
