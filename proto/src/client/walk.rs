//! `Twalk` from the client: one request for up to `MAXWELEM` names, a chain of them for
//! more (as Linux's v9fs does), keeping the contract of [`FileServer::walk`]: a walk that
//! stops early returns the qids walked and does not create `newfid`.
//!
//! [`FileServer::walk`]: crate::FileServer::walk

use super::conn::Effect;
use super::fs::wstr;
use super::{rpc, Client};
use crate::errno::{Errno, Result};
use crate::fs::Fid;
use crate::msg::{Rmsg, Tmsg, MAXWELEM};
use crate::qid::Qid;

impl Client {
    /// Walk `fid` through at most `MAXWELEM` names into `newfid` (which may be `fid`).
    ///
    /// # Errors
    /// The server's errno when the first name fails (`ENOENT` if it answers no qids);
    /// `EBADF` for an unknown `fid` or a `newfid` in use; `EPROTO` for more qids than names.
    pub(super) async fn walk_once(
        &self,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let w = self.wire(fid)?;
        let wnames = wnames.iter().map(|s| wstr(s)).collect::<Result<Vec<_>>>()?;
        let n = wnames.len();
        let (neww, effect) = if newfid == fid {
            (w, Effect::None)
        } else {
            let wire = self.alloc(newfid)?;
            (
                wire,
                Effect::Creates {
                    fid: newfid,
                    wire,
                    nwname: Some(n),
                },
            )
        };
        let msg = Tmsg::Walk {
            fid: w,
            newfid: neww,
            wnames,
        };
        match self.rpc(&msg, effect).await? {
            Rmsg::Walk { wqids } if wqids.len() > n => Err(Errno::EPROTO),
            Rmsg::Walk { wqids } if wqids.is_empty() && n > 0 => Err(Errno::ENOENT),
            Rmsg::Walk { wqids } => Ok(wqids),
            _ => Err(Errno::EPROTO),
        }
    }

    /// Walk more than `MAXWELEM` names: the first chunk creates a fid, the rest walk it in
    /// place. For `newfid == fid` the walk goes to a scratch fid that replaces `fid` only on
    /// success, so `fid` is unchanged by a walk that stops early.
    ///
    /// Cancel safety: a walk dropped between chunks leaves the fid of the first chunk bound.
    ///
    /// # Errors
    /// As [`Client::walk_once`] for the first chunk; transport errors for later ones.
    pub(super) async fn walk_long(
        &self,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let target = if newfid == fid { Fid::fresh() } else { newfid };
        let (first, rest) = wnames.split_at(MAXWELEM.min(wnames.len()));
        let mut qids = self.walk_once(fid, target, first).await?;
        if qids.len() < first.len() {
            return Ok(qids);
        }
        let tw = self.wire(target)?;
        for chunk in rest.chunks(MAXWELEM) {
            match self.walk_chunk(tw, chunk).await {
                Ok(wqids) if wqids.len() == chunk.len() => qids.extend(wqids),
                Ok(wqids) => {
                    qids.extend(wqids);
                    let _ = self.release(target, false).await;
                    return Ok(qids);
                }
                Err(e) => {
                    let _ = self.release(target, false).await;
                    return Err(e);
                }
            }
        }
        if newfid == fid {
            self.replace(fid, target).await;
        }
        Ok(qids)
    }

    /// Walk the wire fid `tw` in place through `chunk`; a failing first name is `Ok(vec![])`.
    async fn walk_chunk(&self, tw: u32, chunk: &[String]) -> Result<Vec<Qid>> {
        let wnames = chunk.iter().map(|s| wstr(s)).collect::<Result<Vec<_>>>()?;
        let msg = Tmsg::Walk {
            fid: tw,
            newfid: tw,
            wnames,
        };
        match rpc::call(&self.conn, &msg, Effect::None, self.msize, self.timeout).await? {
            Rmsg::Walk { wqids } if wqids.len() <= chunk.len() => Ok(wqids),
            Rmsg::Lerror { .. } => Ok(Vec::new()),
            _ => Err(Errno::EPROTO),
        }
    }

    /// Make `fid` name what `scratch` names, clunking `fid`'s old wire fid.
    async fn replace(&self, fid: Fid, scratch: Fid) {
        let old = {
            let mut fids = self.conn.fids();
            let Some(w) = fids.unbind(scratch) else {
                return;
            };
            let old = fids.unbind(fid);
            fids.bind(fid, w);
            old
        };
        if let Some(old) = old {
            let _ = self.release_wire(old, false).await;
        }
    }
}
