//! `Process`: one entry of the process table (Plan 9 `Proc`).
//!
//! A process owns (or shares, per `SpawnOptions`) three resource groups: its fd table,
//! namespace and environment ([`Groups`]); it has its own working directory. When its bin
//! ends it becomes a zombie: the groups are released (fds closed, chans clunked) and the
//! exit status waits in [`Process::status`] until the parent reaps it.
//!
//! Ownership: the process table holds every process strongly until it is reaped; a process
//! names its parent by pid only and holds its process group strongly (see [`super::group`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use tokio::task::AbortHandle;
use warren_proto::Caller;

use super::fd::{lock, FdTable};
use super::group::ProcessGroup;
use super::ident::{Ident, SetId};
use super::signals::SigState;
use super::spawn::Main;
use crate::ns::Namespace;
use crate::signal::Signal;
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
    /// The bin is running (or stopped: see [`Process::stopped`]).
    Running,
    /// The bin ended with this status; the entry waits for the parent's wait.
    Zombie(ExitStatus),
}

/// A change a parent's `waitpid` with `untraced`/`continued` has not reported yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// The process stopped.
    Stopped = 1,
    /// The process was continued.
    Continued = 2,
}

/// What a new process starts with, besides its pid and group.
pub(crate) struct Birth {
    /// The parent (0: none).
    pub ppid: Pid,
    /// User and group ids.
    pub ident: Ident,
    /// The argument vector.
    pub argv: Vec<String>,
    /// Fd table, namespace, environment.
    pub groups: Groups,
    /// Working directory: a clean absolute path.
    pub cwd: String,
    /// Ignored signals (inherited; caught ones are not).
    pub ignore: u32,
}

/// A process table entry.
pub struct Process {
    /// This process's id.
    pub pid: Pid,
    ppid: AtomicU32,
    ident: Mutex<Ident>,
    group: Mutex<Arc<ProcessGroup>>,
    argv: Mutex<Arc<[String]>>,
    groups: Mutex<Groups>,
    cwd: Mutex<String>,
    state: watch::Sender<State>,
    /// Bumped whenever a child of this process exits, stops or continues.
    pub(crate) child_event: watch::Sender<u64>,
    event: AtomicU8,
    pub(crate) sig: SigState,
    exec: Mutex<Option<Main>>,
    exec_ready: AtomicBool,
    task: Mutex<Option<AbortHandle>>,
}

impl Process {
    /// A running process, entered as a member of `group`.
    pub(crate) fn new(pid: Pid, b: Birth, group: Arc<ProcessGroup>) -> Arc<Process> {
        let p = Arc::new(Process {
            pid,
            ppid: AtomicU32::new(b.ppid.0),
            ident: Mutex::new(b.ident),
            group: Mutex::new(group.clone()),
            argv: Mutex::new(Arc::from(b.argv)),
            groups: Mutex::new(b.groups),
            cwd: Mutex::new(b.cwd),
            state: watch::Sender::new(State::Running),
            child_event: watch::Sender::new(0),
            event: AtomicU8::new(0),
            sig: SigState::inheriting(b.ignore),
            exec: Mutex::new(None),
            exec_ready: AtomicBool::new(false),
            task: Mutex::new(None),
        });
        group.join(&p);
        p
    }

    /// The parent's pid (0: none; re-parenting changes it).
    pub fn ppid(&self) -> Pid {
        Pid(self.ppid.load(Ordering::Acquire))
    }

    /// Re-parent. MUST be called with the process table locked.
    pub(crate) fn set_ppid(&self, ppid: Pid) {
        self.ppid.store(ppid.0, Ordering::Release);
    }

    /// The identity every fileserver request of this process carries: its pid and
    /// effective ids.
    pub fn caller(&self) -> Caller {
        lock(&self.ident).caller(self.pid.0)
    }

    /// The real, effective and saved user and group ids.
    pub fn ident(&self) -> Ident {
        *lock(&self.ident)
    }

    /// Change the ids with `f` (`setuid`, `setgid`), under the identity lock.
    pub(crate) fn change_ident<T>(&self, f: impl FnOnce(&mut Ident) -> T) -> T {
        f(&mut lock(&self.ident))
    }

    /// Take the ids an exec of an image asking `setid` gives (see [`Ident::exec`]).
    pub(crate) fn exec_ident(&self, setid: SetId) {
        let mut ident = lock(&self.ident);
        *ident = ident.exec(setid);
    }

    /// The process group.
    pub fn group(&self) -> Arc<ProcessGroup> {
        lock(&self.group).clone()
    }

    /// Move to `group` (leaving the old one, which is freed if this was its last holder).
    /// MUST be called with the registry locked.
    pub(crate) fn set_group(self: &Arc<Self>, group: Arc<ProcessGroup>) {
        if Arc::ptr_eq(&group, &lock(&self.group)) {
            return;
        }
        group.join(self);
        let old = std::mem::replace(&mut *lock(&self.group), group);
        old.leave(self.pid);
    }

    /// The process group id.
    pub fn pgid(&self) -> Pgid {
        lock(&self.group).pgid
    }

    /// The session id.
    pub fn sid(&self) -> Sid {
        lock(&self.group).sid()
    }

    /// The argument vector.
    pub fn argv(&self) -> Arc<[String]> {
        lock(&self.argv).clone()
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

    /// The signal that stopped the process, while it is stopped.
    pub fn stopped(&self) -> Option<Signal> {
        self.sig.stopped()
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

    /// Record `e` for the parent's next `waitpid` (replacing an unreported one).
    pub(crate) fn set_event(&self, e: Event) {
        self.event.store(e as u8, Ordering::Release);
    }

    /// Take the unreported event if it is `e`.
    pub(crate) fn take_event(&self, e: Event) -> bool {
        let e = e as u8;
        self.event
            .compare_exchange(e, 0, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Arrange for the task to replace its bin with `main`, run as `argv` (`exec`).
    pub(crate) fn set_exec(&self, argv: Vec<String>, main: Main) {
        *lock(&self.argv) = Arc::from(argv);
        *lock(&self.exec) = Some(main);
        self.exec_ready.store(true, Ordering::Release);
        self.sig.wake();
    }

    /// The program an `exec` asked for, if one is waiting.
    pub(crate) fn take_exec(&self) -> Option<Main> {
        if !self.exec_ready.swap(false, Ordering::AcqRel) {
            return None;
        }
        lock(&self.exec).take()
    }

    /// Remember the task running the bin, to abort it.
    pub(crate) fn set_task(&self, task: AbortHandle) {
        *lock(&self.task) = Some(task);
    }

    /// Abort the task running the bin (shutdown).
    pub(crate) fn abort(&self) {
        if let Some(t) = lock(&self.task).as_ref() {
            t.abort();
        }
    }
}
