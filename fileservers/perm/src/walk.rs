//! `Twalk` through Perm: one element at a time, checking search (x) permission on every
//! directory walked through.
//!
//! The walk clones `fid` and steps the clone name by name (a fresh fid of Perm's per step),
//! checking x on each directory before looking a name up in it; the last step walks into
//! `newfid`, and the fid it started from is kept as `newfid`'s parent (see the `perm`
//! module). So a walk of n names costs the inner server n+1 walks, n getattrs and n clunks.

use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::{Caller, Errno, Fid, FileServer, Qid, Result};

use crate::access::{may, Access};
use crate::perm::{is_root, Perm};

impl<S: FileServer + ?Sized> Perm<S> {
    /// `Twalk` with checks; the result follows the 9P rule (an error if the first element
    /// fails, else the qids of the elements walked, `newfid` made only if all were).
    ///
    /// # Errors
    /// `EACCES` (no x on a directory walked through), the inner walk's.
    pub(crate) async fn checked_walk(
        &self,
        cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let Some((last, init)) = wnames.split_last() else {
            return self.clone_walk(cx, fid, newfid).await;
        };
        let mut cur = self.clone_fid(cx, fid).await?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in init {
            let next = Fid::fresh();
            let step = self.step(cx, cur, next, name).await;
            self.clunk_quietly(cx, Some(cur)).await;
            match step {
                Ok(qid) => qids.push(qid),
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            cur = next;
        }
        match self.step(cx, cur, newfid, last).await {
            Ok(qid) => qids.push(qid),
            Err(e) => {
                self.clunk_quietly(cx, Some(cur)).await;
                return if qids.is_empty() { Err(e) } else { Ok(qids) };
            }
        }
        let parent = if last == ".." {
            self.clunk_quietly(cx, Some(cur)).await;
            None
        } else {
            Some(cur)
        };
        self.set_parent(cx, newfid, parent).await;
        Ok(qids)
    }

    /// A walk with no names: `newfid` clones `fid`, and its parent fid too.
    async fn clone_walk(&self, cx: &Caller, fid: Fid, newfid: Fid) -> Result<Vec<Qid>> {
        let qids = self.inner.walk(cx, fid, newfid, &[]).await?;
        let parent = match self.parent_of(fid) {
            Some(p) => self.clone_fid(cx, p).await.ok(),
            None => None,
        };
        self.set_parent(cx, newfid, parent).await;
        Ok(qids)
    }

    /// Walk `from` to `to` through `name`, after checking x on `from` if it is a directory
    /// (a file is left to the inner server's `ENOTDIR`). `to` exists only on success.
    ///
    /// # Errors
    /// `EACCES`, the inner getattr's and walk's; `ENOENT` if the inner walk stops short.
    async fn step(&self, cx: &Caller, from: Fid, to: Fid, name: &str) -> Result<Qid> {
        if !is_root(cx) {
            let attr = self.attr(cx, from).await?;
            if attr.mode & S_IFMT == S_IFDIR && !may(&attr, cx, Access::X) {
                return Err(Errno::EACCES);
            }
        }
        let qids = self.inner.walk(cx, from, to, &[name.to_string()]).await?;
        qids.first().copied().ok_or(Errno::ENOENT)
    }
}
