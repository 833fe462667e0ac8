//! The rules that need more than one mode check: removing from a sticky directory and
//! changing attributes (POSIX `unlink(2)`, `rename(2)`, `chmod(2)`, `chown(2)`,
//! `truncate(2)`, `utimensat(2)`).

use warren_proto::attr::{setattr, S_IFDIR, S_IFMT};
use warren_proto::{Attr, Caller, Errno, Result, SetAttr, Uid};

use crate::access::{may, Access};

/// The sticky bit of a directory: only a file's owner, the directory's owner or root may
/// remove or rename the file (as `/tmp`).
pub(crate) const S_ISVTX: u32 = 0o1000;

/// Whether `cx` may remove or rename away an entry of the directory `dir` whose file has
/// attributes `file`: w and x on the directory and, if it is sticky, ownership of the file or
/// the directory (root always).
///
/// # Errors
/// `EACCES` otherwise.
pub(crate) fn check_unlink(dir: &Attr, file: &Attr, cx: &Caller) -> Result<()> {
    check_dir_write(dir, cx)?;
    let owns = cx.uid == Uid::ROOT || cx.uid.0 == file.uid || cx.uid.0 == dir.uid;
    match dir.mode & S_ISVTX == 0 || owns {
        true => Ok(()),
        false => Err(Errno::EACCES),
    }
}

/// Whether `cx` may add or remove names in the directory `dir`: w and x on it. A file that is
/// not a directory passes, for the inner server to refuse with `ENOTDIR`.
///
/// # Errors
/// `EACCES` otherwise.
pub(crate) fn check_dir_write(dir: &Attr, cx: &Caller) -> Result<()> {
    match dir.mode & S_IFMT != S_IFDIR || may(dir, cx, Access::W | Access::X) {
        true => Ok(()),
        false => Err(Errno::EACCES),
    }
}

/// Whether `cx` may make the change `req` to a file with attributes `attr`.
///
/// Root may do anything. Otherwise: chmod and explicit times need ownership (`EPERM`);
/// chown and chgrp are root's (`EPERM`; an owner "changing" them to their current values is
/// let through, as `chown(2)` lets a no-op through); truncation needs w, and setting the times
/// to now needs ownership or w (`EACCES`). Warren simplifies POSIX chgrp: an owner may not
/// give a file to another group, even one they are in.
///
/// # Errors
/// `EPERM`, `EACCES` as above.
pub(crate) fn check_setattr(attr: &Attr, cx: &Caller, req: &SetAttr) -> Result<()> {
    if cx.uid == Uid::ROOT {
        return Ok(());
    }
    let (v, owner) = (req.valid, cx.uid.0 == attr.uid);
    let has = |bit: u32| v & bit != 0;
    let explicit_time = (has(setattr::ATIME) && has(setattr::ATIME_SET))
        || (has(setattr::MTIME) && has(setattr::MTIME_SET));
    let now_time = (has(setattr::ATIME) || has(setattr::MTIME)) && !explicit_time;
    let chown = has(setattr::UID) && req.uid != attr.uid;
    let chgrp = has(setattr::GID) && req.gid != attr.gid;
    let owner_only = has(setattr::MODE) || has(setattr::UID) || has(setattr::GID) || explicit_time;
    if chown || chgrp || (owner_only && !owner) {
        return Err(Errno::EPERM);
    }
    let writable = may(attr, cx, Access::W);
    if (has(setattr::SIZE) && !writable) || (now_time && !owner && !writable) {
        return Err(Errno::EACCES);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use warren_proto::attr::S_IFREG;
    use warren_proto::Gid;

    const ALICE: Caller = Caller {
        uid: Uid(1000),
        gid: Gid(1000),
        pid: 0,
    };
    const BOB: Caller = Caller {
        uid: Uid(1001),
        gid: Gid(1001),
        pid: 0,
    };

    fn alices(mode: u32) -> Attr {
        Attr {
            mode: S_IFREG | mode,
            uid: 1000,
            gid: 1000,
            ..Attr::default()
        }
    }

    #[test]
    fn times_to_now_need_ownership_or_write_and_explicit_times_ownership() {
        let now = SetAttr {
            valid: setattr::ATIME | setattr::MTIME,
            ..SetAttr::default()
        };
        let set = SetAttr {
            valid: now.valid | setattr::MTIME_SET,
            ..SetAttr::default()
        };
        assert_eq!(check_setattr(&alices(0o600), &ALICE, &set), Ok(()));
        assert_eq!(
            check_setattr(&alices(0o600), &BOB, &now),
            Err(Errno::EACCES)
        );
        assert_eq!(check_setattr(&alices(0o666), &BOB, &now), Ok(()));
        assert_eq!(check_setattr(&alices(0o666), &BOB, &set), Err(Errno::EPERM));
    }

    #[test]
    fn an_owner_may_not_chgrp_but_may_repeat_the_current_owner() {
        let chgrp = SetAttr {
            valid: setattr::GID,
            gid: 1001,
            ..SetAttr::default()
        };
        let same = SetAttr {
            valid: setattr::UID | setattr::GID,
            uid: 1000,
            gid: 1000,
            ..SetAttr::default()
        };
        assert_eq!(
            check_setattr(&alices(0o644), &ALICE, &chgrp),
            Err(Errno::EPERM)
        );
        assert_eq!(check_setattr(&alices(0o644), &ALICE, &same), Ok(()));
        assert_eq!(
            check_setattr(&alices(0o666), &BOB, &same),
            Err(Errno::EPERM)
        );
    }

    #[test]
    fn sticky_directory_lets_the_owner_of_file_or_directory_remove() {
        let tmp = Attr {
            mode: S_IFDIR | 0o1777,
            uid: 0,
            gid: 0,
            ..Attr::default()
        };
        assert_eq!(check_unlink(&tmp, &alices(0o644), &ALICE), Ok(()));
        assert_eq!(check_unlink(&tmp, &alices(0o644), &BOB), Err(Errno::EACCES));
        assert_eq!(check_unlink(&tmp, &alices(0o644), &Caller::ROOT), Ok(()));
        let bobs_sticky = Attr { uid: 1001, ..tmp };
        assert_eq!(check_unlink(&bobs_sticky, &alices(0o644), &BOB), Ok(()));
    }
}
