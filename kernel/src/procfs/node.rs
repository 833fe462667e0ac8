//! The tree `/proc` serves, as data: its nodes, the per-process files (Plan 9 `Dirtab
//! procdir[]`), the qid-path layout and the attributes of each node.

use warren_proto::attr::{getattr, S_IFDIR, S_IFLNK, S_IFREG};
use warren_proto::{Attr, Caller, Errno, Qid, QidType, Result};

use crate::proc::process::Process;
use crate::types::Pid;

/// What a per-process file shows or does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `pid ppid uid gid sid pgid state tty cmd euid egid`, one `name value` line each
    /// (`uid`, `gid`: the real ids; `euid`, `egid`: the effective ones).
    Status,
    /// argv, each argument followed by a NUL.
    Cmdline,
    /// `NAME=value` lines.
    Env,
    /// The working directory and a newline.
    Cwd,
    /// The namespace as `mount`/`bind` lines that rebuild it.
    Ns,
    /// `FD NAME MODE` lines (MODE `r`, `w` or `rw`).
    Fd,
    /// Write-only: a verb of [`super::ctl::VERBS`].
    Ctl,
    /// A read blocks until a child exits and returns `PID STATUS\n` (the child is reaped).
    Wait,
}

/// The files of `/proc/N`: name, permission bits (owner = the process's uid), kind.
pub(super) const FILES: [(&str, u32, Kind); 8] = [
    ("status", 0o444, Kind::Status),
    ("cmdline", 0o444, Kind::Cmdline),
    ("env", 0o400, Kind::Env),
    ("cwd", 0o444, Kind::Cwd),
    ("ns", 0o444, Kind::Ns),
    ("fd", 0o400, Kind::Fd),
    ("ctl", 0o200, Kind::Ctl),
    ("wait", 0o400, Kind::Wait),
];

/// A node of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Node {
    /// `/proc`.
    Root,
    /// `/proc/self`: a symlink to the caller's pid.
    SelfLink,
    /// `/proc/N`.
    Dir(Pid),
    /// `/proc/N/NAME`: [`FILES`]`[i]`.
    File(Pid, usize),
}

impl Node {
    /// The qid. Qid paths: 0 the root, 1 `self`, `pid << 8` the directory of `pid`,
    /// `pid << 8 | (i + 1)` its file `FILES[i]` (pids are at least 1, files fewer than 255).
    pub fn qid(self) -> Qid {
        let (ty, path) = match self {
            Node::Root => (QidType::DIR, 0),
            Node::SelfLink => (QidType::SYMLINK, 1),
            Node::Dir(pid) => (QidType::DIR, u64::from(pid.0) << 8),
            Node::File(pid, i) => (QidType::FILE, u64::from(pid.0) << 8 | (i as u64 + 1)),
        };
        Qid {
            ty,
            version: 0,
            path,
        }
    }

    /// The `st_mode`: type and permission bits.
    pub fn mode(self) -> u32 {
        match self {
            Node::Root | Node::Dir(_) => S_IFDIR | 0o555,
            Node::SelfLink => S_IFLNK | 0o777,
            Node::File(_, i) => S_IFREG | FILES[i].1,
        }
    }

    /// The file kind, for a file.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Node::File(_, i) => Some(FILES[i].2),
            _ => None,
        }
    }

    /// The process a node belongs to.
    pub fn pid(self) -> Option<Pid> {
        match self {
            Node::Dir(pid) | Node::File(pid, _) => Some(pid),
            Node::Root | Node::SelfLink => None,
        }
    }

    /// The node `name` names in this directory (`..` allowed); `exists` says whether a
    /// process is in the table.
    ///
    /// # Errors
    /// `ENOENT` (no such name or process), `ENOTDIR` (this node is not a directory).
    pub fn step(self, name: &str, exists: impl Fn(Pid) -> bool) -> Result<Node> {
        match (self, name) {
            (Node::Root | Node::Dir(_), "..") => Ok(Node::Root),
            (Node::Root, "self") => Ok(Node::SelfLink),
            (Node::Root, n) => match n.parse::<u32>() {
                Ok(pid) if n == pid.to_string() && exists(Pid(pid)) => Ok(Node::Dir(Pid(pid))),
                _ => Err(Errno::ENOENT),
            },
            (Node::Dir(pid), n) => FILES
                .iter()
                .position(|(f, _, _)| *f == n)
                .map(|i| Node::File(pid, i))
                .ok_or(Errno::ENOENT),
            (Node::SelfLink | Node::File(..), _) => Err(Errno::ENOTDIR),
        }
    }

    /// The attributes: owned by the process's uid and gid (root for the root and `self`).
    pub fn attr(self, owner: Option<&Process>) -> Attr {
        let cx = owner.map_or(Caller::ROOT, Process::caller);
        Attr {
            valid: getattr::BASIC,
            qid: self.qid(),
            mode: self.mode(),
            uid: cx.uid.0,
            gid: cx.gid.0,
            nlink: 1,
            blksize: 4096,
            ..Attr::default()
        }
    }
}
