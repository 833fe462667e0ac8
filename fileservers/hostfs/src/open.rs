//! Opened files: `Tlopen`, `Tlcreate`, `Tread`, `Twrite` and `Tfsync`.
//!
//! An open re-opens the fid's own descriptor ([`ProcFds::reopen`](crate::sys::ProcFds)),
//! never a path, so a name swapped after the walk cannot redirect it. Only regular files and
//! directories open: a symlink is `ELOOP` (9P2000.L clients resolve links with `Treadlink`),
//! a fifo, socket or device `EOPNOTSUPP` (opening one could block the server).

use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rustix::fs::{self as host, Mode, OFlags};
use rustix::io::retry_on_intr;
use warren_proto::attr::{oflags, S_IFDIR, S_IFLNK, S_IFREG};
use warren_proto::{Caller, Errno, Qid, Result};

use crate::attrs::qid;
use crate::hostfs::Host;
use crate::listing::Listing;
use crate::node::Node;
use crate::sys::{self, OrErrno};

/// The most bytes one `Tread` returns (1 MiB); a larger count gets a short read.
pub(crate) const IO_MAX: u32 = 1 << 20;

/// An open fid's host side.
pub(crate) enum Open {
    /// A regular file, opened with the fid's flags.
    File(OwnedFd),
    /// A directory, opened for reading, with its listing.
    Dir(Mutex<Listing>),
}

/// `Tlopen`: open `node` with Linux `flags`; the open file and its qid.
///
/// # Errors
/// `EROFS` (write access or `O_TRUNC` on a read-only export), `EISDIR` (a directory for
/// writing), `ELOOP` (a symlink), `EOPNOTSUPP` (a special file), `EINVAL` (access mode 3),
/// the host's (`EACCES`, `ENOTDIR` for `O_DIRECTORY` on a file).
pub(crate) fn open(host: &Host, node: &Node, flags: u32) -> Result<(Open, Qid)> {
    if sys::writes(flags) {
        host.writable()?;
    }
    let oflags = sys::open_flags(flags)?;
    match node.kind {
        S_IFREG => {
            let fd = host.proc.reopen(node.fd.as_fd(), oflags)?;
            let qid = qid(&sys::stat(&fd)?);
            Ok((Open::File(fd), qid))
        }
        S_IFDIR if flags & oflags::O_ACCMODE != oflags::O_RDONLY => Err(Errno::EISDIR),
        S_IFDIR => {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = host.proc.reopen(node.fd.as_fd(), flags)?;
            let qid = qid(&sys::stat(&fd)?);
            Ok((Open::Dir(Mutex::new(Listing::new(fd)?)), qid))
        }
        S_IFLNK => Err(Errno::ELOOP),
        _ => Err(Errno::EOPNOTSUPP),
    }
}

/// `Tlcreate`: create regular file `name` in directory `dir` with permission bits `mode`
/// (exactly, whatever the host umask) and open it with `flags`; the new node, the open file
/// and its qid. Ownership follows [`IdMap`](crate::IdMap) (`gid` `u32::MAX`: the caller's).
///
/// # Errors
/// `EROFS` (read-only export), `ENOTDIR` (`dir` is not a directory), `EINVAL`
/// (a bad name), the host's (`EEXIST`, also for a dangling symlink; `EACCES`, `ENOSPC`).
pub(crate) fn create(
    host: &Host,
    cx: &Caller,
    dir: &Arc<Node>,
    name: &str,
    flags: u32,
    mode: u32,
    gid: u32,
) -> Result<(Arc<Node>, Open, Qid)> {
    host.writable()?;
    if !dir.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    let fd = sys::create(dir.fd.as_fd(), name, sys::open_flags(flags)?, mode)?;
    let st = sys::stat(&fd)?;
    if u32::from(st.stx_mode) & 0o7777 != mode & 0o7777 {
        host::fchmod(&fd, Mode::from_raw_mode(mode & 0o7777)).or_errno()?;
    }
    host.own(fd.as_fd(), cx, gid)?;
    let node_fd = rustix::io::fcntl_dupfd_cloexec(&fd, 0).or_errno()?;
    let node = Arc::new(Node::entry(node_fd, dir, name, &st));
    Ok((node, Open::File(fd), qid(&st)))
}

/// `Tread`: up to `count` bytes (at most [`IO_MAX`]) at `offset`; empty at end of file.
///
/// # Errors
/// `EISDIR` (a directory), `EBADF` (not open for reading), the host's (`EIO`).
pub(crate) fn read(open: &Open, offset: u64, count: u32) -> Result<Bytes> {
    let Open::File(fd) = open else {
        return Err(Errno::EISDIR);
    };
    let mut buf = vec![0u8; count.min(IO_MAX) as usize];
    let n = retry_on_intr(|| rustix::io::pread(fd, &mut buf[..], offset)).or_errno()?;
    buf.truncate(n);
    Ok(Bytes::from(buf))
}

/// `Twrite`: write `data` at `offset` (at the end with `O_APPEND`); the bytes written.
///
/// # Errors
/// `EROFS` (read-only export), `EISDIR`, `EBADF` (not open for writing), the host's
/// (`ENOSPC`, `EFBIG`).
pub(crate) fn write(host: &Host, open: &Open, offset: u64, data: &[u8]) -> Result<u32> {
    host.writable()?;
    let Open::File(fd) = open else {
        return Err(Errno::EISDIR);
    };
    let n = retry_on_intr(|| rustix::io::pwrite(fd, data, offset)).or_errno()?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `Tfsync`: make the open file durable (data only when `datasync` is not 0).
///
/// # Errors
/// The host's (`EIO`).
pub(crate) fn fsync(open: &Open, datasync: u32) -> Result<()> {
    match open {
        Open::File(fd) if datasync != 0 => host::fdatasync(fd).or_errno(),
        Open::File(fd) => host::fsync(fd).or_errno(),
        Open::Dir(listing) => listing.lock().unwrap_or_else(|p| p.into_inner()).fsync(),
    }
}
