//! Auth fids: `Tauth` makes one, the client writes its secret to it, `Tattach` names it.
//!
//! The reader answers every request on an auth fid itself, at once (no fileserver sees it):
//! `Twrite` appends to the secret (offsets are ignored; at most [`MAX_SECRET`] bytes in all,
//! more is `EINVAL`), `Tread` reads nothing (end of file), `Tclunk` frees it, `Tremove` frees
//! it and answers `EPERM`; anything else naming it is `EBADF`. The secret is checked when an
//! attach names the fid (`attach` module), not when it is written. Source: attach(5),
//! 9P2000.L `Tauth`.

use bytes::Bytes;

use super::auth::Secret;
use super::conn::Conn;
use super::fids::FidTable;
use crate::errno::{Errno, Result};
use crate::msg::{Rmsg, Tmsg, NOFID};
use crate::qid::{Qid, QidType};

/// The most bytes of secret an auth fid holds.
pub(crate) const MAX_SECRET: usize = 1024;

/// What a `Tauth` started: the user it is for and what the client wrote so far.
pub(crate) struct AuthFid {
    uname: String,
    secret: Vec<u8>,
}

/// Answer `msg` if it is `Tauth` or an I/O request on an auth fid; `None` for anything else
/// (it goes on to `prepare`).
pub(crate) fn answer(conn: &Conn, msg: &Tmsg) -> Option<Result<Rmsg>> {
    match msg {
        Tmsg::Auth { afid, uname, .. } => Some(start(conn, &mut conn.fids(), *afid, uname)),
        Tmsg::Write { fid, data, .. } => Some(write(conn.fids().auth_mut(*fid)?, data)),
        Tmsg::Read { fid, .. } => {
            conn.fids().auth_mut(*fid)?;
            Some(Ok(Rmsg::Read { data: Bytes::new() }))
        }
        Tmsg::Clunk { fid } => conn.fids().take_auth(*fid).then_some(Ok(Rmsg::Clunk)),
        Tmsg::Remove { fid } => conn.fids().take_auth(*fid).then_some(Err(Errno::EPERM)),
        _ => None,
    }
}

/// `Tauth`: make `afid` an auth fid for `uname`.
///
/// # Errors
/// `EOPNOTSUPP` when the listener has no authenticator (no credential could be checked);
/// `EBADF` for an afid in use or `NOFID`, `EMFILE` for a full fid table.
fn start(conn: &Conn, fids: &mut FidTable, afid: u32, uname: &str) -> Result<Rmsg> {
    if conn.opts.authenticator.is_none() {
        return Err(Errno::EOPNOTSUPP);
    }
    if afid == NOFID {
        return Err(Errno::EBADF);
    }
    let data = AuthFid {
        uname: uname.to_string(),
        secret: Vec::new(),
    };
    let fid = fids.add_auth(afid, data)?;
    Ok(Rmsg::Auth {
        aqid: Qid {
            ty: QidType::AUTH,
            version: 0,
            path: fid.0,
        },
    })
}

/// `Twrite` on an auth fid: append `data` to the secret.
///
/// # Errors
/// `EINVAL` when the secret would exceed [`MAX_SECRET`] bytes.
fn write(afid: &mut AuthFid, data: &Bytes) -> Result<Rmsg> {
    if afid.secret.len() + data.len() > MAX_SECRET {
        return Err(Errno::EINVAL);
    }
    afid.secret.extend_from_slice(data);
    Ok(Rmsg::Write {
        count: data.len() as u32,
    })
}

/// The secret an attach of `uname` proves itself with through auth fid `afid`: `None` for
/// `NOFID`.
///
/// # Errors
/// `EBADF` when `afid` is not an auth fid; `EACCES` when it was made for another uname or
/// holds no well-formed secret (`password SECRET` or `key SECRET`).
pub(crate) fn secret(fids: &mut FidTable, afid: u32, uname: &str) -> Result<Option<Secret>> {
    if afid == NOFID {
        return Ok(None);
    }
    let data = fids.auth_mut(afid).ok_or(Errno::EBADF)?;
    if data.uname != uname {
        return Err(Errno::EACCES);
    }
    Secret::parse(&data.secret).map(Some).ok_or(Errno::EACCES)
}
