//! `FileServer` for [`HostFs`]: each request looks up its fids, runs its host calls on the
//! blocking pool, and records the fids it makes.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result, SetAttr, StatFs};

use crate::fids::FidState;
use crate::hostfs::{blocking, HostFs};
use crate::open::Open;
use crate::{attrs, names, node, open};

#[async_trait]
impl FileServer for HostFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() && aname != "/" {
            return Err(Errno::ENOENT);
        }
        let root = self.host.root.clone();
        let st = blocking({
            let root = root.clone();
            move || root.stat()
        })
        .await?;
        self.fids.set(fid, FidState::walked(root));
        Ok(attrs::qid(&st))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let start = self.fids.node(fid)?;
        let wnames = wnames.to_vec();
        let (qids, end) = blocking(move || node::walk(&start, &wnames)).await?;
        if let Some(end) = end {
            self.fids.set(newfid, FidState::walked(end));
        }
        Ok(qids)
    }

    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let node = self.fids.node(fid)?;
        let host = self.host.clone();
        let (opened, qid) = blocking({
            let node = node.clone();
            move || open::open(&host, &node, flags)
        })
        .await?;
        let open = Some(Arc::new(opened));
        self.fids.set(fid, FidState { node, open });
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
        let dir = self.fids.node(fid)?;
        let (host, cx, name) = (self.host.clone(), *cx, name.to_string());
        let (node, opened, qid) =
            blocking(move || open::create(&host, &cx, &dir, &name, flags, mode, gid)).await?;
        let open = Some(Arc::new(opened));
        self.fids.set(fid, FidState { node, open });
        Ok((qid, 0))
    }

    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let open = self.fids.get(fid)?.opened()?;
        blocking(move || open::read(&open, offset, count)).await
    }

    async fn write(&self, _cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let open = self.fids.get(fid)?.opened()?;
        let host = self.host.clone();
        blocking(move || open::write(&host, &open, offset, &data)).await
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids.take(fid).map(drop)
    }

    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let node = self.fids.take(fid)?.node;
        let host = self.host.clone();
        blocking(move || names::remove(&host, &node)).await
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let node = self.fids.node(fid)?;
        let host = self.host.clone();
        blocking(move || Ok(attrs::attr(&node.stat()?, &host.opts.ids))).await
    }

    async fn setattr(&self, _cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        let node = self.fids.node(fid)?;
        let (host, attr) = (self.host.clone(), attr.clone());
        blocking(move || attrs::setattr(&host, &node, &attr)).await
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let state = self.fids.get(fid)?;
        let open = state.opened()?;
        blocking(move || match &*open {
            Open::Dir(listing) => listing.lock().unwrap_or_else(|p| p.into_inner()).readdir(
                &state.node,
                offset,
                count,
            ),
            Open::File(_) => Err(Errno::ENOTDIR),
        })
        .await
    }

    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, gid: u32) -> Result<Qid> {
        let dir = self.fids.node(dfid)?;
        let (host, cx, name) = (self.host.clone(), *cx, name.to_string());
        blocking(move || names::mkdir(&host, &cx, &dir, &name, mode, gid)).await
    }

    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        gid: u32,
    ) -> Result<Qid> {
        let dir = self.fids.node(dfid)?;
        let (host, cx) = (self.host.clone(), *cx);
        let (name, target) = (name.to_string(), target.to_string());
        blocking(move || names::symlink(&host, &cx, &dir, &name, &target, gid)).await
    }

    /// Device and fifo nodes are not made in a host directory: `EPERM` (`EROFS` read-only).
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
        self.host.writable()?;
        Err(Errno::EPERM)
    }

    async fn link(&self, _cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        let (dir, node) = (self.fids.node(dfid)?, self.fids.node(fid)?);
        let (host, name) = (self.host.clone(), name.to_string());
        blocking(move || names::link(&host, &dir, &node, &name)).await
    }

    async fn readlink(&self, _cx: &Caller, fid: Fid) -> Result<String> {
        let node = self.fids.node(fid)?;
        blocking(move || names::readlink(&node)).await
    }

    async fn rename(&self, _cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        let (node, dir) = (self.fids.node(fid)?, self.fids.node(dfid)?);
        let (host, name) = (self.host.clone(), name.to_string());
        let moved = blocking(move || names::rename(&host, &node, &dir, &name)).await?;
        self.fids.renamed(fid, moved);
        Ok(())
    }

    async fn renameat(
        &self,
        _cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        let (old, new) = (self.fids.node(olddirfid)?, self.fids.node(newdirfid)?);
        let host = self.host.clone();
        let (oldname, newname) = (oldname.to_string(), newname.to_string());
        blocking(move || names::renameat(&host, &old, &oldname, &new, &newname)).await
    }

    async fn unlinkat(&self, _cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        let dir = self.fids.node(dirfid)?;
        let (host, name) = (self.host.clone(), name.to_string());
        blocking(move || names::unlinkat(&host, &dir, &name, flags)).await
    }

    async fn statfs(&self, _cx: &Caller, fid: Fid) -> Result<StatFs> {
        let node = self.fids.node(fid)?;
        blocking(move || attrs::statfs(&node)).await
    }

    /// `EBADF` unless the fid is open.
    async fn fsync(&self, _cx: &Caller, fid: Fid, datasync: u32) -> Result<()> {
        let open = self.fids.get(fid)?.opened()?;
        blocking(move || open::fsync(&open, datasync)).await
    }
}
