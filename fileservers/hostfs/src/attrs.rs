//! Host attributes as 9P2000.L shows them (`Tgetattr`, `Tstatfs`) and changes to them
//! (`Tsetattr`: chmod, chown, truncate, utimes).

use std::os::fd::AsFd;

use rustix::fs::{self as host, AtFlags, OFlags, Statx, StatxFlags, Timespec, Timestamps};
use rustix::fs::{UTIME_NOW, UTIME_OMIT};
use warren_proto::attr::{getattr as ga, setattr as sa, S_IFDIR, S_IFREG};
use warren_proto::{Attr, Errno, Gid, Qid, QidType, Result, SetAttr, StatFs, Uid};

use crate::hostfs::Host;
use crate::node::Node;
use crate::options::IdMap;
use crate::sys::OrErrno;

/// The qid of a host file: its inode number as `path`, its mtime folded into `version`.
pub(crate) fn qid(st: &Statx) -> Qid {
    Qid {
        ty: QidType::from_mode(u32::from(st.stx_mode)),
        version: (st.stx_mtime.tv_sec as u32) ^ st.stx_mtime.tv_nsec,
        path: st.stx_ino,
    }
}

/// The `Rgetattr` body for host attributes `st`, owners mapped through `ids`.
pub(crate) fn attr(st: &Statx, ids: &IdMap) -> Attr {
    let btime = StatxFlags::from_bits_retain(st.stx_mask).contains(StatxFlags::BTIME);
    Attr {
        valid: ga::BASIC | if btime { ga::BTIME } else { 0 },
        qid: qid(st),
        mode: u32::from(st.stx_mode),
        uid: ids.warren_uid(st.stx_uid).0,
        gid: ids.warren_gid(st.stx_gid).0,
        nlink: u64::from(st.stx_nlink),
        rdev: host::makedev(st.stx_rdev_major, st.stx_rdev_minor),
        size: st.stx_size,
        blksize: u64::from(st.stx_blksize),
        blocks: st.stx_blocks,
        atime_sec: st.stx_atime.tv_sec as u64,
        atime_nsec: u64::from(st.stx_atime.tv_nsec),
        mtime_sec: st.stx_mtime.tv_sec as u64,
        mtime_nsec: u64::from(st.stx_mtime.tv_nsec),
        ctime_sec: st.stx_ctime.tv_sec as u64,
        ctime_nsec: u64::from(st.stx_ctime.tv_nsec),
        btime_sec: if btime { st.stx_btime.tv_sec as u64 } else { 0 },
        btime_nsec: if btime {
            u64::from(st.stx_btime.tv_nsec)
        } else {
            0
        },
        gen: 0,
        data_version: 0,
    }
}

/// `Tstatfs`: the host file system's statistics for the file system `node` is on.
///
/// # Errors
/// The host's (`EIO`).
pub(crate) fn statfs(node: &Node) -> Result<StatFs> {
    let st = host::fstatfs(&node.fd).or_errno()?;
    let fsid = host::fstatvfs(&node.fd).or_errno()?.f_fsid;
    Ok(StatFs {
        ty: st.f_type as u32,
        bsize: st.f_bsize as u32,
        blocks: st.f_blocks,
        bfree: st.f_bfree,
        bavail: st.f_bavail,
        files: st.f_files,
        ffree: st.f_ffree,
        fsid,
        namelen: st.f_namelen as u32,
    })
}

/// `Tsetattr` on `node`: mode, then owners, then size, then times (the order of Linux's
/// `notify_change`, so an explicit mtime survives the truncate).
///
/// # Errors
/// `EROFS` (read-only export); `EPERM` (an owner with no host id, or the host refuses);
/// `EISDIR` (size of a directory); `EINVAL` (size of a symlink or special file);
/// `EOPNOTSUPP` (mode of a symlink); the host's.
pub(crate) fn setattr(host: &Host, node: &Node, set: &SetAttr) -> Result<()> {
    if set.valid == 0 {
        return Ok(());
    }
    host.writable()?;
    if set.valid & sa::MODE != 0 {
        host.proc.chmod(node.fd.as_fd(), set.mode)?;
    }
    if set.valid & (sa::UID | sa::GID) != 0 {
        chown(&host.opts.ids, node, set)?;
    }
    if set.valid & sa::SIZE != 0 {
        truncate(host, node, set.size)?;
    }
    if set.valid & (sa::ATIME | sa::MTIME) != 0 {
        let times = Timestamps {
            last_access: stamp(
                set.valid,
                sa::ATIME,
                sa::ATIME_SET,
                set.atime_sec,
                set.atime_nsec,
            ),
            last_modification: stamp(
                set.valid,
                sa::MTIME,
                sa::MTIME_SET,
                set.mtime_sec,
                set.mtime_nsec,
            ),
        };
        host::utimensat(&node.fd, "", &times, AtFlags::EMPTY_PATH).or_errno()?;
    }
    Ok(())
}

/// Change the owners `set` selects, mapped back to host ids.
fn chown(ids: &IdMap, node: &Node, set: &SetAttr) -> Result<()> {
    let uid = match set.valid & sa::UID {
        0 => None,
        _ => Some(ids.host_uid(Uid(set.uid)).ok_or(Errno::EPERM)?),
    };
    let gid = match set.valid & sa::GID {
        0 => None,
        _ => Some(ids.host_gid(Gid(set.gid)).ok_or(Errno::EPERM)?),
    };
    let uid = uid.map(host::Uid::from_raw);
    let gid = gid.map(host::Gid::from_raw);
    host::chownat(&node.fd, "", uid, gid, AtFlags::EMPTY_PATH).or_errno()
}

/// Truncate or extend the regular file `node` to `size` bytes, through a new write-only
/// open of the file itself.
fn truncate(host: &Host, node: &Node, size: u64) -> Result<()> {
    match node.kind {
        S_IFREG => {
            let flags = OFlags::WRONLY | OFlags::CLOEXEC | OFlags::NOCTTY;
            let fd = host.proc.reopen(node.fd.as_fd(), flags)?;
            host::ftruncate(&fd, size).or_errno()
        }
        S_IFDIR => Err(Errno::EISDIR),
        _ => Err(Errno::EINVAL),
    }
}

/// One `utimensat` time: left alone unless `now_bit`; the given time with `set_bit`, else now.
fn stamp(valid: u32, now_bit: u32, set_bit: u32, sec: u64, nsec: u64) -> Timespec {
    match (valid & now_bit != 0, valid & set_bit != 0) {
        (false, _) => Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
        (true, true) => Timespec {
            tv_sec: sec as i64,
            tv_nsec: nsec as _,
        },
        (true, false) => Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_NOW,
        },
    }
}
