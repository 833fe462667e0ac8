//! Path-element rules for the names requests carry (POSIX `NAME_MAX`, 9P2000.L `Twalk`).

use crate::errno::{Errno, Result};

/// The longest path element, in bytes (Linux `NAME_MAX`).
pub(crate) const NAME_MAX: usize = 255;

/// A `Twalk` name: one element, `.` and `..` allowed.
///
/// # Errors
/// `EINVAL` when empty or containing `/` or NUL; `ENAMETOOLONG` over [`NAME_MAX`] bytes.
pub(crate) fn walk_name(name: &str) -> Result<()> {
    if name.is_empty() || name.contains(['/', '\0']) {
        return Err(Errno::EINVAL);
    }
    if name.len() > NAME_MAX {
        return Err(Errno::ENAMETOOLONG);
    }
    Ok(())
}

/// A name created, linked, renamed or unlinked in a directory: a walk name but not `.`/`..`.
///
/// # Errors
/// As [`walk_name`]; `EINVAL` for `.` and `..`.
pub(crate) fn entry_name(name: &str) -> Result<()> {
    walk_name(name)?;
    if name == "." || name == ".." {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// A `Tsymlink` target: any path, but not empty (`ENOENT`, as Linux) and no NUL (`EINVAL`).
///
/// # Errors
/// `ENOENT` when empty, `EINVAL` when it contains NUL.
pub(crate) fn symlink_target(target: &str) -> Result<()> {
    if target.is_empty() {
        return Err(Errno::ENOENT);
    }
    if target.contains('\0') {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_names_are_single_elements_and_allow_dot_dot() {
        assert_eq!(walk_name(".."), Ok(()));
        assert_eq!(walk_name("a b"), Ok(()));
        assert_eq!(walk_name(""), Err(Errno::EINVAL));
        assert_eq!(walk_name("a/b"), Err(Errno::EINVAL));
        assert_eq!(walk_name("a\0"), Err(Errno::EINVAL));
        assert_eq!(walk_name(&"x".repeat(255)), Ok(()));
        assert_eq!(walk_name(&"x".repeat(256)), Err(Errno::ENAMETOOLONG));
    }

    #[test]
    fn entry_names_refuse_dot_and_dot_dot() {
        assert_eq!(entry_name("."), Err(Errno::EINVAL));
        assert_eq!(entry_name(".."), Err(Errno::EINVAL));
        assert_eq!(entry_name("..."), Ok(()));
    }

    #[test]
    fn symlink_targets_may_be_paths_but_not_empty() {
        assert_eq!(symlink_target("../a/b"), Ok(()));
        assert_eq!(symlink_target(""), Err(Errno::ENOENT));
        assert_eq!(symlink_target("a\0b"), Err(Errno::EINVAL));
    }
}
