//! `ProcContext`: everything a bin may do (the design's "Bin ↔ kernel: the file API").
//!
//! SKELETON: the signatures are the contract between the kernel and bins; bodies are being
//! written. Paths are resolved through the calling process's namespace, relative paths
//! against its working directory; `..` is lexical (Plan 9 semantics).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use warren_proto::{Attr, DirEntry, Errno, FileServer, Gid, Result, SetAttr, Uid};

use crate::types::{ExitStatus, Fd, MountFlags, Pgid, Pid, Sid, SpawnOptions};

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
/// process.
#[derive(Clone)]
pub struct ProcContext {
    argv: Arc<[String]>,
}

impl ProcContext {
    // ---- identity ----

    /// This process's id.
    pub fn pid(&self) -> Pid {
        todo!()
    }
    /// The parent's id (pid 1's parent is 0).
    pub fn ppid(&self) -> Pid {
        todo!()
    }
    /// The user id.
    pub fn uid(&self) -> Uid {
        todo!()
    }
    /// The group id.
    pub fn gid(&self) -> Gid {
        todo!()
    }
    /// The session id.
    pub fn sid(&self) -> Sid {
        todo!()
    }
    /// The process group id.
    pub fn pgid(&self) -> Pgid {
        todo!()
    }
    /// The argument vector; `argv()[0]` is the name the program was started by.
    pub fn argv(&self) -> &[String] {
        &self.argv
    }

    // ---- environment and working directory ----

    /// The value of environment variable `name`.
    pub fn getenv(&self, name: &str) -> Option<String> {
        todo!()
    }
    /// Set environment variable `name` to `value`.
    pub fn setenv(&self, name: &str, value: &str) {
        todo!()
    }
    /// Remove environment variable `name`.
    pub fn unsetenv(&self, name: &str) {
        todo!()
    }
    /// All environment variables, sorted by name.
    pub fn environ(&self) -> Vec<(String, String)> {
        todo!()
    }
    /// The working directory: an absolute, clean path.
    pub fn cwd(&self) -> String {
        todo!()
    }
    /// Change the working directory. Errors: `ENOENT`, `ENOTDIR`, `EACCES`.
    pub async fn chdir(&self, path: &str) -> Result<()> {
        todo!()
    }

    // ---- files ----

    /// `open(2)`: open `path` with Linux `flags` (`O_RDONLY`, `O_WRONLY|O_CREAT|O_TRUNC`, ...,
    /// see `warren_proto::attr::oflags`); `mode` gives the permission bits of a created file.
    /// Returns the lowest free fd.
    ///
    /// Errors: `ENOENT`, `EEXIST` (`O_CREAT|O_EXCL`), `EISDIR` (write to a directory),
    /// `ENOTDIR`, `EACCES`, `EMFILE`.
    pub async fn open(&self, path: &str, flags: u32, mode: u32) -> Result<Fd> {
        todo!()
    }
    /// Read up to `count` bytes at the fd's offset and advance it; empty at end of file. May
    /// block (pipes, the console). Errors: `EBADF`, `EISDIR`, `EINTR`.
    pub async fn read(&self, fd: Fd, count: usize) -> Result<Bytes> {
        todo!()
    }
    /// Write `data` at the fd's offset (at the end for `O_APPEND`) and advance it; returns the
    /// bytes written. Errors: `EBADF`, `EPIPE` (no reader), `ENOSPC`.
    pub async fn write(&self, fd: Fd, data: Bytes) -> Result<usize> {
        todo!()
    }
    /// Write all of `data`, looping over short writes.
    pub async fn write_all(&self, fd: Fd, data: impl Into<Bytes>) -> Result<()> {
        todo!()
    }
    /// Close `fd`; the file is clunked when no fd refers to it. Errors: `EBADF`.
    pub async fn close(&self, fd: Fd) -> Result<()> {
        todo!()
    }
    /// A new fd (the lowest free) referring to the same open file as `fd` (shared offset).
    pub fn dup(&self, fd: Fd) -> Result<Fd> {
        todo!()
    }
    /// Make `new` refer to the same open file as `old`, closing what `new` held.
    pub fn dup2(&self, old: Fd, new: Fd) -> Result<Fd> {
        todo!()
    }
    /// A pipe: `(read end, write end)`. Reads block until data or until every write end is
    /// closed (then end of file); writes with no read end open fail with `EPIPE`.
    pub async fn pipe(&self) -> Result<(Fd, Fd)> {
        todo!()
    }
    /// Attributes of `path`, following a final symlink. Errors: `ENOENT`, `ENOTDIR`.
    pub async fn stat(&self, path: &str) -> Result<Attr> {
        todo!()
    }
    /// Attributes of `path` itself, not following a final symlink.
    pub async fn lstat(&self, path: &str) -> Result<Attr> {
        todo!()
    }
    /// Attributes of the file `fd` refers to.
    pub async fn fstat(&self, fd: Fd) -> Result<Attr> {
        todo!()
    }
    /// Entries of the directory `path` (unions: every member's, in order), without `.` and
    /// `..`. Errors: `ENOENT`, `ENOTDIR`.
    pub async fn readdir(&self, path: &str) -> Result<Vec<DirEntry>> {
        todo!()
    }
    /// Create directory `path` with permission bits `mode`. Errors: `EEXIST`, `ENOENT`.
    pub async fn mkdir(&self, path: &str, mode: u32) -> Result<()> {
        todo!()
    }
    /// Remove the file, symlink or empty directory `path` (not following a final symlink).
    /// Errors: `ENOENT`, `ENOTEMPTY`.
    pub async fn remove(&self, path: &str) -> Result<()> {
        todo!()
    }
    /// Move `from` to `to` (replacing a file there). Errors: `ENOENT`, `EXDEV` (different
    /// fileservers), `ENOTEMPTY`.
    pub async fn rename(&self, from: &str, to: &str) -> Result<()> {
        todo!()
    }
    /// Change attributes of `path` (chmod, chown, truncate, utimes): the fields `attr.valid`
    /// selects. Errors: `EPERM`, `ENOENT`.
    pub async fn wstat(&self, path: &str, attr: &SetAttr) -> Result<()> {
        todo!()
    }
    /// Create a symlink at `path` pointing at `target`. Errors: `EEXIST`, `ENOENT`.
    pub async fn symlink(&self, target: &str, path: &str) -> Result<()> {
        todo!()
    }
    /// The target of the symlink `path`. Errors: `EINVAL` (not a symlink), `ENOENT`.
    pub async fn readlink(&self, path: &str) -> Result<String> {
        todo!()
    }

    // ---- processes ----

    /// Start a child running the program `argv[0]`: a path (`/bin/ls`, `./x`), or a name
    /// searched for in `$PATH`. The file must be a bin image or a `#!` script.
    /// Errors: `ENOENT` (not found), `EACCES` (not executable), `ENOEXEC`-like `EINVAL`.
    pub async fn spawn(&self, argv: Vec<String>, opts: SpawnOptions) -> Result<Pid> {
        todo!()
    }
    /// Start a child running `f` (a fork of this program: subshells, pipeline stages of
    /// builtins), named `argv`.
    pub async fn spawn_fn<F, Fut>(&self, argv: Vec<String>, opts: SpawnOptions, f: F) -> Result<Pid>
    where
        F: FnOnce(ProcContext) -> Fut + Send + 'static,
        Fut: Future<Output = ExitStatus> + Send + 'static,
    {
        todo!()
    }
    /// Wait for the child `pid` to exit and reap it. Errors: `ECHILD` (not a child).
    pub async fn wait(&self, pid: Pid) -> Result<ExitStatus> {
        todo!()
    }
    /// Wait for any child to exit and reap it. Errors: `ECHILD` (no children).
    pub async fn wait_any(&self) -> Result<(Pid, ExitStatus)> {
        todo!()
    }

    // ---- namespace ----

    /// Mount `server` (attached with `aname`) on the directory `path`.
    /// Errors: `ENOENT`, `ENOTDIR`, the attach's error.
    pub async fn mount(&self, server: Arc<dyn FileServer>, aname: &str, path: &str, flags: MountFlags)
        -> Result<()> {
        todo!()
    }
    /// Dial a 9P2000.L server (`tcp!host!port`, `unix!/path`) and mount it on `path`.
    /// Errors: `ECONNREFUSED`, `ENOENT`, ...
    pub async fn mount_dial(&self, dial: &str, aname: &str, path: &str, flags: MountFlags)
        -> Result<()> {
        todo!()
    }
    /// Make `new` show what `old` shows (Plan 9 `bind old new`).
    pub async fn bind(&self, old: &str, new: &str, flags: MountFlags) -> Result<()> {
        todo!()
    }
    /// Undo binds and mounts on `new` (only the one of `old` when given).
    /// Errors: `EINVAL` (nothing mounted there).
    pub async fn unmount(&self, old: Option<&str>, new: &str) -> Result<()> {
        todo!()
    }
    /// The namespace as lines (`mount -b tcp!... /n/x`, `bind -a /a /b`) that rebuild it.
    pub fn ns_lines(&self) -> Vec<String> {
        todo!()
    }
}

#[allow(dead_code)]
fn _unused(_: Errno) {}
