//! The process table: pids, exit bookkeeping, re-parenting and `wait` (POSIX `wait(2)`,
//! `waitpid(2)`), and the weak index of groups and sessions.
//!
//! Pids count up from 1 and are never reused. A process whose parent pid is 0 (pid 1, and
//! processes the host starts with `Unix::run`) is removed from the table when it exits:
//! whoever started it holds it and reads its status. Children of an exiting process are
//! re-parented to pid 1 while pid 1 runs, else to 0 (and reaped at once if already zombies).
//!
//! Locks, outermost first: the table, the `Registry`, a session's or group's map, a
//! process's fields. None is held across an await.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use warren_proto::{Errno, Result};

use super::fd::lock;
use super::group::{ProcessGroup, Registry, Session};
use super::process::{Event, Process, State};
use crate::types::{ExitStatus, Pgid, Pid, Sid, WaitFor, WaitOptions, WaitStatus};

/// All processes, running and zombie, by pid.
pub struct ProcTable {
    procs: Mutex<BTreeMap<Pid, Arc<Process>>>,
    jobs: Mutex<Registry>,
    next: AtomicU32,
}

impl Default for ProcTable {
    fn default() -> ProcTable {
        ProcTable {
            procs: Mutex::new(BTreeMap::new()),
            jobs: Mutex::new(Registry::default()),
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

    /// Every process in the table, by pid.
    pub fn all(&self) -> Vec<Arc<Process>> {
        lock(&self.procs).values().cloned().collect()
    }

    /// The registry of groups and sessions, locked.
    pub(crate) fn jobs(&self) -> MutexGuard<'_, Registry> {
        lock(&self.jobs)
    }

    /// A new session `sid` and its group `sid`, for a process about to get pid `sid`.
    pub(crate) fn new_session(&self, sid: Sid) -> Arc<ProcessGroup> {
        self.jobs().new_session(sid)
    }

    /// The group `pgid`, while it has a member.
    pub fn group(&self, pgid: Pgid) -> Option<Arc<ProcessGroup>> {
        self.jobs().group(pgid)
    }

    /// The session `sid`, while it has a group.
    pub fn session(&self, sid: Sid) -> Option<Arc<Session>> {
        self.jobs().session(sid)
    }

    /// Record that `p` exited with `status`: make it a zombie, re-parent its children and
    /// wake its parent's waits. Returns the parent, to be sent `SIGCHLD`. The caller's
    /// reference to `p` is dropped before the parent can reap it, so that reaping frees
    /// the process (and with it, maybe, its group and session).
    pub(crate) fn exited(&self, p: Arc<Process>, status: ExitStatus) -> Option<Arc<Process>> {
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
        let parent = match p.ppid() {
            Pid(0) => {
                drop(procs.remove(&p.pid));
                None
            }
            ppid => procs.get(&ppid).cloned(),
        };
        parent.iter().for_each(|q| notify(q));
        drop(p);
        parent
    }

    /// Wait for a child of `me` that `which` names to report what `opts` asks for (an exit
    /// reaps it). `None` only with `opts.nohang`.
    ///
    /// # Errors
    /// `ECHILD` when no child of `me` matches, `EINTR` when a caught signal is pending.
    pub async fn wait(
        &self,
        me: &Process,
        which: WaitFor,
        opts: WaitOptions,
    ) -> Result<Option<(Pid, WaitStatus)>> {
        loop {
            let mut rx = me.child_event.subscribe();
            if let Some(done) = self.try_wait(me, which, opts)? {
                return Ok(Some(done));
            }
            if opts.nohang {
                return Ok(None);
            }
            if me.sig.catches_any() {
                tokio::select! {
                    biased;
                    _ = rx.changed() => {}
                    () = me.sig.caught() => return Err(Errno::EINTR),
                }
            } else {
                let _ = rx.changed().await;
            }
        }
    }

    /// Report a child of `me` that `which` names if it has something `opts` asks for.
    fn try_wait(
        &self,
        me: &Process,
        which: WaitFor,
        opts: WaitOptions,
    ) -> Result<Option<(Pid, WaitStatus)>> {
        let mut procs = lock(&self.procs);
        let mut any = false;
        let mut found = None;
        for c in procs
            .values()
            .filter(|c| c.ppid() == me.pid && c.pid != me.pid)
        {
            if !matches(c, which) {
                continue;
            }
            any = true;
            found = report(c, opts);
            if found.is_some() {
                break;
            }
        }
        if !any {
            return Err(Errno::ECHILD);
        }
        if let Some((pid, WaitStatus::Exited(_))) = found {
            procs.remove(&pid);
        }
        Ok(found)
    }
}

/// Whether the child `c` is one `which` names.
fn matches(c: &Process, which: WaitFor) -> bool {
    match which {
        WaitFor::Pid(pid) => c.pid == pid,
        WaitFor::Group(pgid) => c.pgid() == pgid,
        WaitFor::Any => true,
    }
}

/// What the child `c` has to report under `opts`, taking a stop or continue event.
fn report(c: &Process, opts: WaitOptions) -> Option<(Pid, WaitStatus)> {
    if let Some(s) = c.status() {
        return Some((c.pid, WaitStatus::Exited(s)));
    }
    if opts.untraced && c.take_event(Event::Stopped) {
        let sig = c.stopped()?;
        return Some((c.pid, WaitStatus::Stopped(sig)));
    }
    if opts.continued && c.take_event(Event::Continued) {
        return Some((c.pid, WaitStatus::Continued));
    }
    None
}

/// Wake `parent`'s waits.
pub(crate) fn notify(parent: &Process) {
    parent.child_event.send_modify(|n| *n += 1);
}
