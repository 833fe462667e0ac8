//! `ExportFs`: a namespace served as a 9P2000.L fileserver (Plan 9 `exportfs(4)`), so the
//! serving loop can export a booted system's root namespace to Linux v9fs.
//!
//! Every exported fid names a resolved location ([`fids::ExFid`]): walks go through mount
//! points and unions (one element at a time, symlinks not followed, `..` lexical); reads of
//! a union directory list every member ([`listing`]); creations go to the directory's create
//! member; every other request goes to the server holding the file. Qid paths carry the
//! tree's device number in their top 16 bits ([`fids::map_qid`]) so that files from
//! different servers never collide. Requests are resolved in the namespace as it is at
//! the time of each request, with the remote caller's identity.
//!
//! Character devices, block devices, FIFOs and sockets are presented as regular files
//! (`S_IFREG` in `Rgetattr`, `DT_REG` in `Rreaddir`, same permission bits): Linux's v9fs
//! client makes special files local and never sends their reads and writes to the server,
//! which would leave Warren's ttys and pipes unusable from Linux ([`special`]).
//!
//! # Layout
//! - this file: the `FileServer` dispatch.
//! - [`fids`]: exported fid state and qid mapping.
//! - [`listing`]: `Treaddir` of plain and union directories.
//! - [`special`]: special file types presented as regular files.

pub mod fids;
pub mod listing;
pub mod special;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::{GetLock, Lock, LockStatus};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result, SetAttr, StatFs};

use crate::ns::{ops, Loc, MountTable, Namespace};
use crate::path;
use crate::proc::fd::lock;
use fids::{map_qid, ExFid, FidTable};

/// A namespace as a fileserver. Attach names select a subtree (`""` or `/`: the root).
pub struct ExportFs {
    ns: Arc<Mutex<Namespace>>,
    fids: FidTable,
}

impl ExportFs {
    /// Serve the namespace `ns` (shared: later mounts and binds in it are seen).
    pub fn new(ns: Arc<Mutex<Namespace>>) -> ExportFs {
        ExportFs {
            ns,
            fids: FidTable::default(),
        }
    }

    fn table(&self) -> Arc<MountTable> {
        lock(&self.ns).table()
    }

    /// Walk one element from `loc`: a name, or `..` (lexical).
    async fn step(&self, t: &MountTable, cx: &Caller, loc: &Loc, name: &str) -> Result<Loc> {
        if name == ".." {
            let up = path::split(&loc.path).map_or_else(|| "/".to_string(), |(d, _)| d);
            return t.resolve(cx, &up, false).await;
        }
        t.walk_from(cx, loc.clone(), vec![name.to_string()], false)
            .await
    }
}

/// The exported qid of `loc`.
fn qid_of(loc: &Loc) -> Qid {
    map_qid(loc.chan().dev, loc.chan().qid)
}

#[async_trait]
impl FileServer for ExportFs {
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        let loc = self
            .table()
            .resolve(cx, &path::join("/", aname), true)
            .await?;
        let qid = qid_of(&loc);
        self.fids.put(fid, ExFid::at(loc));
        Ok(qid)
    }

    async fn walk(
        &self,
        cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut loc = self.fids.get(fid)?.loc.clone();
        let t = self.table();
        let mut qids = Vec::with_capacity(wnames.len());
        for (i, name) in wnames.iter().enumerate() {
            match self.step(&t, cx, &loc, name).await {
                Ok(next) => loc = next,
                Err(e) if i == 0 => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(qid_of(&loc));
        }
        self.fids.put(newfid, ExFid::at(loc));
        Ok(qids)
    }

    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let f = self.fids.get(fid)?;
        let chan = ops::open_loc(cx, f.loc.clone(), flags).await?;
        let qid = map_qid(chan.dev, chan.qid);
        self.fids.put(
            fid,
            ExFid {
                open: Some(chan),
                ..ExFid::at(f.loc.clone())
            },
        );
        Ok((qid, 0))
    }

    async fn create(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        gid: u32,
    ) -> Result<(Qid, u32)> {
        let f = self.fids.get(fid)?;
        let chan = ops::create_in(cx, &f.loc, name, flags, mode, gid).await?;
        let qid = map_qid(chan.dev, chan.qid);
        let loc = Loc::single(path::child(&f.loc.path, name), chan.clone());
        self.fids.put(
            fid,
            ExFid {
                open: Some(chan),
                ..ExFid::at(loc)
            },
        );
        Ok((qid, 0))
    }

    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let f = self.fids.get(fid)?;
        let c = f.opened()?;
        c.server().read(cx, c.fid(), offset, count).await
    }

    async fn write(&self, cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let f = self.fids.get(fid)?;
        let c = f.opened()?;
        c.server().write(cx, c.fid(), offset, data).await
    }

    async fn clunk(&self, cx: &Caller, fid: Fid) -> Result<()> {
        let f = self.fids.take(fid)?;
        if let Ok(ExFid { open: Some(c), .. }) = Arc::try_unwrap(f) {
            c.release(cx).await;
        }
        Ok(())
    }

    async fn remove(&self, cx: &Caller, fid: Fid) -> Result<()> {
        let f = self.fids.take(fid)?;
        let t = self.table();
        let (dir, name) = ops::parent(&t, cx, &f.loc.path, Errno::EBUSY).await?;
        drop(f);
        ops::unlink_in(&t, cx, &dir, &name, None).await
    }

    async fn getattr(&self, cx: &Caller, fid: Fid, mask: u64) -> Result<Attr> {
        let f = self.fids.get(fid)?;
        let c = f.chan();
        let mut a = c.server().getattr(cx, c.fid(), mask).await?;
        a.qid = map_qid(c.dev, a.qid);
        a.mode = special::as_regular(a.mode);
        Ok(a)
    }

    async fn setattr(&self, cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let f = self.fids.get(fid)?;
        let c = f.chan();
        c.server().setattr(cx, c.fid(), attr).await
    }

    async fn readdir(
        &self,
        cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let f = self.fids.get(fid)?;
        let (mut entries, fresh) = listing::readdir(&self.table(), cx, &f, offset, count).await?;
        for e in &mut entries {
            e.ty = special::as_regular_dtype(e.ty);
        }
        if fresh.is_some() {
            self.fids.put(
                fid,
                ExFid {
                    listing: fresh,
                    ..(*f).clone()
                },
            );
        }
        Ok(entries)
    }

    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        let f = self.fids.get(dfid)?;
        let qid = ops::mkdir_in(&self.table(), cx, &f.loc, name, mode, gid).await?;
        Ok(map_qid(f.loc.create_member()?.chan.dev, qid))
    }

    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        let f = self.fids.get(dfid)?;
        let qid = ops::symlink_in(&self.table(), cx, &f.loc, name, target, gid).await?;
        Ok(map_qid(f.loc.create_member()?.chan.dev, qid))
    }

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
        let f = self.fids.get(dfid)?;
        let c = &f.loc.create_member()?.chan;
        let qid = c
            .server()
            .mknod(cx, c.fid(), name, mode, major, minor, gid)
            .await?;
        Ok(map_qid(c.dev, qid))
    }

    async fn link(&self, cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        let (d, f) = (self.fids.get(dfid)?, self.fids.get(fid)?);
        let (dc, fc) = (&d.loc.create_member()?.chan, f.loc.chan());
        if dc.dev != fc.dev {
            return Err(Errno::EXDEV);
        }
        dc.server().link(cx, dc.fid(), fc.fid(), name).await
    }

    async fn readlink(&self, cx: &Caller, fid: Fid) -> Result<String> {
        let f = self.fids.get(fid)?;
        let c = f.chan();
        c.server().readlink(cx, c.fid()).await
    }

    async fn rename(&self, cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let (f, d) = (self.fids.get(fid)?, self.fids.get(dfid)?);
        let t = self.table();
        let (fdir, fname) = ops::parent(&t, cx, &f.loc.path, Errno::EBUSY).await?;
        ops::rename_in(&t, cx, &fdir, &fname, &d.loc, name).await
    }

    async fn renameat(
        &self,
        cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let (od, nd) = (self.fids.get(olddirfid)?, self.fids.get(newdirfid)?);
        ops::rename_in(&self.table(), cx, &od.loc, oldname, &nd.loc, newname).await
    }

    async fn unlinkat(&self, cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        let d = self.fids.get(dirfid)?;
        ops::unlink_in(&self.table(), cx, &d.loc, name, Some(flags)).await
    }

    async fn statfs(&self, cx: &Caller, fid: Fid) -> Result<StatFs> {
        let f = self.fids.get(fid)?;
        let c = f.chan();
        c.server().statfs(cx, c.fid()).await
    }

    async fn fsync(&self, cx: &Caller, fid: Fid, datasync: u32) -> Result<()> {
        let f = self.fids.get(fid)?;
        let c = f.opened()?;
        c.server().fsync(cx, c.fid(), datasync).await
    }

    async fn lock(&self, cx: &Caller, fid: Fid, lock: &Lock) -> Result<LockStatus> {
        let f = self.fids.get(fid)?;
        let c = f.opened()?;
        c.server().lock(cx, c.fid(), lock).await
    }

    async fn getlock(&self, cx: &Caller, fid: Fid, lock: &GetLock) -> Result<GetLock> {
        let f = self.fids.get(fid)?;
        let c = f.opened()?;
        c.server().getlock(cx, c.fid(), lock).await
    }
}
