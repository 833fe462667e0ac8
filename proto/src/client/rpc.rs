//! Requests on a multiplexed connection: one round trip with a deadline and cancellation,
//! the reader task that routes replies by tag, and the writer task that owns the stream's
//! write half.

use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufWriter};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit};

use super::conn::{Conn, Delivery, Effect};
use crate::codec::{decode_rmsg, encode_tmsg, DecodeError};
use crate::errno::{Errno, Result};
use crate::frame::read_frame;
use crate::msg::{Rmsg, Tag, Tmsg};

/// A request in flight. Dropping it before the reply arrived flushes the request
/// ([`Conn::abandon`]), so a cancelled or timed-out caller never leaks a tag or a fid.
struct Pending<'a> {
    conn: &'a Conn,
    tag: u16,
    rx: Option<oneshot::Receiver<Delivery>>,
}

impl Pending<'_> {
    /// Wait for the reply and settle its effect.
    ///
    /// # Errors
    /// `EIO` when the connection died first.
    async fn wait(&mut self) -> Result<Rmsg> {
        let rx = self.rx.as_mut().ok_or(Errno::EIO)?;
        let delivered = rx.await;
        self.rx = None;
        let (reply, effect) = delivered.map_err(|_| Errno::EIO)?;
        self.conn.settle(effect, Some(&reply));
        Ok(reply)
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if let Some(rx) = self.rx.take() {
            self.conn.abandon(self.tag, rx);
        }
    }
}

/// Send `msg` and wait for its reply (an `Rlerror` is returned as a reply, not an error).
///
/// `effect` is always settled: by the reply, or as failed when the request cannot be sent,
/// or by the connection when the caller stops waiting. `max` is the negotiated msize.
///
/// `timeout` bounds the wait for a slot among the requests in flight, and then, once the
/// request is sent, the wait for its reply.
///
/// # Errors
/// `ENAMETOOLONG` when the frame would exceed `max` (an over-long name or target), `EIO`
/// when the connection is closed or dies, `ETIMEDOUT` when `timeout` passes (a sent request
/// is flushed).
pub(super) async fn call(
    conn: &Conn,
    msg: &Tmsg,
    effect: Effect,
    max: u32,
    timeout: Option<Duration>,
) -> Result<Rmsg> {
    let mut frame = BytesMut::new();
    encode_tmsg(Tag::NOTAG, msg, &mut frame);
    if frame.len() > max as usize {
        conn.settle(effect, None);
        return Err(Errno::ENAMETOOLONG);
    }
    let permit = match slot(conn, timeout).await {
        Ok(permit) => permit,
        Err(e) => {
            conn.settle(effect, None);
            return Err(e);
        }
    };
    let (tx, rx) = oneshot::channel();
    let tag = conn.register(tx, effect, permit)?;
    frame[5..7].copy_from_slice(&tag.to_le_bytes());
    let mut pending = Pending {
        conn,
        tag,
        rx: Some(rx),
    };
    conn.send(frame.freeze())?;
    match timeout {
        Some(d) => tokio::time::timeout(d, pending.wait())
            .await
            .map_err(|_| Errno::ETIMEDOUT)?,
        None => pending.wait().await,
    }
}

/// A slot among the requests in flight, waiting at most `timeout`.
///
/// # Errors
/// `ETIMEDOUT` when `timeout` passes, `EIO` when the connection is closed.
async fn slot(conn: &Conn, timeout: Option<Duration>) -> Result<OwnedSemaphorePermit> {
    let acquire = conn.permits.clone().acquire_owned();
    let permit = match timeout {
        Some(d) => tokio::time::timeout(d, acquire)
            .await
            .map_err(|_| Errno::ETIMEDOUT)?,
        None => acquire.await,
    };
    permit.map_err(|_| Errno::EIO)
}

/// Read replies until the stream ends or breaks, routing each by tag; then fail every
/// request. A reply that is sound but unacceptable reaches its caller as `Rlerror`
/// (`EINVAL` for bad UTF-8, `EPROTO` for an unknown type).
pub(super) async fn read_loop<R: AsyncRead + Unpin>(mut r: R, conn: Arc<Conn>, msize: u32) {
    loop {
        let frame = match read_frame(&mut r, msize).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(e) => {
                tracing::debug!(error = %e, "9P client: connection lost");
                break;
            }
        };
        match decode_rmsg(&frame) {
            Ok((tag, reply)) => conn.dispatch(tag.0, reply),
            Err(DecodeError::Invalid { tag, errno }) => conn.dispatch(
                tag.0,
                Rmsg::Lerror {
                    ecode: errno.code(),
                },
            ),
            Err(DecodeError::UnknownType { tag, ty }) => {
                tracing::warn!(ty, "9P client: reply of unknown type");
                conn.dispatch(
                    tag.0,
                    Rmsg::Lerror {
                        ecode: Errno::EPROTO.code(),
                    },
                )
            }
            Err(e @ DecodeError::Malformed(_)) => {
                tracing::warn!(error = %e, "9P client: closing connection");
                break;
            }
        }
    }
    conn.fail_all();
}

/// Write queued frames, batching whatever is queued before each flush. Ends when every
/// sender is gone; a write error fails the connection.
pub(super) async fn write_loop<W: AsyncWrite + Unpin>(
    w: W,
    mut rx: mpsc::UnboundedReceiver<Bytes>,
    conn: Weak<Conn>,
) {
    let mut w = BufWriter::with_capacity(64 * 1024, w);
    while let Some(frame) = rx.recv().await {
        if let Err(e) = write_batch(&mut w, frame, &mut rx).await {
            tracing::debug!(error = %e, "9P client: write failed");
            if let Some(conn) = conn.upgrade() {
                conn.fail_all();
            }
            return;
        }
    }
    let _ = w.shutdown().await;
}

async fn write_batch<W: AsyncWrite + Unpin>(
    w: &mut BufWriter<W>,
    first: Bytes,
    rx: &mut mpsc::UnboundedReceiver<Bytes>,
) -> std::io::Result<()> {
    w.write_all(&first).await?;
    while let Ok(frame) = rx.try_recv() {
        w.write_all(&frame).await?;
    }
    w.flush().await
}
