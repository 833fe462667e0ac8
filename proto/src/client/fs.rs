//! `impl FileServer for Client`: each method is one 9P2000.L request on the wire.
//!
//! Every method may also fail with the transport errors of a round trip: `EIO` (connection
//! closed), `ETIMEDOUT` (deadline passed; the request was flushed), `EPROTO` (a reply of the
//! wrong kind), `ENAMETOOLONG` (a name or target that does not fit a frame); and `EBADF`
//! for a caller fid the client does not know.

use async_trait::async_trait;
use bytes::Bytes;

use super::conn::Effect;
use super::Client;
use crate::attr::{Attr, DirEntry, GetLock, Lock, LockStatus, SetAttr, StatFs};
use crate::errno::{Errno, Result};
use crate::fs::{Caller, Fid, FileServer};
use crate::msg::{Rmsg, Tmsg, MAXWELEM};
use crate::qid::Qid;

/// The value a reply must carry, or `EPROTO` for a reply of another kind.
macro_rules! expect {
    ($reply:expr, $pat:pat => $val:expr) => {
        match $reply {
            $pat => Ok($val),
            _ => Err(Errno::EPROTO),
        }
    };
}

/// `s` as a wire string.
///
/// # Errors
/// `ENAMETOOLONG` when it is longer than a 9P string can be (65535 bytes).
pub(super) fn wstr(s: &str) -> Result<String> {
    if s.len() > u16::MAX as usize {
        return Err(Errno::ENAMETOOLONG);
    }
    Ok(s.to_owned())
}

impl Client {
    /// The wire fid of `fid` (`EBADF` if unknown).
    pub(super) fn wire(&self, fid: Fid) -> Result<u32> {
        self.conn.fids().get(fid)
    }

    /// A wire number for a request creating `newfid`, which must not be bound yet.
    ///
    /// # Errors
    /// `EBADF` when `newfid` is in use, `EMFILE` when no wire fid is free.
    pub(super) fn alloc(&self, newfid: Fid) -> Result<u32> {
        let mut fids = self.conn.fids();
        if fids.contains(newfid) {
            return Err(Errno::EBADF);
        }
        fids.alloc()
    }

    /// The iounit to report: the server's, capped by what one frame carries.
    fn cap_iounit(&self, iounit: u32) -> u32 {
        match iounit {
            0 => self.iounit(),
            n => n.min(self.iounit()),
        }
    }

    /// Tclunk or Tremove: the fid is forgotten at once, its wire number freed on the reply.
    pub(super) async fn release(&self, fid: Fid, remove: bool) -> Result<()> {
        let w = self.conn.fids().unbind(fid).ok_or(Errno::EBADF)?;
        self.release_wire(w, remove).await
    }

    /// Tclunk or Tremove of the unbound wire fid `w`, freed on the reply.
    pub(super) async fn release_wire(&self, w: u32, remove: bool) -> Result<()> {
        let msg = if remove {
            Tmsg::Remove { fid: w }
        } else {
            Tmsg::Clunk { fid: w }
        };
        match self.rpc(&msg, Effect::Releases(w)).await? {
            Rmsg::Clunk if !remove => Ok(()),
            Rmsg::Remove if remove => Ok(()),
            _ => Err(Errno::EPROTO),
        }
    }
}

#[async_trait]
impl FileServer for Client {
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        self.attach_as(cx, fid, aname).await
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        if wnames.len() > MAXWELEM {
            return self.walk_long(fid, newfid, wnames).await;
        }
        self.walk_once(fid, newfid, wnames).await
    }

    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let msg = Tmsg::Lopen {
            fid: self.wire(fid)?,
            flags,
        };
        let (qid, iounit) = expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Lopen { qid, iounit } => (qid, iounit))?;
        Ok((qid, self.cap_iounit(iounit)))
    }

    async fn create(
        &self,
        _cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        gid: u32,
    ) -> Result<(Qid, u32)> {
        let msg = Tmsg::Lcreate {
            fid: self.wire(fid)?,
            name: wstr(name)?,
            flags,
            mode,
            gid,
        };
        let (qid, iounit) = expect!(self.rpc(&msg, Effect::None).await?,
            Rmsg::Lcreate { qid, iounit } => (qid, iounit))?;
        Ok((qid, self.cap_iounit(iounit)))
    }

    /// Reads at most [`Client::iounit`] bytes per call, whatever `count` asks.
    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let count = count.min(self.iounit());
        let msg = Tmsg::Read {
            fid: self.wire(fid)?,
            offset,
            count,
        };
        let data = expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Read { data } => data)?;
        if data.len() > count as usize {
            return Err(Errno::EPROTO);
        }
        Ok(data)
    }

    /// Sends at most [`Client::iounit`] bytes and returns the (possibly short) count written.
    async fn write(&self, _cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let data = data.slice(..data.len().min(self.iounit() as usize));
        let sent = data.len() as u32;
        let msg = Tmsg::Write {
            fid: self.wire(fid)?,
            offset,
            data,
        };
        let count = expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Write { count } => count)?;
        if count > sent {
            return Err(Errno::EPROTO);
        }
        Ok(count)
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.release(fid, false).await
    }

    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.release(fid, true).await
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, mask: u64) -> Result<Attr> {
        let msg = Tmsg::Getattr {
            fid: self.wire(fid)?,
            request_mask: mask,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Getattr { attr } => attr)
    }

    async fn setattr(&self, _cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let msg = Tmsg::Setattr {
            fid: self.wire(fid)?,
            attr: attr.clone(),
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Setattr => ())
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let msg = Tmsg::Readdir {
            fid: self.wire(fid)?,
            offset,
            count: count.min(self.iounit()),
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Readdir { entries } => entries)
    }

    async fn mkdir(&self, _cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        let msg = Tmsg::Mkdir {
            dfid: self.wire(dfid)?,
            name: wstr(name)?,
            mode,
            gid,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Mkdir { qid } => qid)
    }

    async fn symlink(
        &self,
        _cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        let msg = Tmsg::Symlink {
            fid: self.wire(dfid)?,
            name: wstr(name)?,
            symtgt: wstr(target)?,
            gid,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Symlink { qid } => qid)
    }

    async fn mknod(
        &self,
        _cx: &Caller,
        dfid: Fid,
        name: &str,
        mode: u32,
        major: u32,
        minor: u32,
        gid: u32,
    ) -> Result<Qid> {
        let msg = Tmsg::Mknod {
            dfid: self.wire(dfid)?,
            name: wstr(name)?,
            mode,
            major,
            minor,
            gid,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Mknod { qid } => qid)
    }

    async fn link(&self, _cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        let msg = Tmsg::Link {
            dfid: self.wire(dfid)?,
            fid: self.wire(fid)?,
            name: wstr(name)?,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Link => ())
    }

    async fn readlink(&self, _cx: &Caller, fid: Fid) -> Result<String> {
        let msg = Tmsg::Readlink {
            fid: self.wire(fid)?,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Readlink { target } => target)
    }

    async fn rename(&self, _cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let msg = Tmsg::Rename {
            fid: self.wire(fid)?,
            dfid: self.wire(dfid)?,
            name: wstr(name)?,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Rename => ())
    }

    async fn renameat(
        &self,
        cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let msg = Tmsg::Renameat {
            olddirfid: self.wire(olddirfid)?,
            oldname: wstr(oldname)?,
            newdirfid: self.wire(newdirfid)?,
            newname: wstr(newname)?,
        };
        match self.rpc(&msg, Effect::None).await {
            // Servers without Trenameat (diod 1.0): walk to the file and Trename it, as
            // Linux's v9fs client does.
            Err(Errno::EOPNOTSUPP | Errno::ENOSYS) => {
                let file = self.walk_one(cx, olddirfid, oldname).await?;
                let r = self.rename(cx, file, newdirfid, newname).await;
                let _ = self.clunk(cx, file).await;
                r
            }
            reply => expect!(reply?, Rmsg::Renameat => ()),
        }
    }

    async fn unlinkat(&self, cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        let msg = Tmsg::Unlinkat {
            dirfd: self.wire(dirfid)?,
            name: wstr(name)?,
            flags,
        };
        match self.rpc(&msg, Effect::None).await {
            // Servers without Tunlinkat: walk to the file and Tremove it (which clunks it).
            Err(Errno::EOPNOTSUPP | Errno::ENOSYS) => {
                let file = self.walk_one(cx, dirfid, name).await?;
                self.remove(cx, file).await
            }
            reply => expect!(reply?, Rmsg::Unlinkat => ()),
        }
    }

    async fn statfs(&self, _cx: &Caller, fid: Fid) -> Result<StatFs> {
        let msg = Tmsg::Statfs {
            fid: self.wire(fid)?,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Statfs { statfs } => statfs)
    }

    async fn fsync(&self, _cx: &Caller, fid: Fid, datasync: u32) -> Result<()> {
        let msg = Tmsg::Fsync {
            fid: self.wire(fid)?,
            datasync,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Fsync => ())
    }

    async fn lock(&self, _cx: &Caller, fid: Fid, lock: &Lock) -> Result<LockStatus> {
        let lock = Lock {
            client_id: wstr(&lock.client_id)?,
            ..lock.clone()
        };
        let msg = Tmsg::Lock {
            fid: self.wire(fid)?,
            lock,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Lock { status } => status)
    }

    async fn getlock(&self, _cx: &Caller, fid: Fid, lock: &GetLock) -> Result<GetLock> {
        let lock = GetLock {
            client_id: wstr(&lock.client_id)?,
            ..lock.clone()
        };
        let msg = Tmsg::Getlock {
            fid: self.wire(fid)?,
            lock,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Getlock { lock } => lock)
    }

    async fn xattrwalk(&self, _cx: &Caller, fid: Fid, newfid: Fid, name: &str) -> Result<u64> {
        let (w, name) = (self.wire(fid)?, wstr(name)?);
        let wire = self.alloc(newfid)?;
        let msg = Tmsg::Xattrwalk {
            fid: w,
            newfid: wire,
            name,
        };
        let effect = Effect::Creates {
            fid: newfid,
            wire,
            nwname: None,
        };
        expect!(self.rpc(&msg, effect).await?, Rmsg::Xattrwalk { size } => size)
    }

    async fn xattrcreate(
        &self,
        _cx: &Caller,
        fid: Fid,
        name: &str,
        size: u64,
        flags: u32,
    ) -> Result<()> {
        let msg = Tmsg::Xattrcreate {
            fid: self.wire(fid)?,
            name: wstr(name)?,
            attr_size: size,
            flags,
        };
        expect!(self.rpc(&msg, Effect::None).await?, Rmsg::Xattrcreate => ())
    }
}

impl Client {
    /// A fresh fid for `name` in directory `dir` (for the fallbacks of `Trenameat` and
    /// `Tunlinkat` on servers without them).
    ///
    /// # Errors
    /// The walk's errno (`ENOENT` when `name` is missing).
    async fn walk_one(&self, cx: &Caller, dir: Fid, name: &str) -> Result<Fid> {
        let file = Fid::fresh();
        match self.walk(cx, dir, file, &[name.to_string()]).await? {
            qids if qids.len() == 1 => Ok(file),
            _ => Err(Errno::ENOENT),
        }
    }
}
