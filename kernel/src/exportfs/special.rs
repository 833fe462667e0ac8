//! Special files seen through an export: presented as regular files.
//!
//! Linux's v9fs client turns a character device, block device, FIFO or socket into a
//! LOCAL special file: opening it reaches a Linux device or pipe, and no read or write is
//! ever sent to the 9P server. Warren's ttys (character devices) and pipes (FIFOs) would
//! then be unusable from Linux. So the export reports their type as a regular file
//! (`S_IFREG`, `DT_REG`) with the same permission bits; reads and writes still reach the
//! server holding them, which keeps its own semantics (a tty read waits for a line).

use warren_proto::attr::{S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK};
use warren_proto::DirEntry;

/// `mode` with a special file type (character or block device, FIFO, socket) replaced by
/// `S_IFREG`; permission bits and every other type unchanged.
pub fn as_regular(mode: u32) -> u32 {
    match mode & S_IFMT {
        S_IFCHR | S_IFBLK | S_IFIFO | S_IFSOCK => (mode & !S_IFMT) | S_IFREG,
        _ => mode,
    }
}

/// A readdir entry's type (`DT_*`, the `S_IF*` type shifted right by 12) with a special
/// file type replaced by `DT_REG`.
pub fn as_regular_dtype(ty: u8) -> u8 {
    DirEntry::dtype(as_regular(u32::from(ty) << 12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use warren_proto::attr::{S_IFDIR, S_IFLNK};

    #[test]
    fn special_types_become_regular_and_keep_their_permission_bits() {
        for ty in [S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK] {
            assert_eq!(as_regular(ty | 0o4620), S_IFREG | 0o4620);
            assert_eq!(as_regular_dtype(DirEntry::dtype(ty)), 8);
        }
        for ty in [S_IFREG, S_IFDIR, S_IFLNK] {
            assert_eq!(as_regular(ty | 0o755), ty | 0o755);
            assert_eq!(as_regular_dtype(DirEntry::dtype(ty)), DirEntry::dtype(ty));
        }
    }
}
