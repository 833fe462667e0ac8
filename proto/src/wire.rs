//! Primitive 9P2000.L field readers and writers: little-endian integers, `s` strings
//! (`len[2] bytes`), `qid[13]` and the fixed-layout bodies of attr.rs.
//!
//! [`Reader`] checks every length against the bytes remaining before it slices or
//! allocates, so no decode allocates more than its frame holds. Writers append to a
//! `BytesMut` and cannot fail. Source: 9P2000.L (`include/net/9p/9p.h`, `net/9p/protocol.c`).

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::attr::{Attr, DirEntry, GetLock, Lock, SetAttr, StatFs};
use crate::codec::DecodeError;
use crate::errno::Errno;
use crate::msg::Tag;
use crate::qid::{Qid, QidType};

/// Bytes of a `qid[13]` on the wire.
pub(crate) const QID_SIZE: usize = 13;

/// A cursor over one frame's body that never reads past its end.
///
/// A field that is structurally sound but unacceptable (a string that is not UTF-8) is
/// remembered rather than failing at once, so a later structural fault still wins: see
/// [`Reader::finish`].
pub(crate) struct Reader {
    buf: Bytes,
    tag: Tag,
    invalid: Option<Errno>,
}

/// The result of reading one field.
pub(crate) type Field<T> = Result<T, DecodeError>;

impl Reader {
    /// A reader over `body` (the bytes after `size[4] type[1] tag[2]`) of the frame `tag`.
    pub(crate) fn new(body: Bytes, tag: Tag) -> Reader {
        Reader {
            buf: body,
            tag,
            invalid: None,
        }
    }

    /// The tag of the frame being read.
    pub(crate) fn tag(&self) -> Tag {
        self.tag
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.remaining()
    }

    fn need(&self, n: usize) -> Field<()> {
        if self.buf.remaining() < n {
            return Err(DecodeError::Malformed(
                "field runs past the end of the frame",
            ));
        }
        Ok(())
    }

    /// Record that the frame is sound but must be answered with `errno` (first one wins).
    pub(crate) fn reject(&mut self, errno: Errno) {
        self.invalid.get_or_insert(errno);
    }

    /// `x[1]`.
    pub(crate) fn u8(&mut self) -> Field<u8> {
        self.need(1)?;
        Ok(self.buf.get_u8())
    }

    /// `x[2]`, little-endian.
    pub(crate) fn u16(&mut self) -> Field<u16> {
        self.need(2)?;
        Ok(self.buf.get_u16_le())
    }

    /// `x[4]`, little-endian.
    pub(crate) fn u32(&mut self) -> Field<u32> {
        self.need(4)?;
        Ok(self.buf.get_u32_le())
    }

    /// `x[8]`, little-endian.
    pub(crate) fn u64(&mut self) -> Field<u64> {
        self.need(8)?;
        Ok(self.buf.get_u64_le())
    }

    /// `n` raw bytes, shared with the frame (no copy).
    pub(crate) fn bytes(&mut self, n: usize) -> Field<Bytes> {
        self.need(n)?;
        Ok(self.buf.split_to(n))
    }

    /// `count[4] data[count]`: the data of `Rread`/`Twrite`, shared with the frame.
    pub(crate) fn data(&mut self) -> Field<Bytes> {
        let n = self.u32()? as usize;
        self.bytes(n)
    }

    /// `s`: `len[2]` then UTF-8. Non-UTF-8 yields `""` and marks the frame `EINVAL`.
    pub(crate) fn string(&mut self) -> Field<String> {
        let n = self.u16()? as usize;
        let raw = self.bytes(n)?;
        match std::str::from_utf8(&raw) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => {
                self.reject(Errno::EINVAL);
                Ok(String::new())
            }
        }
    }

    /// `qid[13]`: `type[1] version[4] path[8]`.
    pub(crate) fn qid(&mut self) -> Field<Qid> {
        self.need(QID_SIZE)?;
        Ok(Qid {
            ty: QidType(self.buf.get_u8()),
            version: self.buf.get_u32_le(),
            path: self.buf.get_u64_le(),
        })
    }

    /// A sub-reader over the next `n` bytes (the packed entries of `Rreaddir`).
    pub(crate) fn sub(&mut self, n: usize) -> Field<Reader> {
        let body = self.bytes(n)?;
        Ok(Reader::new(body, self.tag))
    }

    /// End of the frame: trailing bytes are `Malformed`; a remembered rejection is `Invalid`.
    ///
    /// # Errors
    /// `Malformed` if bytes remain, else `Invalid { tag, errno }` if a field was rejected.
    pub(crate) fn finish(self) -> Field<()> {
        if self.buf.has_remaining() {
            return Err(DecodeError::Malformed("trailing bytes after the message"));
        }
        match self.invalid {
            Some(errno) => Err(DecodeError::Invalid {
                tag: self.tag,
                errno,
            }),
            None => Ok(()),
        }
    }

    /// Hand a rejection remembered by this sub-reader to its `parent`.
    pub(crate) fn merge_into(self, parent: &mut Reader) {
        if let Some(errno) = self.invalid {
            parent.reject(errno);
        }
    }

    /// The `Rgetattr` body after its header.
    pub(crate) fn attr(&mut self) -> Field<Attr> {
        let (valid, qid) = (self.u64()?, self.qid()?);
        let (mode, uid, gid) = (self.u32()?, self.u32()?, self.u32()?);
        let mut t = [0u64; 15];
        for v in t.iter_mut() {
            *v = self.u64()?;
        }
        let [nlink, rdev, size, blksize, blocks, atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec, btime_sec, btime_nsec, gen, data_version] =
            t;
        Ok(Attr {
            valid,
            qid,
            mode,
            uid,
            gid,
            nlink,
            rdev,
            size,
            blksize,
            blocks,
            atime_sec,
            atime_nsec,
            mtime_sec,
            mtime_nsec,
            ctime_sec,
            ctime_nsec,
            btime_sec,
            btime_nsec,
            gen,
            data_version,
        })
    }

    /// The `Tsetattr` body after its fid.
    pub(crate) fn setattr(&mut self) -> Field<SetAttr> {
        Ok(SetAttr {
            valid: self.u32()?,
            mode: self.u32()?,
            uid: self.u32()?,
            gid: self.u32()?,
            size: self.u64()?,
            atime_sec: self.u64()?,
            atime_nsec: self.u64()?,
            mtime_sec: self.u64()?,
            mtime_nsec: self.u64()?,
        })
    }

    /// The `Rstatfs` body.
    pub(crate) fn statfs(&mut self) -> Field<StatFs> {
        Ok(StatFs {
            ty: self.u32()?,
            bsize: self.u32()?,
            blocks: self.u64()?,
            bfree: self.u64()?,
            bavail: self.u64()?,
            files: self.u64()?,
            ffree: self.u64()?,
            fsid: self.u64()?,
            namelen: self.u32()?,
        })
    }

    /// The `Tlock` body after its fid.
    pub(crate) fn lock(&mut self) -> Field<Lock> {
        Ok(Lock {
            ty: self.u8()?,
            flags: self.u32()?,
            start: self.u64()?,
            length: self.u64()?,
            proc_id: self.u32()?,
            client_id: self.string()?,
        })
    }

    /// The `Tgetlock` body after its fid, and the `Rgetlock` body.
    pub(crate) fn getlock(&mut self) -> Field<GetLock> {
        Ok(GetLock {
            ty: self.u8()?,
            start: self.u64()?,
            length: self.u64()?,
            proc_id: self.u32()?,
            client_id: self.string()?,
        })
    }

    /// One `Rreaddir` entry: `qid[13] offset[8] type[1] name[s]`.
    pub(crate) fn dirent(&mut self) -> Field<DirEntry> {
        Ok(DirEntry {
            qid: self.qid()?,
            offset: self.u64()?,
            ty: self.u8()?,
            name: self.string()?,
        })
    }
}

/// Append `s` as `len[2] bytes`.
///
/// A string longer than 65535 bytes cannot be represented; it is cut at the last UTF-8
/// boundary that fits so the frame stays well-formed. Callers MUST bound their strings
/// (the client answers `ENAMETOOLONG` before encoding).
pub(crate) fn put_str(out: &mut BytesMut, s: &str) {
    let mut n = s.len().min(u16::MAX as usize);
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    out.put_u16_le(n as u16);
    out.put_slice(&s.as_bytes()[..n]);
}

/// Append `count[4] data`. Data over 4 GiB cannot be represented and is cut.
pub(crate) fn put_data(out: &mut BytesMut, data: &[u8]) {
    let n = data.len().min(u32::MAX as usize);
    out.put_u32_le(n as u32);
    out.put_slice(&data[..n]);
}

/// Append `qid[13]`.
pub(crate) fn put_qid(out: &mut BytesMut, q: &Qid) {
    out.put_u8(q.ty.0);
    out.put_u32_le(q.version);
    out.put_u64_le(q.path);
}

/// Append the `Rgetattr` body.
pub(crate) fn put_attr(out: &mut BytesMut, a: &Attr) {
    out.put_u64_le(a.valid);
    put_qid(out, &a.qid);
    for v in [a.mode, a.uid, a.gid] {
        out.put_u32_le(v);
    }
    for v in [
        a.nlink,
        a.rdev,
        a.size,
        a.blksize,
        a.blocks,
        a.atime_sec,
        a.atime_nsec,
        a.mtime_sec,
        a.mtime_nsec,
        a.ctime_sec,
        a.ctime_nsec,
        a.btime_sec,
        a.btime_nsec,
        a.gen,
        a.data_version,
    ] {
        out.put_u64_le(v);
    }
}

/// Append the `Tsetattr` body after its fid.
pub(crate) fn put_setattr(out: &mut BytesMut, a: &SetAttr) {
    for v in [a.valid, a.mode, a.uid, a.gid] {
        out.put_u32_le(v);
    }
    for v in [a.size, a.atime_sec, a.atime_nsec, a.mtime_sec, a.mtime_nsec] {
        out.put_u64_le(v);
    }
}

/// Append the `Rstatfs` body.
pub(crate) fn put_statfs(out: &mut BytesMut, s: &StatFs) {
    out.put_u32_le(s.ty);
    out.put_u32_le(s.bsize);
    for v in [s.blocks, s.bfree, s.bavail, s.files, s.ffree, s.fsid] {
        out.put_u64_le(v);
    }
    out.put_u32_le(s.namelen);
}

/// Append the `Tlock` body after its fid.
pub(crate) fn put_lock(out: &mut BytesMut, l: &Lock) {
    out.put_u8(l.ty);
    out.put_u32_le(l.flags);
    out.put_u64_le(l.start);
    out.put_u64_le(l.length);
    out.put_u32_le(l.proc_id);
    put_str(out, &l.client_id);
}

/// Append the `Tgetlock` body after its fid, or the `Rgetlock` body.
pub(crate) fn put_getlock(out: &mut BytesMut, l: &GetLock) {
    out.put_u8(l.ty);
    out.put_u64_le(l.start);
    out.put_u64_le(l.length);
    out.put_u32_le(l.proc_id);
    put_str(out, &l.client_id);
}

/// Append one `Rreaddir` entry.
pub(crate) fn put_dirent(out: &mut BytesMut, e: &DirEntry) {
    put_qid(out, &e.qid);
    out.put_u64_le(e.offset);
    out.put_u8(e.ty);
    put_str(out, &e.name);
}
