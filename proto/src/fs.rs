//! The `FileServer` trait: one method per 9P2000.L request, with refusing defaults.
//!
//! A fileserver is called in-process by the kernel (no encoding) or through the serving loop
//! ([`crate::server`]) by a remote client; both paths MUST behave the same. The caller
//! allocates fids ([`Fid::fresh`]) and the server keeps whatever state it wants per fid.
//! The framework validates the protocol once, before a server sees a request: fids exist,
//! a newfid is not in use, names are single valid path elements, I/O happens only on opened
//! fids. Servers still answer `EBADF` for an unknown fid rather than panicking.

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use bytes::Bytes;

use crate::attr::{Attr, DirEntry, GetLock, Lock, LockStatus, SetAttr, StatFs};
use crate::errno::{Errno, Result};
use crate::qid::Qid;

/// A user id, as carried on a process and in `Tattach.n_uname`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uid(pub u32);

/// A group id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gid(pub u32);

impl Uid {
    /// The superuser, allowed everything by the permission middleware.
    pub const ROOT: Uid = Uid(0);
}

/// Who is asking: the identity every [`FileServer`] call carries.
///
/// In-process it comes from the calling process; over the wire from the connection's attach
/// (`uname`/`n_uname`), as the design's "Identity and permissions" says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caller {
    /// The caller's user id.
    pub uid: Uid,
    /// The caller's primary group id.
    pub gid: Gid,
    /// The calling process's id: 0 when unknown (a remote 9P client, the kernel itself).
    /// In-process requests from a process carry its pid (`/proc/self`, a tty's session
    /// checks).
    pub pid: u32,
}

impl Caller {
    /// The superuser (uid 0, gid 0), no process (pid 0).
    pub const ROOT: Caller = Caller {
        uid: Uid(0),
        gid: Gid(0),
        pid: 0,
    };
}

/// A server-side fid: the handle a caller names a file by on one server.
///
/// Unlike a wire fid (`u32`, chosen per connection by the client), a `Fid` is unique in the
/// whole process, so the kernel and any number of connections can share one server without
/// colliding: the serving loop maps each wire fid to a fresh `Fid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fid(pub u64);

impl Fid {
    /// A fid never handed out before in this process.
    pub fn fresh() -> Fid {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Fid(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A 9P2000.L fileserver. Each method is one request; the names, arguments and errors are the
/// protocol's (see the 9P2000.L message list and intro(5)).
///
/// Defaults refuse: mutations answer `EROFS`, directory operations `ENOTDIR`, anything else
/// `ENOSYS`/`EOPNOTSUPP`, so a server writes only what it serves.
///
/// Concurrency: calls may arrive concurrently on different fids, and a call MAY block (a pipe
/// or tty read); a server MUST NOT hold a lock across such a wait. A call's future may be
/// dropped before it completes (Tflush, a signal): servers must leave consistent state at
/// every await point.
#[async_trait]
pub trait FileServer: Send + Sync + 'static {
    /// `Tattach`: make `fid` name the root of the tree `aname` (empty for the default tree).
    ///
    /// # Errors
    /// `ENOENT` for an unknown `aname`, `EACCES` when the caller may not attach.
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid>;

    /// `Twalk`: walk `fid` through `wnames` (each one path element, `..` allowed) and make
    /// `newfid` name the result. With no names, `newfid` becomes a clone of `fid`.
    ///
    /// Returns the qid of each element walked. If the first element fails the error is
    /// returned; if a later one fails, the qids of the elements that succeeded are returned and
    /// `newfid` is NOT created (the 9P rule).
    ///
    /// # Errors
    /// `ENOENT` (first name missing), `ENOTDIR` (walk through a file), `EBADF` (unknown fid).
    async fn walk(&self, cx: &Caller, fid: Fid, newfid: Fid, wnames: &[String])
        -> Result<Vec<Qid>>;

    /// `Tlopen`: open `fid` for I/O with Linux open `flags` (see [`crate::attr::oflags`]).
    ///
    /// Returns the qid and the iounit (0: let the framework choose from msize).
    ///
    /// # Errors
    /// `EISDIR` (write access to a directory), `EACCES`, `EBADF`.
    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)>;

    /// `Tlcreate`: create the regular file `name` in the directory `fid` with permission bits
    /// `mode` and group `gid`, open it with `flags`, and make `fid` name the new file.
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `EACCES`, `EROFS` (default).
    async fn create(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        gid: u32,
    ) -> Result<(Qid, u32)> {
        let _ = (cx, fid, name, flags, mode, gid);
        Err(Errno::EROFS)
    }

    /// `Tread`: up to `count` bytes at `offset` (bytes from the start) of the opened `fid`.
    /// An empty result means end of file. May block (pipes, ttys).
    ///
    /// # Errors
    /// `EBADF` (not open for reading), `EISDIR`.
    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes>;

    /// `Twrite`: write `data` at `offset` (ignored for append-only files and pipes); returns
    /// the number of bytes written.
    ///
    /// # Errors
    /// `EBADF` (not open for writing), `EPIPE` (pipe with no reader), `ENOSPC`, `EROFS` (default).
    async fn write(&self, cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let _ = (cx, fid, offset, data);
        Err(Errno::EROFS)
    }

    /// `Tclunk`: forget `fid`. Always frees the fid, even when it returns an error.
    async fn clunk(&self, cx: &Caller, fid: Fid) -> Result<()>;

    /// `Tremove`: remove the file `fid` names and clunk `fid` (freed even on error).
    ///
    /// # Errors
    /// `ENOTEMPTY`, `EACCES`, `EROFS` (default).
    async fn remove(&self, cx: &Caller, fid: Fid) -> Result<()> {
        let _ = self.clunk(cx, fid).await;
        Err(Errno::EROFS)
    }

    /// `Tgetattr`: the attributes in `mask` ([`crate::attr::getattr`] bits; servers may fill in
    /// more and say so in `valid`).
    async fn getattr(&self, cx: &Caller, fid: Fid, mask: u64) -> Result<Attr>;

    /// `Tsetattr`: change the attributes `attr.valid` selects (chmod, chown, truncate, utimes).
    ///
    /// # Errors
    /// `EPERM`, `EISDIR` (size on a directory), `EROFS` (default).
    async fn setattr(&self, cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let _ = (cx, fid, attr);
        Err(Errno::EROFS)
    }

    /// `Treaddir`: the entries of the opened directory `fid` after the cookie `offset` (0: from
    /// the start), as many as fit in `count` bytes of `Rreaddir` payload
    /// ([`DirEntry::wire_size`]). An empty result means the end. Cookies MUST stay valid while
    /// entries are added and removed: no entry is returned twice or skipped because of them.
    ///
    /// # Errors
    /// `ENOTDIR` (default), `EBADF`.
    async fn readdir(
        &self,
        cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let _ = (cx, fid, offset, count);
        Err(Errno::ENOTDIR)
    }

    /// `Tmkdir`: create directory `name` in directory `dfid` with permission bits `mode`.
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `EACCES`, `EROFS` (default).
    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        let _ = (cx, dfid, name, mode, gid);
        Err(Errno::EROFS)
    }

    /// `Tsymlink`: create symlink `name` in directory `dfid` pointing at `target`.
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `EROFS` (default).
    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        let _ = (cx, dfid, name, target, gid);
        Err(Errno::EROFS)
    }

    /// `Tmknod`: create a device or fifo node `name` in directory `dfid`.
    ///
    /// # Errors
    /// `EPERM`, `EEXIST`, `EROFS` (default).
    #[allow(clippy::too_many_arguments)]
    async fn mknod(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        mode: u32,
        major: u32,
        minor: u32,
        gid: u32,
    ) -> Result<Qid> {
        let _ = (cx, dfid, name, mode, major, minor, gid);
        Err(Errno::EROFS)
    }

    /// `Tlink`: make `name` in directory `dfid` a hard link to the file `fid`.
    ///
    /// # Errors
    /// `EEXIST`, `EPERM` (directories), `EROFS` (default).
    async fn link(&self, cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        let _ = (cx, dfid, fid, name);
        Err(Errno::EROFS)
    }

    /// `Treadlink`: the target of the symlink `fid`.
    ///
    /// # Errors
    /// `EINVAL` (not a symlink; the default).
    async fn readlink(&self, cx: &Caller, fid: Fid) -> Result<String> {
        let _ = (cx, fid);
        Err(Errno::EINVAL)
    }

    /// `Trename`: move the file `fid` to `name` in directory `dfid`.
    ///
    /// # Errors
    /// as [`FileServer::renameat`].
    async fn rename(&self, cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let _ = (cx, fid, dfid, name);
        Err(Errno::EROFS)
    }

    /// `Trenameat`: move `oldname` in `olddirfid` to `newname` in `newdirfid`, replacing a
    /// file there (or an empty directory, when moving a directory).
    ///
    /// # Errors
    /// `ENOENT`, `ENOTEMPTY`, `EISDIR`/`ENOTDIR` (kind mismatch), `EINVAL` (into itself),
    /// `EROFS` (default).
    async fn renameat(
        &self,
        cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let _ = (cx, olddirfid, oldname, newdirfid, newname);
        Err(Errno::EROFS)
    }

    /// `Tunlinkat`: remove `name` from directory `dirfid`; `flags` has `AT_REMOVEDIR` (0x200)
    /// to remove a directory.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTEMPTY`, `EISDIR` (directory without `AT_REMOVEDIR`), `ENOTDIR`,
    /// `EROFS` (default).
    async fn unlinkat(&self, cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        let _ = (cx, dirfid, name, flags);
        Err(Errno::EROFS)
    }

    /// `Tstatfs`: file system statistics for the tree `fid` is in.
    async fn statfs(&self, cx: &Caller, fid: Fid) -> Result<StatFs> {
        let _ = (cx, fid);
        Ok(StatFs {
            ty: 0x01021997,
            bsize: 4096,
            namelen: 255,
            ..StatFs::default()
        })
    }

    /// `Tfsync`: make the file's data durable. In-memory servers have nothing to do.
    async fn fsync(&self, cx: &Caller, fid: Fid, datasync: u32) -> Result<()> {
        let _ = (cx, fid, datasync);
        Ok(())
    }

    /// `Tlock`: take or release a POSIX record lock. The default grants every lock, which is
    /// right for a server with a single client or no shared-state semantics.
    async fn lock(&self, cx: &Caller, fid: Fid, lock: &Lock) -> Result<LockStatus> {
        let _ = (cx, fid, lock);
        Ok(0)
    }

    /// `Tgetlock`: test for a conflicting lock; the default reports none (type UNLCK).
    async fn getlock(&self, cx: &Caller, fid: Fid, lock: &GetLock) -> Result<GetLock> {
        let _ = (cx, fid);
        Ok(GetLock {
            ty: 2,
            ..lock.clone()
        })
    }

    /// `Txattrwalk`: prepare to read extended attribute `name` (empty: the list) through
    /// `newfid`; returns its size in bytes.
    ///
    /// # Errors
    /// `EOPNOTSUPP` (the default: no extended attributes).
    async fn xattrwalk(&self, cx: &Caller, fid: Fid, newfid: Fid, name: &str) -> Result<u64> {
        let _ = (cx, fid, newfid, name);
        Err(Errno::EOPNOTSUPP)
    }

    /// `Txattrcreate`: prepare to write extended attribute `name` through `fid`.
    ///
    /// # Errors
    /// `EOPNOTSUPP` (the default).
    async fn xattrcreate(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        size: u64,
        flags: u32,
    ) -> Result<()> {
        let _ = (cx, fid, name, size, flags);
        Err(Errno::EOPNOTSUPP)
    }
}
