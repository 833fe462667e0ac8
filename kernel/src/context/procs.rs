//! Process calls of [`ProcContext`]: spawn, spawn_fn, exec, wait, wait_any, waitpid.

use std::future::Future;

use warren_proto::{Errno, Result};

use super::ProcContext;
use crate::proc::fd::lock;
use crate::proc::ident::Ident;
use crate::proc::image::Lookup;
use crate::proc::process::{Birth, Groups};
use crate::proc::spawn::{child_groups, Join, Main};
use crate::types::{ExitStatus, Pgid, Pid, SpawnOptions, WaitFor, WaitOptions, WaitStatus};

impl ProcContext {
    /// Start a child running the program `argv[0]`: a path (`/bin/ls`, `./x`), or a name
    /// searched for in the child's `$PATH` (default `/bin`) through the child's namespace.
    /// The file must be a bin image or a `#!` script (see [`crate::proc::image`]). The
    /// child's fds, namespace and environment are shared, copied or fresh as `opts` says.
    /// It has this process's ids, changed as a set-user-ID or set-group-ID image asks
    /// (see [`crate::proc::ident`]). Source: Plan 9 `rfork(2)` + `exec(2)`, POSIX
    /// `posix_spawn`.
    ///
    /// # Errors
    /// `ENOENT` (not found), `EACCES` (a directory, or no execute permission), `EINVAL`
    /// (empty argv, not a bin image or script, unknown bin), `ELOOP` (interpreters nested
    /// too deep), `EBADF` (bad `fd_map`), `ENOTDIR` (`opts.cwd` not a directory), `EPERM`
    /// (`opts.pgid` names no group of this session).
    pub async fn spawn(&self, argv: Vec<String>, opts: SpawnOptions) -> Result<Pid> {
        let child = self.child_setup(&opts).await?;
        let table = lock(&child.groups.ns).table();
        let path_var = lock(&child.groups.env).get("PATH").cloned();
        let lookup = Lookup {
            table: &table,
            cx: &self.caller(),
            cwd: &child.cwd,
            path_var: path_var.as_deref(),
            bins: &self.kernel.bins,
        };
        let prog = lookup.load(argv).await?;
        let ident = self.proc.ident().exec(prog.setid);
        let bin = prog.bin;
        Ok(self.start(prog.argv, ident, child, Box::new(move |cx| bin(cx))))
    }
    /// Start a child running `f` (a fork of this program: subshells, pipeline stages of
    /// builtins), named `argv`, with groups as `opts` says.
    ///
    /// # Errors
    /// `EBADF` (bad `fd_map`), `ENOENT`/`ENOTDIR` (`opts.cwd`), `EPERM` (`opts.pgid`).
    pub async fn spawn_fn<F, Fut>(&self, argv: Vec<String>, opts: SpawnOptions, f: F) -> Result<Pid>
    where
        F: FnOnce(ProcContext) -> Fut + Send + 'static,
        Fut: Future<Output = ExitStatus> + Send + 'static,
    {
        let child = self.child_setup(&opts).await?;
        let ident = self.proc.ident();
        Ok(self.start(argv, ident, child, Box::new(move |cx| Box::pin(f(cx)))))
    }
    /// Wait for the child `pid` to exit and reap it. Source: POSIX `waitpid(2)`.
    ///
    /// # Errors
    /// `ECHILD` (not a child of this process, or already reaped), `EINTR` (a caught
    /// signal is pending).
    pub async fn wait(&self, pid: Pid) -> Result<ExitStatus> {
        let opts = WaitOptions::default();
        match self.waitpid(WaitFor::Pid(pid), opts).await? {
            Some((_, WaitStatus::Exited(s))) => Ok(s),
            _ => Err(Errno::ECHILD),
        }
    }
    /// Wait for any child to exit and reap it (pid 1 also reaps re-parented orphans).
    /// Source: POSIX `wait(2)`.
    ///
    /// # Errors
    /// `ECHILD` (no children), `EINTR` (a caught signal is pending).
    pub async fn wait_any(&self) -> Result<(Pid, ExitStatus)> {
        let opts = WaitOptions::default();
        match self.waitpid(WaitFor::Any, opts).await? {
            Some((pid, WaitStatus::Exited(s))) => Ok((pid, s)),
            _ => Err(Errno::ECHILD),
        }
    }

    /// Wait for a child `which` names to change state and report it (POSIX `waitpid(2)`):
    /// an exited child is reaped and reported as `Exited`; with `opts.untraced` a child that
    /// stopped is reported as `Stopped(sig)` (once per stop); with `opts.continued` a
    /// stopped child that was continued is reported as `Continued` (once). `None` only with
    /// `opts.nohang`, when no such child has anything to report.
    ///
    /// # Errors
    /// `ECHILD` (no child matches `which`), `EINTR` (a caught signal arrived).
    pub async fn waitpid(
        &self,
        which: WaitFor,
        opts: WaitOptions,
    ) -> Result<Option<(Pid, WaitStatus)>> {
        self.kernel.procs.wait(&self.proc, which, opts).await
    }
    /// `execve(2)`: replace this process's program with `argv[0]` (found as `spawn` finds
    /// it, in this process's namespace, `$PATH` and working directory) run with `argv`.
    /// The pid, parent, fds, namespace, environment, working directory, session, group and
    /// real ids stay; a set-user-ID or set-group-ID image changes the effective (and saved)
    /// ids, and the saved ids become the effective ones ([`crate::proc::ident`]); caught
    /// signals reset to `Default`, ignored ones stay ignored. On success
    /// the call never returns: the current bin's future is dropped at its next poll and the
    /// new bin starts (clones of this context held elsewhere still act as this process).
    /// Returns only on failure, with the errno. Source: POSIX `execve(2)`, Plan 9 `exec(2)`.
    ///
    /// # Errors
    /// as [`ProcContext::spawn`]: `ENOENT`, `EACCES`, `EINVAL`, `ELOOP`.
    pub async fn exec(&self, argv: Vec<String>) -> Errno {
        let path_var = self.getenv("PATH");
        let table = self.table();
        let cwd = self.proc.cwd();
        let lookup = Lookup {
            table: &table,
            cx: &self.caller(),
            cwd: &cwd,
            path_var: path_var.as_deref(),
            bins: &self.kernel.bins,
        };
        let prog = match lookup.load(argv).await {
            Ok(found) => found,
            Err(e) => return e,
        };
        for sig in self.proc.sig.reset_caught() {
            self.kernel.deliver(&self.proc, sig);
        }
        self.proc.exec_ident(prog.setid);
        let bin = prog.bin;
        self.proc.set_exec(prog.argv, Box::new(move |cx| bin(cx)));
        std::future::pending().await
    }

    /// The child's groups, working directory, process group and ignored signals.
    async fn child_setup(&self, opts: &SpawnOptions) -> Result<Child> {
        let join = match opts.pgid {
            None => Join::Group(self.proc.group()),
            Some(Pgid(0)) => Join::NewGroup(self.proc.group().session.clone()),
            Some(pgid) => {
                let g = self.kernel.procs.group(pgid);
                Join::Group(g.filter(|g| g.sid() == self.sid()).ok_or(Errno::EPERM)?)
            }
        };
        let ignore = if opts.default_signals {
            0
        } else {
            self.proc.sig.ignored()
        };
        let groups = child_groups(&self.proc.groups(), opts)?;
        let cwd = match &opts.cwd {
            None => self.proc.cwd(),
            Some(dir) => {
                let table = lock(&groups.ns).table();
                let loc = table.resolve(&self.caller(), &self.abs(dir), true).await?;
                if !loc.chan().qid.is_dir() {
                    return Err(Errno::ENOTDIR);
                }
                loc.path
            }
        };
        Ok(Child {
            groups,
            cwd,
            join,
            ignore,
        })
    }

    /// Start a child of this process with ids `ident`, set up as `child`.
    fn start(&self, argv: Vec<String>, ident: Ident, child: Child, main: Main) -> Pid {
        let birth = Birth {
            ppid: self.proc.pid,
            ident,
            argv,
            groups: child.groups,
            cwd: child.cwd,
            ignore: child.ignore,
        };
        self.kernel.start(birth, child.join, main).pid
    }
}

/// What a child starts with, decided before anything is started.
struct Child {
    groups: Groups,
    cwd: String,
    join: Join,
    ignore: u32,
}
