//! File attributes as 9P2000.L carries them: `Rgetattr`, `Tsetattr`, `Rstatfs`, modes and flags.

use crate::qid::Qid;

/// File type mask of a Linux `st_mode`.
pub const S_IFMT: u32 = 0o170000;
/// Directory.
pub const S_IFDIR: u32 = 0o040000;
/// Regular file.
pub const S_IFREG: u32 = 0o100000;
/// Symbolic link.
pub const S_IFLNK: u32 = 0o120000;
/// Character device.
pub const S_IFCHR: u32 = 0o020000;
/// FIFO.
pub const S_IFIFO: u32 = 0o010000;
/// Socket.
pub const S_IFSOCK: u32 = 0o140000;
/// Block device.
pub const S_IFBLK: u32 = 0o060000;

/// Linux open flags as `Tlopen`/`Tlcreate` carry them (`P9_DOTL_*`, numerically Linux's x86 `O_*`).
pub mod oflags {
    /// Mask of the access mode.
    pub const O_ACCMODE: u32 = 0o3;
    /// Open for reading only.
    pub const O_RDONLY: u32 = 0;
    /// Open for writing only.
    pub const O_WRONLY: u32 = 0o1;
    /// Open for reading and writing.
    pub const O_RDWR: u32 = 0o2;
    /// Create if missing (only meaningful to `Tlcreate`).
    pub const O_CREAT: u32 = 0o100;
    /// With `O_CREAT`: fail with EEXIST if the name exists.
    pub const O_EXCL: u32 = 0o200;
    /// Truncate a regular file to 0 bytes on open for writing.
    pub const O_TRUNC: u32 = 0o1000;
    /// Every write goes to the end of the file.
    pub const O_APPEND: u32 = 0o2000;
    /// Do not block (pipes, ttys).
    pub const O_NONBLOCK: u32 = 0o4000;
    /// Fail with ENOTDIR unless the file is a directory.
    pub const O_DIRECTORY: u32 = 0o200000;
    /// Do not follow a final symlink.
    pub const O_NOFOLLOW: u32 = 0o400000;
}

/// `Tgetattr.request_mask` / `Rgetattr.valid` bits (`P9_GETATTR_*`).
pub mod getattr {
    /// mode
    pub const MODE: u64 = 0x1;
    /// nlink
    pub const NLINK: u64 = 0x2;
    /// uid
    pub const UID: u64 = 0x4;
    /// gid
    pub const GID: u64 = 0x8;
    /// rdev
    pub const RDEV: u64 = 0x10;
    /// atime
    pub const ATIME: u64 = 0x20;
    /// mtime
    pub const MTIME: u64 = 0x40;
    /// ctime
    pub const CTIME: u64 = 0x80;
    /// ino (the qid path)
    pub const INO: u64 = 0x100;
    /// size
    pub const SIZE: u64 = 0x200;
    /// blocks
    pub const BLOCKS: u64 = 0x400;
    /// All of the above: what `stat(2)` needs.
    pub const BASIC: u64 = 0x7ff;
    /// btime
    pub const BTIME: u64 = 0x800;
    /// gen
    pub const GEN: u64 = 0x1000;
    /// data_version
    pub const DATA_VERSION: u64 = 0x2000;
    /// Everything.
    pub const ALL: u64 = 0x3fff;
}

/// `Tsetattr.valid` bits (`P9_ATTR_*`): which fields of a [`SetAttr`] to apply.
pub mod setattr {
    /// Set the permission bits from `mode`.
    pub const MODE: u32 = 0x1;
    /// Set the owner from `uid`.
    pub const UID: u32 = 0x2;
    /// Set the group from `gid`.
    pub const GID: u32 = 0x4;
    /// Truncate or extend to `size`.
    pub const SIZE: u32 = 0x8;
    /// Set atime (to now, unless `ATIME_SET`).
    pub const ATIME: u32 = 0x10;
    /// Set mtime (to now, unless `MTIME_SET`).
    pub const MTIME: u32 = 0x20;
    /// Set ctime to now.
    pub const CTIME: u32 = 0x40;
    /// atime comes from `atime_sec`/`atime_nsec`.
    pub const ATIME_SET: u32 = 0x80;
    /// mtime comes from `mtime_sec`/`mtime_nsec`.
    pub const MTIME_SET: u32 = 0x100;
}

/// A file's attributes: the body of `Rgetattr` (9P2000.L).
///
/// Times are seconds and nanoseconds since the Unix epoch; `size` and `blocks` count bytes
/// and 512-byte blocks; `mode` is a Linux `st_mode` (type bits included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Attr {
    /// [`getattr`] bits of the fields that are filled in.
    pub valid: u64,
    pub qid: Qid,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub nlink: u64,
    pub rdev: u64,
    pub size: u64,
    pub blksize: u64,
    pub blocks: u64,
    pub atime_sec: u64,
    pub atime_nsec: u64,
    pub mtime_sec: u64,
    pub mtime_nsec: u64,
    pub ctime_sec: u64,
    pub ctime_nsec: u64,
    pub btime_sec: u64,
    pub btime_nsec: u64,
    pub gen: u64,
    pub data_version: u64,
}

/// A change of attributes: the body of `Tsetattr` (9P2000.L) after its fid.
///
/// Only the fields whose [`setattr`] bit is set in `valid` apply. `mode` carries permission
/// bits only (the type cannot change); times are seconds and nanoseconds since the epoch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct SetAttr {
    pub valid: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub atime_sec: u64,
    pub atime_nsec: u64,
    pub mtime_sec: u64,
    pub mtime_nsec: u64,
}

/// File system statistics: the body of `Rstatfs` (9P2000.L, Linux `statfs(2)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct StatFs {
    /// File system type magic (`V9FS_MAGIC` 0x01021997 is customary).
    pub ty: u32,
    /// Block size in bytes.
    pub bsize: u32,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub fsid: u64,
    /// Longest file name, in bytes.
    pub namelen: u32,
}

/// One directory entry of `Rreaddir`: `qid[13] offset[8] type[1] name[s]`.
///
/// `offset` is the cookie to pass to the next `Treaddir` to continue after this entry; it is
/// opaque to the client. `ty` is the Linux `d_type` (`DT_DIR` 4, `DT_REG` 8, `DT_LNK` 10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's qid.
    pub qid: Qid,
    /// Cookie for continuing after this entry.
    pub offset: u64,
    /// Linux `d_type`.
    pub ty: u8,
    /// The entry's name (one path element).
    pub name: String,
}

impl DirEntry {
    /// Bytes this entry takes in an `Rreaddir` payload: 13 + 8 + 1 + 2 + name length.
    pub fn wire_size(&self) -> usize {
        24 + self.name.len()
    }

    /// The Linux `d_type` for an `st_mode`.
    pub fn dtype(mode: u32) -> u8 {
        ((mode & S_IFMT) >> 12) as u8
    }
}

/// A POSIX record lock request: the body of `Tlock` after its fid (9P2000.L).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Lock {
    /// `P9_LOCK_TYPE_RDLCK` 0, `WRLCK` 1, `UNLCK` 2.
    pub ty: u8,
    /// `P9_LOCK_FLAGS_BLOCK` 1, `RECLAIM` 2.
    pub flags: u32,
    /// First byte of the range.
    pub start: u64,
    /// Length of the range in bytes; 0 means to the end of the file.
    pub length: u64,
    pub proc_id: u32,
    pub client_id: String,
}

/// `Rlock.status`: `P9_LOCK_SUCCESS` 0, `BLOCKED` 1, `ERROR` 2, `GRACE` 3.
pub type LockStatus = u8;

/// A lock query or answer: the body of `Tgetlock` after its fid and of `Rgetlock` (9P2000.L).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct GetLock {
    /// Lock type; the answer is `P9_LOCK_TYPE_UNLCK` (2) when nothing conflicts.
    pub ty: u8,
    pub start: u64,
    pub length: u64,
    pub proc_id: u32,
    pub client_id: String,
}
