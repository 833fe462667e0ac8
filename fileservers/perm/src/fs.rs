//! The `FileServer` implementation of [`Perm`]: check, then forward.

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::{oflags, GetLock, Lock, LockStatus};
use warren_proto::{Attr, Caller, DirEntry, Fid, FileServer, Qid, Result, SetAttr, StatFs};

use crate::access::Access;
use crate::perm::Perm;
use crate::policy::{check_dir_write, check_setattr, check_unlink};

/// The access `Tlopen` flags ask for: r for `O_RDONLY`/`O_RDWR`, w for `O_WRONLY`/`O_RDWR`
/// and for `O_TRUNC`.
fn open_access(flags: u32) -> Access {
    let acc = flags & oflags::O_ACCMODE;
    let r = if acc == oflags::O_WRONLY {
        Access(0)
    } else {
        Access::R
    };
    let w = acc != oflags::O_RDONLY || flags & oflags::O_TRUNC != 0;
    r | if w { Access::W } else { Access(0) }
}

#[async_trait]
impl<S: FileServer + ?Sized> FileServer for Perm<S> {
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        self.inner.attach(cx, fid, aname).await
    }

    /// Needs x on every directory walked through (`EACCES`).
    async fn walk(
        &self,
        cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        self.checked_walk(cx, fid, newfid, wnames).await
    }

    /// Needs r to read (or list a directory), w to write or truncate (`EACCES`).
    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        self.require(cx, fid, open_access(flags)).await?;
        self.inner.open(cx, fid, flags).await
    }

    /// Needs w and x on the directory (`EACCES`); the new file belongs to the caller. If giving
    /// it to the caller fails, the error is returned though the file was created.
    async fn create(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        _gid: u32,
    ) -> Result<(Qid, u32)> {
        self.require_dir_write(cx, fid).await?;
        let dir = self.clone_fid(cx, fid).await?;
        match self
            .inner
            .create(cx, fid, name, flags, mode, cx.gid.0)
            .await
        {
            Ok(opened) => {
                self.set_parent(cx, fid, Some(dir)).await;
                self.give_to(cx, fid).await?;
                Ok(opened)
            }
            Err(e) => {
                self.clunk_quietly(cx, Some(dir)).await;
                Err(e)
            }
        }
    }

    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        self.inner.read(cx, fid, offset, count).await
    }

    async fn write(&self, cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        self.inner.write(cx, fid, offset, data).await
    }

    async fn clunk(&self, cx: &Caller, fid: Fid) -> Result<()> {
        self.drop_parent(cx, fid).await;
        self.inner.clunk(cx, fid).await
    }

    /// Needs w and x on the parent directory, and ownership if it is sticky (`EACCES`).
    async fn remove(&self, cx: &Caller, fid: Fid) -> Result<()> {
        let allowed = match (self.parent_attr(cx, fid).await, self.attr(cx, fid).await) {
            (Ok(dir), Ok(file)) => check_unlink(&dir, &file, cx),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        self.drop_parent(cx, fid).await;
        match allowed {
            Ok(()) => self.inner.remove(cx, fid).await,
            Err(e) => {
                let _ = self.inner.clunk(cx, fid).await;
                Err(e)
            }
        }
    }

    async fn getattr(&self, cx: &Caller, fid: Fid, mask: u64) -> Result<Attr> {
        self.inner.getattr(cx, fid, mask).await
    }

    /// chmod and explicit times: owner or root; chown and chgrp: root (`EPERM`); truncate:
    /// w; times to now: owner or w (`EACCES`).
    async fn setattr(&self, cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        check_setattr(&self.attr(cx, fid).await?, cx, attr)?;
        self.inner.setattr(cx, fid, attr).await
    }

    /// r on the directory was checked at open.
    async fn readdir(
        &self,
        cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        self.inner.readdir(cx, fid, offset, count).await
    }

    /// Needs w and x on the directory (`EACCES`); the new directory belongs to the caller.
    async fn mkdir(&self, cx: &Caller, dfid: Fid, name: &str, mode: u32, _gid: u32) -> Result<Qid> {
        self.require_dir_write(cx, dfid).await?;
        let qid = self.inner.mkdir(cx, dfid, name, mode, cx.gid.0).await?;
        self.give_at(cx, dfid, name).await?;
        Ok(qid)
    }

    /// Needs w and x on the directory (`EACCES`); the new link belongs to the caller.
    async fn symlink(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        target: &str,
        _gid: u32,
    ) -> Result<Qid> {
        self.require_dir_write(cx, dfid).await?;
        let qid = self.inner.symlink(cx, dfid, name, target, cx.gid.0).await?;
        self.give_at(cx, dfid, name).await?;
        Ok(qid)
    }

    /// Needs w and x on the directory (`EACCES`); the new node belongs to the caller.
    async fn mknod(
        &self,
        cx: &Caller,
        dfid: Fid,
        name: &str,
        mode: u32,
        major: u32,
        minor: u32,
        _gid: u32,
    ) -> Result<Qid> {
        self.require_dir_write(cx, dfid).await?;
        let qid = self
            .inner
            .mknod(cx, dfid, name, mode, major, minor, cx.gid.0)
            .await?;
        self.give_at(cx, dfid, name).await?;
        Ok(qid)
    }

    /// Needs w and x on the directory (`EACCES`).
    async fn link(&self, cx: &Caller, dfid: Fid, fid: Fid, name: &str) -> Result<()> {
        self.require_dir_write(cx, dfid).await?;
        self.inner.link(cx, dfid, fid, name).await
    }

    async fn readlink(&self, cx: &Caller, fid: Fid) -> Result<String> {
        self.inner.readlink(cx, fid).await
    }

    /// Needs the rights of a remove from the old directory and w and x on the new one, plus
    /// ownership of a file it replaces there if that one is sticky (`EACCES`).
    async fn rename(&self, cx: &Caller, fid: Fid, dfid: Fid, name: &str) -> Result<()> {
        check_unlink(
            &self.parent_attr(cx, fid).await?,
            &self.attr(cx, fid).await?,
            cx,
        )?;
        self.check_replace(cx, dfid, name).await?;
        self.inner.rename(cx, fid, dfid, name).await?;
        let dir = self.clone_fid(cx, dfid).await.ok();
        self.set_parent(cx, fid, dir).await;
        Ok(())
    }

    /// As [`FileServer::rename`], with both directories named.
    async fn renameat(
        &self,
        cx: &Caller,
        olddirfid: Fid,
        oldname: &str,
        newdirfid: Fid,
        newname: &str,
    ) -> Result<()> {
        self.check_replace(cx, olddirfid, oldname).await?;
        self.check_replace(cx, newdirfid, newname).await?;
        self.inner
            .renameat(cx, olddirfid, oldname, newdirfid, newname)
            .await
    }

    /// Needs w and x on the directory, and ownership if it is sticky (`EACCES`).
    async fn unlinkat(&self, cx: &Caller, dirfid: Fid, name: &str, flags: u32) -> Result<()> {
        self.check_replace(cx, dirfid, name).await?;
        self.inner.unlinkat(cx, dirfid, name, flags).await
    }

    async fn statfs(&self, cx: &Caller, fid: Fid) -> Result<StatFs> {
        self.inner.statfs(cx, fid).await
    }

    async fn fsync(&self, cx: &Caller, fid: Fid, datasync: u32) -> Result<()> {
        self.inner.fsync(cx, fid, datasync).await
    }

    async fn lock(&self, cx: &Caller, fid: Fid, lock: &Lock) -> Result<LockStatus> {
        self.inner.lock(cx, fid, lock).await
    }

    async fn getlock(&self, cx: &Caller, fid: Fid, lock: &GetLock) -> Result<GetLock> {
        self.inner.getlock(cx, fid, lock).await
    }

    async fn xattrwalk(&self, cx: &Caller, fid: Fid, newfid: Fid, name: &str) -> Result<u64> {
        self.inner.xattrwalk(cx, fid, newfid, name).await
    }

    async fn xattrcreate(
        &self,
        cx: &Caller,
        fid: Fid,
        name: &str,
        size: u64,
        flags: u32,
    ) -> Result<()> {
        self.inner.xattrcreate(cx, fid, name, size, flags).await
    }
}

impl<S: FileServer + ?Sized> Perm<S> {
    /// Whether `cx` may remove or replace the entry `name` of the directory `dir`: w and x on
    /// `dir` and, if it is sticky and the entry exists, ownership of it or of `dir`.
    ///
    /// # Errors
    /// `EACCES`; the inner getattr's.
    async fn check_replace(&self, cx: &Caller, dir: Fid, name: &str) -> Result<()> {
        let dir_attr = self.attr(cx, dir).await?;
        check_dir_write(&dir_attr, cx)?;
        match self.attr_at(cx, dir, name).await {
            Some(file) => check_unlink(&dir_attr, &file, cx),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_flags_map_to_access() {
        assert_eq!(open_access(oflags::O_RDONLY), Access::R);
        assert_eq!(open_access(oflags::O_WRONLY), Access::W);
        assert_eq!(open_access(oflags::O_RDWR), Access::R | Access::W);
        assert_eq!(
            open_access(oflags::O_RDONLY | oflags::O_TRUNC),
            Access::R | Access::W
        );
    }
}
