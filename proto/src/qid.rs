//! Qids: the server's unique identity of a file (9P `qid[13]`).

/// A file's identity on its server: `type[1] version[4] path[8]` on the wire.
///
/// `path` is unique per file for the server's lifetime; `version` changes when the file's
/// contents change (servers that do not track versions send 0); `ty` holds [`QidType`] bits.
/// Source: intro(5) of the Plan 9 manual, 9P2000.L.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Qid {
    /// [`QidType`] bits: directory, symlink, append-only, ...
    pub ty: QidType,
    /// Bumped when the file changes; 0 when the server does not track it.
    pub version: u32,
    /// The file's unique number on its server.
    pub path: u64,
}

impl Qid {
    /// Whether this qid names a directory.
    pub fn is_dir(&self) -> bool {
        self.ty.contains(QidType::DIR)
    }

    /// Whether this qid names a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.ty.contains(QidType::SYMLINK)
    }
}

/// The `type` byte of a [`Qid`]: the high bits of a Plan 9 mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct QidType(pub u8);

impl QidType {
    /// A directory (`QTDIR`).
    pub const DIR: QidType = QidType(0x80);
    /// An append-only file (`QTAPPEND`).
    pub const APPEND: QidType = QidType(0x40);
    /// An exclusive-use file (`QTEXCL`).
    pub const EXCL: QidType = QidType(0x20);
    /// A mount point (`QTMOUNT`).
    pub const MOUNT: QidType = QidType(0x10);
    /// An authentication file (`QTAUTH`).
    pub const AUTH: QidType = QidType(0x08);
    /// A temporary file (`QTTMP`).
    pub const TMP: QidType = QidType(0x04);
    /// A symbolic link (`QTSYMLINK`, 9P2000.u/.L).
    pub const SYMLINK: QidType = QidType(0x02);
    /// A hard link (`QTLINK`).
    pub const LINK: QidType = QidType(0x01);
    /// A plain file (`QTFILE`).
    pub const FILE: QidType = QidType(0x00);

    /// Whether all bits of `other` are set.
    pub fn contains(self, other: QidType) -> bool {
        self.0 & other.0 == other.0
    }

    /// The qid type for a Linux `st_mode` (`S_IFDIR` → DIR, `S_IFLNK` → SYMLINK, else FILE).
    pub fn from_mode(mode: u32) -> QidType {
        match mode & crate::attr::S_IFMT {
            crate::attr::S_IFDIR => QidType::DIR,
            crate::attr::S_IFLNK => QidType::SYMLINK,
            _ => QidType::FILE,
        }
    }
}
