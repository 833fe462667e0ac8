//! Bodies of 9P2000.L requests (`T*`): one encoder and one decoder dispatch, field order as
//! in `include/net/9p/9p.h` and `net/9p/client.c` of Linux.

use bytes::{BufMut, BytesMut};

use crate::codec::DecodeError;
use crate::errno::Errno;
use crate::msg::{mtype, Tag, Tmsg, MAXWELEM};
use crate::wire::{put_data, put_getlock, put_lock, put_setattr, put_str, Field, Reader};

/// Append the body of `msg` to `out`; returns its type byte.
pub(super) fn encode(msg: &Tmsg, out: &mut BytesMut) -> u8 {
    match msg {
        Tmsg::Version { msize, version } => {
            out.put_u32_le(*msize);
            put_str(out, version);
            mtype::TVERSION
        }
        Tmsg::Auth {
            afid,
            uname,
            aname,
            n_uname,
        } => {
            out.put_u32_le(*afid);
            put_str(out, uname);
            put_str(out, aname);
            out.put_u32_le(*n_uname);
            mtype::TAUTH
        }
        Tmsg::Attach {
            fid,
            afid,
            uname,
            aname,
            n_uname,
        } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*afid);
            put_str(out, uname);
            put_str(out, aname);
            out.put_u32_le(*n_uname);
            mtype::TATTACH
        }
        Tmsg::Flush { oldtag } => {
            out.put_u16_le(oldtag.0);
            mtype::TFLUSH
        }
        Tmsg::Walk {
            fid,
            newfid,
            wnames,
        } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*newfid);
            let n = wnames.len().min(u16::MAX as usize);
            out.put_u16_le(n as u16);
            wnames[..n].iter().for_each(|w| put_str(out, w));
            mtype::TWALK
        }
        Tmsg::Lopen { fid, flags } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*flags);
            mtype::TLOPEN
        }
        Tmsg::Lcreate {
            fid,
            name,
            flags,
            mode,
            gid,
        } => {
            out.put_u32_le(*fid);
            put_str(out, name);
            out.put_u32_le(*flags);
            out.put_u32_le(*mode);
            out.put_u32_le(*gid);
            mtype::TLCREATE
        }
        Tmsg::Read { fid, offset, count } => {
            out.put_u32_le(*fid);
            out.put_u64_le(*offset);
            out.put_u32_le(*count);
            mtype::TREAD
        }
        Tmsg::Write { fid, offset, data } => {
            out.put_u32_le(*fid);
            out.put_u64_le(*offset);
            put_data(out, data);
            mtype::TWRITE
        }
        Tmsg::Clunk { fid } => {
            out.put_u32_le(*fid);
            mtype::TCLUNK
        }
        Tmsg::Remove { fid } => {
            out.put_u32_le(*fid);
            mtype::TREMOVE
        }
        Tmsg::Getattr { fid, request_mask } => {
            out.put_u32_le(*fid);
            out.put_u64_le(*request_mask);
            mtype::TGETATTR
        }
        Tmsg::Setattr { fid, attr } => {
            out.put_u32_le(*fid);
            put_setattr(out, attr);
            mtype::TSETATTR
        }
        Tmsg::Readdir { fid, offset, count } => {
            out.put_u32_le(*fid);
            out.put_u64_le(*offset);
            out.put_u32_le(*count);
            mtype::TREADDIR
        }
        Tmsg::Mkdir {
            dfid,
            name,
            mode,
            gid,
        } => {
            out.put_u32_le(*dfid);
            put_str(out, name);
            out.put_u32_le(*mode);
            out.put_u32_le(*gid);
            mtype::TMKDIR
        }
        Tmsg::Unlinkat { dirfd, name, flags } => {
            out.put_u32_le(*dirfd);
            put_str(out, name);
            out.put_u32_le(*flags);
            mtype::TUNLINKAT
        }
        Tmsg::Renameat {
            olddirfid,
            oldname,
            newdirfid,
            newname,
        } => {
            out.put_u32_le(*olddirfid);
            put_str(out, oldname);
            out.put_u32_le(*newdirfid);
            put_str(out, newname);
            mtype::TRENAMEAT
        }
        Tmsg::Rename { fid, dfid, name } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*dfid);
            put_str(out, name);
            mtype::TRENAME
        }
        Tmsg::Symlink {
            fid,
            name,
            symtgt,
            gid,
        } => {
            out.put_u32_le(*fid);
            put_str(out, name);
            put_str(out, symtgt);
            out.put_u32_le(*gid);
            mtype::TSYMLINK
        }
        Tmsg::Readlink { fid } => {
            out.put_u32_le(*fid);
            mtype::TREADLINK
        }
        Tmsg::Link { dfid, fid, name } => {
            out.put_u32_le(*dfid);
            out.put_u32_le(*fid);
            put_str(out, name);
            mtype::TLINK
        }
        Tmsg::Mknod {
            dfid,
            name,
            mode,
            major,
            minor,
            gid,
        } => {
            out.put_u32_le(*dfid);
            put_str(out, name);
            for v in [*mode, *major, *minor, *gid] {
                out.put_u32_le(v);
            }
            mtype::TMKNOD
        }
        Tmsg::Statfs { fid } => {
            out.put_u32_le(*fid);
            mtype::TSTATFS
        }
        Tmsg::Fsync { fid, datasync } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*datasync);
            mtype::TFSYNC
        }
        Tmsg::Lock { fid, lock } => {
            out.put_u32_le(*fid);
            put_lock(out, lock);
            mtype::TLOCK
        }
        Tmsg::Getlock { fid, lock } => {
            out.put_u32_le(*fid);
            put_getlock(out, lock);
            mtype::TGETLOCK
        }
        Tmsg::Xattrwalk { fid, newfid, name } => {
            out.put_u32_le(*fid);
            out.put_u32_le(*newfid);
            put_str(out, name);
            mtype::TXATTRWALK
        }
        Tmsg::Xattrcreate {
            fid,
            name,
            attr_size,
            flags,
        } => {
            out.put_u32_le(*fid);
            put_str(out, name);
            out.put_u64_le(*attr_size);
            out.put_u32_le(*flags);
            mtype::TXATTRCREATE
        }
    }
}

/// Decode the body of a request of type `ty`.
///
/// # Errors
/// `UnknownType` for a type that is not a 9P2000.L request; `Malformed` when a field runs
/// past the frame.
pub(super) fn decode(ty: u8, r: &mut Reader) -> Field<Tmsg> {
    Ok(match ty {
        mtype::TVERSION => Tmsg::Version {
            msize: r.u32()?,
            version: r.string()?,
        },
        mtype::TAUTH => Tmsg::Auth {
            afid: r.u32()?,
            uname: r.string()?,
            aname: r.string()?,
            n_uname: r.u32()?,
        },
        mtype::TATTACH => Tmsg::Attach {
            fid: r.u32()?,
            afid: r.u32()?,
            uname: r.string()?,
            aname: r.string()?,
            n_uname: r.u32()?,
        },
        mtype::TFLUSH => Tmsg::Flush {
            oldtag: Tag(r.u16()?),
        },
        mtype::TWALK => Tmsg::Walk {
            fid: r.u32()?,
            newfid: r.u32()?,
            wnames: wnames(r)?,
        },
        mtype::TLOPEN => Tmsg::Lopen {
            fid: r.u32()?,
            flags: r.u32()?,
        },
        mtype::TLCREATE => Tmsg::Lcreate {
            fid: r.u32()?,
            name: r.string()?,
            flags: r.u32()?,
            mode: r.u32()?,
            gid: r.u32()?,
        },
        mtype::TREAD => Tmsg::Read {
            fid: r.u32()?,
            offset: r.u64()?,
            count: r.u32()?,
        },
        mtype::TWRITE => Tmsg::Write {
            fid: r.u32()?,
            offset: r.u64()?,
            data: r.data()?,
        },
        mtype::TCLUNK => Tmsg::Clunk { fid: r.u32()? },
        mtype::TREMOVE => Tmsg::Remove { fid: r.u32()? },
        mtype::TGETATTR => Tmsg::Getattr {
            fid: r.u32()?,
            request_mask: r.u64()?,
        },
        mtype::TSETATTR => Tmsg::Setattr {
            fid: r.u32()?,
            attr: r.setattr()?,
        },
        mtype::TREADDIR => Tmsg::Readdir {
            fid: r.u32()?,
            offset: r.u64()?,
            count: r.u32()?,
        },
        mtype::TMKDIR => Tmsg::Mkdir {
            dfid: r.u32()?,
            name: r.string()?,
            mode: r.u32()?,
            gid: r.u32()?,
        },
        mtype::TUNLINKAT => Tmsg::Unlinkat {
            dirfd: r.u32()?,
            name: r.string()?,
            flags: r.u32()?,
        },
        mtype::TRENAMEAT => Tmsg::Renameat {
            olddirfid: r.u32()?,
            oldname: r.string()?,
            newdirfid: r.u32()?,
            newname: r.string()?,
        },
        mtype::TRENAME => Tmsg::Rename {
            fid: r.u32()?,
            dfid: r.u32()?,
            name: r.string()?,
        },
        mtype::TSYMLINK => Tmsg::Symlink {
            fid: r.u32()?,
            name: r.string()?,
            symtgt: r.string()?,
            gid: r.u32()?,
        },
        mtype::TREADLINK => Tmsg::Readlink { fid: r.u32()? },
        mtype::TLINK => Tmsg::Link {
            dfid: r.u32()?,
            fid: r.u32()?,
            name: r.string()?,
        },
        mtype::TMKNOD => Tmsg::Mknod {
            dfid: r.u32()?,
            name: r.string()?,
            mode: r.u32()?,
            major: r.u32()?,
            minor: r.u32()?,
            gid: r.u32()?,
        },
        mtype::TSTATFS => Tmsg::Statfs { fid: r.u32()? },
        mtype::TFSYNC => Tmsg::Fsync {
            fid: r.u32()?,
            datasync: r.u32()?,
        },
        mtype::TLOCK => Tmsg::Lock {
            fid: r.u32()?,
            lock: r.lock()?,
        },
        mtype::TGETLOCK => Tmsg::Getlock {
            fid: r.u32()?,
            lock: r.getlock()?,
        },
        mtype::TXATTRWALK => Tmsg::Xattrwalk {
            fid: r.u32()?,
            newfid: r.u32()?,
            name: r.string()?,
        },
        mtype::TXATTRCREATE => Tmsg::Xattrcreate {
            fid: r.u32()?,
            name: r.string()?,
            attr_size: r.u64()?,
            flags: r.u32()?,
        },
        _ => return Err(DecodeError::UnknownType { tag: r.tag(), ty }),
    })
}

/// `nwname[2] wname[s]*`. Each name takes at least 2 bytes, so a count the frame cannot hold
/// is `Malformed` before anything is allocated; a sound list of more than `MAXWELEM` names is
/// rejected with `E2BIG` (as Linux's `p9_client_walk` refuses to send one).
fn wnames(r: &mut Reader) -> Field<Vec<String>> {
    let n = r.u16()? as usize;
    if n * 2 > r.remaining() {
        return Err(DecodeError::Malformed("nwname larger than the frame"));
    }
    if n > MAXWELEM {
        r.reject(Errno::E2BIG);
    }
    let mut names = Vec::with_capacity(n.min(MAXWELEM));
    for _ in 0..n {
        names.push(r.string()?);
    }
    Ok(names)
}
