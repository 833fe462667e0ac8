//! The host calls that keep hostfs inside its root: one-element lookups with `openat2`, and
//! re-opening a file through its own descriptor (`/proc/self/fd`), never through a path.
//!
//! Every lookup is `openat2(dirfd, name, O_PATH | O_NOFOLLOW, RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)` with `name` one path element that is not `.`
//! or `..`: it can only name an entry of `dirfd`, and a symlink there is returned as itself,
//! never followed. Source: Linux `openat2(2)`, `proc(5)` (`/proc/pid/fd`).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use rustix::fs::{self as host, AtFlags, Mode, OFlags, ResolveFlags, Statx, StatxFlags};
use warren_proto::attr::oflags;
use warren_proto::{Errno, Result};

/// The longest path element, in bytes (Linux `NAME_MAX`).
pub(crate) const NAME_MAX: usize = 255;

/// How every name is resolved: beneath the directory, no symlinks, no magic links.
const CONFINED: ResolveFlags = ResolveFlags::BENEATH
    .union(ResolveFlags::NO_SYMLINKS)
    .union(ResolveFlags::NO_MAGICLINKS);

/// Turn a host call's error into Warren's errno, number for number.
pub(crate) trait OrErrno<T> {
    /// The value, or the host errno as an [`Errno`].
    fn or_errno(self) -> Result<T>;
}

impl<T> OrErrno<T> for rustix::io::Result<T> {
    fn or_errno(self) -> Result<T> {
        self.map_err(|e| Errno::from_code(e.raw_os_error().unsigned_abs()))
    }
}

/// A walk name: one element (`.` and `..` allowed, handled by the caller).
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

/// A name made, linked, renamed or removed in a directory: a walk name but not `.`/`..`.
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

/// An `O_PATH` descriptor of the entry `name` of directory `dir`, a symlink as itself.
///
/// # Errors
/// The host's: `ENOENT`, `ENOTDIR`, `EACCES`; `EINVAL` for a name that is not one element.
pub(crate) fn lookup(dir: BorrowedFd<'_>, name: &str) -> Result<OwnedFd> {
    entry_name(name)?;
    let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    host::openat2(dir, name, flags, Mode::empty(), CONFINED).or_errno()
}

/// Create and open the regular file `name` in `dir` with `flags` and permission bits `mode`
/// (before the umask); fails if anything, a dangling symlink included, has that name.
///
/// # Errors
/// The host's: `EEXIST`, `EACCES`, `ENOSPC`; `EINVAL` for a bad name.
pub(crate) fn create(dir: BorrowedFd<'_>, name: &str, flags: OFlags, mode: u32) -> Result<OwnedFd> {
    entry_name(name)?;
    let flags = (flags - OFlags::DIRECTORY) | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
    let mode = Mode::from_raw_mode(mode & 0o7777);
    host::openat2(dir, name, flags, mode, CONFINED).or_errno()
}

/// The attributes of the file `fd` refers to (a symlink itself, not its target).
///
/// # Errors
/// The host's (`EIO`, `ENOMEM`).
pub(crate) fn stat(fd: impl AsFd) -> Result<Statx> {
    let flags = AtFlags::EMPTY_PATH | AtFlags::SYMLINK_NOFOLLOW;
    host::statx(fd, "", flags, StatxFlags::BASIC_STATS | StatxFlags::BTIME).or_errno()
}

/// The attributes of entry `name` of directory `dir`, not following a symlink.
///
/// # Errors
/// The host's (`ENOENT`).
pub(crate) fn stat_at(dir: BorrowedFd<'_>, name: &str) -> Result<Statx> {
    entry_name(name)?;
    let flags = AtFlags::SYMLINK_NOFOLLOW;
    host::statx(
        dir,
        name,
        flags,
        StatxFlags::BASIC_STATS | StatxFlags::BTIME,
    )
    .or_errno()
}

/// Host open flags for the Linux flags of a `Tlopen`/`Tlcreate` (access mode, `O_TRUNC`,
/// `O_APPEND`, `O_NONBLOCK`, `O_DIRECTORY`; others are dropped), close-on-exec, no tty.
///
/// # Errors
/// `EINVAL` for access mode 3.
pub(crate) fn open_flags(flags: u32) -> Result<OFlags> {
    let mut out = match flags & oflags::O_ACCMODE {
        oflags::O_RDONLY => OFlags::RDONLY,
        oflags::O_WRONLY => OFlags::WRONLY,
        oflags::O_RDWR => OFlags::RDWR,
        _ => return Err(Errno::EINVAL),
    };
    for (bit, flag) in [
        (oflags::O_TRUNC, OFlags::TRUNC),
        (oflags::O_APPEND, OFlags::APPEND),
        (oflags::O_NONBLOCK, OFlags::NONBLOCK),
        (oflags::O_DIRECTORY, OFlags::DIRECTORY),
    ] {
        if flags & bit != 0 {
            out |= flag;
        }
    }
    Ok(out | OFlags::CLOEXEC | OFlags::NOCTTY)
}

/// Whether Linux open `flags` would change the file (write access or `O_TRUNC`).
pub(crate) fn writes(flags: u32) -> bool {
    flags & oflags::O_ACCMODE != oflags::O_RDONLY || flags & oflags::O_TRUNC != 0
}

/// `/proc/self/fd`, through which a descriptor is re-opened, chmod-ed or linked as the very
/// file it refers to (the magic link), with no path lookup that could be redirected.
pub(crate) struct ProcFds(OwnedFd);

impl ProcFds {
    /// Open `/proc/self/fd` and check that it is procfs.
    ///
    /// # Errors
    /// The host's when `/proc` is missing; `Other` when it is not procfs.
    pub(crate) fn open() -> io::Result<ProcFds> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = host::open("/proc/self/fd", flags, Mode::empty())?;
        if host::fstatfs(&fd)?.f_type != host::PROC_SUPER_MAGIC {
            return Err(io::Error::other("/proc/self/fd is not procfs"));
        }
        Ok(ProcFds(fd))
    }

    /// Open the file `fd` refers to with `flags` (a new open file description).
    ///
    /// # Errors
    /// The host's: `EACCES`, `EISDIR` (write access to a directory), `ENOTDIR`.
    pub(crate) fn reopen(&self, fd: BorrowedFd<'_>, flags: OFlags) -> Result<OwnedFd> {
        let name = fd.as_raw_fd().to_string();
        host::openat(&self.0, name.as_str(), flags, Mode::empty()).or_errno()
    }

    /// Set the permission bits of the file `fd` refers to (`chmod`).
    ///
    /// # Errors
    /// The host's: `EPERM` (not the owner), `EOPNOTSUPP` (a symlink).
    pub(crate) fn chmod(&self, fd: BorrowedFd<'_>, mode: u32) -> Result<()> {
        let name = fd.as_raw_fd().to_string();
        let mode = Mode::from_raw_mode(mode & 0o7777);
        host::chmodat(&self.0, name.as_str(), mode, AtFlags::empty()).or_errno()
    }

    /// Make `name` in directory `dir` a hard link to the file `fd` refers to.
    ///
    /// # Errors
    /// The host's: `EEXIST`, `EPERM` (a directory), `EXDEV`, `EMLINK`.
    pub(crate) fn link(&self, fd: BorrowedFd<'_>, dir: BorrowedFd<'_>, name: &str) -> Result<()> {
        entry_name(name)?;
        let from = fd.as_raw_fd().to_string();
        host::linkat(&self.0, from.as_str(), dir, name, AtFlags::SYMLINK_FOLLOW).or_errno()
    }
}

/// Check that the host can resolve names beneath a directory (`openat2`, Linux 5.6).
///
/// # Errors
/// `Unsupported` when `openat2` is missing; the host's error otherwise.
pub(crate) fn probe_openat2(dir: BorrowedFd<'_>) -> io::Result<()> {
    let flags = OFlags::PATH | OFlags::CLOEXEC;
    match host::openat2(dir, ".", flags, Mode::empty(), CONFINED) {
        Ok(_) => Ok(()),
        Err(rustix::io::Errno::NOSYS) => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "openat2 is not available (Linux 5.6 or later is needed)",
        )),
        Err(e) => Err(e.into()),
    }
}
