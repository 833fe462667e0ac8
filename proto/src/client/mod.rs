//! The 9P2000.L client: a remote server seen as a [`FileServer`](crate::FileServer).
//!
//! One [`Client`] is one connection. Any number of requests may be in flight on it: each
//! gets a tag, a reader task routes replies by tag, and a writer task owns the stream's
//! write half, so no lock is held while waiting for the server. A request whose caller
//! stops waiting (its future is dropped, or its deadline passes) is flushed with `Tflush`,
//! and its tag is reused only after the `Rflush`; a fid such a request created anyway is
//! clunked by the client. When the connection breaks (end of stream, I/O error, malformed
//! reply) every pending and later request fails with `EIO`.
//!
//! Identity: the server learns who is asking only at attach (`uname` = the uid in decimal, or
//! [`ClientOptions::uname`]; `n_uname` = the uid); every later request on fids walked from
//! that attach carries that identity, whatever [`Caller`](crate::Caller) the method is given.
//! With [`ClientOptions::secret`] every attach proves itself with `Tauth` (module `auth`),
//! and the server makes it whoever owns the secret, whatever the caller's uid. The secret
//! crosses the connection in clear.
//!
//! Source: 9P2000.L, intro(5), flush(5); Linux `net/9p/client.c`.
//!
//! # Layout
//! - this file: [`Client`], [`ClientOptions`], the version handshake.
//! - `auth`: `Tattach`, with `Tauth` and the secret when one is configured.
//! - `fs`: `impl FileServer for Client`, one method per request; `walk`: long walks.
//! - `rpc`: one round trip with deadline and cancellation; the reader and writer tasks.
//! - `conn`: tags, requests in flight, flushes, orphaned fids.
//! - `fids`: caller fids to wire fids.

mod auth;
mod conn;
mod fids;
mod fs;
mod rpc;
mod walk;

use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::codec::{decode_rmsg, encode_tmsg};
use crate::errno::{Errno, Result};
use crate::frame::read_frame;
use crate::msg::{Rmsg, Tag, Tmsg, IOHDRSZ, VERSION_9P2000_L};
use crate::server::Secret;
use conn::{Conn, Effect};

/// The smallest msize the client accepts from a server, in bytes (as Linux v9fs).
pub const MIN_MSIZE: u32 = 4096;

/// How a [`Client`] talks to its server.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The msize proposed in `Tversion`, in bytes; the server may answer smaller. Default
    /// 512 KiB + `IOHDRSZ`, so a read or write moves 512 KiB per request.
    pub msize: u32,
    /// The deadline of each request, handshake included; `None` waits forever. Default
    /// 30 s. A mount of blocking files (pipes, ttys) over the wire wants `None`.
    pub timeout: Option<Duration>,
    /// The most requests in flight at once; more wait for a slot. Default 256, at most
    /// 16384 (so tags for flushes and clean-up clunks never run out).
    pub max_in_flight: usize,
    /// The `uname` of every attach; `None` (the default): the caller's uid in decimal. With
    /// a secret it names the user the secret belongs to.
    pub uname: Option<String>,
    /// The password or access key every attach proves `uname` with (`Tauth`); `None` (the
    /// default): attach without a credential.
    pub secret: Option<Secret>,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            msize: 512 * 1024 + IOHDRSZ,
            timeout: Some(Duration::from_secs(30)),
            max_in_flight: 256,
            uname: None,
            secret: None,
        }
    }
}

/// A connection to a 9P2000.L server, usable as a [`FileServer`](crate::FileServer).
///
/// Dropping the client stops its tasks and closes the connection.
pub struct Client {
    conn: Arc<Conn>,
    msize: u32,
    timeout: Option<Duration>,
    uname: Option<String>,
    secret: Option<Secret>,
    reader: AbortHandle,
}

impl Client {
    /// Negotiate 9P2000.L over `stream` and start the connection's reader and writer tasks
    /// (on the current tokio runtime).
    ///
    /// The msize is the smaller of `opts.msize` and the server's answer.
    ///
    /// # Errors
    /// `EINVAL` when `opts.msize` is under [`MIN_MSIZE`]; `EPROTO` when the server answers
    /// another version, an msize under [`MIN_MSIZE`] or
    /// not an `Rversion`; its errno when it answers `Rlerror`; `EIO` when the stream fails
    /// or closes; `ETIMEDOUT` when `opts.timeout` passes first.
    pub async fn new<S>(stream: S, opts: ClientOptions) -> Result<Client>
    where
        S: AsyncRead + AsyncWrite + Send + 'static,
    {
        if opts.msize < MIN_MSIZE {
            return Err(Errno::EINVAL);
        }
        let (mut r, mut w) = tokio::io::split(stream);
        let msize = match opts.timeout {
            Some(d) => tokio::time::timeout(d, version(&mut r, &mut w, opts.msize))
                .await
                .map_err(|_| Errno::ETIMEDOUT)??,
            None => version(&mut r, &mut w, opts.msize).await?,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let conn = Arc::new(Conn::new(tx, opts.max_in_flight.clamp(1, 16384)));
        tokio::spawn(rpc::write_loop(w, rx, Arc::downgrade(&conn)));
        let reader = tokio::spawn(rpc::read_loop(r, conn.clone(), msize)).abort_handle();
        Ok(Client {
            conn,
            msize,
            timeout: opts.timeout,
            uname: opts.uname,
            secret: opts.secret,
            reader,
        })
    }

    /// Connect to the dial string `dial` (`tcp!host!port`, `unix!path`) and negotiate as
    /// [`Client::new`].
    ///
    /// # Errors
    /// The connect's errno (`ECONNREFUSED`, `ENOENT`, `EINVAL` for a bad dial string), else
    /// as [`Client::new`].
    pub async fn dial(dial: &str, opts: ClientOptions) -> Result<Client> {
        let stream = crate::dial::connect(dial).await?;
        Client::new(stream, opts).await
    }

    /// The negotiated msize in bytes.
    pub fn msize(&self) -> u32 {
        self.msize
    }

    /// The most data one read or write moves: msize - `IOHDRSZ` bytes.
    pub fn iounit(&self) -> u32 {
        self.msize - IOHDRSZ
    }

    /// One round trip; an `Rlerror` becomes its errno. See [`rpc::call`].
    async fn rpc(&self, msg: &Tmsg, effect: Effect) -> Result<Rmsg> {
        match rpc::call(&self.conn, msg, effect, self.msize, self.timeout).await? {
            Rmsg::Lerror { ecode } => Err(Errno::from_code(ecode)),
            reply => Ok(reply),
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// `Tversion`/`Rversion` on the bare stream; returns the negotiated msize.
async fn version<R, W>(r: &mut R, w: &mut W, msize: u32) -> Result<u32>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut out = BytesMut::new();
    let msg = Tmsg::Version {
        msize,
        version: VERSION_9P2000_L.to_owned(),
    };
    encode_tmsg(Tag::NOTAG, &msg, &mut out);
    w.write_all(&out).await.map_err(|_| Errno::EIO)?;
    w.flush().await.map_err(|_| Errno::EIO)?;
    let frame = read_frame(r, msize.max(MIN_MSIZE))
        .await
        .map_err(|_| Errno::EIO)?;
    let frame = frame.ok_or(Errno::EIO)?;
    match decode_rmsg(&frame).map_err(|_| Errno::EPROTO)? {
        (_, Rmsg::Version { msize: m, version }) if version == VERSION_9P2000_L => {
            let m = m.min(msize);
            if m < MIN_MSIZE {
                return Err(Errno::EPROTO);
            }
            Ok(m)
        }
        (_, Rmsg::Lerror { ecode }) => Err(Errno::from_code(ecode)),
        _ => Err(Errno::EPROTO),
    }
}
