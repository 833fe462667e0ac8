//! Bodies of 9P2000.L replies (`R*`): one encoder and one decoder dispatch, field order as
//! in `include/net/9p/9p.h` and `net/9p/client.c` of Linux.

use bytes::{BufMut, BytesMut};

use crate::codec::DecodeError;
use crate::errno::Errno;
use crate::msg::{mtype, Rmsg, MAXWELEM};
use crate::qid::Qid;
use crate::wire::{
    put_attr, put_data, put_dirent, put_getlock, put_qid, put_statfs, put_str, Field, Reader,
    QID_SIZE,
};

/// Append the body of `msg` to `out`; returns its type byte.
pub(super) fn encode(msg: &Rmsg, out: &mut BytesMut) -> u8 {
    match msg {
        Rmsg::Lerror { ecode } => {
            out.put_u32_le(*ecode);
            mtype::RLERROR
        }
        Rmsg::Version { msize, version } => {
            out.put_u32_le(*msize);
            put_str(out, version);
            mtype::RVERSION
        }
        Rmsg::Auth { aqid } => {
            put_qid(out, aqid);
            mtype::RAUTH
        }
        Rmsg::Attach { qid } => {
            put_qid(out, qid);
            mtype::RATTACH
        }
        Rmsg::Flush => mtype::RFLUSH,
        Rmsg::Walk { wqids } => {
            let n = wqids.len().min(u16::MAX as usize);
            out.put_u16_le(n as u16);
            wqids[..n].iter().for_each(|q| put_qid(out, q));
            mtype::RWALK
        }
        Rmsg::Lopen { qid, iounit } => {
            put_qid(out, qid);
            out.put_u32_le(*iounit);
            mtype::RLOPEN
        }
        Rmsg::Lcreate { qid, iounit } => {
            put_qid(out, qid);
            out.put_u32_le(*iounit);
            mtype::RLCREATE
        }
        Rmsg::Read { data } => {
            put_data(out, data);
            mtype::RREAD
        }
        Rmsg::Write { count } => {
            out.put_u32_le(*count);
            mtype::RWRITE
        }
        Rmsg::Clunk => mtype::RCLUNK,
        Rmsg::Remove => mtype::RREMOVE,
        Rmsg::Getattr { attr } => {
            put_attr(out, attr);
            mtype::RGETATTR
        }
        Rmsg::Setattr => mtype::RSETATTR,
        Rmsg::Readdir { entries } => {
            let at = out.len();
            out.put_u32_le(0);
            entries.iter().for_each(|e| put_dirent(out, e));
            let count = u32::try_from(out.len() - at - 4).unwrap_or(u32::MAX);
            out[at..at + 4].copy_from_slice(&count.to_le_bytes());
            mtype::RREADDIR
        }
        Rmsg::Mkdir { qid } => {
            put_qid(out, qid);
            mtype::RMKDIR
        }
        Rmsg::Unlinkat => mtype::RUNLINKAT,
        Rmsg::Renameat => mtype::RRENAMEAT,
        Rmsg::Rename => mtype::RRENAME,
        Rmsg::Symlink { qid } => {
            put_qid(out, qid);
            mtype::RSYMLINK
        }
        Rmsg::Readlink { target } => {
            put_str(out, target);
            mtype::RREADLINK
        }
        Rmsg::Link => mtype::RLINK,
        Rmsg::Mknod { qid } => {
            put_qid(out, qid);
            mtype::RMKNOD
        }
        Rmsg::Statfs { statfs } => {
            put_statfs(out, statfs);
            mtype::RSTATFS
        }
        Rmsg::Fsync => mtype::RFSYNC,
        Rmsg::Lock { status } => {
            out.put_u8(*status);
            mtype::RLOCK
        }
        Rmsg::Getlock { lock } => {
            put_getlock(out, lock);
            mtype::RGETLOCK
        }
        Rmsg::Xattrwalk { size } => {
            out.put_u64_le(*size);
            mtype::RXATTRWALK
        }
        Rmsg::Xattrcreate => mtype::RXATTRCREATE,
    }
}

/// Decode the body of a reply of type `ty`.
///
/// # Errors
/// `UnknownType` for a type that is not a 9P2000.L reply; `Malformed` when a field runs past
/// the frame or `Rreaddir` entries do not exactly fill its count.
pub(super) fn decode(ty: u8, r: &mut Reader) -> Field<Rmsg> {
    Ok(match ty {
        mtype::RLERROR => Rmsg::Lerror { ecode: r.u32()? },
        mtype::RVERSION => Rmsg::Version {
            msize: r.u32()?,
            version: r.string()?,
        },
        mtype::RAUTH => Rmsg::Auth { aqid: r.qid()? },
        mtype::RATTACH => Rmsg::Attach { qid: r.qid()? },
        mtype::RFLUSH => Rmsg::Flush,
        mtype::RWALK => Rmsg::Walk { wqids: wqids(r)? },
        mtype::RLOPEN => Rmsg::Lopen {
            qid: r.qid()?,
            iounit: r.u32()?,
        },
        mtype::RLCREATE => Rmsg::Lcreate {
            qid: r.qid()?,
            iounit: r.u32()?,
        },
        mtype::RREAD => Rmsg::Read { data: r.data()? },
        mtype::RWRITE => Rmsg::Write { count: r.u32()? },
        mtype::RCLUNK => Rmsg::Clunk,
        mtype::RREMOVE => Rmsg::Remove,
        mtype::RGETATTR => Rmsg::Getattr { attr: r.attr()? },
        mtype::RSETATTR => Rmsg::Setattr,
        mtype::RREADDIR => Rmsg::Readdir {
            entries: entries(r)?,
        },
        mtype::RMKDIR => Rmsg::Mkdir { qid: r.qid()? },
        mtype::RUNLINKAT => Rmsg::Unlinkat,
        mtype::RRENAMEAT => Rmsg::Renameat,
        mtype::RRENAME => Rmsg::Rename,
        mtype::RSYMLINK => Rmsg::Symlink { qid: r.qid()? },
        mtype::RREADLINK => Rmsg::Readlink {
            target: r.string()?,
        },
        mtype::RLINK => Rmsg::Link,
        mtype::RMKNOD => Rmsg::Mknod { qid: r.qid()? },
        mtype::RSTATFS => Rmsg::Statfs {
            statfs: r.statfs()?,
        },
        mtype::RFSYNC => Rmsg::Fsync,
        mtype::RLOCK => Rmsg::Lock { status: r.u8()? },
        mtype::RGETLOCK => Rmsg::Getlock { lock: r.getlock()? },
        mtype::RXATTRWALK => Rmsg::Xattrwalk { size: r.u64()? },
        mtype::RXATTRCREATE => Rmsg::Xattrcreate,
        _ => return Err(DecodeError::UnknownType { tag: r.tag(), ty }),
    })
}

/// `nwqid[2] qid[13]*`: a count the frame cannot hold is `Malformed` before allocating; a
/// sound list of more than `MAXWELEM` qids answers a walk nobody sent, so it is `EPROTO`.
fn wqids(r: &mut Reader) -> Field<Vec<Qid>> {
    let n = r.u16()? as usize;
    if n * QID_SIZE > r.remaining() {
        return Err(DecodeError::Malformed("nwqid larger than the frame"));
    }
    if n > MAXWELEM {
        r.reject(Errno::EPROTO);
    }
    (0..n).map(|_| r.qid()).collect()
}

/// `count[4]` then entries packed in exactly `count` bytes.
fn entries(r: &mut Reader) -> Field<Vec<crate::attr::DirEntry>> {
    let count = r.u32()? as usize;
    let mut packed = r.sub(count)?;
    let mut out = Vec::new();
    while packed.remaining() > 0 {
        out.push(packed.dirent()?);
    }
    packed.merge_into(r);
    Ok(out)
}
