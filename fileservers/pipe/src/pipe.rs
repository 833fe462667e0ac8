//! One pipe: its two directions, its three files and their qids and attributes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use warren_proto::attr::{getattr, S_IFDIR, S_IFIFO};
use warren_proto::{Attr, Caller, DirEntry, Qid, QidType};

use crate::queue::Queue;

/// A file of a pipe's tree. The qid path is `pipe id << 2 | file index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum File {
    /// The root directory, holding `data` and `data1`.
    Dir = 0,
    /// `data`: reads what `data1` writes, writes what `data1` reads.
    Data = 1,
    /// `data1`: the other end.
    Data1 = 2,
}

impl File {
    /// The file a name in the root directory names (`..` stays at the root).
    pub(crate) fn lookup(name: &str) -> Option<File> {
        match name {
            "data" => Some(File::Data),
            "data1" => Some(File::Data1),
            ".." => Some(File::Dir),
            _ => None,
        }
    }
}

/// A pipe: two bounded queues, one per direction, shared by every fid of one attach.
///
/// `queues[0]` carries `data1` → `data`, `queues[1]` carries `data` → `data1` (Plan 9 devpipe).
pub(crate) struct Pipe {
    id: u64,
    owner: Caller,
    created: (u64, u64),
    queues: [Queue; 2],
}

impl Pipe {
    /// A fresh pipe owned by `owner`, with a number never used before in this process.
    pub(crate) fn new(owner: Caller) -> Arc<Pipe> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let created = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Arc::new(Pipe {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            owner,
            created: (created.as_secs(), u64::from(created.subsec_nanos())),
            queues: [Queue::default(), Queue::default()],
        })
    }

    /// The queue `end` reads from.
    pub(crate) fn rx(&self, end: File) -> &Queue {
        &self.queues[usize::from(end == File::Data1)]
    }

    /// The queue `end` writes into.
    pub(crate) fn tx(&self, end: File) -> &Queue {
        &self.queues[usize::from(end == File::Data)]
    }

    /// The qid of `file` in this pipe.
    pub(crate) fn qid(&self, file: File) -> Qid {
        let ty = if file == File::Dir {
            QidType::DIR
        } else {
            QidType::FILE
        };
        Qid {
            ty,
            version: 0,
            path: (self.id << 2) | file as u64,
        }
    }

    /// `Rgetattr` of `file`: a fifo (`S_IFIFO|0o600`, size = bytes it can read now) or the
    /// directory (`S_IFDIR|0o500`).
    pub(crate) fn attr(&self, file: File) -> Attr {
        let (mode, size, nlink) = match file {
            File::Dir => (S_IFDIR | 0o500, 0, 2),
            end => (S_IFIFO | 0o600, self.rx(end).len() as u64, 1),
        };
        let (sec, nsec) = self.created;
        Attr {
            valid: getattr::BASIC,
            qid: self.qid(file),
            mode,
            uid: self.owner.uid.0,
            gid: self.owner.gid.0,
            nlink,
            size,
            blksize: 4096,
            atime_sec: sec,
            atime_nsec: nsec,
            mtime_sec: sec,
            mtime_nsec: nsec,
            ctime_sec: sec,
            ctime_nsec: nsec,
            ..Attr::default()
        }
    }

    /// The root directory's entries, cookies 1 to 4: `.`, `..`, `data`, `data1`.
    pub(crate) fn entries(&self) -> [DirEntry; 4] {
        let entry = |offset, file, name: &str| {
            let mode = self.attr(file).mode;
            DirEntry {
                qid: self.qid(file),
                offset,
                ty: DirEntry::dtype(mode),
                name: name.into(),
            }
        };
        [
            entry(1, File::Dir, "."),
            entry(2, File::Dir, ".."),
            entry(3, File::Data, "data"),
            entry(4, File::Data1, "data1"),
        ]
    }
}
