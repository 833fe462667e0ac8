//! Nodes of the tree: files, directories and symlinks with their metadata.
//!
//! Locking: each node has a state lock and a links lock. The links lock is a leaf: nothing
//! else is ever acquired while it is held, so parent chains can be followed under any other
//! lock. State locks are taken parent before child (see `tree` and `rename`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{SystemTime, UNIX_EPOCH};

use warren_proto::attr::{getattr, S_IFDIR, S_IFMT};
use warren_proto::{Attr, DirEntry, Qid, QidType};

use crate::dir::Dir;
use crate::file::FileData;

/// A point in time: seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Time {
    pub(crate) sec: u64,
    pub(crate) nsec: u64,
}

impl Time {
    /// The real clock, now.
    pub(crate) fn now() -> Time {
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Time {
            sec: d.as_secs(),
            nsec: u64::from(d.subsec_nanos()),
        }
    }
}

/// Attributes every node has.
pub(crate) struct Meta {
    /// Linux `st_mode`: type bits (never changed) and permission bits.
    pub(crate) mode: u32,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    pub(crate) atime: Time,
    pub(crate) mtime: Time,
    pub(crate) ctime: Time,
    pub(crate) btime: Time,
}

/// What a node holds, by type.
pub(crate) enum Body {
    File(FileData),
    Dir(Dir),
    Symlink(String),
}

/// A node's lockable state.
pub(crate) struct State {
    pub(crate) meta: Meta,
    pub(crate) body: Body,
}

/// One name of a node: the directory holding it and the name there.
pub(crate) struct Link {
    pub(crate) dir: Weak<Node>,
    pub(crate) name: String,
}

/// A file, directory or symlink. `ino` is its qid path, unique for the server's lifetime.
///
/// Directories have at most one link (their parent; none for the root or once removed); files
/// and symlinks one per hard link. Parents are held weakly, children strongly, so the tree has
/// no cycles and an unlinked node lives exactly as long as a fid or a link names it.
pub(crate) struct Node {
    pub(crate) ino: u64,
    /// `S_IFMT` bits of the mode: the type never changes.
    pub(crate) ty: u32,
    version: AtomicU32,
    links: Mutex<Vec<Link>>,
    state: Mutex<State>,
}

impl Node {
    /// A node numbered `ino` with `meta` (its mode carries the type bits) and `body`.
    pub(crate) fn new(ino: u64, meta: Meta, body: Body) -> Arc<Node> {
        let ty = meta.mode & S_IFMT;
        let state = Mutex::new(State { meta, body });
        Arc::new(Node {
            ino,
            ty,
            version: AtomicU32::new(0),
            links: Mutex::default(),
            state,
        })
    }

    /// Whether the node is a directory.
    pub(crate) fn is_dir(&self) -> bool {
        self.ty == S_IFDIR
    }

    /// The node's state, locked.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The node's links, locked (a leaf lock: take nothing else while holding it).
    pub(crate) fn links(&self) -> MutexGuard<'_, Vec<Link>> {
        self.links.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The first link's directory and name, if the node still has a name and its directory
    /// still exists.
    pub(crate) fn first_link(&self) -> Option<(Arc<Node>, String)> {
        let links = self.links();
        let link = links.first()?;
        Some((link.dir.upgrade()?, link.name.clone()))
    }

    /// The directory holding the node's first link; the node itself for the root.
    pub(crate) fn parent(self: &Arc<Node>) -> Arc<Node> {
        self.first_link()
            .map_or_else(|| self.clone(), |(dir, _)| dir)
    }

    /// Record that the contents changed: bump the qid version.
    pub(crate) fn bump(&self) {
        self.version.fetch_add(1, Ordering::Relaxed);
    }

    /// The node's qid (lock-free).
    pub(crate) fn qid(&self) -> Qid {
        let version = self.version.load(Ordering::Relaxed);
        Qid {
            ty: QidType::from_mode(self.ty),
            version,
            path: self.ino,
        }
    }

    /// A directory entry naming this node.
    pub(crate) fn entry(&self, name: &str, cookie: u64) -> DirEntry {
        DirEntry {
            qid: self.qid(),
            offset: cookie,
            ty: DirEntry::dtype(self.ty),
            name: name.into(),
        }
    }

    /// `Rgetattr` for the node: every `stat(2)` field plus the birth time.
    pub(crate) fn attr(&self) -> Attr {
        let st = self.lock();
        let (size, nlink) = match &st.body {
            Body::File(f) => (f.len(), self.links().len() as u64),
            Body::Symlink(t) => (t.len() as u64, self.links().len() as u64),
            Body::Dir(d) if d.removed => (0, 0),
            Body::Dir(d) => (0, 2 + d.subdirs),
        };
        let m = &st.meta;
        Attr {
            valid: getattr::BASIC | getattr::BTIME,
            qid: self.qid(),
            mode: m.mode,
            uid: m.uid,
            gid: m.gid,
            nlink,
            size,
            blksize: 4096,
            blocks: size.div_ceil(512),
            atime_sec: m.atime.sec,
            atime_nsec: m.atime.nsec,
            mtime_sec: m.mtime.sec,
            mtime_nsec: m.mtime.nsec,
            ctime_sec: m.ctime.sec,
            ctime_nsec: m.ctime.nsec,
            btime_sec: m.btime.sec,
            btime_nsec: m.btime.nsec,
            ..Attr::default()
        }
    }
}

impl Meta {
    /// Metadata of a node created now with `mode` (type and permission bits).
    pub(crate) fn new(mode: u32, uid: u32, gid: u32) -> Meta {
        let now = Time::now();
        Meta {
            mode,
            uid,
            gid,
            atime: now,
            mtime: now,
            ctime: now,
            btime: now,
        }
    }

    /// Record a change of contents now (mtime and ctime).
    pub(crate) fn modified(&mut self) {
        let now = Time::now();
        self.mtime = now;
        self.ctime = now;
    }
}

/// The mode of a new node: type bits `ty` plus the permission bits of `mode`.
pub(crate) fn mode_of(ty: u32, mode: u32) -> u32 {
    ty | (mode & 0o7777)
}
