//! The one ordered writer of a connection: replies leave in the order they were queued.
//!
//! Replies are encoded into one reused buffer; while more replies are already queued they
//! are batched (up to [`BATCH`] bytes) into a single write, so a busy connection makes few
//! system calls and an idle one answers at once.

use std::io;
use std::sync::Arc;

use bytes::BytesMut;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::session::Session;
use crate::codec::encode_rmsg;
use crate::errno::Errno;
use crate::msg::{Rmsg, Tag};

/// Bytes gathered before a write when replies keep coming.
const BATCH: usize = 64 * 1024;

/// A reply on its way to the client.
pub(crate) struct Reply {
    /// The request's tag.
    pub tag: Tag,
    /// The serial the request was registered under ([`Session::start`]); `None` for replies
    /// the reader sends itself (errors before a request starts, `Rversion`, `Rflush`).
    pub serial: Option<u64>,
    /// The reply.
    pub msg: Rmsg,
}

/// Write queued replies to `w` until every sender is gone, then shut `w` down.
///
/// # Errors
/// The stream's write error (the client went away); the queue is dropped with it.
pub(crate) async fn run<W>(
    mut w: W,
    mut rx: mpsc::Receiver<Reply>,
    session: Arc<Session>,
) -> io::Result<()>
where
    W: AsyncWrite + Unpin,
{
    let mut buf = BytesMut::with_capacity(BATCH);
    while let Some(reply) = rx.recv().await {
        put(&mut buf, reply, &session);
        while buf.len() < BATCH {
            match rx.try_recv() {
                Ok(reply) => put(&mut buf, reply, &session),
                Err(_) => break,
            }
        }
        w.write_all(&buf).await?;
        w.flush().await?;
        buf.clear();
    }
    w.shutdown().await
}

/// Release the reply's tag and encode it; a reply over msize becomes `Rlerror(ERANGE)`.
fn put(buf: &mut BytesMut, reply: Reply, session: &Session) {
    if let Some(serial) = reply.serial {
        session.release(reply.tag, serial);
    }
    let start = buf.len();
    encode_rmsg(reply.tag, &reply.msg, buf);
    if buf.len() - start > session.msize() as usize {
        buf.truncate(start);
        encode_rmsg(
            reply.tag,
            &Rmsg::Lerror {
                ecode: Errno::ERANGE.code(),
            },
            buf,
        );
    }
}
