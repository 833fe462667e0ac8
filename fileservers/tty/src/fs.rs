//! `TtyFs`: the terminals as a 9P2000.L [`FileServer`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use async_trait::async_trait;
use bytes::Bytes;
use tokio::sync::{watch, Notify};
use warren_proto::attr::oflags::{O_ACCMODE, O_DIRECTORY, O_NONBLOCK, O_RDONLY};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result};

use crate::backend::Kind;
use crate::ctl;
use crate::host::{ProcInfo, TtyHost};
use crate::node::Node;
use crate::table::Table;
use crate::tty::Tty;

/// Linux `O_NOCTTY`: opening a terminal does not make it the controlling terminal.
pub const O_NOCTTY: u32 = 0o400;

/// The tty fileserver: a directory holding `ctty` (the caller's controlling terminal), `new`
/// (announces added terminals) and, per terminal N, `N` (its data) and `Nctl` (its control
/// file). See the crate doc for semantics.
///
/// Locking: `fids` before `table` before a terminal's own lock; none is held across an await.
pub struct TtyFs {
    pub(crate) host: Arc<dyn TtyHost>,
    pub(crate) table: RwLock<Table>,
    pub(crate) fids: Mutex<HashMap<Fid, FidState>>,
    /// Serialises controlling-terminal acquisition across terminals (one per session).
    acquiring: Mutex<()>,
    /// A terminal was added: readers of `new` look again.
    pub(crate) added: Notify,
    /// Whether a fid has ever opened `new` (see [`TtyFs::watched`]).
    pub(crate) watched: watch::Sender<bool>,
}

/// What a fid names and, once opened, how.
pub(crate) struct FidState {
    pub(crate) node: Node,
    pub(crate) open: Option<Opened>,
}

/// An opened fid: the terminal it reaches (none for the root and `new`), `O_NONBLOCK`, and
/// for `new` the lowest terminal number it has not announced yet.
pub(crate) struct Opened {
    pub(crate) tty: Option<Arc<Tty>>,
    pub(crate) nonblock: bool,
    pub(crate) cursor: u32,
}

impl FidState {
    /// The terminal this fid names or reaches, if any: it keeps the terminal in the tree.
    pub(crate) fn terminal(&self) -> Option<u32> {
        match self.node {
            Node::Data(n) | Node::Ctl(n) => Some(n),
            _ => self.open.as_ref()?.tty.as_ref().map(|t| t.n),
        }
    }
}

impl TtyFs {
    /// A tty fileserver with no terminals, asking `host` about processes.
    pub fn new(host: Arc<dyn TtyHost>) -> TtyFs {
        TtyFs {
            host,
            table: RwLock::new(Table::default()),
            fids: Mutex::new(HashMap::new()),
            acquiring: Mutex::new(()),
            added: Notify::new(),
            watched: watch::Sender::new(false),
        }
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
    /// `ENOENT` (the terminal is gone); `EIO` when opening a remote terminal that hung up, or
    /// `ctty` by a caller without a controlling terminal (Linux says `ENXIO`, which Warren's
    /// `Errno` lacks).
    fn open_tty(&self, cx: &Caller, node: Node, flags: u32) -> Result<Option<Arc<Tty>>> {
        match node {
            Node::Root | Node::New => Ok(None),
            Node::Ctl(n) => self.tty(n).map(Some),
            Node::Data(n) => {
                if self.table().is_dead(n) {
                    return Err(Errno::EIO);
                }
                let tty = self.tty(n)?;
                if flags & O_NOCTTY == 0 {
                    self.maybe_acquire(cx, &tty);
                }
                Ok(Some(tty))
            }
            Node::Ctty => {
                let sid = self.caller(cx).ok_or(Errno::EIO)?.sid;
                let tty = self.ttys().into_iter().find(|t| t.session() == sid);
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
        self.reap();
        let mut fids = self.fids();
        let mut node = fids.get(&fid).ok_or(Errno::EBADF)?.node;
        let table = self.table();
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            let next = match node {
                Node::Root => Node::lookup(name, |n| table.contains(n)).ok_or(Errno::ENOENT),
                _ => Err(Errno::ENOTDIR),
            };
            match next {
                Ok(n) => node = n,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(node.qid());
        }
        drop(table);
        fids.insert(newfid, FidState { node, open: None });
        Ok(qids)
    }

    /// `Tlopen`. Opening `N` without `O_NOCTTY` may make it the caller's controlling terminal;
    /// opening `ctty` reaches the caller's controlling terminal; opening `new` starts its
    /// cursor at the next terminal to be added.
    ///
    /// # Errors
    /// `EISDIR` (write access to the root), `EACCES` (write access to `new`), `ENOTDIR`
    /// (`O_DIRECTORY` on a file), `EIO` (`ctty` without a controlling terminal; a remote
    /// terminal that hung up), `ENOENT` (the terminal is gone), `EBADF`.
    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let node = self.node(fid)?;
        let writing = flags & O_ACCMODE != O_RDONLY;
        match node {
            Node::Root if writing => return Err(Errno::EISDIR),
            Node::New if writing => return Err(Errno::EACCES),
            Node::Root => {}
            _ if flags & O_DIRECTORY != 0 => return Err(Errno::ENOTDIR),
            _ => {}
        }
        let tty = self.open_tty(cx, node, flags)?;
        let nonblock = flags & O_NONBLOCK != 0;
        let mut fids = self.fids();
        let cursor = self.table().next();
        let st = fids.get_mut(&fid).ok_or(Errno::EBADF)?;
        st.open = Some(Opened {
            tty,
            nonblock,
            cursor,
        });
        drop(fids);
        if node == Node::New {
            self.watched.send_replace(true);
        }
        Ok((node.qid(), 0))
    }

    /// `Tread`: a terminal's input (may wait), a ctl file's status line, or the next terminal
    /// `new` announces (may wait; the offset is ignored).
    ///
    /// # Errors
    /// `EISDIR` (the root), `EINTR` (background read), `EAGAIN` (`O_NONBLOCK`), `EINVAL`
    /// (`count` too small for an announcement), `EBADF`.
    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let (node, tty, nonblock) = self.opened(fid)?;
        if node == Node::New {
            return self.read_new(fid, count, nonblock).await;
        }
        let tty = tty.ok_or(Errno::EISDIR)?;
        match node {
            Node::Ctl(_) => Ok(Bytes::from(ctl::read(&tty, offset, count))),
            _ => tty.read(self.caller(cx), count as usize, nonblock).await,
        }
    }

    /// `Twrite`: output to a terminal (may wait for room), or commands to a ctl file.
    ///
    /// # Errors
    /// `EISDIR` (the root), `EIO` (hung up), `EINVAL`/`ENOTTY`/`EPERM` (ctl), `EBADF`
    /// (`new`, an unknown or unopened fid).
    async fn write(&self, cx: &Caller, fid: Fid, _offset: u64, data: Bytes) -> Result<u32> {
        let (node, tty, _) = self.opened(fid)?;
        if node == Node::New {
            return Err(Errno::EBADF);
        }
        let tty = tty.ok_or(Errno::EISDIR)?;
        match node {
            Node::Ctl(_) => ctl::write(&tty, self.caller(cx), &data),
            _ => tty.write(data).await,
        }
    }

    /// `Tclunk`: forget `fid`. A remote terminal that hung up goes once no fid names it.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let old = self.fids().remove(&fid);
        self.reap();
        old.map(drop).ok_or(Errno::EBADF)
    }

    /// `Tgetattr`: a 0555 directory, 0666 character devices (`N`, `ctty`; a FIFO for a
    /// terminal over a stream backend), 0666 regular ctl files and a 0444 regular `new`, all
    /// owned by root, size 0.
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

    /// `Treaddir` of the root: `.`, `..`, `ctty`, `new`, then `N` and `Nctl` per terminal.
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
        self.reap();
        let numbers = self.table().numbers();
        let entries = Node::entries(numbers, offset).take_while(|e| {
            used += e.wire_size();
            used <= count as usize
        });
        Ok(entries.collect())
    }
}
