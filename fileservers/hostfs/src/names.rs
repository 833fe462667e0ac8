//! Changes to names: `Tmkdir`, `Tsymlink`, `Tlink`, `Trename`, `Trenameat`, `Tunlinkat`,
//! `Tremove`, and `Treadlink`.
//!
//! Every call acts on one name in a directory held by its descriptor (`mkdirat`,
//! `renameat`, `unlinkat`, ...), so it can only touch an entry of a directory inside the
//! export. A symlink target is stored as given and never followed by hostfs.

use std::os::fd::AsFd;
use std::sync::Arc;

use rustix::fs::{self as host, AtFlags, Mode};
use warren_proto::{Caller, Errno, Qid, Result};

use crate::attrs::qid;
use crate::hostfs::Host;
use crate::node::Node;
use crate::sys::{self, OrErrno};

/// `AT_REMOVEDIR`, the one `Tunlinkat` flag.
const AT_REMOVEDIR: u32 = 0x200;

/// `Tmkdir`: make directory `name` in `dir` with permission bits `mode` (exactly, whatever
/// the host umask); its qid. Ownership follows [`IdMap`](crate::IdMap).
///
/// # Errors
/// `EROFS`, `ENOTDIR` (`dir` is not a directory), `EINVAL` (bad name), the host's
/// (`EEXIST`, `EACCES`, `ENOSPC`).
pub(crate) fn mkdir(
    host: &Host,
    cx: &Caller,
    dir: &Node,
    name: &str,
    mode: u32,
    gid: u32,
) -> Result<Qid> {
    made_in(host, dir)?;
    sys::entry_name(name)?;
    let perms = mode & 0o7777;
    host::mkdirat(&dir.fd, name, Mode::from_raw_mode(perms)).or_errno()?;
    let fd = sys::lookup(dir.fd.as_fd(), name)?;
    let st = sys::stat(&fd)?;
    if u32::from(st.stx_mode) & 0o7777 != perms {
        host.proc.chmod(fd.as_fd(), perms)?;
    }
    host.own(fd.as_fd(), cx, gid)?;
    Ok(qid(&st))
}

/// `Tsymlink`: make symlink `name` in `dir` holding `target`; its qid.
///
/// # Errors
/// `EROFS`, `ENOTDIR`, `EINVAL` (bad name, NUL in `target`), `ENOENT` (empty `target`),
/// the host's (`EEXIST`).
pub(crate) fn symlink(
    host: &Host,
    cx: &Caller,
    dir: &Node,
    name: &str,
    target: &str,
    gid: u32,
) -> Result<Qid> {
    made_in(host, dir)?;
    sys::entry_name(name)?;
    if target.is_empty() {
        return Err(Errno::ENOENT);
    }
    host::symlinkat(target, &dir.fd, name).or_errno()?;
    let fd = sys::lookup(dir.fd.as_fd(), name)?;
    host.own(fd.as_fd(), cx, gid)?;
    Ok(qid(&sys::stat(&fd)?))
}

/// `Tlink`: make `name` in `dir` another name of the file `node`.
///
/// # Errors
/// `EROFS`, `ENOTDIR`, `EINVAL`, the host's (`EEXIST`, `EPERM` for a directory, `EXDEV`).
pub(crate) fn link(host: &Host, dir: &Node, node: &Node, name: &str) -> Result<()> {
    made_in(host, dir)?;
    host.proc.link(node.fd.as_fd(), dir.fd.as_fd(), name)
}

/// `Trename`: move the file `node` to `name` in `dir`; the node as it is named now.
///
/// # Errors
/// `EROFS`, `EBUSY` (the root), `ENOENT` (its name is gone), `EINVAL`, and as [`renameat`].
pub(crate) fn rename(host: &Host, node: &Node, dir: &Arc<Node>, name: &str) -> Result<Arc<Node>> {
    host.writable()?;
    sys::entry_name(name)?;
    let (parent, old) = node.named()?;
    host::renameat(&parent.fd, old, &dir.fd, name).or_errno()?;
    Ok(Arc::new(node.moved(dir, name)?))
}

/// `Trenameat`: move `oldname` in `olddir` to `newname` in `newdir`, replacing what is there
/// as POSIX `rename(2)` does.
///
/// # Errors
/// `EROFS`, `EINVAL` (bad names, a directory into itself), the host's (`ENOENT`,
/// `ENOTEMPTY`, `EISDIR`, `ENOTDIR`, `EXDEV`).
pub(crate) fn renameat(
    host: &Host,
    olddir: &Node,
    oldname: &str,
    newdir: &Node,
    newname: &str,
) -> Result<()> {
    host.writable()?;
    sys::entry_name(oldname)?;
    sys::entry_name(newname)?;
    host::renameat(&olddir.fd, oldname, &newdir.fd, newname).or_errno()
}

/// `Tunlinkat`: remove `name` from `dir`; `flags` `AT_REMOVEDIR` for a directory.
///
/// # Errors
/// `EROFS`, `EINVAL` (bad name or other flags), the host's (`ENOENT`, `EISDIR` for a
/// directory without `AT_REMOVEDIR`, `ENOTDIR`, `ENOTEMPTY`).
pub(crate) fn unlinkat(host: &Host, dir: &Node, name: &str, flags: u32) -> Result<()> {
    host.writable()?;
    sys::entry_name(name)?;
    let at = match flags {
        0 => AtFlags::empty(),
        AT_REMOVEDIR => AtFlags::REMOVEDIR,
        _ => return Err(Errno::EINVAL),
    };
    host::unlinkat(&dir.fd, name, at).or_errno()
}

/// `Tremove`: remove the name `node` was walked by (a directory must be empty).
///
/// # Errors
/// `EROFS`, `EBUSY` (the root), `ENOENT` (its name is gone), the host's (`ENOTEMPTY`).
pub(crate) fn remove(host: &Host, node: &Node) -> Result<()> {
    host.writable()?;
    let (parent, name) = node.named()?;
    let at = if node.is_dir() {
        AtFlags::REMOVEDIR
    } else {
        AtFlags::empty()
    };
    host::unlinkat(&parent.fd, name, at).or_errno()
}

/// `Treadlink`: the target of the symlink `node`.
///
/// # Errors
/// `EINVAL` (not a symlink, or a target that is not UTF-8), the host's.
pub(crate) fn readlink(node: &Node) -> Result<String> {
    if !node.is_symlink() {
        return Err(Errno::EINVAL);
    }
    let target = host::readlinkat(&node.fd, "", Vec::new()).or_errno()?;
    target.into_string().map_err(|_| Errno::EINVAL)
}

/// Check that something may be made in `dir`.
///
/// # Errors
/// `EROFS` on a read-only export; `ENOTDIR` when `dir` is not a directory.
fn made_in(host: &Host, dir: &Node) -> Result<()> {
    host.writable()?;
    if !dir.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    Ok(())
}
