//! [`Access`] and [`may`]: the owner/group/other check of POSIX mode bits.

use std::ops::BitOr;

use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::{Attr, Caller, Uid};

/// A set of access kinds: read (4), write (2), execute or search (1), as in a mode's rwx bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access(pub u8);

impl Access {
    /// Read a file, list a directory.
    pub const R: Access = Access(4);
    /// Write a file, add or remove names in a directory.
    pub const W: Access = Access(2);
    /// Execute a file, search (walk through) a directory.
    pub const X: Access = Access(1);

    /// Whether every kind in `other` is in `self`.
    pub fn contains(self, other: Access) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Access {
    type Output = Access;

    /// The union of two sets of access kinds.
    fn bitor(self, rhs: Access) -> Access {
        Access(self.0 | rhs.0)
    }
}

/// Whether `cx` may access a file with attributes `attr` in every way `want` asks.
///
/// POSIX file access (XBD 4.5 "File Access Permissions"): the owner class applies when the
/// caller's uid is the file's, else the group class when the caller's gid is the file's
/// (Warren callers carry one gid: no supplementary groups), else the other class. uid 0 may
/// read and write anything, and search any directory, but executes a file only if at least
/// one of its x bits is set (Linux's rule; the kernel's spawn uses this check).
/// `attr` MUST carry `mode`, `uid` and `gid`.
pub fn may(attr: &Attr, cx: &Caller, want: Access) -> bool {
    if cx.uid == Uid::ROOT {
        let is_dir = attr.mode & S_IFMT == S_IFDIR;
        return !want.contains(Access::X) || is_dir || attr.mode & 0o111 != 0;
    }
    let shift = if cx.uid.0 == attr.uid {
        6
    } else if cx.gid.0 == attr.gid {
        3
    } else {
        0
    };
    let bits = ((attr.mode >> shift) & 0o7) as u8;
    Access(bits).contains(want)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warren_proto::attr::S_IFREG;
    use warren_proto::Gid;

    fn file(mode: u32) -> Attr {
        Attr {
            mode: S_IFREG | mode,
            uid: 1000,
            gid: 100,
            ..Attr::default()
        }
    }

    #[test]
    fn the_first_matching_class_decides_even_when_it_grants_less() {
        let owner = Caller {
            uid: Uid(1000),
            gid: Gid(100),
            pid: 0,
        };
        let member = Caller {
            uid: Uid(1001),
            gid: Gid(100),
            pid: 0,
        };
        let other = Caller {
            uid: Uid(1002),
            gid: Gid(7),
            pid: 0,
        };
        let attr = file(0o077);
        assert!(!may(&attr, &owner, Access::R));
        assert!(may(&attr, &member, Access::R | Access::W | Access::X));
        assert!(may(&attr, &other, Access::R | Access::W));
        assert!(!may(&file(0o640), &other, Access::R));
    }

    #[test]
    fn root_executes_only_files_with_some_x_bit() {
        assert!(may(&file(0o000), &Caller::ROOT, Access::R | Access::W));
        assert!(!may(&file(0o644), &Caller::ROOT, Access::X));
        assert!(may(&file(0o001), &Caller::ROOT, Access::X));
        let dir = Attr {
            mode: S_IFDIR,
            ..Attr::default()
        };
        assert!(may(&dir, &Caller::ROOT, Access::X));
    }
}
