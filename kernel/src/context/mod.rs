//! `ProcContext`: everything a bin may do (the design's "Bin ↔ kernel: the file API").
//!
//! Paths are resolved through the calling process's namespace, relative paths against its
//! working directory; `..` is lexical (Plan 9 semantics, see [`crate::path`]). Every
//! fileserver request carries the process's identity ([`warren_proto::Caller`]).
//!
//! # Layout
//! - this file: the type, [`Bin`], identity, environment, working directory.
//! - `files`: open, read, write, close, dup, pipe, stat, readdir and the other path calls.
//! - `procs`: spawn, spawn_fn, exec, wait, wait_any, waitpid.
//! - `jobs`: sessions, process groups, uid and gid.
//! - `sig`: kill, kill_session, signal_action, next_signal.
//! - `names`: mount, bind, unmount, ns lines.

mod files;
mod jobs;
mod names;
mod procs;
mod sig;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use warren_proto::{Caller, Gid, Result, Uid};

use crate::kernel::Kernel;
use crate::ns::MountTable;
use crate::path;
use crate::proc::fd::lock;
use crate::proc::process::Process;
use crate::types::{ExitStatus, Pgid, Pid, Sid};

/// The future a bin runs as: its process exits with the status it yields.
pub type BinFuture = Pin<Box<dyn Future<Output = ExitStatus> + Send>>;

/// A program: called once per process with that process's context.
pub type Bin = Arc<dyn Fn(ProcContext) -> BinFuture + Send + Sync>;

/// Make a [`Bin`] from an async function or closure.
pub fn bin<F, Fut>(f: F) -> Bin
where
    F: Fn(ProcContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ExitStatus> + Send + 'static,
{
    Arc::new(move |cx| Box::pin(f(cx)))
}

/// A running process's view of the kernel. Cheap to clone; every clone acts as the same
/// process. After the process exits its fds, namespace and environment are empty.
#[derive(Clone)]
pub struct ProcContext {
    argv: Arc<[String]>,
    kernel: Arc<Kernel>,
    proc: Arc<Process>,
}

impl ProcContext {
    /// The context of process `proc`.
    pub(crate) fn new(kernel: Arc<Kernel>, proc: Arc<Process>) -> ProcContext {
        ProcContext {
            argv: proc.argv(),
            kernel,
            proc,
        }
    }

    /// The identity fileserver requests carry.
    fn caller(&self) -> Caller {
        self.proc.caller()
    }

    /// `path` made absolute against the working directory and cleaned.
    fn abs(&self, p: &str) -> String {
        path::join(&self.proc.cwd(), p)
    }

    /// A snapshot of the namespace's mount table.
    fn table(&self) -> Arc<MountTable> {
        lock(&self.proc.groups().ns).table()
    }

    // ---- identity ----

    /// This process's id.
    pub fn pid(&self) -> Pid {
        self.proc.pid
    }
    /// The parent's id (0 for pid 1 and for processes the host started).
    pub fn ppid(&self) -> Pid {
        self.proc.ppid()
    }
    /// The real user id: who started this process (inherited at spawn, kept across exec;
    /// see [`ProcContext::setuid`]). Source: POSIX `getuid(2)`.
    pub fn uid(&self) -> Uid {
        self.proc.ident().uid
    }
    /// The real group id. Source: POSIX `getgid(2)`.
    pub fn gid(&self) -> Gid {
        self.proc.ident().gid
    }
    /// The effective user id: the one file accesses and permission checks use; differs
    /// from [`ProcContext::uid`] in a set-user-ID program. Source: POSIX `geteuid(2)`.
    pub fn euid(&self) -> Uid {
        self.proc.ident().euid
    }
    /// The effective group id (set by a set-group-ID program). Source: POSIX `getegid(2)`.
    pub fn egid(&self) -> Gid {
        self.proc.ident().egid
    }
    /// The session id (inherited; see [`ProcContext::setsid`]).
    pub fn sid(&self) -> Sid {
        self.proc.sid()
    }
    /// The process group id (inherited; see [`ProcContext::setpgid`]).
    pub fn pgid(&self) -> Pgid {
        self.proc.pgid()
    }
    /// The argument vector; `argv()[0]` is the name the program was started by.
    pub fn argv(&self) -> &[String] {
        &self.argv
    }

    // ---- environment and working directory ----

    /// The value of environment variable `name`.
    pub fn getenv(&self, name: &str) -> Option<String> {
        lock(&self.proc.groups().env).get(name).cloned()
    }
    /// Set environment variable `name` to `value` (seen by processes sharing the group).
    pub fn setenv(&self, name: &str, value: &str) {
        lock(&self.proc.groups().env).insert(name.to_string(), value.to_string());
    }
    /// Remove environment variable `name`.
    pub fn unsetenv(&self, name: &str) {
        lock(&self.proc.groups().env).remove(name);
    }
    /// All environment variables, sorted by name.
    pub fn environ(&self) -> Vec<(String, String)> {
        let env = self.proc.groups().env;
        let env = lock(&env);
        env.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
    /// The working directory: an absolute, clean path with symlinks resolved.
    pub fn cwd(&self) -> String {
        self.proc.cwd()
    }
    /// Change the working directory to `path` (following symlinks; the new working
    /// directory is the resolved path).
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR`, `ELOOP`, `EACCES`.
    pub async fn chdir(&self, path: &str) -> Result<()> {
        let loc = self
            .table()
            .resolve(&self.caller(), &self.abs(path), true)
            .await?;
        if !loc.chan().qid.is_dir() {
            return Err(warren_proto::Errno::ENOTDIR);
        }
        self.proc.set_cwd(loc.path);
        Ok(())
    }
}
