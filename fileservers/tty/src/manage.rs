//! The host's side of [`TtyFs`]: adding terminals (local and remote), reattaching, draining,
//! and removing remote terminals that hung up and are no longer used.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, MutexGuard, PoisonError, RwLockReadGuard, RwLockWriteGuard};

use warren_proto::{Errno, Fid, Result};

use crate::backend::Backend;
use crate::fs::{FidState, TtyFs};
use crate::table::Table;
use crate::tty::Tty;

impl TtyFs {
    /// Add a terminal over `backend`; returns its number N (0, 1, 2, ... in order of adding,
    /// never reused), served as `N` and `Nctl` and announced on `new`. It stays when it
    /// hangs up (see [`TtyFs::reattach`]). Must be called inside a tokio runtime: the
    /// terminal's input and output run as tasks.
    pub fn add(&self, backend: Backend) -> u32 {
        self.insert(backend, false)
    }

    /// Add a remote terminal (a network connection) over `backend`: like [`TtyFs::add`], but
    /// once its backend has hung up, opening `N` fails with `EIO`, and when no fid names it
    /// any more it disappears from the tree (walks give `ENOENT`, readdir omits it). Must be
    /// called inside a tokio runtime.
    pub fn add_remote(&self, backend: Backend) -> u32 {
        self.insert(backend, true)
    }

    fn insert(&self, backend: Backend, remote: bool) -> u32 {
        self.reap();
        let n = self.table_mut().add(self.host.clone(), backend, remote);
        self.added.notify_waiters();
        n
    }

    /// Attach a fresh `backend` to terminal `n` (a console whose device came back, a test
    /// pair after a hangup). A backend still attached is hung up first. The terminal starts
    /// over: canonical mode, echo on, no pending input, no session. Must be called inside a
    /// tokio runtime.
    ///
    /// # Errors
    /// `ENOENT` when there is no terminal `n` (never added, or a remote one that went).
    pub fn reattach(&self, n: u32, backend: Backend) -> Result<()> {
        self.tty(n)?.attach(backend);
        Ok(())
    }

    /// Wait until every terminal's output queued before the call has been written to its
    /// backend and flushed, or that backend is gone (hung up, or its writes failed). Output
    /// queued after the call is not waited for. The host calls it before exiting so that
    /// the last output of its processes is not lost. Never returns while a backend that is
    /// still attached does not take its output (a display nobody reads).
    pub async fn drain(&self) {
        let marks: Vec<_> = self.ttys().iter().filter_map(|t| t.output_mark()).collect();
        for (out, mark) in marks {
            out.flushed(mark).await;
        }
    }

    /// Wait until some fid has opened `new` (at once if one ever did). Listeners wait for it
    /// before accepting connections, so that no terminal is added before init (which opens
    /// `new` when it starts) can see it: connections wait in the listen backlog meanwhile.
    pub async fn watched(&self) {
        let mut rx = self.watched.subscribe();
        // The sender lives in `self`, so the wait cannot fail.
        let _ = rx.wait_for(|watched| *watched).await;
    }

    /// Terminal `n`.
    ///
    /// # Errors
    /// `ENOENT` when there is no such terminal.
    pub(crate) fn tty(&self, n: u32) -> Result<Arc<Tty>> {
        self.table().get(n).ok_or(Errno::ENOENT)
    }

    /// Every terminal.
    pub(crate) fn ttys(&self) -> Vec<Arc<Tty>> {
        self.table().all()
    }

    pub(crate) fn table(&self) -> RwLockReadGuard<'_, Table> {
        self.table.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn table_mut(&self) -> RwLockWriteGuard<'_, Table> {
        self.table.write().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn fids(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.fids.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Remove the remote terminals that hung up and that no fid names or reaches.
    pub(crate) fn reap(&self) {
        let fids = self.fids();
        let mut table = self.table_mut();
        let dead = table.dead();
        if dead.is_empty() {
            return;
        }
        let used: HashSet<u32> = fids.values().filter_map(FidState::terminal).collect();
        for n in dead.into_iter().filter(|n| !used.contains(n)) {
            table.remove(n);
        }
    }
}
