//! The `FileServer` implementation of [`RamFs`]: each method resolves fids and calls `tree`,
//! `rename` or `io`.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::oflags;
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result, SetAttr, StatFs};

use crate::fids::{readable, writable};
use crate::io;
use crate::node::{Body, Node, Time};
use crate::ramfs::{Kind, RamFs};
use crate::rename::{rename, Move};
use crate::tree::{self, add, lookup, unlink};

/// `Tunlinkat` flag: remove a directory.
const AT_REMOVEDIR: u32 = 0x200;

impl RamFs {
    /// Create a node of `kind` named `name` in the directory `dfid`.
    fn create_node(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        kind: Kind<'_>,
        mode: u32,
        gid: u32,
    ) -> Result<Arc<Node>> {
        let dir = self.fids.node(dfid)?;
        let node = self.make(cx, kind, mode, gid);
        add(&dir, name, &node)?;
        Ok(node)
    }
}

#[async_trait]
impl FileServer for RamFs {
    /// `Tattach`: `fid` names the root.
    ///
    /// # Errors
    /// `ENOENT` unless `aname` is empty.
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.fids.set(fid, self.root.clone(), None);
        Ok(self.root.qid())
    }

    /// `Twalk` with `..` (the root's parent is the root) and the partial-walk rule.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR` (first name), `EBADF`.
    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut node = self.fids.node(fid)?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            match lookup(&node, name) {
                Ok(next) => node = next,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(node.qid());
        }
        self.fids.set(newfid, node, None);
        Ok(qids)
    }

    /// `Tlopen`.
    ///
    /// # Errors
    /// `EISDIR`, `ENOTDIR`, `ELOOP`, `EINVAL` (see `io::open`), `EBADF`.
    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let node = self.fids.node(fid)?;
        io::open(&node, flags)?;
        let qid = node.qid();
        self.fids.set(fid, node, Some(flags));
        Ok((qid, 0))
    }

    /// `Tlcreate`: a regular file owned by the caller, mode `mode & 0o7777`, group `gid`
    /// (`u32::MAX`: the caller's).
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `ENOENT` (removed directory), `EINVAL` (bad name or access mode),
    /// `EBADF`.
    async fn create(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        gid: u32,
    ) -> Result<(Qid, u32)> {
        if flags & oflags::O_ACCMODE == oflags::O_ACCMODE {
            return Err(Errno::EINVAL);
        }
        let node = self.create_node(cx, fid, name, Kind::File, mode, gid)?;
        let qid = node.qid();
        self.fids.set(fid, node, Some(flags));
        Ok((qid, 0))
    }

    /// `Tread` of a file.
    ///
    /// # Errors
    /// `EBADF` (not open for reading), `EISDIR`.
    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let (node, flags) = self.fids.opened(fid)?;
        if !readable(flags) {
            return Err(Errno::EBADF);
        }
        io::read(&node, offset, count)
    }

    /// `Twrite` at `offset` (the end under `O_APPEND`), zero-filling a gap.
    ///
    /// # Errors
    /// `EBADF` (not open for writing), `EFBIG`, `ENOSPC`.
    async fn write(&self, _cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let (node, flags) = self.fids.opened(fid)?;
        if !writable(flags) {
            return Err(Errno::EBADF);
        }
        io::write(&node, flags, offset, &data)
    }

    /// `Tclunk`.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids.remove(fid).map(drop)
    }

    /// `Tremove`: unlink the name the file was created or last renamed under, and clunk.
    ///
    /// # Errors
    /// `EBUSY` (the root), `ENOENT` (already unlinked), `ENOTEMPTY`, `EBADF`.
    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let node = self.fids.remove(fid)?;
        if Arc::ptr_eq(&node, &self.root) {
            return Err(Errno::EBUSY);
        }
        let (dir, name) = node.first_link().ok_or(Errno::ENOENT)?;
        unlink(&dir, &name, node.is_dir(), Some(&node))
    }

    /// `Tgetattr`: every `stat(2)` field and the birth time, whatever `mask` asks.
    ///
    /// # Errors
    /// `EBADF`.
    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        Ok(self.fids.node(fid)?.attr())
    }

    /// `Tsetattr`: mode, uid, gid, size, atime, mtime (now or given), ctime.
    ///
    /// # Errors
    /// `EISDIR`/`EINVAL` (size of a directory/symlink), `EFBIG`, `ENOSPC`, `EBADF`.
    async fn setattr(&self, _cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let node = self.fids.node(fid)?;
        io::set_attr(&node, attr)
    }

    /// `Treaddir` of an open directory: cookies stay valid across changes (see `dir::Dir`).
    ///
    /// # Errors
    /// `ENOTDIR`, `EBADF` (not open), `EINVAL` (`count` below one entry).
    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let (node, _) = self.fids.opened(fid)?;
        let parent = node.parent();
        let mut st = node.lock();
        tree::dir_mut(&mut st)?.list(&node, &parent, offset, count)
    }

    /// `Tmkdir`.
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `ENOENT` (removed directory), `EINVAL`, `EBADF`.
    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        Ok(self
            .create_node(cx, dfid, name, Kind::Dir, mode, gid)?
            .qid())
    }

    /// `Tsymlink`: mode `0o777`.
    ///
    /// # Errors
    /// as [`FileServer::mkdir`].
    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        Ok(self
            .create_node(cx, dfid, name, Kind::Symlink(target), 0o777, gid)?
            .qid())
    }

    /// `Tmknod`: device and fifo nodes are not kept.
    ///
    /// # Errors
    /// `ENOSYS` always.
    async fn mknod(
        &self,
        _cx: &Caller,
        _dfid: Fid,
        _name: &str,
        _mode: u32,
        _major: u32,
        _minor: u32,
        _gid: u32,
    ) -> Result<Qid> {
        Err(Errno::ENOSYS)
    }

    /// `Tlink`: a hard link.
    ///
    /// # Errors
    /// `EPERM` (a directory), `EEXIST`, `ENOTDIR`, `EBADF`.
    async fn link(&self, _cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        let node = self.fids.node(fid)?;
        if node.is_dir() {
            return Err(Errno::EPERM);
        }
        add(&self.fids.node(dfid)?, name, &node)?;
        node.lock().meta.ctime = Time::now();
        Ok(())
    }

    /// `Treadlink`.
    ///
    /// # Errors
    /// `EINVAL` (not a symlink), `EBADF`.
    async fn readlink(&self, _cx: &Caller, fid: Fid) -> Result<String> {
        match &self.fids.node(fid)?.lock().body {
            Body::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    /// `Trename` of the file's first name.
    ///
    /// # Errors
    /// as [`FileServer::renameat`], `EBUSY` (root).
    async fn rename(&self, _cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let node = self.fids.node(fid)?;
        let newdir = self.fids.node(dfid)?;
        if Arc::ptr_eq(&node, &self.root) {
            return Err(Errno::EBUSY);
        }
        let (olddir, oldname) = node.first_link().ok_or(Errno::ENOENT)?;
        let m = Move {
            olddir: &olddir,
            oldname: &oldname,
            expect: Some(&node),
            newdir: &newdir,
            newname: name,
        };
        rename(&self.rename_lock, &m)
    }

    /// `Trenameat`.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTEMPTY`, `EISDIR`/`ENOTDIR`, `EINVAL`, `EBADF` (see `rename::rename`).
    async fn renameat(
        &self,
        _cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let olddir = self.fids.node(olddirfid)?;
        let newdir = self.fids.node(newdirfid)?;
        let m = Move {
            olddir: &olddir,
            oldname,
            expect: None,
            newdir: &newdir,
            newname,
        };
        rename(&self.rename_lock, &m)
    }

    /// `Tunlinkat`.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTEMPTY`, `EISDIR`, `ENOTDIR`, `EBADF`.
    async fn unlinkat(&self, _cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        unlink(
            &self.fids.node(dirfid)?,
            name,
            flags & AT_REMOVEDIR != 0,
            None,
        )
    }

    /// `Tstatfs`: see `RamFs::stat_fs`.
    ///
    /// # Errors
    /// `EBADF`.
    async fn statfs(&self, _cx: &Caller, fid: Fid) -> Result<StatFs> {
        self.fids.node(fid)?;
        Ok(self.stat_fs())
    }
}
