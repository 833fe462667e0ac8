//! Operations on one node's contents and attributes: open, read, write, setattr.

use bytes::Bytes;
use warren_proto::attr::{oflags, setattr};
use warren_proto::{Errno, Result, SetAttr};

use crate::fids::writable;
use crate::node::{Body, Node, Time};

/// Check that `node` may be opened with `flags`, truncating a file for `O_TRUNC`.
///
/// # Errors
/// `EINVAL` (access mode 3), `EISDIR` (write access to a directory), `ENOTDIR`
/// (`O_DIRECTORY` on a non-directory), `ELOOP` (a symlink: 9P2000.L clients read links with
/// `Treadlink`), `ENOSPC`.
pub(crate) fn open(node: &Node, flags: u32) -> Result<()> {
    if flags & oflags::O_ACCMODE == oflags::O_ACCMODE {
        return Err(Errno::EINVAL);
    }
    let mut guard = node.lock();
    let st = &mut *guard;
    match &mut st.body {
        Body::Dir(_) if writable(flags) => Err(Errno::EISDIR),
        Body::Dir(_) => Ok(()),
        _ if flags & oflags::O_DIRECTORY != 0 => Err(Errno::ENOTDIR),
        Body::Symlink(_) => Err(Errno::ELOOP),
        Body::File(f) if flags & oflags::O_TRUNC != 0 && writable(flags) => {
            f.resize(0)?;
            st.meta.modified();
            node.bump();
            Ok(())
        }
        Body::File(_) => Ok(()),
    }
}

/// Up to `count` bytes of the file at `offset`; empty at the end.
///
/// # Errors
/// `EISDIR` (a directory), `EINVAL` (a symlink).
pub(crate) fn read(node: &Node, offset: u64, count: u32) -> Result<Bytes> {
    let mut guard = node.lock();
    let st = &mut *guard;
    match &st.body {
        Body::File(f) => {
            let data = f.read(offset, count);
            st.meta.atime = Time::now();
            Ok(data)
        }
        Body::Dir(_) => Err(Errno::EISDIR),
        Body::Symlink(_) => Err(Errno::EINVAL),
    }
}

/// Write `data` at `offset`, or at the end when the fid was opened with `O_APPEND`.
///
/// # Errors
/// `EISDIR`, `EINVAL` (a symlink), `EFBIG`, `ENOSPC`.
pub(crate) fn write(node: &Node, flags: u32, offset: u64, data: &[u8]) -> Result<u32> {
    let mut guard = node.lock();
    let st = &mut *guard;
    let Body::File(f) = &mut st.body else {
        return Err(if node.is_dir() {
            Errno::EISDIR
        } else {
            Errno::EINVAL
        });
    };
    let offset = if flags & oflags::O_APPEND != 0 {
        f.len()
    } else {
        offset
    };
    let n = f.write(offset, data)?;
    st.meta.modified();
    node.bump();
    Ok(n)
}

/// Apply the changes `sa.valid` selects; the size first, so a failure changes nothing.
///
/// # Errors
/// `EISDIR` (size of a directory), `EINVAL` (size of a symlink), `EFBIG`, `ENOSPC`.
pub(crate) fn set_attr(node: &Node, sa: &SetAttr) -> Result<()> {
    let now = Time::now();
    let mut guard = node.lock();
    let st = &mut *guard;
    if sa.valid & setattr::SIZE != 0 {
        match &mut st.body {
            Body::File(f) => f.resize(sa.size)?,
            Body::Dir(_) => return Err(Errno::EISDIR),
            Body::Symlink(_) => return Err(Errno::EINVAL),
        }
        st.meta.mtime = now;
        node.bump();
    }
    let m = &mut st.meta;
    if sa.valid & setattr::MODE != 0 {
        m.mode = (m.mode & !0o7777) | (sa.mode & 0o7777);
    }
    if sa.valid & setattr::UID != 0 {
        m.uid = sa.uid;
    }
    if sa.valid & setattr::GID != 0 {
        m.gid = sa.gid;
    }
    if sa.valid & setattr::ATIME != 0 {
        m.atime = chosen(
            sa.valid & setattr::ATIME_SET != 0,
            sa.atime_sec,
            sa.atime_nsec,
            now,
        );
    }
    if sa.valid & setattr::MTIME != 0 {
        m.mtime = chosen(
            sa.valid & setattr::MTIME_SET != 0,
            sa.mtime_sec,
            sa.mtime_nsec,
            now,
        );
    }
    if sa.valid != 0 {
        m.ctime = now;
    }
    Ok(())
}

/// The time given (`set`) or now.
fn chosen(set: bool, sec: u64, nsec: u64, now: Time) -> Time {
    if set {
        Time { sec, nsec }
    } else {
        now
    }
}
