//! `Treaddir` over a host directory, with cookies that survive changes.
//!
//! Host `d_off` values are hash positions on some file systems (ext4), so an entry created
//! during a listing may sort before the cookie and be missed. Instead, a listing numbers the
//! entries in the order it returns them: cookie n is the n-th entry returned ("." is 1, ".."
//! is 2). Names read from the host but not yet returned wait in `pending`; each is checked
//! to still exist before it is returned (so a removed name is omitted), and when `pending`
//! runs out the directory is read again for names not yet returned (so an added name is
//! listed). A listing ends when a fresh read finds nothing new. Names that are not UTF-8
//! cannot travel in 9P2000.L strings and are skipped.

use std::collections::{HashSet, VecDeque};
use std::os::fd::{AsFd, OwnedFd};

use rustix::fs::{Dir, FileType};
use warren_proto::attr::S_IFDIR;
use warren_proto::{DirEntry, Errno, Qid, QidType, Result};

use crate::attrs::qid;
use crate::node::Node;
use crate::sys::{self, OrErrno};

/// One open directory's listing state.
pub(crate) struct Listing {
    /// The open host directory.
    dir: Dir,
    /// Entries returned so far, in order: entry i has cookie i + 1.
    emitted: Vec<DirEntry>,
    /// Names of `emitted`.
    seen: HashSet<String>,
    /// Names read from the host, not yet returned.
    pending: VecDeque<DirEntry>,
}

impl Listing {
    /// A listing of the directory opened as `fd`.
    ///
    /// # Errors
    /// The host's.
    pub(crate) fn new(fd: OwnedFd) -> Result<Listing> {
        Ok(Listing {
            dir: Dir::new(fd).or_errno()?,
            emitted: Vec::new(),
            seen: HashSet::new(),
            pending: VecDeque::new(),
        })
    }

    /// Make the directory's data durable (`fsync`).
    ///
    /// # Errors
    /// The host's (`EIO`).
    pub(crate) fn fsync(&self) -> Result<()> {
        rustix::fs::fsync(self.dir.fd().or_errno()?).or_errno()
    }

    /// The entries after cookie `offset` (0: start over) that fit in `count` bytes of
    /// `Rreaddir` payload; empty at the end. `node` is the directory being listed. An unknown
    /// cookie (past the last entry returned, or any before the first call) reads as the end.
    ///
    /// # Errors
    /// `EINVAL` when `count` cannot hold the next entry; the host's read errors.
    pub(crate) fn readdir(
        &mut self,
        node: &Node,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        if offset == 0 || self.emitted.is_empty() {
            self.restart(node)?;
        }
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        let mut room = count as usize;
        let mut blocked = false;
        for e in self.emitted.get(start..).unwrap_or(&[]) {
            if e.wire_size() > room {
                blocked = true;
                break;
            }
            room -= e.wire_size();
            out.push(e.clone());
        }
        if !blocked && start <= self.emitted.len() {
            blocked = self.more(&mut out, room)?;
        }
        if out.is_empty() && blocked {
            return Err(Errno::EINVAL);
        }
        Ok(out)
    }

    /// Forget what was returned and start with `.` and `..` (the parent, or the root itself).
    fn restart(&mut self, node: &Node) -> Result<()> {
        let up = node.parent.as_deref().unwrap_or(node);
        self.emitted = vec![
            dot(".", qid(&node.stat()?), 1),
            dot("..", qid(&up.stat()?), 2),
        ];
        self.seen = self.emitted.iter().map(|e| e.name.clone()).collect();
        self.pending.clear();
        Ok(())
    }

    /// Return new entries into `out` while they fit in `room` bytes; whether one did not.
    fn more(&mut self, out: &mut Vec<DirEntry>, mut room: usize) -> Result<bool> {
        let mut fresh = false;
        loop {
            let Some(mut e) = self.pending.pop_front() else {
                if fresh {
                    return Ok(false);
                }
                self.refill()?;
                fresh = true;
                continue;
            };
            if !fresh {
                match self.recheck(&e.name)? {
                    Some(now) => e = now,
                    None => continue,
                }
            }
            e.offset = self.emitted.len() as u64 + 1;
            if e.wire_size() > room {
                self.pending.push_front(e);
                return Ok(true);
            }
            room -= e.wire_size();
            self.seen.insert(e.name.clone());
            self.emitted.push(e.clone());
            out.push(e);
        }
    }

    /// Read the whole directory again; names not yet returned become `pending`.
    fn refill(&mut self) -> Result<()> {
        self.dir.rewind();
        while let Some(entry) = self.dir.read() {
            let entry = entry.or_errno()?;
            let Ok(name) = entry.file_name().to_str() else {
                continue;
            };
            if self.seen.contains(name) {
                continue;
            }
            let e = match entry.file_type() {
                FileType::Unknown => match self.recheck(name)? {
                    Some(e) => e,
                    None => continue,
                },
                ty => {
                    let mode = ty.as_raw_mode();
                    let qid = Qid {
                        ty: QidType::from_mode(mode),
                        version: 0,
                        path: entry.ino(),
                    };
                    named(name, qid, DirEntry::dtype(mode))
                }
            };
            self.pending.push_back(e);
        }
        Ok(())
    }

    /// The entry `name` as it is now, or `None` when it is gone.
    fn recheck(&self, name: &str) -> Result<Option<DirEntry>> {
        match sys::stat_at(self.dir.fd().or_errno()?.as_fd(), name) {
            Ok(st) => {
                let mode = u32::from(st.stx_mode);
                Ok(Some(named(name, qid(&st), DirEntry::dtype(mode))))
            }
            Err(Errno::ENOENT) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// An entry not yet numbered.
fn named(name: &str, qid: Qid, ty: u8) -> DirEntry {
    DirEntry {
        qid,
        offset: 0,
        ty,
        name: name.to_string(),
    }
}

/// The `.` or `..` entry with cookie `offset`.
fn dot(name: &str, qid: Qid, offset: u64) -> DirEntry {
    DirEntry {
        offset,
        ..named(name, qid, DirEntry::dtype(S_IFDIR))
    }
}
