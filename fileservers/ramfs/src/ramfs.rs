//! `RamFs`: the server's state and how new nodes are made.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use warren_proto::attr::{S_IFDIR, S_IFLNK, S_IFREG};
use warren_proto::{Caller, StatFs};

use crate::dir::Dir;
use crate::fids::Fids;
use crate::file::{FileData, Space};
use crate::node::{mode_of, Body, Meta, Node};
use crate::tree::NAME_MAX;

/// What kind of node to make.
pub(crate) enum Kind<'a> {
    File,
    Dir,
    /// A symlink to the target.
    Symlink(&'a str),
}

/// Block size reported by `statfs`, in bytes.
const BSIZE: u64 = 4096;

/// An in-memory file tree served as a 9P2000.L [`FileServer`](warren_proto::FileServer):
/// regular files, directories and symlinks (hard links too), with Linux modes, owners, sizes,
/// link counts and nanosecond times. It checks no permissions: wrap it in the permission
/// middleware for that.
///
/// Concurrency: every node has its own lock and no lock is held across an await (there are
/// none inside), so requests on different files proceed in parallel; renames are serialized.
pub struct RamFs {
    pub(crate) root: Arc<Node>,
    pub(crate) fids: Fids,
    pub(crate) rename_lock: Mutex<()>,
    space: Arc<Space>,
    next_ino: AtomicU64,
}

impl Default for RamFs {
    fn default() -> RamFs {
        RamFs::new()
    }
}

impl RamFs {
    /// An empty tree: a root directory (mode `0o755`, owned by uid 0, gid 0) with no size
    /// limit beyond [`MAX_FILE_SIZE`](crate::MAX_FILE_SIZE) per file.
    pub fn new() -> RamFs {
        RamFs::with_limit(u64::MAX)
    }

    /// An empty tree whose files may hold at most `bytes` bytes in total; writes and
    /// truncates past it fail with `ENOSPC` (a full disk, for tests).
    pub fn with_limit(bytes: u64) -> RamFs {
        let meta = Meta::new(mode_of(S_IFDIR, 0o755), 0, 0);
        RamFs {
            root: Node::new(1, meta, Body::Dir(Dir::new())),
            fids: Fids::default(),
            rename_lock: Mutex::new(()),
            space: Space::new(bytes),
            next_ino: AtomicU64::new(2),
        }
    }

    /// A new, unlinked node of `kind` with permission bits `mode`, owned by the caller, in
    /// group `gid` (`u32::MAX`: the caller's group).
    pub(crate) fn make(&self, cx: &Caller, kind: Kind<'_>, mode: u32, gid: u32) -> Arc<Node> {
        let gid = if gid == u32::MAX { cx.gid.0 } else { gid };
        let (ty, body) = match kind {
            Kind::File => (S_IFREG, Body::File(FileData::new(self.space.clone()))),
            Kind::Dir => (S_IFDIR, Body::Dir(Dir::new())),
            Kind::Symlink(target) => (S_IFLNK, Body::Symlink(target.to_string())),
        };
        let ino = self.next_ino.fetch_add(1, Ordering::Relaxed);
        Node::new(ino, Meta::new(mode_of(ty, mode), cx.uid.0, gid), body)
    }

    /// `Rstatfs`: blocks of [`BSIZE`] from the byte limit (a notional 2^50 bytes when there is
    /// none) and the bytes in use; inodes handed out so far.
    pub(crate) fn stat_fs(&self) -> StatFs {
        let (limit, used) = self.space.usage();
        let limit = limit.min(1 << 50);
        let free = limit.saturating_sub(used) / BSIZE;
        StatFs {
            ty: 0x01021997,
            bsize: BSIZE as u32,
            blocks: limit / BSIZE,
            bfree: free,
            bavail: free,
            files: self.next_ino.load(Ordering::Relaxed) - 1,
            ffree: u64::from(u32::MAX),
            fsid: 0,
            namelen: NAME_MAX as u32,
        }
    }
}
