//! Running a checked request: one fileserver call, then settling the fid table.
//!
//! A [`Job`] is made by [`super::prepare`] and runs in its own task. When the call returns,
//! the job settles the fids it reserved or marked (commit on success, undo on failure). A
//! job dropped before that (flushed, session reset, connection closed) undoes its marks and
//! clunks, in the background, any server fid the fileserver may have made for it, so no
//! server fid leaks. Counts and iounits are clamped to the negotiated msize here.

use std::mem;
use std::sync::Arc;

use super::attach::{verify, Check};
use super::conn::Conn;
use super::fids::State;
use crate::attr::DirEntry;
use crate::errno::{Errno, Result};
use crate::fs::{Caller, Fid};
use crate::msg::{Rmsg, Tmsg};
use crate::qid::Qid;

/// How a request leaves the fid table when it ends.
pub(crate) enum Settle {
    /// Nothing to do (or already done).
    Done,
    /// The wire fid `wire` is reserved for server fid `fid`: becomes `state` on success, is
    /// freed otherwise (walk, xattrwalk).
    Reserved { wire: u32, fid: Fid, state: State },
    /// A walk with `newfid == fid`: `wire` moves from `old` to `new` on a complete walk.
    Replace { wire: u32, old: Fid, new: Fid },
    /// `wire` is `Opening`: becomes `state` on success, `Idle` otherwise.
    Opening { wire: u32, fid: Fid, state: State },
    /// A clunk or remove: the wire fid is already free; the server fid must be clunked.
    Clunk,
    /// An attach reserved `wire` for `fid`: on success it becomes idle, owned by the job's
    /// caller (known only now when a credential was checked); freed otherwise.
    Attach { wire: u32, fid: Fid },
}

/// What [`super::prepare`] resolved for a request.
pub(crate) struct Plan {
    /// Who asks: the identity of the attach the (first) fid derives from.
    pub cx: Caller,
    /// The server fid of the request's first fid (the new root for attach).
    pub fid: Fid,
    /// The second fid: walk/xattrwalk newfid, rename dfid, renameat newdirfid, link fid;
    /// equal to `fid` for requests with one fid.
    pub fid2: Fid,
    /// How to settle the fid table.
    pub settle: Settle,
    /// An attach's credential, checked before the fileserver is called; `cx` is its result.
    pub check: Option<Check>,
}

/// A checked request, ready to run.
pub(crate) struct Job {
    conn: Arc<Conn>,
    msg: Tmsg,
    cx: Caller,
    fid: Fid,
    fid2: Fid,
    settle: Settle,
    check: Option<Check>,
}

impl Job {
    /// The request `msg` on `conn`, resolved as `plan`.
    pub fn new(conn: Arc<Conn>, msg: Tmsg, plan: Plan) -> Job {
        Job {
            conn,
            msg,
            cx: plan.cx,
            fid: plan.fid,
            fid2: plan.fid2,
            settle: plan.settle,
            check: plan.check,
        }
    }

    /// Check the credential (if any), call the fileserver, settle the fid table, and
    /// return the reply.
    pub async fn run(mut self) -> Rmsg {
        let res = match self.check.take() {
            Some(check) => match verify(&self.conn, check).await {
                Ok(cx) => {
                    self.cx = cx;
                    self.call().await
                }
                Err(e) => Err(e),
            },
            None => self.call().await,
        };
        let ok = match (&res, &self.msg) {
            (Ok(Rmsg::Walk { wqids }), Tmsg::Walk { wnames, .. }) => wqids.len() == wnames.len(),
            (res, _) => res.is_ok(),
        };
        self.settle(ok);
        res.unwrap_or_else(|e| Rmsg::Lerror { ecode: e.code() })
    }

    /// The one fileserver call of this request.
    async fn call(&self) -> Result<Rmsg> {
        let (fs, cx, fid, fid2) = (&*self.conn.fs, &self.cx, self.fid, self.fid2);
        let max = self.conn.session.iounit();
        Ok(match &self.msg {
            Tmsg::Attach { aname, .. } => Rmsg::Attach {
                qid: fs.attach(cx, fid, aname).await?,
            },
            Tmsg::Walk { wnames, .. } => Rmsg::Walk {
                wqids: walked(fs.walk(cx, fid, fid2, wnames).await?, wnames.len())?,
            },
            Tmsg::Lopen { flags, .. } => {
                let (qid, iounit) = fs.open(cx, fid, *flags).await?;
                Rmsg::Lopen {
                    qid,
                    iounit: clamp_iounit(iounit, max),
                }
            }
            Tmsg::Lcreate {
                name,
                flags,
                mode,
                gid,
                ..
            } => {
                let (qid, iounit) = fs.create(cx, fid, name, *flags, *mode, *gid).await?;
                Rmsg::Lcreate {
                    qid,
                    iounit: clamp_iounit(iounit, max),
                }
            }
            Tmsg::Read { offset, count, .. } => {
                let count = (*count).min(max);
                let mut data = fs.read(cx, fid, *offset, count).await?;
                data.truncate(count as usize);
                Rmsg::Read { data }
            }
            Tmsg::Write { offset, data, .. } => Rmsg::Write {
                count: fs.write(cx, fid, *offset, data.clone()).await?,
            },
            Tmsg::Clunk { .. } => fs.clunk(cx, fid).await.map(|()| Rmsg::Clunk)?,
            Tmsg::Remove { .. } => fs.remove(cx, fid).await.map(|()| Rmsg::Remove)?,
            Tmsg::Getattr { request_mask, .. } => Rmsg::Getattr {
                attr: fs.getattr(cx, fid, *request_mask).await?,
            },
            Tmsg::Setattr { attr, .. } => {
                fs.setattr(cx, fid, attr).await.map(|()| Rmsg::Setattr)?
            }
            Tmsg::Readdir { offset, count, .. } => {
                let count = (*count).min(max);
                Rmsg::Readdir {
                    entries: pack(fs.readdir(cx, fid, *offset, count).await?, count)?,
                }
            }
            Tmsg::Mkdir {
                name, mode, gid, ..
            } => Rmsg::Mkdir {
                qid: fs.mkdir(cx, fid, name, *mode, *gid).await?,
            },
            Tmsg::Unlinkat { name, flags, .. } => fs
                .unlinkat(cx, fid, name, *flags)
                .await
                .map(|()| Rmsg::Unlinkat)?,
            Tmsg::Renameat {
                oldname, newname, ..
            } => fs
                .renameat(cx, fid, oldname, fid2, newname)
                .await
                .map(|()| Rmsg::Renameat)?,
            Tmsg::Rename { name, .. } => fs
                .rename(cx, fid, fid2, name)
                .await
                .map(|()| Rmsg::Rename)?,
            Tmsg::Symlink {
                name, symtgt, gid, ..
            } => Rmsg::Symlink {
                qid: fs.symlink(cx, fid, name, symtgt, *gid).await?,
            },
            Tmsg::Readlink { .. } => Rmsg::Readlink {
                target: fs.readlink(cx, fid).await?,
            },
            Tmsg::Link { name, .. } => fs.link(cx, fid, fid2, name).await.map(|()| Rmsg::Link)?,
            Tmsg::Mknod {
                name,
                mode,
                major,
                minor,
                gid,
                ..
            } => Rmsg::Mknod {
                qid: fs.mknod(cx, fid, name, *mode, *major, *minor, *gid).await?,
            },
            Tmsg::Statfs { .. } => Rmsg::Statfs {
                statfs: fs.statfs(cx, fid).await?,
            },
            Tmsg::Fsync { datasync, .. } => {
                fs.fsync(cx, fid, *datasync).await.map(|()| Rmsg::Fsync)?
            }
            Tmsg::Lock { lock, .. } => Rmsg::Lock {
                status: fs.lock(cx, fid, lock).await?,
            },
            Tmsg::Getlock { lock, .. } => Rmsg::Getlock {
                lock: fs.getlock(cx, fid, lock).await?,
            },
            Tmsg::Xattrwalk { name, .. } => Rmsg::Xattrwalk {
                size: fs.xattrwalk(cx, fid, fid2, name).await?,
            },
            Tmsg::Xattrcreate {
                name,
                attr_size,
                flags,
                ..
            } => fs
                .xattrcreate(cx, fid, name, *attr_size, *flags)
                .await
                .map(|()| Rmsg::Xattrcreate)?,
            Tmsg::Version { .. } | Tmsg::Auth { .. } | Tmsg::Flush { .. } => {
                return Err(Errno::EPROTO)
            }
        })
    }

    /// Commit (`ok`) or undo the fid table marks of a request that ran to the end.
    fn settle(&mut self, ok: bool) {
        let orphan = match mem::replace(&mut self.settle, Settle::Done) {
            Settle::Done | Settle::Clunk => None,
            Settle::Reserved { wire, fid, state } if ok => {
                self.conn.fids().set(wire, fid, state);
                None
            }
            Settle::Reserved { wire, fid, .. } => {
                self.conn.fids().release(wire, fid);
                None
            }
            Settle::Opening { wire, fid, state } => {
                self.conn
                    .fids()
                    .set(wire, fid, if ok { state } else { State::Idle });
                None
            }
            Settle::Replace { wire, old, new } if ok => {
                let replaced = self.conn.fids().replace(wire, old, new);
                Some(if replaced { old } else { new })
            }
            Settle::Replace { .. } => None,
            Settle::Attach { wire, fid } if ok => {
                self.conn.fids().attached(wire, fid, self.cx);
                None
            }
            Settle::Attach { wire, fid } => {
                self.conn.fids().release(wire, fid);
                None
            }
        };
        if let Some(fid) = orphan {
            self.clunk_later(fid);
        }
    }

    /// Clunk server fid `fid` in the background (no wire fid names it any more).
    fn clunk_later(&self, fid: Fid) {
        let (fs, cx) = (self.conn.fs.clone(), self.cx);
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let _ = fs.clunk(&cx, fid).await;
            });
        }
    }
}

impl Drop for Job {
    /// A job dropped before settling (cancelled): undo its marks, clunk what may exist.
    fn drop(&mut self) {
        match mem::replace(&mut self.settle, Settle::Done) {
            Settle::Done => {}
            Settle::Clunk => self.clunk_later(self.fid),
            Settle::Reserved { wire, fid, .. } | Settle::Attach { wire, fid } => {
                self.conn.fids().release(wire, fid);
                self.clunk_later(fid);
            }
            Settle::Opening { wire, fid, .. } => self.conn.fids().set(wire, fid, State::Idle),
            Settle::Replace { new, .. } => self.clunk_later(new),
        }
    }
}

/// Check a walk's qids: never more than asked, and none only when none were asked.
///
/// # Errors
/// `ENOENT` when the server walked nothing but did not fail; `EIO` for more qids than names.
fn walked(wqids: Vec<Qid>, asked: usize) -> Result<Vec<Qid>> {
    if wqids.len() > asked {
        return Err(Errno::EIO);
    }
    if wqids.is_empty() && asked > 0 {
        return Err(Errno::ENOENT);
    }
    Ok(wqids)
}

/// An iounit of 0 or over `max` becomes `max` (`msize - IOHDRSZ`).
fn clamp_iounit(iounit: u32, max: u32) -> u32 {
    if iounit == 0 || iounit > max {
        max
    } else {
        iounit
    }
}

/// Keep the leading entries whose `Rreaddir` encoding fits in `count` bytes.
///
/// # Errors
/// `EINVAL` when there are entries but not even the first fits (as `getdents(2)`).
fn pack(mut entries: Vec<DirEntry>, count: u32) -> Result<Vec<DirEntry>> {
    let mut used = 0;
    let fit = entries
        .iter()
        .take_while(|e| {
            used += e.wire_size();
            used <= count as usize
        })
        .count();
    if fit == 0 && !entries.is_empty() {
        return Err(Errno::EINVAL);
    }
    entries.truncate(fit);
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> DirEntry {
        DirEntry {
            qid: Qid::default(),
            offset: 1,
            ty: 8,
            name: name.to_string(),
        }
    }

    #[test]
    fn pack_keeps_entries_that_fit_the_count() {
        let entries = vec![entry("ab"), entry("cd"), entry("ef")];
        assert_eq!(pack(entries.clone(), 52).map(|e| e.len()), Ok(2));
        assert_eq!(pack(entries.clone(), 78).map(|e| e.len()), Ok(3));
        assert_eq!(pack(entries, 25), Err(Errno::EINVAL));
        assert_eq!(pack(Vec::new(), 0), Ok(Vec::new()));
    }

    #[test]
    fn iounit_zero_or_too_big_becomes_the_maximum() {
        assert_eq!(clamp_iounit(0, 8168), 8168);
        assert_eq!(clamp_iounit(1 << 30, 8168), 8168);
        assert_eq!(clamp_iounit(512, 8168), 512);
    }

    #[test]
    fn walk_answers_are_bounded_by_the_names() {
        assert_eq!(walked(vec![Qid::default(); 2], 1), Err(Errno::EIO));
        assert_eq!(walked(Vec::new(), 1), Err(Errno::ENOENT));
        assert_eq!(walked(Vec::new(), 0), Ok(Vec::new()));
    }
}
