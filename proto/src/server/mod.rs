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
//! - **Identity.** `Tauth` gets `Rlerror(EOPNOTSUPP)` (see `auth.rs`); `Tattach` with an afid
//!   other than `NOFID` gets `EBADF`. The attach's [`Caller`] comes from
//!   [`ServeOptions::identify`] and is used for every request on fids derived from it.
//!
//! No lock is held across a fileserver call: a read that never completes stalls only itself.
//!
//! # Layout
//! - this file: [`ServeOptions`], [`serve_stream`].
//! - `conn`: the connection's reader loop (version, flush, back-pressure, teardown).
//! - `session`: requests in flight by tag, and the negotiated msize.
//! - `writer`: the one ordered writer task, batching replies.
//! - `frames`: cancel-safe buffered frame reading.
//! - `fids`: the connection's fid table and fid states.
//! - `prepare`: checks a request against the fid table and names, before it runs.
//! - `job`: runs a checked request against the fileserver and settles the fid table.
//! - `validate`: path-element rules. `auth`: the one place authentication is refused.

mod auth;
mod conn;
mod fids;
mod frames;
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

/// The smallest msize the server negotiates, in bytes (also the Linux client's minimum).
pub const MIN_MSIZE: u32 = 4096;

/// Maps a `Tattach`'s `uname` and `n_uname` to the [`Caller`] of every request on that fid
/// tree. Returns an errno (`EACCES`) to refuse the attach.
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
    /// Who an attach is: see [`default_identify`].
    pub identify: Arc<Identify>,
}

impl Default for ServeOptions {
    /// msize up to 1 MiB of data (`1 MiB + IOHDRSZ`), 65536 fids, 256 requests in flight,
    /// [`default_identify`].
    fn default() -> ServeOptions {
        ServeOptions {
            max_msize: (1 << 20) + IOHDRSZ,
            max_fids: 65536,
            max_in_flight: 256,
            identify: Arc::new(default_identify),
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

/// Serve `fs` as 9P2000.L on `stream` until the peer closes it or breaks the protocol.
///
/// Requests run concurrently (one task each, at most `opts.max_in_flight`); replies go out
/// through one ordered writer. When the connection ends, requests in flight are cancelled and
/// every fid the connection holds is clunked before this returns. The rules are listed in
/// the [module docs](self).
///
/// # Errors
/// The stream's I/O error; `InvalidData` when the peer sent a malformed or oversized frame
/// (the connection is closed). A clean end of stream is `Ok(())`.
pub async fn serve_stream<S>(
    fs: Arc<dyn FileServer>,
    stream: S,
    opts: Arc<ServeOptions>,
) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    conn::serve(fs, stream, opts).await
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
