//! `/proc` as a fileserver (Plan 9 `proc(3)`, `devproc.c`): a directory per process in the
//! table (zombies included) and `self`, a symlink to the caller's pid ([`Caller::pid`]).
//!
//! `/proc/N` holds the files of `node::FILES`: `status`, `cmdline`, `env`, `cwd`, `ns`,
//! `fd` (text, generated when opened), `ctl` (write `kill`, `stop`, `cont` or `hangup`) and
//! `wait` (a read blocks until a child of N exits and returns `PID STATUS\n`, reaping it;
//! end of file when N has no children). Files belong to the process's effective uid (as
//! Linux's do); opening one needs its permission bits for the caller's class (owner or
//! other, by the caller's effective uid; effective uid 0 may do anything): `EACCES`
//! otherwise, `EPERM` for `ctl`. The server reads the process table
//! through a weak handle on the kernel, so mounting it creates no cycle.
//!
//! # Layout
//! - this file: [`ProcFs`], the `FileServer`.
//! - `node`: the tree as data: nodes, the file table, qid layout, attributes.
//! - `text`: the contents of the text files.
//! - `ctl`: the ctl verbs.

mod ctl;
mod node;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::oflags::{O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result};

use crate::kernel::Kernel;
use crate::proc::fd::lock;
use crate::proc::process::Process;
use crate::types::{Pid, WaitFor, WaitOptions, WaitStatus};
use node::{Kind, Node, FILES};

/// One fid: the node it names and, once opened, the text read from it.
#[derive(Clone)]
struct FidState {
    node: Node,
    text: Option<Bytes>,
}

/// The `/proc` fileserver of one booted system.
pub struct ProcFs {
    kernel: Weak<Kernel>,
    fids: Mutex<HashMap<Fid, FidState>>,
}

impl ProcFs {
    /// A server over the kernel `kernel` (weak: the kernel owns the server).
    pub(crate) fn new(kernel: Weak<Kernel>) -> ProcFs {
        ProcFs {
            kernel,
            fids: Mutex::new(HashMap::new()),
        }
    }

    /// The kernel, while the system exists.
    fn kernel(&self) -> Result<Arc<Kernel>> {
        self.kernel.upgrade().ok_or(Errno::ENOENT)
    }

    /// The state of `fid`.
    fn fid(&self, fid: Fid) -> Result<FidState> {
        lock(&self.fids).get(&fid).cloned().ok_or(Errno::EBADF)
    }

    /// The process `node` belongs to, if it is still in the table.
    fn owner(&self, node: Node) -> Result<Option<Arc<Process>>> {
        node.pid().map(|_| self.process(node)).transpose()
    }

    /// The process of a process node; `ENOENT` once it has been reaped.
    fn process(&self, node: Node) -> Result<Arc<Process>> {
        let pid = node.pid().ok_or(Errno::ENOENT)?;
        self.kernel()?.procs.get(pid).ok_or(Errno::ENOENT)
    }

    /// `Rreaddir` entries of directory `node` after cookie `offset`, within `count` bytes.
    /// Cookies: `self` 1, a process `pid + 1`, a file its index + 1; they stay valid as
    /// processes come and go.
    fn entries(&self, node: Node, offset: u64, count: u32) -> Result<Vec<DirEntry>> {
        let all: Vec<(u64, Node, String)> = match node {
            Node::Root => {
                let procs = self.kernel()?.procs.all();
                let pids = procs.iter().map(|p| {
                    (
                        u64::from(p.pid.0) + 1,
                        Node::Dir(p.pid),
                        p.pid.0.to_string(),
                    )
                });
                std::iter::once((1, Node::SelfLink, "self".to_string()))
                    .chain(pids)
                    .collect()
            }
            Node::Dir(pid) => (0..FILES.len())
                .map(|i| (i as u64 + 1, Node::File(pid, i), FILES[i].0.to_string()))
                .collect(),
            Node::SelfLink | Node::File(..) => return Err(Errno::ENOTDIR),
        };
        let mut out = Vec::new();
        let mut room = count as usize;
        for (cookie, n, name) in all.into_iter().filter(|(c, _, _)| *c > offset) {
            let e = DirEntry {
                qid: n.qid(),
                offset: cookie,
                ty: DirEntry::dtype(n.mode()),
                name,
            };
            if e.wire_size() > room {
                break;
            }
            room -= e.wire_size();
            out.push(e);
        }
        Ok(out)
    }

    /// One `PID STATUS\n` line for a child of `p` that exits (reaped); empty when `p` has
    /// no children.
    async fn wait(&self, p: &Process) -> Result<Bytes> {
        let k = self.kernel()?;
        match k.procs.wait(p, WaitFor::Any, WaitOptions::default()).await {
            Ok(Some((pid, WaitStatus::Exited(s)))) => Ok(Bytes::from(format!("{} {s}\n", pid.0))),
            Ok(_) | Err(Errno::ECHILD) => Ok(Bytes::new()),
            Err(e) => Err(e),
        }
    }
}

/// Whether `cx` may open a file with permission bits `perm` owned by `owner` for `flags`:
/// the owner's bits if `cx` is the owner, else the other bits; uid 0 always.
fn may_open(cx: &Caller, owner: &Process, perm: u32, flags: u32) -> bool {
    let want = match flags & O_ACCMODE {
        O_RDONLY => 0o4,
        O_WRONLY => 0o2,
        O_RDWR => 0o6,
        _ => return false,
    };
    let bits = if cx.uid == owner.caller().uid {
        perm >> 6
    } else {
        perm
    };
    cx.uid.0 == 0 || bits & want == want
}

#[async_trait]
impl FileServer for ProcFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, _aname: &str) -> Result<Qid> {
        let st = FidState {
            node: Node::Root,
            text: None,
        };
        lock(&self.fids).insert(fid, st);
        Ok(Node::Root.qid())
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let start = self.fid(fid)?.node;
        let k = self.kernel()?;
        let exists = |pid: Pid| k.procs.get(pid).is_some();
        let (mut node, mut qids) = (start, Vec::new());
        for name in wnames {
            match node.step(name, exists) {
                Ok(n) => {
                    node = n;
                    qids.push(n.qid());
                }
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
        }
        lock(&self.fids).insert(newfid, FidState { node, text: None });
        Ok(qids)
    }

    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let node = self.fid(fid)?.node;
        let text = match (node, node.kind()) {
            (_, None) if flags & O_ACCMODE != O_RDONLY => return Err(Errno::EISDIR),
            (Node::SelfLink, _) => return Err(Errno::ELOOP),
            (_, None) => None,
            (Node::File(_, i), Some(kind)) => {
                let p = self.process(node)?;
                if !may_open(cx, &p, FILES[i].1, flags) {
                    let denied = if kind == Kind::Ctl {
                        Errno::EPERM
                    } else {
                        Errno::EACCES
                    };
                    return Err(denied);
                }
                Some(Bytes::from(text::render(kind, &p)))
            }
            _ => None,
        };
        if let Some(st) = lock(&self.fids).get_mut(&fid) {
            st.text = text;
        }
        Ok((node.qid(), 0))
    }

    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let st = self.fid(fid)?;
        match st.node.kind() {
            None => Err(Errno::EISDIR),
            Some(Kind::Wait) => self.wait(&*self.process(st.node)?).await,
            Some(_) => {
                let text = st.text.ok_or(Errno::EBADF)?;
                let start = usize::try_from(offset)
                    .unwrap_or(usize::MAX)
                    .min(text.len());
                let end = start.saturating_add(count as usize).min(text.len());
                Ok(text.slice(start..end))
            }
        }
    }

    async fn write(&self, _cx: &Caller, fid: Fid, _offset: u64, data: Bytes) -> Result<u32> {
        let node = self.fid(fid)?.node;
        if node.kind() != Some(Kind::Ctl) {
            return Err(Errno::EACCES);
        }
        let sig = ctl::parse(&data)?;
        let p = self.process(node)?;
        self.kernel()?.deliver(&p, sig);
        Ok(u32::try_from(data.len()).unwrap_or(u32::MAX))
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        lock(&self.fids).remove(&fid).map(drop).ok_or(Errno::EBADF)
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let node = self.fid(fid)?.node;
        Ok(node.attr(self.owner(node)?.as_deref()))
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        self.entries(self.fid(fid)?.node, offset, count)
    }

    async fn readlink(&self, cx: &Caller, fid: Fid) -> Result<String> {
        match self.fid(fid)?.node {
            Node::SelfLink if cx.pid != 0 => Ok(cx.pid.to_string()),
            Node::SelfLink => Err(Errno::ENOENT),
            _ => Err(Errno::EINVAL),
        }
    }
}
