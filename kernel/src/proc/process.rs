//! `Process`: one entry of the process table (Plan 9 `Proc`).
//!
//! A process owns (or shares, per `SpawnOptions`) three resource groups: its fd table,
//! namespace and environment ([`Groups`]); it has its own working directory. When its bin
//! ends it becomes a zombie: the groups are released (fds closed, chans clunked) and the
//! exit status waits in [`Process::status`] until the parent reaps it.
//!
//! Ownership: the process table holds every process strongly; a process names its parent
//! by pid only. (The next issue's groups and sessions hang off this struct.)

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use tokio::task::AbortHandle;
use warren_proto::Caller;

use super::fd::{lock, FdTable};
use crate::ns::Namespace;
use crate::types::{ExitStatus, Pgid, Pid, Sid};

/// Environment variables, sorted by name.
pub type Env = BTreeMap<String, String>;

/// The resource groups a process shares, copies or gets fresh at spawn (Plan 9 `rfork`).
#[derive(Clone, Default)]
pub struct Groups {
    /// The fd table.
    pub fds: Arc<Mutex<FdTable>>,
    /// The namespace.
    pub ns: Arc<Mutex<Namespace>>,
    /// The environment.
    pub env: Arc<Mutex<Env>>,
}

/// Whether a process runs or has exited with a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The bin is running.
    Running,
    /// The bin ended with this status; the entry waits for the parent's wait.
    Zombie(ExitStatus),
}

/// A process table entry.
pub struct Process {
    /// This process's id.
    pub pid: Pid,
    ppid: AtomicU32,
    /// The identity every fileserver request of this process carries.
    pub caller: Caller,
    /// The session id (the pid, for now).
    pub sid: Sid,
    /// The process group id (the pid, for now).
    pub pgid: Pgid,
    /// The argument vector.
    pub argv: Arc<[String]>,
    groups: Mutex<Groups>,
    cwd: Mutex<String>,
    state: watch::Sender<State>,
    /// Bumped whenever a child of this process becomes a zombie.
    pub(crate) child_exited: watch::Sender<u64>,
    task: Mutex<Option<AbortHandle>>,
}

impl Process {
    /// A running process; `sid` and `pgid` are its own pid.
    pub fn new(
        pid: Pid,
        ppid: Pid,
        caller: Caller,
        argv: Vec<String>,
        groups: Groups,
        cwd: String,
    ) -> Process {
        Process {
            pid,
            ppid: AtomicU32::new(ppid.0),
            caller,
            sid: Sid(pid.0),
            pgid: Pgid(pid.0),
            argv: Arc::from(argv),
            groups: Mutex::new(groups),
            cwd: Mutex::new(cwd),
            state: watch::Sender::new(State::Running),
            child_exited: watch::Sender::new(0),
            task: Mutex::new(None),
        }
    }

    /// The parent's pid (0: none; re-parenting changes it).
    pub fn ppid(&self) -> Pid {
        Pid(self.ppid.load(Ordering::Acquire))
    }

    /// Re-parent. MUST be called with the process table locked.
    pub(crate) fn set_ppid(&self, ppid: Pid) {
        self.ppid.store(ppid.0, Ordering::Release);
    }

    /// The resource groups (cheap: three `Arc`s).
    pub fn groups(&self) -> Groups {
        lock(&self.groups).clone()
    }

    /// Replace the groups with empty ones, returning the old (at exit).
    pub(crate) fn take_groups(&self) -> Groups {
        std::mem::take(&mut *lock(&self.groups))
    }

    /// The working directory: a clean absolute path.
    pub fn cwd(&self) -> String {
        lock(&self.cwd).clone()
    }

    /// Set the working directory (a clean absolute path).
    pub(crate) fn set_cwd(&self, path: String) {
        *lock(&self.cwd) = path;
    }

    /// Running or zombie.
    pub fn state(&self) -> State {
        *self.state.borrow()
    }

    /// The exit status, once the process is a zombie.
    pub fn status(&self) -> Option<ExitStatus> {
        match self.state() {
            State::Zombie(s) => Some(s),
            State::Running => None,
        }
    }

    /// Become a zombie with `status`.
    pub(crate) fn set_exited(&self, status: ExitStatus) {
        self.state.send_replace(State::Zombie(status));
    }

    /// Wait until the process has exited; its status.
    pub async fn exited(&self) -> ExitStatus {
        let mut rx = self.state.subscribe();
        loop {
            if let State::Zombie(s) = *rx.borrow_and_update() {
                return s;
            }
            if rx.changed().await.is_err() {
                return ExitStatus(137);
            }
        }
    }

    /// Remember the task running the bin, to abort it.
    pub(crate) fn set_task(&self, task: AbortHandle) {
        *lock(&self.task) = Some(task);
    }

    /// Abort the task running the bin (no signals yet: shutdown only).
    pub(crate) fn abort(&self) {
        if let Some(t) = lock(&self.task).as_ref() {
            t.abort();
        }
    }
}
