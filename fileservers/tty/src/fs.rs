//! `TtyFs`: the terminals as a 9P2000.L [`FileServer`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::oflags::{O_ACCMODE, O_DIRECTORY, O_NONBLOCK, O_RDONLY};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result};

use crate::backend::{Backend, Kind};
use crate::ctl;
use crate::host::{ProcInfo, TtyHost};
use crate::node::Node;
use crate::tty::Tty;

/// Linux `O_NOCTTY`: opening a terminal does not make it the controlling terminal.
pub const O_NOCTTY: u32 = 0o400;

/// The tty fileserver: a directory holding `ctty` (the caller's controlling terminal) and, per
/// terminal N, `N` (its data) and `Nctl` (its control file). See the crate doc for semantics.
pub struct TtyFs {
    host: Arc<dyn TtyHost>,
    /// Terminal N at index N; never shrinks.
    ttys: RwLock<Vec<Arc<Tty>>>,
    fids: Mutex<HashMap<Fid, FidState>>,
    /// Serialises controlling-terminal acquisition across terminals (one per session).
    acquiring: Mutex<()>,
}

/// What a fid names and, once opened, how.
struct FidState {
    node: Node,
    open: Option<Opened>,
}

/// An opened fid: the terminal it reaches (none for the root) and `O_NONBLOCK`.
struct Opened {
    tty: Option<Arc<Tty>>,
    nonblock: bool,
}

impl TtyFs {
    /// A tty fileserver with no terminals, asking `host` about processes.
    pub fn new(host: Arc<dyn TtyHost>) -> TtyFs {
        TtyFs {
            host,
            ttys: RwLock::new(Vec::new()),
            fids: Mutex::new(HashMap::new()),
            acquiring: Mutex::new(()),
        }
    }

    /// Add a terminal over `backend`; returns its number N (0, 1, 2, ... in order of adding),
    /// served as `N` and `Nctl`. Must be called inside a tokio runtime: the terminal's
    /// input and output run as tasks.
    pub fn add(&self, backend: Backend) -> u32 {
        let mut ttys = self.ttys.write().unwrap_or_else(PoisonError::into_inner);
        let n = u32::try_from(ttys.len()).unwrap_or(u32::MAX);
        ttys.push(Tty::new(n, self.host.clone(), backend));
        n
    }

    /// Attach a fresh `backend` to terminal `n` (a console whose device came back, a test
    /// pair after a hangup). A backend still attached is hung up first. The terminal starts
    /// over: canonical mode, echo on, no pending input, no session. Must be called inside a
    /// tokio runtime.
    ///
    /// # Errors
    /// `ENOENT` when there is no terminal `n`.
    pub fn reattach(&self, n: u32, backend: Backend) -> Result<()> {
        self.tty(n)?.attach(backend);
        Ok(())
    }

    /// Wait until every terminal's output queued before the call has been written to its
    /// backend and flushed, or that backend is gone (hung up, or its writes failed). Output
    /// queued after the call is not waited for. The host calls it before exiting so that
    /// the last output of its processes is not lost. Never returns while a backend that is
    /// still attached does not take its output (a display nobody reads).
    pub async fn drain(&self) {
        let marks: Vec<_> = self.ttys().iter().filter_map(|t| t.output_mark()).collect();
        for (out, mark) in marks {
            out.flushed(mark).await;
        }
    }

    fn tty(&self, n: u32) -> Result<Arc<Tty>> {
        let ttys = self.ttys.read().unwrap_or_else(PoisonError::into_inner);
        ttys.get(n as usize).cloned().ok_or(Errno::ENOENT)
    }

    fn ttys(&self) -> Vec<Arc<Tty>> {
        self.ttys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn count(&self) -> u32 {
        let ttys = self.ttys.read().unwrap_or_else(PoisonError::into_inner);
        u32::try_from(ttys.len()).unwrap_or(u32::MAX)
    }

    fn fids(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.fids.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn node(&self, fid: Fid) -> Result<Node> {
        self.fids().get(&fid).map(|f| f.node).ok_or(Errno::EBADF)
    }

    /// The node, terminal and `O_NONBLOCK` of the opened `fid`.
    ///
    /// # Errors
    /// `EBADF` for an unknown or unopened fid.
    fn opened(&self, fid: Fid) -> Result<(Node, Option<Arc<Tty>>, bool)> {
        let fids = self.fids();
        let st = fids.get(&fid).ok_or(Errno::EBADF)?;
        let open = st.open.as_ref().ok_or(Errno::EBADF)?;
        Ok((st.node, open.tty.clone(), open.nonblock))
    }

    /// The calling process, if the host knows it.
    fn caller(&self, cx: &Caller) -> Option<ProcInfo> {
        match cx.pid {
            0 => None,
            pid => self.host.process(pid),
        }
    }

    /// The terminal an open of `node` reaches, acquiring it as the controlling terminal
    /// where POSIX says so.
    ///
    /// # Errors
    /// `EIO` when opening `ctty` by a caller without a controlling terminal (Linux says
    /// `ENXIO`, which Warren's `Errno` lacks).
    fn open_tty(&self, cx: &Caller, node: Node, flags: u32) -> Result<Option<Arc<Tty>>> {
        match node {
            Node::Root => Ok(None),
            Node::Ctl(n) => self.tty(n).map(Some),
            Node::Data(n) => {
                let tty = self.tty(n)?;
                if flags & O_NOCTTY == 0 {
                    self.maybe_acquire(cx, &tty);
                }
                Ok(Some(tty))
            }
            Node::Ctty => {
                let sid = self.caller(cx).ok_or(Errno::EIO)?.sid;
                let ttys = self.ttys();
                let tty = ttys.into_iter().find(|t| t.session() == sid);
                tty.ok_or(Errno::EIO).map(Some)
            }
        }
    }

    /// POSIX 11.1.3: a session leader without a controlling terminal that opens a terminal
    /// without one makes it its session's controlling terminal.
    fn maybe_acquire(&self, cx: &Caller, tty: &Tty) {
        let Some(p) = self.caller(cx).filter(|p| p.leader) else {
            return;
        };
        let _one_at_a_time = self
            .acquiring
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.ttys().iter().any(|t| t.session() == p.sid) {
            return;
        }
        tty.acquire(p);
    }
}

#[async_trait]
impl FileServer for TtyFs {
    /// `Tattach`: `fid` names the root.
    ///
    /// # Errors
    /// `ENOENT` for a non-empty `aname`.
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        let st = FidState {
            node: Node::Root,
            open: None,
        };
        self.fids().insert(fid, st);
        Ok(Node::Root.qid())
    }

    /// `Twalk`: `ctty`, `N`, `Nctl` and `..` from the root.
    ///
    /// # Errors
    /// `ENOENT` (no such first name), `ENOTDIR` (walk from a file), `EBADF`.
    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut node = self.node(fid)?;
        let ttys = self.count();
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            let next = match node {
                Node::Root => Node::lookup(name, ttys).ok_or(Errno::ENOENT),
                _ => Err(Errno::ENOTDIR),
            };
            match next {
                Ok(n) => node = n,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(node.qid());
        }
        self.fids().insert(newfid, FidState { node, open: None });
        Ok(qids)
    }

    /// `Tlopen`. Opening `N` without `O_NOCTTY` may make it the caller's controlling terminal;
    /// opening `ctty` reaches the caller's controlling terminal.
    ///
    /// # Errors
    /// `EISDIR` (write access to the root), `ENOTDIR` (`O_DIRECTORY` on a file), `EIO`
    /// (`ctty` without a controlling terminal), `EBADF`.
    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let node = self.node(fid)?;
        if node == Node::Root && flags & O_ACCMODE != O_RDONLY {
            return Err(Errno::EISDIR);
        }
        if node != Node::Root && flags & O_DIRECTORY != 0 {
            return Err(Errno::ENOTDIR);
        }
        let tty = self.open_tty(cx, node, flags)?;
        let nonblock = flags & O_NONBLOCK != 0;
        let mut fids = self.fids();
        let st = fids.get_mut(&fid).ok_or(Errno::EBADF)?;
        st.open = Some(Opened { tty, nonblock });
        Ok((node.qid(), 0))
    }

    /// `Tread`: a terminal's input (may wait), or a ctl file's status line.
    ///
    /// # Errors
    /// `EISDIR` (the root), `EINTR` (background read), `EAGAIN` (`O_NONBLOCK`), `EBADF`.
    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let (node, tty, nonblock) = self.opened(fid)?;
        let tty = tty.ok_or(Errno::EISDIR)?;
        match node {
            Node::Ctl(_) => Ok(Bytes::from(ctl::read(&tty, offset, count))),
            _ => tty.read(self.caller(cx), count as usize, nonblock).await,
        }
    }

    /// `Twrite`: output to a terminal (may wait for room), or commands to a ctl file.
    ///
    /// # Errors
    /// `EISDIR` (the root), `EIO` (hung up), `EINVAL`/`ENOTTY`/`EPERM` (ctl), `EBADF`.
    async fn write(&self, cx: &Caller, fid: Fid, _offset: u64, data: Bytes) -> Result<u32> {
        let (node, tty, _) = self.opened(fid)?;
        let tty = tty.ok_or(Errno::EISDIR)?;
        match node {
            Node::Ctl(_) => ctl::write(&tty, self.caller(cx), &data),
            _ => tty.write(data).await,
        }
    }

    /// `Tclunk`: forget `fid`.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let old = self.fids().remove(&fid);
        old.map(drop).ok_or(Errno::EBADF)
    }

    /// `Tgetattr`: a 0555 directory, 0666 character devices (`N`, `ctty`; a FIFO for a
    /// terminal over a stream backend) and 0666 regular ctl files, all owned by root, size 0.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let (node, opened) = {
            let fids = self.fids();
            let st = fids.get(&fid).ok_or(Errno::EBADF)?;
            (st.node, st.open.as_ref().and_then(|o| o.tty.clone()))
        };
        let tty = match node {
            Node::Data(n) => self.tty(n).ok(),
            _ => opened,
        };
        let terminal = tty.is_none_or(|t| t.kind() == Kind::Terminal);
        Ok(node.attr(terminal))
    }

    /// `Treaddir` of the root.
    ///
    /// # Errors
    /// `ENOTDIR` (a file), `EBADF`.
    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        if self.node(fid)? != Node::Root {
            return Err(Errno::ENOTDIR);
        }
        let mut used = 0;
        let entries = Node::entries(self.count(), offset).take_while(|e| {
            used += e.wire_size();
            used <= count as usize
        });
        Ok(entries.collect())
    }
}
