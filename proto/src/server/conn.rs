//! One connection: the reader loop that decodes requests, answers version, flush and auth
//! fid requests itself, starts every other request as a task, and tears the session down.
//!
//! The reader owns the queue of requests waiting for a slot (at most `max_in_flight` run at
//! once, as many more may wait); while it waits for a slot it keeps reading, so a `Tflush`
//! still gets through when every slot holds a blocked read. The writer task is the only one
//! that writes; the reader, request tasks and flush tasks queue replies to it.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tracing::{debug, warn};

use super::afid;
use super::auth::Peer;
use super::fids::FidTable;
use super::frames::FrameReader;
use super::job::Job;
use super::prepare::prepare;
use super::session::{cancel, Session};
use super::writer::{self, Reply};
use super::{ServeOptions, MIN_MSIZE};
use crate::codec::{decode_tmsg, DecodeError};
use crate::errno::{Errno, Result};
use crate::frame::FrameError;
use crate::fs::FileServer;
use crate::msg::{Rmsg, Tag, Tmsg, VERSION_9P2000_L};

/// What the tasks of one connection share.
pub(crate) struct Conn {
    /// The fileserver being served.
    pub fs: Arc<dyn FileServer>,
    /// The connection's limits and identity policy.
    pub opts: Arc<ServeOptions>,
    /// Who is at the other end.
    pub peer: Peer,
    /// msize and running requests (shared with the writer).
    pub session: Arc<Session>,
    fids: Mutex<FidTable>,
    /// The uname of the last attach whose credential was proven (see `attach`).
    proven: Mutex<Option<String>>,
    out: mpsc::Sender<Reply>,
}

impl Conn {
    /// The fid table, locked. MUST NOT be held across an await.
    pub fn fids(&self) -> MutexGuard<'_, FidTable> {
        self.fids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The uname of the last attach on this connection whose credential was proven.
    pub fn proven(&self) -> MutexGuard<'_, Option<String>> {
        self.proven
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queue `reply` for the writer.
    ///
    /// # Errors
    /// `BrokenPipe` when the writer has stopped (the client went away).
    async fn send(&self, reply: Reply) -> io::Result<()> {
        self.out
            .send(reply)
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }

    /// Queue a reply the reader makes itself (not a registered request's).
    ///
    /// # Errors
    /// As [`Conn::send`].
    async fn reply(&self, tag: Tag, msg: Result<Rmsg>) -> io::Result<()> {
        let msg = msg.unwrap_or_else(|e| Rmsg::Lerror { ecode: e.code() });
        self.send(Reply {
            tag,
            serial: None,
            msg,
        })
        .await
    }
}

/// Serve one connection; see [`super::serve_connection`].
pub(crate) async fn serve<S>(
    fs: Arc<dyn FileServer>,
    stream: S,
    peer: Peer,
    opts: Arc<ServeOptions>,
) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (rd, wr) = tokio::io::split(stream);
    let slots = opts.max_in_flight.max(1);
    let session = Arc::new(Session::new());
    let (out, rx) = mpsc::channel(2 * slots);
    let writer = tokio::spawn(writer::run(wr, rx, session.clone()));
    let fids = Mutex::new(FidTable::new(opts.max_fids));
    let conn = Arc::new(Conn {
        fs,
        opts,
        peer,
        session,
        fids,
        proven: Mutex::new(None),
        out,
    });
    debug!("9P connection open");
    let mut reader = Reader::new(rd, conn, slots);
    let res = reader.run().await;
    reader.reset().await;
    drop(reader);
    if res.is_err() {
        // A broken peer may never read what is queued: close without it.
        writer.abort();
    }
    match writer.await {
        Ok(Err(e)) => debug!(%e, "9P connection write failed"),
        Err(e) if !e.is_cancelled() => debug!(%e, "9P connection writer panicked"),
        Err(_) | Ok(Ok(())) => {}
    }
    debug!(ok = res.is_ok(), "9P connection closed");
    res
}

/// The reader side of a connection.
struct Reader<R> {
    frames: FrameReader<R>,
    conn: Arc<Conn>,
    slots: Arc<Semaphore>,
    waiting: VecDeque<(Tag, Job)>,
    max_waiting: usize,
    serial: u64,
    open: bool,
}

impl<R: AsyncRead + Unpin> Reader<R> {
    fn new(rd: R, conn: Arc<Conn>, slots: usize) -> Reader<R> {
        Reader {
            frames: FrameReader::new(rd),
            conn,
            slots: Arc::new(Semaphore::new(slots)),
            waiting: VecDeque::new(),
            max_waiting: slots,
            serial: 0,
            open: false,
        }
    }

    /// Read and dispatch frames until the end of the stream or a broken frame.
    async fn run(&mut self) -> io::Result<()> {
        loop {
            let can_read = self.waiting.len() < self.max_waiting;
            let msize = self.conn.session.msize();
            tokio::select! {
                biased;
                slot = self.slots.clone().acquire_owned(), if !self.waiting.is_empty() => {
                    let (Ok(slot), Some((tag, job))) = (slot, self.waiting.pop_front()) else {
                        return Ok(());
                    };
                    self.start(tag, job, slot);
                }
                frame = self.frames.next(msize), if can_read => match frame {
                    Ok(Some(frame)) => self.on_frame(frame).await?,
                    Ok(None) => return Ok(()),
                    Err(e) => return Err(broken(e)),
                },
            }
        }
    }

    async fn on_frame(&mut self, frame: Bytes) -> io::Result<()> {
        match decode_tmsg(&frame) {
            Ok((tag, msg)) => self.on_request(tag, msg).await,
            Err(DecodeError::UnknownType { tag, ty }) => {
                debug!(ty, "unknown 9P message type");
                self.conn.reply(tag, Err(Errno::ENOSYS)).await
            }
            Err(DecodeError::Invalid { tag, errno }) => self.conn.reply(tag, Err(errno)).await,
            Err(e @ DecodeError::Malformed(_)) => {
                warn!(%e, "closing 9P connection");
                Err(io::Error::new(io::ErrorKind::InvalidData, e))
            }
        }
    }

    async fn on_request(&mut self, tag: Tag, msg: Tmsg) -> io::Result<()> {
        match msg {
            Tmsg::Version { msize, version } => self.version(tag, msize, &version).await,
            _ if !self.open => self.conn.reply(tag, Err(Errno::EPROTO)).await,
            Tmsg::Flush { oldtag } => self.flush(tag, oldtag).await,
            _ if self.in_flight(tag) => self.conn.reply(tag, Err(Errno::EPROTO)).await,
            msg => match afid::answer(&self.conn, &msg) {
                Some(reply) => self.conn.reply(tag, reply).await,
                None => self.prepare(tag, msg).await,
            },
        }
    }

    /// Check a request and start or queue it.
    async fn prepare(&mut self, tag: Tag, msg: Tmsg) -> io::Result<()> {
        match prepare(&self.conn, msg) {
            Ok(job) => {
                self.submit(tag, job);
                Ok(())
            }
            Err(e) => self.conn.reply(tag, Err(e)).await,
        }
    }

    /// `Tversion`: reset the session, negotiate msize and version, reply.
    async fn version(&mut self, tag: Tag, msize: u32, version: &str) -> io::Result<()> {
        self.reset().await;
        let msize = msize.min(self.conn.opts.max_msize).max(MIN_MSIZE);
        self.open = version == VERSION_9P2000_L || version.starts_with("9P2000.L.");
        let version = if self.open {
            self.conn.session.set_msize(msize);
            VERSION_9P2000_L
        } else {
            self.conn.session.set_msize(MIN_MSIZE);
            "unknown"
        };
        self.conn
            .reply(
                tag,
                Ok(Rmsg::Version {
                    msize,
                    version: version.to_string(),
                }),
            )
            .await
    }

    /// `Tflush`: drop a waiting request, or cancel a running one and answer when it ended.
    async fn flush(&mut self, tag: Tag, oldtag: Tag) -> io::Result<()> {
        if let Some(i) = self.waiting.iter().position(|(t, _)| *t == oldtag) {
            self.waiting.remove(i);
            return self.conn.reply(tag, Ok(Rmsg::Flush)).await;
        }
        let Some(task) = self.conn.session.take(oldtag) else {
            return self.conn.reply(tag, Ok(Rmsg::Flush)).await;
        };
        let conn = self.conn.clone();
        tokio::spawn(async move {
            cancel(vec![task]).await;
            let _ = conn
                .send(Reply {
                    tag,
                    serial: None,
                    msg: Rmsg::Flush,
                })
                .await;
        });
        Ok(())
    }

    fn in_flight(&self, tag: Tag) -> bool {
        self.waiting.iter().any(|(t, _)| *t == tag) || self.conn.session.is_running(tag)
    }

    /// Start `job` now if a slot is free and nobody waits before it; else queue it.
    fn submit(&mut self, tag: Tag, job: Job) {
        if self.waiting.is_empty() {
            if let Ok(slot) = self.slots.clone().try_acquire_owned() {
                return self.start(tag, job, slot);
            }
        }
        self.waiting.push_back((tag, job));
    }

    /// Run `job` in its own task, registered under `tag`, holding `slot` until it replied.
    fn start(&mut self, tag: Tag, job: Job, slot: OwnedSemaphorePermit) {
        self.serial += 1;
        let serial = self.serial;
        let conn = self.conn.clone();
        self.conn.session.start(tag, serial, async move {
            let msg = job.run().await;
            let _ = conn
                .send(Reply {
                    tag,
                    serial: Some(serial),
                    msg,
                })
                .await;
            drop(slot);
        });
    }

    /// Cancel everything running or waiting, clunk every fid and forget the proven uname
    /// (Tversion, connection end).
    async fn reset(&mut self) {
        cancel(self.conn.session.take_all()).await;
        self.waiting.clear();
        *self.conn.proven() = None;
        let entries = self.conn.fids().drain();
        for e in entries {
            let _ = self.conn.fs.clunk(&e.caller, e.fid).await;
        }
    }
}

/// The error ending a connection whose frame could not be read.
fn broken(e: FrameError) -> io::Error {
    match e {
        FrameError::Io(e) => {
            debug!(%e, "9P connection read failed");
            e
        }
        e => {
            warn!(%e, "closing 9P connection");
            io::Error::new(io::ErrorKind::InvalidData, e)
        }
    }
}
