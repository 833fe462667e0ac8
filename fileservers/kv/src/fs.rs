//! The [`FileServer`] implementation of [`KvFs`]: each method locks the store, resolves its
//! fids and calls one `Store` or `Node` operation.

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::oflags;
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result, SetAttr};

use crate::node::{readable, writable, Body, Dir, Node};
use crate::store::ROOT;
use crate::KvFs;

/// `Tunlinkat` flag: remove a directory.
const AT_REMOVEDIR: u32 = 0x200;

#[async_trait]
impl FileServer for KvFs {
    /// `Tattach`: `fid` names the root. Errors: `ENOENT` unless `aname` is empty.
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        let mut st = self.lock();
        st.set_fid(fid, ROOT, None);
        Ok(st.node(ROOT)?.qid())
    }

    /// `Twalk`, with `..` and the partial-walk rule. Errors: `ENOENT`, `ENOTDIR`, `EBADF`.
    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut st = self.lock();
        let mut ino = st.fid(fid)?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            match st.lookup(ino, name) {
                Ok(next) => ino = next,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(st.node(ino)?.qid());
        }
        st.set_fid(newfid, ino, None);
        Ok(qids)
    }

    /// `Tlopen`. Errors: `EISDIR`, `ENOTDIR`, `ELOOP`, `EINVAL` (see `Node::open`), `EBADF`.
    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let mut st = self.lock();
        let ino = st.fid(fid)?;
        let node = st.node_mut(ino)?;
        node.open(flags)?;
        let qid = node.qid();
        st.set_fid(fid, ino, Some(flags));
        Ok((qid, 0))
    }

    /// `Tlcreate`: an empty value owned by the caller.
    ///
    /// # Errors
    /// `EEXIST`, `ENOTDIR`, `ENOENT` (removed directory), `EINVAL` (access mode 3), `EBADF`.
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
        let mut st = self.lock();
        let dir = st.fid(fid)?;
        let node = Node::new(Body::Value(Vec::new()), mode, cx.uid.0, gid);
        let ino = st.add(dir, name, node)?;
        st.set_fid(fid, ino, Some(flags));
        Ok((st.node(ino)?.qid(), 0))
    }

    /// `Tread` of a value. Errors: `EBADF` (not open for reading), `EISDIR`.
    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let st = self.lock();
        let (ino, flags) = st.opened(fid)?;
        if !readable(flags) {
            return Err(Errno::EBADF);
        }
        st.node(ino)?.read(offset, count)
    }

    /// `Twrite` at `offset` (the end under `O_APPEND`).
    ///
    /// # Errors
    /// `EBADF` (not open for writing), `EFBIG` (past [`MAX_VALUE`](crate::MAX_VALUE)).
    async fn write(&self, _cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let mut st = self.lock();
        let (ino, flags) = st.opened(fid)?;
        if !writable(flags) {
            return Err(Errno::EBADF);
        }
        let append = flags & oflags::O_APPEND != 0;
        st.node_mut(ino)?.write(append, offset, &data)
    }

    /// `Tclunk`. Errors: `EBADF` (unknown fid).
    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.lock().clunk(fid).map(drop)
    }

    /// `Tremove` of a key or an empty directory, then clunk.
    ///
    /// # Errors
    /// `EBUSY` (the root), `ENOENT` (already removed), `ENOTEMPTY`, `EBADF`.
    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let mut st = self.lock();
        let ino = st.fid(fid)?;
        let node = st.node(ino).map(|n| (n.is_dir(), n.link.clone()));
        st.clunk(fid)?;
        let (rmdir, link) = node?;
        if ino == ROOT {
            return Err(Errno::EBUSY);
        }
        let (dir, name) = link.ok_or(Errno::ENOENT)?;
        st.unlink(dir, &name, rmdir)
    }

    /// `Tgetattr`: every `stat(2)` field whatever `mask` asks. Errors: `EBADF`.
    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let st = self.lock();
        st.attr(st.fid(fid)?)
    }

    /// `Tsetattr`: mode, uid, gid, size, atime, mtime. No permission checks: wrap the server
    /// in the permission middleware for those.
    ///
    /// # Errors
    /// `EISDIR`/`EINVAL` (size of a directory/symlink), `EFBIG`, `EBADF`.
    async fn setattr(&self, _cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let mut st = self.lock();
        let ino = st.fid(fid)?;
        st.node_mut(ino)?.set_attr(attr)
    }

    /// `Treaddir` of an open directory; cookies survive changes (see `Dir`).
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
        let st = self.lock();
        let (ino, _) = st.opened(fid)?;
        st.readdir(ino, offset, count)
    }

    /// `Tmkdir`. Errors: `EEXIST`, `ENOTDIR`, `ENOENT` (removed directory), `EBADF`.
    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        let mut st = self.lock();
        let dir = st.fid(dfid)?;
        let ino = st.add(
            dir,
            name,
            Node::new(Body::Dir(Dir::default()), mode, cx.uid.0, gid),
        )?;
        Ok(st.node(ino)?.qid())
    }

    /// `Tsymlink` (mode `0o777`). Errors: as [`FileServer::mkdir`].
    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        let mut st = self.lock();
        let dir = st.fid(dfid)?;
        let ino = st.add(
            dir,
            name,
            Node::new(Body::Symlink(target.into()), 0o777, cx.uid.0, gid),
        )?;
        Ok(st.node(ino)?.qid())
    }

    /// `Treadlink`. Errors: `EINVAL` (not a symlink), `EBADF`.
    async fn readlink(&self, _cx: &Caller, fid: Fid) -> Result<String> {
        let st = self.lock();
        match &st.node(st.fid(fid)?)?.body {
            Body::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    /// `Trename`: move the file `fid` names. Errors: as `Trenameat`, `EBUSY` (the root).
    async fn rename(&self, _cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let mut st = self.lock();
        let (ino, newdir) = (st.fid(fid)?, st.fid(dfid)?);
        if ino == ROOT {
            return Err(Errno::EBUSY);
        }
        let (olddir, oldname) = st.node(ino)?.link.clone().ok_or(Errno::ENOENT)?;
        st.rename((olddir, &oldname), (newdir, name))
    }

    /// `Trenameat`. Errors: `ENOENT`, `ENOTEMPTY`, `EISDIR`/`ENOTDIR`, `EINVAL`, `EBADF`.
    async fn renameat(
        &self,
        _cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let mut st = self.lock();
        let (olddir, newdir) = (st.fid(olddirfid)?, st.fid(newdirfid)?);
        st.rename((olddir, oldname), (newdir, newname))
    }

    /// `Tunlinkat`. Errors: `ENOENT`, `ENOTEMPTY`, `EISDIR`, `ENOTDIR`, `EBADF`.
    async fn unlinkat(&self, _cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        let mut st = self.lock();
        let dir = st.fid(dirfid)?;
        st.unlink(dir, name, flags & AT_REMOVEDIR != 0)
    }
}
