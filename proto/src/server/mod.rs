//! The serving loop: export any [`FileServer`] over any byte stream as 9P2000.L.
//!
//! [`serve_stream`] speaks 9P2000.L on one connection (a TCP or unix socket, or an in-memory
//! pipe); [`crate::dial::Listener`] accepts connections and runs one `serve_stream` per
//! connection. The loop validates the protocol once, so every fileserver sees only requests
//! that are well formed (the design's "Two protocols, one semantics", and STYLE 4).
//!
//! # Rules (choices where 9P2000.L leaves one open)
//! - **Version.** `Tversion` resets the session: requests in flight are cancelled (no reply),
//!   requests waiting to start are dropped, every fid is clunked (`FileServer::clunk`), then
//!   `Rversion` is sent. `msize` is the client's, clamped to `[MIN_MSIZE, max_msize]` (4096
//!   is also the least the Linux client accepts). A version of `9P2000.L` or `9P2000.L.*` gets
//!   `9P2000.L`; anything else gets `unknown` and leaves the session closed. Any request
//!   before a successful `Tversion` gets `Rlerror(EPROTO)`; before it, frames are bounded
//!   by `MIN_MSIZE`.
//! - **Frames.** A frame larger than the negotiated msize, or one the codec calls malformed,
//!   closes the connection (logged at warn). An unknown type gets `Rlerror(ENOSYS)`; a
//!   non-UTF-8 string `Rlerror(EINVAL)`.
//! - **Tags.** Every request runs in its own task, registered by tag. A tag already in flight
//!   (or waiting to start) gets `Rlerror(EPROTO)` and the first request goes on. `Tflush` of
//!   a running request aborts its task, waits for it to end, then sends `Rflush`; a reply the
//!   request already queued goes out first (one ordered writer). `Tflush` of a request still
//!   waiting to start drops it; `Tflush` of an unknown tag gets `Rflush` at once.
//! - **Back-pressure.** At most `max_in_flight` requests run at once; up to as many more wait,
//!   read but not started, and the loop stops reading when both are full. Waiting requests
//!   are what lets a `Tflush` through while every slot holds a blocked read.
//! - **Fids.** Each wire fid maps to a fresh [`crate::Fid`]. Unknown fid: `EBADF`. A newfid in
//!   use (`Tattach`, `Twalk`, `Txattrwalk`): `EBADF`. `Twalk` with `newfid == fid` replaces
//!   the fid (only when the walk is complete). Walking from an opened fid is allowed: Linux
//!   v9fs clones opened fids it finds on an inode (`v9fs_fid_find_inode`); the new fid is not
//!   open. I/O (`Tread`, `Twrite`) on a fid that is not open (or an xattr fid), `Treaddir` on
//!   one not opened, `Tlopen`/`Tlcreate`/`Txattrcreate` on one already open: `EBADF`.
//!   `Tclunk`/`Tremove` free the fid even when the server fails. At most `max_fids` fids per
//!   connection: `EMFILE`. A closing connection clunks all its fids.
//! - **Names.** Names in `Twalk`, `Tlcreate`, `Tmkdir`, `Tsymlink`, `Tmknod`, `Tlink`,
//!   `Trename`, `Trenameat`, `Tunlinkat` are one element: empty, or containing `/` or NUL is
//!   `EINVAL`; over 255 bytes `ENAMETOOLONG`; `.` and `..` are `EINVAL` except in `Twalk`.
//! - **Sizes.** `Tread`/`Treaddir` counts are clamped to `msize - IOHDRSZ`; an `Rread` never
//!   carries more than the count, an `Rreaddir` packs entries up to the count (`EINVAL` when
//!   not even the first fits); an `iounit` of 0 (or too big) becomes `msize - IOHDRSZ`; a
//!   reply that would still exceed msize becomes `Rlerror(ERANGE)`.
//! - **Identity.** Every request on a fid derived from an attach runs as that attach's
//!   [`Caller`]; how the attach is identified is the next section.
//!
//! No lock is held across a fileserver call: a read that never completes stalls only itself.
//!
//! # Authentication
//! An attach is identified one of two ways (issue 4, point 4):
//! - **By a credential**, a password or an access key ([`Secret`]). A Warren client sends
//!   `Tauth(afid, uname, aname)`, writes `password SECRET` or `key SECRET` to the afid, then
//!   sends `Tattach` naming that afid with the same uname (see `afid` for the auth fid's
//!   rules). A client that cannot send `Tauth` (Linux v9fs) puts the key in the aname:
//!   `key=SECRET`, or `key=SECRET:TREE` to name a tree (the fileserver sees only `TREE`).
//!   The listener's [`Authenticator`] checks it and says who the attach is: the credential's
//!   owner, whatever `n_uname` claims. An attach with a credential and an empty uname (Linux
//!   v9fs's per-uid attaches) is checked as the uname of the connection's last proven
//!   attach. A credential is checked when the attach names it, not when it is written; both
//!   an afid and a key in the aname is `EINVAL`; an afid that is not an auth fid is `EBADF`;
//!   a bad credential, or any credential when the listener has no authenticator, is
//!   `EACCES`. `Tauth` on a listener with no authenticator is `EOPNOTSUPP`.
//! - **By the trust rule**, when the attach carries no credential: if [`ServeOptions::trust`]
//!   trusts the peer ([`Trust::trusts`]), the attach is [`ServeOptions::identify`]'s answer
//!   for `uname`/`n_uname`, as without authentication; otherwise it is `EACCES`. No rule
//!   short of [`Trust::Any`] admits uid 0 over TCP ([`Trust::admits`]): root over TCP needs
//!   root's credential, even from loopback. The default, [`Trust::Unix`], trusts unix
//!   sockets and in-process streams and nobody over TCP.
//!
//! Refused attaches are logged (`warn`, `9P attach refused`, with the peer address, uname and
//! reason) at most [`LOG_LINES`] lines per peer per [`LOG_WINDOW`]; [`MAX_FAILURES`] failures
//! within [`FAIL_WINDOW`] lock the peer (its IP address) out for [`LOCKOUT`]: its credentials
//! are refused unchecked (`guard` has the details). Linux v9fs tries each failing mount's
//! attach twice. Secrets travel in clear: 9P over TCP has no encryption, so keep listeners
//! on loopback, a unix socket, or a network you trust (an SSH tunnel, a VPN).
//!
//! # Layout
//! - this file: [`ServeOptions`], [`serve_connection`], [`serve_stream`].
//! - `conn`: the connection's reader loop (version, flush, back-pressure, teardown).
//! - `session`: requests in flight by tag, and the negotiated msize.
//! - `writer`: the one ordered writer task, batching replies.
//! - `frames`: cancel-safe buffered frame reading.
//! - `fids`: the connection's fid table and fid states.
//! - `prepare`: checks a request against the fid table and names, before it runs.
//! - `job`: runs a checked request against the fileserver and settles the fid table.
//! - `validate`: path-element rules.
//! - `auth`: [`Peer`], [`Trust`], [`Secret`], [`Credential`], [`Authenticator`].
//! - `afid`: auth fids (`Tauth` and the requests on its fid).
//! - `attach`: who an attach is (trust rule or credential check).
//! - `guard`: [`Guard`], failed attempts (log rate limit, lockout, check slots).

mod afid;
mod attach;
mod auth;
mod conn;
mod fids;
mod frames;
mod guard;
mod job;
mod prepare;
mod session;
mod validate;
mod writer;

use std::io;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};

use crate::errno::{Errno, Result};
use crate::fs::{Caller, FileServer, Gid, Uid};
use crate::msg::{IOHDRSZ, NONUNAME};

pub use auth::{Authenticator, Credential, Peer, Secret, Trust};
pub use guard::{Guard, CHECKS_AT_ONCE, FAIL_WINDOW, LOCKOUT, LOG_LINES, LOG_WINDOW, MAX_FAILURES};

/// The smallest msize the server negotiates, in bytes (also the Linux client's minimum).
pub const MIN_MSIZE: u32 = 4096;

/// Maps a `Tattach`'s `uname` and `n_uname` to the [`Caller`] of every request on that fid
/// tree, for an attach the trust rule admits. Returns an errno (`EACCES`) to refuse it.
pub type Identify = dyn Fn(&str, u32) -> Result<Caller> + Send + Sync;

/// Limits and policy of a served connection.
#[derive(Clone)]
pub struct ServeOptions {
    /// The largest msize offered, in bytes (frames included); at least [`MIN_MSIZE`] is used.
    pub max_msize: u32,
    /// The most fids one connection may hold at once; more is `EMFILE`.
    pub max_fids: usize,
    /// The most requests running at once on one connection (at least 1).
    pub max_in_flight: usize,
    /// Who an attach without a credential is, when [`ServeOptions::trust`] admits it: see
    /// [`default_identify`].
    pub identify: Arc<Identify>,
    /// Which peers attach without a credential (module docs, "Authentication").
    pub trust: Trust,
    /// Checks the credential of an attach that carries one; `None`: every credential is
    /// refused (`EACCES`) and `Tauth` is `EOPNOTSUPP`.
    pub authenticator: Option<Arc<dyn Authenticator>>,
    /// Failed attempts of every connection served with these options (log rate limit,
    /// lockout). Clones of the options share it.
    pub guard: Arc<Guard>,
}

impl Default for ServeOptions {
    /// msize up to 1 MiB of data (`1 MiB + IOHDRSZ`), 65536 fids, 256 requests in flight,
    /// [`default_identify`], [`Trust::Unix`] (nobody over TCP), no authenticator, a fresh
    /// [`Guard`].
    fn default() -> ServeOptions {
        ServeOptions {
            max_msize: (1 << 20) + IOHDRSZ,
            max_fids: 65536,
            max_in_flight: 256,
            identify: Arc::new(default_identify),
            trust: Trust::default(),
            authenticator: None,
            guard: Arc::new(Guard::default()),
        }
    }
}

/// The default attach identity: `n_uname` when it is not `NONUNAME`, else `uname` as a
/// decimal number, or `root` (uid 0). The gid is the uid (a user's own group).
///
/// # Errors
/// `EACCES` for any other `uname` (names need a user store, which wraps this function).
pub fn default_identify(uname: &str, n_uname: u32) -> Result<Caller> {
    let uid = if n_uname != NONUNAME {
        n_uname
    } else if uname == "root" {
        0
    } else {
        uname.parse::<u32>().map_err(|_| Errno::EACCES)?
    };
    Ok(Caller {
        uid: Uid(uid),
        gid: Gid(uid),
        pid: 0,
    })
}

/// Serve `fs` as 9P2000.L on `stream`, a connection from `peer`, until the peer closes it
/// or breaks the protocol.
///
/// Requests run concurrently (one task each, at most `opts.max_in_flight`); replies go out
/// through one ordered writer. When the connection ends, requests in flight are cancelled and
/// every fid the connection holds is clunked before this returns. `peer` decides what the
/// trust rule admits and names the peer in logs. The rules are listed in the
/// [module docs](self).
///
/// # Errors
/// The stream's I/O error; `InvalidData` when the peer sent a malformed or oversized frame
/// (the connection is closed). A clean end of stream is `Ok(())`.
pub async fn serve_connection<S>(
    fs: Arc<dyn FileServer>,
    stream: S,
    peer: Peer,
    opts: Arc<ServeOptions>,
) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    conn::serve(fs, stream, peer, opts).await
}

/// [`serve_connection`] for an in-process stream ([`Peer::Memory`]).
///
/// # Errors
/// As [`serve_connection`].
pub async fn serve_stream<S>(
    fs: Arc<dyn FileServer>,
    stream: S,
    opts: Arc<ServeOptions>,
) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    serve_connection(fs, stream, Peer::Memory, opts).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_identify_prefers_n_uname_then_number_then_root() {
        assert_eq!(
            default_identify("alice", 1000).map(|c| c.uid),
            Ok(Uid(1000))
        );
        assert_eq!(default_identify("42", NONUNAME).map(|c| c.gid), Ok(Gid(42)));
        assert_eq!(default_identify("root", NONUNAME), Ok(Caller::ROOT));
        assert_eq!(default_identify("alice", NONUNAME), Err(Errno::EACCES));
    }
}
