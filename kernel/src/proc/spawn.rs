//! Starting and ending processes: resource groups at spawn (Plan 9 `rfork`), the tasks that
//! run a bin, and exit (fds closed, chans clunked, the parent woken and sent `SIGCHLD`).

use std::sync::{Arc, Mutex, PoisonError};

use warren_proto::{Errno, Result};

use super::fd::{lock, FdTable, OpenFile, MAX_FDS};
use super::group::{ProcessGroup, Session};
use super::process::{Birth, Groups, Process};
use super::task::Task;
use crate::context::{BinFuture, ProcContext};
use crate::kernel::Kernel;
use crate::signal::Signal;
use crate::types::{ExitStatus, Fd, Pgid, Share, Sid, SpawnOptions};

/// What a new process runs: called once with its context.
pub(crate) type Main = Box<dyn FnOnce(ProcContext) -> BinFuture + Send>;

/// Exit status of a bin whose task panicked: as if killed by `SIGABRT` (128 + 6).
pub const PANIC_STATUS: ExitStatus = ExitStatus(134);
/// Exit status of a process whose task was aborted (shutdown): as if killed by `SIGKILL`.
pub const KILLED_STATUS: ExitStatus = ExitStatus(137);

/// Which group a new process joins.
pub(crate) enum Join {
    /// This one (a child joins its parent's).
    Group(Arc<ProcessGroup>),
    /// A new group led by the new process, in this session.
    NewGroup(Arc<Session>),
    /// A new session and group led by the new process (pid 1, `Unix::run`).
    NewSession,
}

impl Kernel {
    /// Enter a process in the table and start its task running `main` (under its signal
    /// state, see [`Task`]). A second task waits for the first and performs the exit,
    /// whatever way the bin ended.
    pub(crate) fn start(self: &Arc<Self>, birth: Birth, join: Join, main: Main) -> Arc<Process> {
        let pid = self.procs.next_pid();
        let group = match join {
            Join::Group(g) => g,
            Join::NewGroup(s) => self.procs.jobs().new_group(Pgid(pid.0), &s),
            Join::NewSession => self.procs.new_session(Sid(pid.0)),
        };
        let p = Process::new(pid, birth, group);
        self.procs.insert(p.clone());
        let bin = main(ProcContext::new(self.clone(), p.clone()));
        let task = tokio::spawn(Task::new(self.clone(), p.clone(), bin));
        p.set_task(task.abort_handle());
        let k = self.clone();
        let q = p.clone();
        tokio::spawn(async move {
            let status = match task.await {
                Ok(s) => s,
                Err(e) if e.is_panic() => PANIC_STATUS,
                Err(_) => KILLED_STATUS,
            };
            k.exit(q, status).await;
        });
        p
    }

    /// Release `p`'s groups (closing its fds first, so a pipe's reader sees end of file
    /// before the parent's wait returns), make it a zombie and tell its parent.
    async fn exit(&self, p: Arc<Process>, status: ExitStatus) {
        let groups = p.take_groups();
        if let Ok(fds) = Arc::try_unwrap(groups.fds) {
            let mut fds = fds.into_inner().unwrap_or_else(PoisonError::into_inner);
            for f in fds.drain() {
                f.close(&p.caller()).await;
            }
        }
        let parent = self.procs.exited(p, status);
        if let Some(parent) = parent {
            self.deliver(&parent, Signal::Chld);
        }
    }
}

/// The child's resource groups, from the parent's and `opts` (checked before anything is
/// changed, as `rfork` does).
///
/// # Errors
/// `EBADF` when an `fd_map` entry names a parent fd that is not open or a child fd past
/// the table's limit.
pub(crate) fn child_groups(parent: &Groups, opts: &SpawnOptions) -> Result<Groups> {
    let pfds = lock(&parent.fds);
    let mut mapped: Vec<(Fd, Arc<OpenFile>)> = Vec::new();
    for &(child, from) in &opts.fd_map {
        if child.0 as usize >= MAX_FDS {
            return Err(Errno::EBADF);
        }
        mapped.push((child, pfds.get(from)?));
    }
    let fds = match opts.fds {
        Share::Share => parent.fds.clone(),
        Share::Copy => Arc::new(Mutex::new(pfds.clone())),
        Share::Fresh => Arc::new(Mutex::new(FdTable::default())),
    };
    drop(pfds);
    {
        let mut t = lock(&fds);
        for (child, f) in mapped {
            t.set(child, f)?;
        }
    }
    let ns = group(&parent.ns, opts.ns);
    let env = group(&parent.env, opts.env);
    lock(&env).extend(opts.env_set.iter().cloned());
    Ok(Groups { fds, ns, env })
}

/// Share, copy or start fresh with one group.
fn group<T: Clone + Default>(g: &Arc<Mutex<T>>, how: Share) -> Arc<Mutex<T>> {
    match how {
        Share::Share => g.clone(),
        Share::Copy => Arc::new(Mutex::new(lock(g).clone())),
        Share::Fresh => Arc::new(Mutex::new(T::default())),
    }
}
