//! One terminal: its modes, line discipline, ready input, backend link and session.
//!
//! Locking: the state lock is a `std` mutex, never held across an await nor while calling the
//! [`TtyHost`]; blocking reads wait on `readable`, armed before the state is checked so that no
//! wake-up is lost. The echo of input is queued under the same lock that makes the input
//! readable, so a program's reply never overtakes the echo of the line it answers.

mod link;
mod session;

use std::sync::{Arc, Mutex, MutexGuard};

use bytes::{Bytes, BytesMut};
use tokio::sync::Notify;
use warren_proto::{Errno, Result};

use crate::backend::{Backend, Kind};
use crate::host::{ProcInfo, TtyHost};
use crate::input::Ready;
use crate::ldisc::{Effects, Ldisc, Modes};
use crate::output::OutQueue;
use link::Link;

/// A terminal `/dev/tty/N`.
pub(crate) struct Tty {
    /// Its number N.
    pub(crate) n: u32,
    host: Arc<dyn TtyHost>,
    state: Mutex<State>,
    /// Input became readable, its input ended, or the terminal hung up.
    readable: Notify,
    /// A reader took input: the input task may read the backend again.
    room: Arc<Notify>,
}

struct State {
    modes: Modes,
    ldisc: Ldisc,
    ready: Ready,
    /// The attached backend; `None` once hung up.
    link: Option<Link>,
    /// A stream backend's input ended: reads give end of file once `ready` is empty.
    input_ended: bool,
    /// The attachment number last handed out.
    gen: u64,
    /// The session this is the controlling terminal of; 0: none.
    sid: u32,
    /// The foreground process group; 0: none.
    fgpgrp: u32,
}

impl Tty {
    /// Terminal `n` over `backend`. Must run inside a tokio runtime (it spawns the backend's
    /// tasks).
    pub(crate) fn new(n: u32, host: Arc<dyn TtyHost>, backend: Backend) -> Arc<Tty> {
        let tty = Arc::new(Tty {
            n,
            host,
            state: Mutex::new(State {
                modes: Modes::new(backend.kind),
                ldisc: Ldisc::default(),
                ready: Ready::default(),
                link: None,
                input_ended: false,
                gen: 0,
                sid: 0,
                fgpgrp: 0,
            }),
            readable: Notify::new(),
            room: Arc::new(Notify::new()),
        });
        tty.attach(backend);
        tty
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hang up the current backend (if any) and attach `backend` with fresh modes
    /// (canonical, echo on) and no pending input.
    pub(crate) fn attach(self: &Arc<Self>, backend: Backend) {
        self.hangup(None);
        let mut s = self.lock();
        s.gen += 1;
        s.modes = Modes::new(backend.kind);
        s.ldisc.clear();
        s.ready.clear();
        s.input_ended = false;
        let link = Link::start(Arc::downgrade(self), s.gen, backend, self.room.clone());
        let old = s.link.replace(link);
        drop(s);
        drop(old);
    }

    /// Run input from attachment `gen` through the line discipline: queue its echo, make its
    /// records readable, then raise its signals on the foreground group. `false` when `gen`
    /// is no longer attached.
    pub(crate) fn feed(&self, gen: u64, input: &[u8]) -> bool {
        let mut fx = Effects::default();
        let mut s = self.lock();
        let Some(link) = s.link.as_ref().filter(|l| l.gen == gen) else {
            return false;
        };
        let out = link.out.clone();
        let modes = s.modes;
        s.ldisc.feed(modes, input, &mut fx);
        out.push_now(Bytes::from(fx.echo));
        let readable = !fx.records.is_empty();
        for record in fx.records {
            s.ready.push(record);
        }
        let fg = s.fgpgrp;
        drop(s);
        if fg != 0 {
            for sig in fx.signals {
                self.host.signal_group(fg, sig);
            }
        }
        if readable {
            self.readable.notify_waiters();
        }
        true
    }

    /// The attached backend's output queue and the bytes queued on it so far (for
    /// [`OutQueue::flushed`]); `None` when hung up.
    pub(crate) fn output_mark(&self) -> Option<(Arc<OutQueue>, u64)> {
        let s = self.lock();
        let out = s.link.as_ref()?.out.clone();
        drop(s);
        let mark = out.mark();
        Some((out, mark))
    }

    /// The kind of the backend attached last.
    pub(crate) fn kind(&self) -> Kind {
        self.lock().modes.kind
    }

    /// Whether a backend is attached (false once hung up, until reattached).
    pub(crate) fn attached(&self) -> bool {
        self.lock().link.is_some()
    }

    /// Whether the input task may read more from the backend.
    pub(crate) fn input_has_room(&self) -> bool {
        self.lock().ready.has_room()
    }

    /// The input of attachment `gen` ended: a hangup for a terminal; end of file after the
    /// ready input for a stream.
    pub(crate) fn input_ended(&self, gen: u64) {
        let mut s = self.lock();
        if s.link.as_ref().is_none_or(|l| l.gen != gen) {
            return;
        }
        if s.modes.kind == Kind::Terminal {
            drop(s);
            return self.hangup(Some(gen));
        }
        let mut fx = Effects::default();
        s.ldisc.flush(&mut fx);
        for record in fx.records {
            s.ready.push(record);
        }
        s.input_ended = true;
        drop(s);
        self.readable.notify_waiters();
    }

    /// Hang up: drop the backend (attachment `gen`, or whichever is attached for `None`),
    /// discard pending input, end the session's hold on the terminal and send it `SIGHUP`.
    /// Reads then give end of file and writes `EIO` until a backend is attached again.
    pub(crate) fn hangup(&self, gen: Option<u64>) {
        let mut s = self.lock();
        if s.link
            .as_ref()
            .is_none_or(|l| gen.is_some_and(|g| g != l.gen))
        {
            return;
        }
        let link = s.link.take();
        s.ldisc.clear();
        s.ready.clear();
        let sid = std::mem::take(&mut s.sid);
        s.fgpgrp = 0;
        drop(s);
        drop(link);
        if sid != 0 {
            self.host.hangup_session(sid);
            self.host.set_controlling_tty(sid, None);
        }
        self.readable.notify_waiters();
    }

    /// Read up to `count` bytes for `reader` (`None`: an unknown process): at most one line in
    /// canonical mode, what has arrived in raw mode. Waits for input; empty at end of file
    /// (^D, end of a stream, hangup). Cancel-safe: input is taken only in the poll that returns.
    ///
    /// # Errors
    /// `EINTR` (after `SIGTTIN` to its group) when this is the reader's controlling terminal
    /// and the reader is not in the foreground group; `EAGAIN` when `nonblock` and it would wait.
    pub(crate) async fn read(
        &self,
        reader: Option<ProcInfo>,
        count: usize,
        nonblock: bool,
    ) -> Result<Bytes> {
        if count == 0 {
            return Ok(Bytes::new());
        }
        loop {
            let readable = self.readable.notified();
            tokio::pin!(readable);
            readable.as_mut().enable();
            self.check_foreground(reader)?;
            {
                let mut s = self.lock();
                if s.link.is_none() {
                    return Ok(Bytes::new());
                }
                let raw = s.modes.raw;
                if let Some(data) = s.ready.take(count, raw) {
                    drop(s);
                    self.room.notify_waiters();
                    return Ok(data);
                }
                if s.input_ended {
                    return Ok(Bytes::new());
                }
                if nonblock {
                    return Err(Errno::EAGAIN);
                }
            }
            readable.await;
        }
    }

    /// Write `data` to the display (NL as CR NL on a terminal); returns `data`'s length. Waits
    /// while the output queue is full. Cancel-safe: queued only in the poll that returns.
    ///
    /// # Errors
    /// `EIO` when the terminal is hung up; `EINVAL` for more than 4 GiB.
    pub(crate) async fn write(&self, data: Bytes) -> Result<u32> {
        let n = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
        let (out, kind) = {
            let s = self.lock();
            let link = s.link.as_ref().ok_or(Errno::EIO)?;
            (link.out.clone(), s.modes.kind)
        };
        let data = match kind {
            Kind::Terminal => onlcr(data),
            Kind::Stream => data,
        };
        out.push(data).await?;
        Ok(n)
    }

    /// Switch raw mode on or off (`rawon`, `rawoff`). Switching it on makes the line being
    /// edited readable as it is.
    pub(crate) fn set_raw(&self, raw: bool) {
        let mut s = self.lock();
        s.modes.raw = raw;
        let mut fx = Effects::default();
        if raw {
            s.ldisc.flush(&mut fx);
        }
        let readable = !fx.records.is_empty();
        for record in fx.records {
            s.ready.push(record);
        }
        drop(s);
        if readable {
            self.readable.notify_waiters();
        }
    }

    /// Switch echo on or off (`echoon`, `echooff`).
    pub(crate) fn set_echo(&self, echo: bool) {
        self.lock().modes.echo = echo;
    }

    /// The status line the ctl file reads: `tty 0 fgpgrp 5 sid 3 raw off echo on\n`.
    pub(crate) fn status(&self) -> String {
        self.session();
        let s = self.lock();
        let onoff = |b: bool| if b { "on" } else { "off" };
        format!(
            "tty {} fgpgrp {} sid {} raw {} echo {}\n",
            self.n,
            s.fgpgrp,
            s.sid,
            onoff(s.modes.raw),
            onoff(s.modes.echo)
        )
    }
}

/// ONLCR: every NL in `data` as CR NL (copying only when there is one).
fn onlcr(data: Bytes) -> Bytes {
    if !data.contains(&b'\n') {
        return data;
    }
    let mut out = BytesMut::with_capacity(data.len() + data.len() / 8);
    for &b in data.iter() {
        if b == b'\n' {
            out.extend_from_slice(b"\r\n");
        } else {
            out.extend_from_slice(&[b]);
        }
    }
    out.freeze()
}
