//! Starting and ending processes: resource groups at spawn (Plan 9 `rfork`), the task that
//! runs a bin, and exit (fds closed, chans clunked, the parent woken).

use std::sync::{Arc, Mutex, PoisonError};

use warren_proto::{Caller, Errno, Result};

use super::fd::{lock, FdTable, OpenFile, MAX_FDS};
use super::process::{Groups, Process};
use crate::context::{BinFuture, ProcContext};
use crate::kernel::Kernel;
use crate::types::{ExitStatus, Fd, Pid, Share, SpawnOptions};

/// What a new process runs: called once with its context.
pub(crate) type Main = Box<dyn FnOnce(ProcContext) -> BinFuture + Send>;

/// Exit status of a bin whose task panicked: as if killed by `SIGABRT` (128 + 6).
pub const PANIC_STATUS: ExitStatus = ExitStatus(134);
/// Exit status of a process whose task was aborted (shutdown): as if killed by `SIGKILL`.
pub const KILLED_STATUS: ExitStatus = ExitStatus(137);

impl Kernel {
    /// Enter a process in the table and start its task running `main`. A second task
    /// waits for the first and performs the exit, whatever way the bin ended.
    pub(crate) fn start(
        self: &Arc<Self>,
        ppid: Pid,
        caller: Caller,
        argv: Vec<String>,
        groups: Groups,
        cwd: String,
        main: Main,
    ) -> Arc<Process> {
        let pid = self.procs.next_pid();
        let p = Arc::new(Process::new(pid, ppid, caller, argv, groups, cwd));
        self.procs.insert(p.clone());
        let task = tokio::spawn(main(ProcContext::new(self.clone(), p.clone())));
        p.set_task(task.abort_handle());
        let (k, q) = (self.clone(), p.clone());
        tokio::spawn(async move {
            let status = match task.await {
                Ok(s) => s,
                Err(e) if e.is_panic() => PANIC_STATUS,
                Err(_) => KILLED_STATUS,
            };
            k.exit(&q, status).await;
        });
        p
    }

    /// Release `p`'s groups (closing its fds first, so a pipe's reader sees end of file
    /// before the parent's wait returns) and make it a zombie.
    async fn exit(&self, p: &Process, status: ExitStatus) {
        let groups = p.take_groups();
        if let Ok(fds) = Arc::try_unwrap(groups.fds) {
            let mut fds = fds.into_inner().unwrap_or_else(PoisonError::into_inner);
            for f in fds.drain() {
                f.close(&p.caller).await;
            }
        }
        self.procs.exited(p, status);
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
