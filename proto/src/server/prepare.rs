//! Checking a request before it runs: names, fids and fid states (lib9p's `sX` half).
//!
//! Runs in the reader, in arrival order, under one short lock of the fid table. The result
//! is a [`Job`] that knows its server fids, its caller and how to settle the fid table when
//! the fileserver answers (or when the request is cancelled).

use std::sync::Arc;

use super::attach::{decide, Who};
use super::conn::Conn;
use super::fids::{Entry, FidTable, State};
use super::job::{Job, Plan, Settle};
use super::validate::{entry_name, symlink_target, walk_name};
use crate::errno::{Errno, Result};
use crate::fs::{Caller, Fid};
use crate::msg::Tmsg;

/// Check `msg` and reserve or mark the fids it names.
///
/// # Errors
/// `EINVAL`/`ENAMETOOLONG` for bad names (the codec already answers `E2BIG` for more than
/// 16 walk names), `EBADF` for fid misuse, `EMFILE` for a full fid table, an attach's
/// refusal (`EACCES`, see `attach::decide`), `EPROTO` for a message the reader handles
/// itself (version, auth, flush).
pub(crate) fn prepare(conn: &Arc<Conn>, mut msg: Tmsg) -> Result<Job> {
    let plan = match &mut msg {
        Tmsg::Attach {
            fid,
            afid,
            uname,
            aname,
            n_uname,
        } => {
            let (who, tree) = decide(conn, *afid, uname, *n_uname, aname)?;
            *aname = tree;
            attach(conn, *fid, who)?
        }
        _ => {
            check_names(&msg)?;
            resolve(&mut conn.fids(), &msg)?
        }
    };
    Ok(Job::new(conn.clone(), msg, plan))
}

/// `Tattach`: reserve the new root fid; its caller is set when the attach succeeds.
fn attach(conn: &Conn, wire: u32, who: Who) -> Result<Plan> {
    let (cx, check) = match who {
        Who::Known(cx) => (cx, None),
        Who::Check(check) => (Caller::default(), Some(check)),
    };
    let fid = conn.fids().reserve(wire, cx)?;
    Ok(Plan {
        cx,
        fid,
        fid2: fid,
        settle: Settle::Attach { wire, fid },
        check,
    })
}

/// Every name a request carries must be one path element.
fn check_names(msg: &Tmsg) -> Result<()> {
    match msg {
        Tmsg::Walk { wnames, .. } => wnames.iter().try_for_each(|n| walk_name(n)),
        Tmsg::Lcreate { name, .. }
        | Tmsg::Mkdir { name, .. }
        | Tmsg::Mknod { name, .. }
        | Tmsg::Link { name, .. }
        | Tmsg::Rename { name, .. }
        | Tmsg::Unlinkat { name, .. } => entry_name(name),
        Tmsg::Symlink { name, symtgt, .. } => {
            entry_name(name)?;
            symlink_target(symtgt)
        }
        Tmsg::Renameat {
            oldname, newname, ..
        } => {
            entry_name(oldname)?;
            entry_name(newname)
        }
        _ => Ok(()),
    }
}

/// Look up, reserve or mark the fids of `msg` (everything but attach).
fn resolve(fids: &mut FidTable, msg: &Tmsg) -> Result<Plan> {
    use State::{Open, Xattr};
    match *msg {
        Tmsg::Walk { fid, newfid, .. } => walk(fids, fid, newfid),
        Tmsg::Xattrwalk { fid, newfid, .. } => {
            let e = fids.get(fid)?;
            let new = fids.reserve(newfid, e.caller)?;
            let settle = Settle::Reserved {
                wire: newfid,
                fid: new,
                state: Xattr,
            };
            Ok(Plan {
                fid2: new,
                settle,
                ..plain(e)
            })
        }
        Tmsg::Lopen { fid, .. } | Tmsg::Lcreate { fid, .. } => opening(fids, fid, Open),
        Tmsg::Xattrcreate { fid, .. } => opening(fids, fid, Xattr),
        Tmsg::Read { fid, .. } | Tmsg::Write { fid, .. } => {
            Ok(plain(fids.get_in(fid, &[Open, Xattr])?))
        }
        Tmsg::Readdir { fid, .. } => Ok(plain(fids.get_in(fid, &[Open])?)),
        Tmsg::Clunk { fid } | Tmsg::Remove { fid } => Ok(Plan {
            settle: Settle::Clunk,
            ..plain(fids.take(fid)?)
        }),
        Tmsg::Getattr { fid, .. }
        | Tmsg::Setattr { fid, .. }
        | Tmsg::Readlink { fid }
        | Tmsg::Statfs { fid }
        | Tmsg::Fsync { fid, .. }
        | Tmsg::Lock { fid, .. }
        | Tmsg::Getlock { fid, .. }
        | Tmsg::Mkdir { dfid: fid, .. }
        | Tmsg::Mknod { dfid: fid, .. }
        | Tmsg::Symlink { fid, .. }
        | Tmsg::Unlinkat { dirfd: fid, .. } => Ok(plain(fids.get(fid)?)),
        Tmsg::Rename { fid, dfid, .. } => pair(fids, fid, dfid),
        Tmsg::Renameat {
            olddirfid,
            newdirfid,
            ..
        } => pair(fids, olddirfid, newdirfid),
        Tmsg::Link { dfid, fid, .. } => pair(fids, dfid, fid),
        Tmsg::Version { .. } | Tmsg::Auth { .. } | Tmsg::Flush { .. } | Tmsg::Attach { .. } => {
            Err(Errno::EPROTO)
        }
    }
}

/// A request on one existing fid that changes nothing in the table.
fn plain(e: Entry) -> Plan {
    Plan {
        cx: e.caller,
        fid: e.fid,
        fid2: e.fid,
        settle: Settle::Done,
        check: None,
    }
}

/// A request on two existing fids; the caller is the first one's.
fn pair(fids: &FidTable, first: u32, second: u32) -> Result<Plan> {
    let (a, b) = (fids.get(first)?, fids.get(second)?);
    Ok(Plan {
        fid2: b.fid,
        ..plain(a)
    })
}

/// `Tlopen`, `Tlcreate`, `Txattrcreate`: the fid must be idle; it becomes `state` on success.
fn opening(fids: &mut FidTable, wire: u32, state: State) -> Result<Plan> {
    let e = fids.begin_open(wire)?;
    Ok(Plan {
        settle: Settle::Opening {
            wire,
            fid: e.fid,
            state,
        },
        ..plain(e)
    })
}

/// `Twalk`: from any fid but an xattr one; `newfid == fid` replaces the fid on success.
fn walk(fids: &mut FidTable, wire: u32, newwire: u32) -> Result<Plan> {
    let e = fids.get(wire)?;
    if e.state == State::Xattr {
        return Err(Errno::EBADF);
    }
    if newwire == wire {
        let new = Fid::fresh();
        return Ok(Plan {
            fid2: new,
            settle: Settle::Replace {
                wire,
                old: e.fid,
                new,
            },
            ..plain(e)
        });
    }
    let new = fids.reserve(newwire, e.caller)?;
    let settle = Settle::Reserved {
        wire: newwire,
        fid: new,
        state: State::Idle,
    };
    Ok(Plan {
        fid2: new,
        settle,
        ..plain(e)
    })
}
