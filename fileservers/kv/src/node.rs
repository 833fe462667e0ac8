//! One node of the store: a key's value, a directory of keys, or a symlink, with the
//! attributes `stat(2)` shows; and a directory's entries with their readdir cookies.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use warren_proto::attr::{getattr, oflags, setattr, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use warren_proto::{Attr, Errno, Qid, QidType, Result, SetAttr};

/// The largest value a key may hold, in bytes (64 MiB): writes and truncates past it fail
/// with `EFBIG`, so a stray offset cannot make the server allocate without bound.
pub const MAX_VALUE: u64 = 64 << 20;

/// A point in time: seconds and nanoseconds since the Unix epoch.
pub(crate) type Time = (u64, u64);

/// The real clock, now.
pub(crate) fn now() -> Time {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs(), u64::from(d.subsec_nanos()))
}

/// What a node holds; it fixes the node's type.
pub(crate) enum Body {
    /// A key's value (a regular file).
    Value(Vec<u8>),
    /// A directory of keys.
    Dir(Dir),
    /// A symlink's target.
    Symlink(String),
}

/// A value, directory or symlink and its attributes. Every node has one name at most (no
/// hard links), so `link` is enough to find its parent.
pub(crate) struct Node {
    /// The qid path, unique for the store's lifetime.
    pub(crate) ino: u64,
    /// Linux `st_mode`: the type bits (from the body) and the permission bits.
    pub(crate) mode: u32,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    pub(crate) atime: Time,
    pub(crate) mtime: Time,
    pub(crate) ctime: Time,
    /// The qid version, bumped on every change of contents.
    pub(crate) version: u32,
    /// The directory holding the node and its name there (the root: itself and `""`);
    /// `None` once unlinked.
    pub(crate) link: Option<(u64, String)>,
    pub(crate) body: Body,
}

impl Node {
    /// An unlinked node holding `body` with permission bits `perm`, owned by `uid`/`gid`;
    /// the store gives it its `ino`.
    pub(crate) fn new(body: Body, perm: u32, uid: u32, gid: u32) -> Node {
        let ty = match body {
            Body::Value(_) => S_IFREG,
            Body::Dir(_) => S_IFDIR,
            Body::Symlink(_) => S_IFLNK,
        };
        let t = now();
        Node {
            ino: 0,
            mode: ty | (perm & 0o7777),
            uid,
            gid,
            atime: t,
            mtime: t,
            ctime: t,
            version: 0,
            link: None,
            body,
        }
    }

    /// Whether the node is a directory.
    pub(crate) fn is_dir(&self) -> bool {
        self.mode & S_IFMT == S_IFDIR
    }

    /// The node's qid.
    pub(crate) fn qid(&self) -> Qid {
        Qid {
            ty: QidType::from_mode(self.mode),
            version: self.version,
            path: self.ino,
        }
    }

    /// Record a change of contents now: mtime, ctime and the qid version.
    pub(crate) fn changed(&mut self) {
        let t = now();
        (self.mtime, self.ctime) = (t, t);
        self.version = self.version.wrapping_add(1);
    }

    /// `Rgetattr` for the node, with `nlink` as the store counts it.
    pub(crate) fn attr(&self, nlink: u64) -> Attr {
        let size = match &self.body {
            Body::Value(v) => v.len() as u64,
            Body::Dir(_) => 0,
            Body::Symlink(t) => t.len() as u64,
        };
        Attr {
            valid: getattr::BASIC,
            qid: self.qid(),
            mode: self.mode,
            uid: self.uid,
            gid: self.gid,
            nlink,
            size,
            blksize: 4096,
            blocks: size.div_ceil(512),
            atime_sec: self.atime.0,
            atime_nsec: self.atime.1,
            mtime_sec: self.mtime.0,
            mtime_nsec: self.mtime.1,
            ctime_sec: self.ctime.0,
            ctime_nsec: self.ctime.1,
            ..Attr::default()
        }
    }

    /// Check that the node may be opened with `flags`, emptying a value for `O_TRUNC`.
    ///
    /// # Errors
    /// `EINVAL` (access mode 3), `EISDIR` (a directory for writing), `ENOTDIR`
    /// (`O_DIRECTORY` on a non-directory), `ELOOP` (a symlink: clients use `Treadlink`).
    pub(crate) fn open(&mut self, flags: u32) -> Result<()> {
        let truncate = writable(flags) && flags & oflags::O_TRUNC != 0;
        match &mut self.body {
            _ if flags & oflags::O_ACCMODE == oflags::O_ACCMODE => return Err(Errno::EINVAL),
            Body::Dir(_) if writable(flags) => return Err(Errno::EISDIR),
            Body::Dir(_) => return Ok(()),
            _ if flags & oflags::O_DIRECTORY != 0 => return Err(Errno::ENOTDIR),
            Body::Symlink(_) => return Err(Errno::ELOOP),
            Body::Value(v) if truncate => *v = Vec::new(),
            Body::Value(_) => return Ok(()),
        }
        self.changed();
        Ok(())
    }

    /// The value, for changing it.
    ///
    /// # Errors
    /// `EISDIR` (a directory), `EINVAL` (a symlink).
    fn value_mut(&mut self) -> Result<&mut Vec<u8>> {
        match &mut self.body {
            Body::Value(v) => Ok(v),
            Body::Dir(_) => Err(Errno::EISDIR),
            Body::Symlink(_) => Err(Errno::EINVAL),
        }
    }

    /// Up to `count` bytes of the value at `offset` (bytes); empty at or past the end.
    ///
    /// # Errors
    /// `EISDIR` (a directory), `EINVAL` (a symlink).
    pub(crate) fn read(&self, offset: u64, count: u32) -> Result<Bytes> {
        let v = match &self.body {
            Body::Value(v) => v,
            Body::Dir(_) => return Err(Errno::EISDIR),
            Body::Symlink(_) => return Err(Errno::EINVAL),
        };
        let start = usize::try_from(offset).unwrap_or(v.len()).min(v.len());
        let end = start.saturating_add(count as usize).min(v.len());
        Ok(Bytes::copy_from_slice(&v[start..end]))
    }

    /// Write `data` at `offset` (at the end when `append`), zero-filling a gap; returns the
    /// bytes written.
    ///
    /// # Errors
    /// `EFBIG` (past [`MAX_VALUE`]), `EISDIR`, `EINVAL` (a symlink).
    pub(crate) fn write(&mut self, append: bool, offset: u64, data: &[u8]) -> Result<u32> {
        let v = self.value_mut()?;
        let offset = if append { v.len() as u64 } else { offset };
        let end = offset
            .checked_add(data.len() as u64)
            .filter(|&end| end <= MAX_VALUE)
            .ok_or(Errno::EFBIG)?;
        if end > v.len() as u64 {
            v.resize(end as usize, 0);
        }
        v[offset as usize..end as usize].copy_from_slice(data);
        self.changed();
        Ok(data.len() as u32)
    }

    /// Apply the changes `sa.valid` selects; the size first, so a failure changes nothing.
    ///
    /// # Errors
    /// `EISDIR`/`EINVAL` (size of a directory/symlink), `EFBIG` (past [`MAX_VALUE`]).
    pub(crate) fn set_attr(&mut self, sa: &SetAttr) -> Result<()> {
        let has = |bit| sa.valid & bit != 0;
        if has(setattr::SIZE) {
            let v = self.value_mut()?;
            if sa.size > MAX_VALUE {
                return Err(Errno::EFBIG);
            }
            v.resize(sa.size as usize, 0);
            v.shrink_to_fit();
            self.changed();
        }
        if has(setattr::MODE) {
            self.mode = (self.mode & S_IFMT) | (sa.mode & 0o7777);
        }
        if has(setattr::UID) {
            self.uid = sa.uid;
        }
        if has(setattr::GID) {
            self.gid = sa.gid;
        }
        let t = now();
        if has(setattr::ATIME) {
            let given = (sa.atime_sec, sa.atime_nsec);
            self.atime = if has(setattr::ATIME_SET) { given } else { t };
        }
        if has(setattr::MTIME) {
            let given = (sa.mtime_sec, sa.mtime_nsec);
            self.mtime = if has(setattr::MTIME_SET) { given } else { t };
        }
        if sa.valid != 0 {
            self.ctime = t;
        }
        Ok(())
    }
}

/// Whether open `flags` allow writing.
pub(crate) fn writable(flags: u32) -> bool {
    matches!(flags & oflags::O_ACCMODE, oflags::O_WRONLY | oflags::O_RDWR)
}

/// Whether open `flags` allow reading.
pub(crate) fn readable(flags: u32) -> bool {
    matches!(flags & oflags::O_ACCMODE, oflags::O_RDONLY | oflags::O_RDWR)
}

/// A directory's entries, by name and by readdir cookie. Cookies come from a counter that
/// only grows (the store's), so a listing continued after a cookie returns each entry present
/// throughout exactly once, entries removed meanwhile not at all, and new ones at the end.
#[derive(Default)]
pub(crate) struct Dir {
    /// Name → cookie.
    by_name: HashMap<String, u64>,
    /// Cookie → (name, inode number).
    by_cookie: BTreeMap<u64, (String, u64)>,
}

impl Dir {
    /// The inode number `name` names, if any.
    pub(crate) fn get(&self, name: &str) -> Option<u64> {
        let cookie = self.by_name.get(name)?;
        self.by_cookie.get(cookie).map(|e| e.1)
    }

    /// Add `name` → `ino` under `cookie` (the caller checked `name` is absent).
    pub(crate) fn insert(&mut self, name: &str, cookie: u64, ino: u64) {
        self.by_name.insert(name.to_string(), cookie);
        self.by_cookie.insert(cookie, (name.to_string(), ino));
    }

    /// Remove `name`, returning the inode number it named.
    pub(crate) fn remove(&mut self, name: &str) -> Option<u64> {
        let cookie = self.by_name.remove(name)?;
        self.by_cookie.remove(&cookie).map(|e| e.1)
    }

    /// Whether the directory has no entries.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The entries with cookies after `cookie`, in cookie order: `(cookie, name, ino)`.
    pub(crate) fn after(&self, cookie: u64) -> impl Iterator<Item = (u64, &str, u64)> {
        let range = self
            .by_cookie
            .range((Bound::Excluded(cookie), Bound::Unbounded));
        range.map(|(&c, (name, ino))| (c, name.as_str(), *ino))
    }
}
