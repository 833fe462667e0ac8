//! File calls of [`ProcContext`]: fds and path operations.

use std::sync::Arc;

use bytes::Bytes;
use warren_proto::{Attr, DirEntry, Errno, Result, SetAttr};

use super::ProcContext;
use crate::ns::{dir, ops};
use crate::proc::fd::{lock, OpenFile};
use crate::types::Fd;

impl ProcContext {
    /// The open file behind `fd`.
    fn file(&self, fd: Fd) -> Result<Arc<OpenFile>> {
        lock(&self.proc.groups().fds).get(fd)
    }

    /// Put `file` in the lowest free fd; on `EMFILE` the file is closed.
    async fn install(&self, file: OpenFile) -> Result<Fd> {
        let file = Arc::new(file);
        let r = lock(&self.proc.groups().fds).install(file.clone());
        if r.is_err() {
            file.close(&self.caller()).await;
        }
        r
    }

    /// `open(2)`: open `path` with Linux `flags` (`O_RDONLY`, `O_WRONLY|O_CREAT|O_TRUNC`, ...,
    /// see `warren_proto::attr::oflags`); `mode` gives the permission bits of a created file.
    /// Returns the lowest free fd. A file is created in its directory's server (in a union,
    /// the member bound with `CREATE`). `O_APPEND` writes go to the end (see
    /// [`ProcContext::write`]). Source: POSIX `open(2)`, 9P2000.L `Tlopen`/`Tlcreate`.
    ///
    /// # Errors
    /// `ENOENT`, `EEXIST` (`O_CREAT|O_EXCL`), `EISDIR` (write to a directory), `ENOTDIR`,
    /// `EACCES`, `EMFILE`, `EROFS` (create in a union with no `CREATE` member), `ELOOP`.
    pub async fn open(&self, path: &str, flags: u32, mode: u32) -> Result<Fd> {
        let path = self.abs(path);
        let chan = ops::open(&self.table(), &self.caller(), &path, flags, mode).await?;
        self.install(OpenFile::new(chan, flags, path)).await
    }
    /// Read up to `count` bytes at the fd's offset and advance it; empty at end of file. May
    /// block (pipes, the console); pipes ignore the offset. Source: `Tread`.
    ///
    /// # Errors
    /// `EBADF` (not open, or open write-only), `EISDIR`, `EINTR` (a caught signal is
    /// pending while it blocks).
    pub async fn read(&self, fd: Fd, count: usize) -> Result<Bytes> {
        let file = self.file(fd)?;
        self.interruptible(file.read(&self.caller(), count)).await
    }
    /// Write `data` at the fd's offset and advance it; returns the bytes written. With
    /// `O_APPEND` the write goes to the size `Tgetattr` reports just before it (not atomic
    /// against other writers). A write to a pipe with no reader raises `SIGPIPE` on this
    /// process: by default it ends the process (status 141) and the call never returns.
    /// Source: `Twrite`, POSIX `write(2)`.
    ///
    /// # Errors
    /// `EBADF` (not open, or read-only), `EPIPE` (no reader, `SIGPIPE` caught or ignored),
    /// `ENOSPC`, `EINTR` (a caught signal is pending while it blocks).
    pub async fn write(&self, fd: Fd, data: Bytes) -> Result<usize> {
        let file = self.file(fd)?;
        match self.interruptible(file.write(&self.caller(), data)).await {
            Err(e) => self.write_failed(e).await,
            ok => ok,
        }
    }
    /// Write all of `data`, looping over short writes.
    ///
    /// # Errors
    /// as [`ProcContext::write`] (also after part of `data` was written); `EIO` if the
    /// server writes nothing.
    pub async fn write_all(&self, fd: Fd, data: impl Into<Bytes>) -> Result<()> {
        let mut data: Bytes = data.into();
        let file = self.file(fd)?;
        while !data.is_empty() {
            let n = match self
                .interruptible(file.write(&self.caller(), data.clone()))
                .await
            {
                Ok(n) => n,
                Err(e) => return self.write_failed(e).await,
            };
            if n == 0 {
                return Err(Errno::EIO);
            }
            let _ = data.split_to(n.min(data.len()));
        }
        Ok(())
    }
    /// Close `fd`; the file is clunked (now) when no fd refers to it any more.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub async fn close(&self, fd: Fd) -> Result<()> {
        let file = lock(&self.proc.groups().fds).take(fd)?;
        file.close(&self.caller()).await;
        Ok(())
    }
    /// A new fd (the lowest free) referring to the same open file as `fd` (shared offset).
    ///
    /// # Errors
    /// `EBADF`, `EMFILE`.
    pub fn dup(&self, fd: Fd) -> Result<Fd> {
        let fds = self.proc.groups().fds;
        let mut t = lock(&fds);
        let f = t.get(fd)?;
        t.install(f)
    }
    /// Make `new` refer to the same open file as `old`, closing what `new` held; returns
    /// `new`. Source: POSIX `dup2(2)`.
    ///
    /// # Errors
    /// `EBADF` when `old` is not open or `new` is out of range.
    pub fn dup2(&self, old: Fd, new: Fd) -> Result<Fd> {
        let fds = self.proc.groups().fds;
        let mut t = lock(&fds);
        let f = t.get(old)?;
        if old != new {
            drop(t.set(new, f)?);
        }
        Ok(new)
    }
    /// A pipe: `(read end, write end)`. Reads block until data or until every write end is
    /// closed (then end of file); writes with no read end open fail with `EPIPE`.
    /// Source: Plan 9 `pipe(2)` over the pipe server (`devpipe`).
    ///
    /// # Errors
    /// `ENOSYS` (no pipe server), `EMFILE`.
    pub async fn pipe(&self) -> Result<(Fd, Fd)> {
        let (r, w) = self.kernel.pipe(&self.caller()).await?;
        let r = self.install(r).await?;
        match self.install(w).await {
            Ok(w) => Ok((r, w)),
            Err(e) => {
                let _ = self.close(r).await;
                Err(e)
            }
        }
    }
    /// Attributes of `path`, following a final symlink. Source: `Tgetattr`.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR`, `ELOOP`.
    pub async fn stat(&self, path: &str) -> Result<Attr> {
        ops::stat(&self.table(), &self.caller(), &self.abs(path), true).await
    }
    /// Attributes of `path` itself, not following a final symlink.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR`.
    pub async fn lstat(&self, path: &str) -> Result<Attr> {
        ops::stat(&self.table(), &self.caller(), &self.abs(path), false).await
    }
    /// Attributes of the file `fd` refers to.
    ///
    /// # Errors
    /// `EBADF`.
    pub async fn fstat(&self, fd: Fd) -> Result<Attr> {
        self.file(fd)?.stat(&self.caller()).await
    }
    /// Entries of the directory `path` without `.` and `..`; for a union, every member's
    /// in order, a name listed once (the entry a walk finds). Source: `Treaddir`, Plan 9
    /// union directories.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR`.
    pub async fn readdir(&self, path: &str) -> Result<Vec<DirEntry>> {
        let (t, cx) = (self.table(), self.caller());
        let loc = t.resolve(&cx, &self.abs(path), true).await?;
        Ok(dir::read_all(&t, &cx, &loc, false)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect())
    }
    /// Create directory `path` with permission bits `mode`. Source: `Tmkdir`.
    ///
    /// # Errors
    /// `EEXIST`, `ENOENT`, `EROFS` (union without `CREATE` member).
    pub async fn mkdir(&self, path: &str, mode: u32) -> Result<()> {
        ops::mkdir(&self.table(), &self.caller(), &self.abs(path), mode)
            .await
            .map(drop)
    }
    /// Remove the file, symlink or empty directory `path` (not following a final symlink).
    /// Source: `Tunlinkat`.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTEMPTY`, `EBUSY` (a mount point).
    pub async fn remove(&self, path: &str) -> Result<()> {
        ops::remove(&self.table(), &self.caller(), &self.abs(path)).await
    }
    /// Move `from` to `to` (replacing a file there). Source: `Trenameat`.
    ///
    /// # Errors
    /// `ENOENT`, `EXDEV` (different fileservers), `ENOTEMPTY`, `EBUSY` (a mount point).
    pub async fn rename(&self, from: &str, to: &str) -> Result<()> {
        ops::rename(
            &self.table(),
            &self.caller(),
            &self.abs(from),
            &self.abs(to),
        )
        .await
    }
    /// Change attributes of `path` (chmod, chown, truncate, utimes): the fields `attr.valid`
    /// selects. Source: `Tsetattr`.
    ///
    /// # Errors
    /// `EPERM`, `ENOENT`.
    pub async fn wstat(&self, path: &str, attr: &SetAttr) -> Result<()> {
        ops::wstat(&self.table(), &self.caller(), &self.abs(path), attr).await
    }
    /// Create a symlink at `path` pointing at `target` (stored as given). Source: `Tsymlink`.
    ///
    /// # Errors
    /// `EEXIST`, `ENOENT`.
    pub async fn symlink(&self, target: &str, path: &str) -> Result<()> {
        ops::symlink(&self.table(), &self.caller(), target, &self.abs(path))
            .await
            .map(drop)
    }
    /// The target of the symlink `path`. Source: `Treadlink`.
    ///
    /// # Errors
    /// `EINVAL` (not a symlink), `ENOENT`.
    pub async fn readlink(&self, path: &str) -> Result<String> {
        ops::readlink(&self.table(), &self.caller(), &self.abs(path)).await
    }
}
