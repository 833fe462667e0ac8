//! The process table: pids, exit bookkeeping, re-parenting and `wait` (POSIX `wait(2)`,
//! `waitpid(2)`).
//!
//! Pids count up from 1 and are never reused. A process whose parent pid is 0 (pid 1, and
//! processes the host starts with `Unix::run`) is removed from the table when it exits:
//! whoever started it holds it and reads its status. Children of an exiting process are
//! re-parented to pid 1 while pid 1 runs, else to 0 (and reaped at once if already zombies).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use warren_proto::{Errno, Result};

use super::fd::lock;
use super::process::{Process, State};
use crate::types::{ExitStatus, Pid};

/// All processes, running and zombie, by pid.
pub struct ProcTable {
    procs: Mutex<BTreeMap<Pid, Arc<Process>>>,
    next: AtomicU32,
}

impl Default for ProcTable {
    fn default() -> ProcTable {
        ProcTable {
            procs: Mutex::new(BTreeMap::new()),
            next: AtomicU32::new(1),
        }
    }
}

impl ProcTable {
    /// A pid never handed out before.
    pub fn next_pid(&self) -> Pid {
        Pid(self.next.fetch_add(1, Ordering::Relaxed))
    }

    /// Enter `p` in the table.
    pub fn insert(&self, p: Arc<Process>) {
        lock(&self.procs).insert(p.pid, p);
    }

    /// The process `pid`, running or zombie.
    pub fn get(&self, pid: Pid) -> Option<Arc<Process>> {
        lock(&self.procs).get(&pid).cloned()
    }

    /// Every process in the table.
    pub fn all(&self) -> Vec<Arc<Process>> {
        lock(&self.procs).values().cloned().collect()
    }

    /// Record that `p` exited with `status`: make it a zombie, re-parent its children and
    /// wake its parent's waits.
    pub fn exited(&self, p: &Process, status: ExitStatus) {
        let mut procs = lock(&self.procs);
        p.set_exited(status);
        let init = procs
            .get(&Pid(1))
            .filter(|i| i.state() == State::Running)
            .cloned();
        let heir = init.as_ref().map_or(Pid(0), |i| i.pid);
        let mut zombies = Vec::new();
        for c in procs.values().filter(|c| c.ppid() == p.pid) {
            c.set_ppid(heir);
            if c.status().is_some() {
                zombies.push(c.pid);
            }
        }
        match &init {
            Some(i) if !zombies.is_empty() => notify(i),
            Some(_) => {}
            None => zombies.iter().for_each(|z| drop(procs.remove(z))),
        }
        match p.ppid() {
            Pid(0) => drop(procs.remove(&p.pid)),
            ppid => procs
                .get(&ppid)
                .into_iter()
                .for_each(|parent| notify(parent)),
        }
    }

    /// Wait for the child `pid` (or any child when `None`) of `me` to exit and reap it.
    ///
    /// # Errors
    /// `ECHILD` when `pid` is not a child of `me`, or `me` has no children.
    pub async fn wait(&self, me: &Process, pid: Option<Pid>) -> Result<(Pid, ExitStatus)> {
        loop {
            let mut rx = me.child_exited.subscribe();
            if let Some(done) = self.try_reap(me, pid)? {
                return Ok(done);
            }
            let _ = rx.changed().await;
        }
    }

    /// Reap a zombie child of `me` (`pid`, or any) if there is one.
    fn try_reap(&self, me: &Process, pid: Option<Pid>) -> Result<Option<(Pid, ExitStatus)>> {
        let mut procs = lock(&self.procs);
        let mut children = procs
            .values()
            .filter(|c| c.ppid() == me.pid && c.pid != me.pid);
        let found = match pid {
            Some(pid) => {
                let c = children.find(|c| c.pid == pid).ok_or(Errno::ECHILD)?;
                c.status().map(|s| (pid, s))
            }
            None => {
                let mut any = false;
                let z = children.find_map(|c| {
                    any = true;
                    c.status().map(|s| (c.pid, s))
                });
                if !any {
                    return Err(Errno::ECHILD);
                }
                z
            }
        };
        if let Some((pid, _)) = found {
            procs.remove(&pid);
        }
        Ok(found)
    }
}

/// Wake `parent`'s waits.
fn notify(parent: &Process) {
    parent.child_exited.send_modify(|n| *n += 1);
}
