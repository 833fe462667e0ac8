//! Who an attach is: believed by the trust rule, or proven by a credential.
//!
//! An attach with a credential and an empty uname is checked as the uname of the
//! connection's last proven attach: Linux v9fs names the user only in the mount's first
//! attach; its later attaches for each local uid (`access=user` or `client`) carry an empty
//! uname and the same aname, hence the same key.
//!
//! [`decide`] runs in the reader, in arrival order (so it sees what the client wrote to its
//! auth fid before the attach); it settles everything that needs no secret checked. A
//! credential is checked by [`verify`] in the attach's own task, on tokio's blocking pool,
//! holding one of the [`Guard`](super::guard::Guard)'s check slots. Every refusal goes
//! through the guard (logged, counted). The rules are in the module docs of [`super`].

use super::afid;
use super::auth::{split_aname, Secret};
use super::conn::Conn;
use crate::errno::{Errno, Result};
use crate::fs::Caller;

/// A credential to check before the attach runs.
pub(crate) struct Check {
    secret: Secret,
    uname: String,
    n_uname: u32,
}

/// What the reader decided about an attach.
pub(crate) enum Who {
    /// Believed without a credential.
    Known(Caller),
    /// To be proven by [`verify`].
    Check(Check),
}

/// Decide an attach of `uname`/`n_uname` with auth fid `afid` and `aname`; also returns the
/// tree the attach names (`aname` without its key).
///
/// # Errors
/// As [`credential`] and [`trusted`].
pub(crate) fn decide(
    conn: &Conn,
    afid: u32,
    uname: &str,
    n_uname: u32,
    aname: &str,
) -> Result<(Who, String)> {
    let (secret, tree) = credential(conn, afid, uname, aname)?;
    let who = match secret {
        Some(secret) => {
            let uname = match (uname, conn.proven().as_ref()) {
                ("", Some(proven)) => proven.clone(),
                _ => uname.to_string(),
            };
            Who::Check(Check {
                secret,
                uname,
                n_uname,
            })
        }
        None => Who::Known(trusted(conn, uname, n_uname)?),
    };
    Ok((who, tree.to_string()))
}

/// The credential an attach carries (in its auth fid or its aname), and the tree it names.
///
/// # Errors
/// `EBADF` when `afid` is neither `NOFID` nor an auth fid; `EACCES` (logged and counted)
/// when the auth fid was made for another uname or holds no well-formed secret; `EINVAL`
/// when both the afid and the aname carry one.
fn credential<'a>(
    conn: &Conn,
    afid: u32,
    uname: &str,
    aname: &'a str,
) -> Result<(Option<Secret>, &'a str)> {
    let (key, tree) = split_aname(aname);
    let from_afid = afid::secret(&mut conn.fids(), afid, uname)
        .inspect_err(|e| refuse_if(conn, uname, *e, "unusable auth fid"))?;
    let secret = match (from_afid, key) {
        (Some(_), Some(_)) => return Err(Errno::EINVAL),
        (Some(s), None) => Some(s),
        (None, Some(k)) => Some(Secret::Key(k.to_string())),
        (None, None) => None,
    };
    Ok((secret, tree))
}

/// Who an attach without a credential is, if the trust rule believes it.
///
/// # Errors
/// `EACCES` (logged and counted) when the rule does not trust the peer, or admits it but
/// not as uid 0 over TCP; the `identify` function's errno (logged and counted).
fn trusted(conn: &Conn, uname: &str, n_uname: u32) -> Result<Caller> {
    let (trust, peer, guard) = (conn.opts.trust, &conn.peer, &conn.opts.guard);
    if !trust.trusts(peer) {
        guard.failed(peer, uname, "no credential");
        return Err(Errno::EACCES);
    }
    let cx = (conn.opts.identify)(uname, n_uname)
        .inspect_err(|_| guard.failed(peer, uname, "unknown user"))?;
    if !trust.admits(peer, cx.uid) {
        guard.failed(peer, uname, "root over TCP needs a credential");
        return Err(Errno::EACCES);
    }
    Ok(cx)
}

/// Log and count a refusal whose errno is `EACCES`.
fn refuse_if(conn: &Conn, uname: &str, e: Errno, reason: &str) {
    if e == Errno::EACCES {
        conn.opts.guard.failed(&conn.peer, uname, reason);
    }
}

/// Check `check` with the listener's authenticator: who the attach is.
///
/// # Errors
/// `EACCES` when the peer is locked out (logged, not counted) or the listener has no
/// authenticator; the authenticator's errno (logged and counted); `EIO` if the check
/// panicked.
pub(crate) async fn verify(conn: &Conn, check: Check) -> Result<Caller> {
    let guard = conn.opts.guard.clone();
    let slot = guard.slot().await?;
    if guard.locked(&conn.peer) {
        guard.refused(&conn.peer, &check.uname, "locked out");
        return Err(Errno::EACCES);
    }
    let Some(auth) = conn.opts.authenticator.clone() else {
        guard.failed(&conn.peer, &check.uname, "no authenticator");
        return Err(Errno::EACCES);
    };
    let peer = conn.peer.clone();
    let span = tracing::Span::current();
    let dispatch = tracing::dispatcher::get_default(Clone::clone);
    let task = tokio::task::spawn_blocking(move || {
        tracing::dispatcher::with_default(&dispatch, || {
            let _entered = span.enter();
            let res = auth.check(
                &peer,
                &check.uname,
                check.n_uname,
                check.secret.credential(),
            );
            if res.is_err() {
                guard.failed(&peer, &check.uname, "bad credential");
            }
            drop(slot);
            res.map(|cx| (cx, check.uname))
        })
    });
    let (cx, uname) = task.await.map_err(|_| Errno::EIO)??;
    *conn.proven() = Some(uname);
    Ok(cx)
}
