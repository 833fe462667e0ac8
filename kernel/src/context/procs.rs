//! Process calls of [`ProcContext`]: spawn, spawn_fn, wait, wait_any.

use std::future::Future;

use warren_proto::{Errno, Result};

use super::ProcContext;
use crate::proc::fd::lock;
use crate::proc::image::Lookup;
use crate::proc::process::Groups;
use crate::proc::spawn::{child_groups, Main};
use crate::types::{ExitStatus, Pid, SpawnOptions};

impl ProcContext {
    /// Start a child running the program `argv[0]`: a path (`/bin/ls`, `./x`), or a name
    /// searched for in the child's `$PATH` (default `/bin`) through the child's namespace.
    /// The file must be a bin image or a `#!` script (see [`crate::proc::image`]). The
    /// child's fds, namespace and environment are shared, copied or fresh as `opts` says.
    /// Source: Plan 9 `rfork(2)` + `exec(2)`, POSIX `posix_spawn`.
    ///
    /// # Errors
    /// `ENOENT` (not found), `EACCES` (a directory, or no execute bit), `EINVAL` (empty argv,
    /// not a bin image or script, unknown bin), `ELOOP` (interpreters nested too deep),
    /// `EBADF` (bad `fd_map`), `ENOTDIR` (`opts.cwd` not a directory).
    pub async fn spawn(&self, argv: Vec<String>, opts: SpawnOptions) -> Result<Pid> {
        let (groups, cwd) = self.child_setup(&opts).await?;
        let table = lock(&groups.ns).table();
        let path_var = lock(&groups.env).get("PATH").cloned();
        let lookup = Lookup {
            table: &table,
            cx: &self.caller(),
            cwd: &cwd,
            path_var: path_var.as_deref(),
            bins: &self.kernel.bins,
        };
        let (bin, argv) = lookup.load(argv).await?;
        Ok(self.start(argv, groups, cwd, Box::new(move |cx| bin(cx))))
    }
    /// Start a child running `f` (a fork of this program: subshells, pipeline stages of
    /// builtins), named `argv`, with groups as `opts` says.
    ///
    /// # Errors
    /// `EBADF` (bad `fd_map`), `ENOENT`/`ENOTDIR` (`opts.cwd`).
    pub async fn spawn_fn<F, Fut>(&self, argv: Vec<String>, opts: SpawnOptions, f: F) -> Result<Pid>
    where
        F: FnOnce(ProcContext) -> Fut + Send + 'static,
        Fut: Future<Output = ExitStatus> + Send + 'static,
    {
        let (groups, cwd) = self.child_setup(&opts).await?;
        Ok(self.start(argv, groups, cwd, Box::new(move |cx| Box::pin(f(cx)))))
    }
    /// Wait for the child `pid` to exit and reap it. Source: POSIX `waitpid(2)`.
    ///
    /// # Errors
    /// `ECHILD` (not a child of this process, or already reaped).
    pub async fn wait(&self, pid: Pid) -> Result<ExitStatus> {
        self.kernel
            .procs
            .wait(&self.proc, Some(pid))
            .await
            .map(|(_, s)| s)
    }
    /// Wait for any child to exit and reap it. Source: POSIX `wait(2)`.
    ///
    /// # Errors
    /// `ECHILD` (no children).
    pub async fn wait_any(&self) -> Result<(Pid, ExitStatus)> {
        self.kernel.procs.wait(&self.proc, None).await
    }

    /// The child's groups and working directory.
    async fn child_setup(&self, opts: &SpawnOptions) -> Result<(Groups, String)> {
        let groups = child_groups(&self.proc.groups(), opts)?;
        let Some(dir) = &opts.cwd else {
            return Ok((groups, self.proc.cwd()));
        };
        let table = lock(&groups.ns).table();
        let loc = table.resolve(&self.caller(), &self.abs(dir), true).await?;
        if !loc.chan().qid.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        Ok((groups, loc.path))
    }

    /// Start a child of this process.
    fn start(&self, argv: Vec<String>, groups: Groups, cwd: String, main: Main) -> Pid {
        self.kernel
            .start(self.proc.pid, self.caller(), argv, groups, cwd, main)
            .pid
    }
}
