//! Bounded, panic-free 9P2000.L encoding and decoding of whole frames. No I/O here; reading
//! frames from a stream lives in [`crate::frame`].
//!
//! A frame is `size[4] type[1] tag[2] body`, all integers little-endian, `size` counting the
//! whole frame. Decoding checks that `size` equals the frame's length, checks every count
//! against the bytes remaining before slicing or allocating, caps `nwname`/`nwqid` at
//! [`MAXWELEM`](crate::msg::MAXWELEM) and rejects trailing bytes. `Twrite`/`Rread` data is a
//! slice of the frame (no copy). Source: 9P2000.L (`include/net/9p/9p.h`,
//! `net/9p/protocol.c` in Linux) and intro(5).
//!
//! # Layout
//! - this file: [`DecodeError`], the four entry points, the header, the fuzz entry point.
//! - `tmsg`, `rmsg`: the body of every request and reply, one dispatch match each way.

mod rmsg;
mod tmsg;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::errno::Errno;
use crate::msg::{Rmsg, Tag, Tmsg, HEADER_SIZE};
use crate::wire::Reader;

/// Why a frame could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The frame is structurally broken (short, lying length, trailing bytes, oversize
    /// count): the connection MUST be closed.
    Malformed(&'static str),
    /// The header is sound but the type is unknown: answer `Rlerror(ENOSYS)` to `tag`.
    UnknownType {
        /// The request's tag.
        tag: Tag,
        /// The unknown type byte.
        ty: u8,
    },
    /// The frame is sound but a field is unacceptable (a string that is not UTF-8, more than
    /// `MAXWELEM` walk names): answer `Rlerror(errno)` to `tag`, the connection goes on.
    Invalid {
        /// The request's tag.
        tag: Tag,
        /// The errno to answer with (`EINVAL` for bad UTF-8, `E2BIG` for too many names).
        errno: Errno,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Malformed(why) => write!(f, "malformed 9P frame: {why}"),
            DecodeError::UnknownType { tag, ty } => {
                write!(f, "unknown 9P message type {ty} (tag {})", tag.0)
            }
            DecodeError::Invalid { tag, errno } => {
                write!(f, "invalid 9P message (tag {}): {errno}", tag.0)
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Append the frame for request `(tag, msg)` to `out`: `size[4] type[1] tag[2] body`.
///
/// Strings longer than 65535 bytes and lists longer than 65535 items cannot be represented
/// and are cut; callers MUST bound them (the client checks names before encoding).
pub fn encode_tmsg(tag: Tag, msg: &Tmsg, out: &mut BytesMut) {
    let start = begin(tag, out);
    let ty = tmsg::encode(msg, out);
    end(start, ty, out);
}

/// Append the frame for reply `(tag, msg)` to `out`: `size[4] type[1] tag[2] body`.
///
/// Bounds as [`encode_tmsg`]; a reply MUST fit the negotiated msize, which the caller
/// (the serving loop) ensures by capping read and readdir counts.
pub fn encode_rmsg(tag: Tag, msg: &Rmsg, out: &mut BytesMut) {
    let start = begin(tag, out);
    let ty = rmsg::encode(msg, out);
    end(start, ty, out);
}

/// Decode one whole request frame (starting with its `size[4]`).
///
/// # Errors
/// `Malformed` for a structural fault; `UnknownType` for a type byte that is not a 9P2000.L
/// request; `Invalid { errno: EINVAL }` for a non-UTF-8 string, `Invalid { errno: E2BIG }`
/// for a `Twalk` of more than 16 names.
pub fn decode_tmsg(frame: &Bytes) -> Result<(Tag, Tmsg), DecodeError> {
    let (ty, mut r) = header(frame)?;
    let msg = tmsg::decode(ty, &mut r)?;
    let tag = r.tag();
    r.finish()?;
    Ok((tag, msg))
}

/// Decode one whole reply frame (starting with its `size[4]`).
///
/// # Errors
/// `Malformed` for a structural fault; `UnknownType` for a type byte that is not a 9P2000.L
/// reply; `Invalid { errno: EINVAL }` for a non-UTF-8 string, `Invalid { errno: EPROTO }`
/// for an `Rwalk` of more than 16 qids.
pub fn decode_rmsg(frame: &Bytes) -> Result<(Tag, Rmsg), DecodeError> {
    let (ty, mut r) = header(frame)?;
    let msg = rmsg::decode(ty, &mut r)?;
    let tag = r.tag();
    r.finish()?;
    Ok((tag, msg))
}

/// Check `size[4] type[1] tag[2]` and return the type and a reader over the body.
fn header(frame: &Bytes) -> Result<(u8, Reader), DecodeError> {
    if frame.len() < HEADER_SIZE {
        return Err(DecodeError::Malformed("frame shorter than its header"));
    }
    let mut head = frame.slice(..HEADER_SIZE);
    let size = head.get_u32_le();
    if size as usize != frame.len() {
        return Err(DecodeError::Malformed(
            "size field differs from the frame length",
        ));
    }
    let ty = head.get_u8();
    let tag = Tag(head.get_u16_le());
    Ok((ty, Reader::new(frame.slice(HEADER_SIZE..), tag)))
}

/// Write a header with placeholder size and type; returns where the frame starts.
fn begin(tag: Tag, out: &mut BytesMut) -> usize {
    let start = out.len();
    out.put_u32_le(0);
    out.put_u8(0);
    out.put_u16_le(tag.0);
    start
}

/// Patch the size and type of the frame that starts at `start`.
fn end(start: usize, ty: u8, out: &mut BytesMut) {
    let size = u32::try_from(out.len() - start).unwrap_or(u32::MAX);
    out[start..start + 4].copy_from_slice(&size.to_le_bytes());
    out[start + 4] = ty;
}

/// The decoder fuzz target: decode `data` as a request and as a reply; whatever decodes MUST
/// re-encode to the same bytes and decode again to the same value. Panics on a violation
/// (that is the point); shared by `fuzz/` and `tests/fuzz_corpus.rs`.
#[doc(hidden)]
pub fn fuzz_decode(data: &[u8]) {
    let frame = Bytes::copy_from_slice(data);
    if let Ok((tag, msg)) = decode_tmsg(&frame) {
        let mut out = BytesMut::new();
        encode_tmsg(tag, &msg, &mut out);
        assert_eq!(&out[..], data, "Tmsg re-encoding differs");
        assert_eq!(
            decode_tmsg(&out.freeze()),
            Ok((tag, msg)),
            "Tmsg second decode differs"
        );
    }
    if let Ok((tag, msg)) = decode_rmsg(&frame) {
        let mut out = BytesMut::new();
        encode_rmsg(tag, &msg, &mut out);
        assert_eq!(&out[..], data, "Rmsg re-encoding differs");
        assert_eq!(
            decode_rmsg(&out.freeze()),
            Ok((tag, msg)),
            "Rmsg second decode differs"
        );
    }
}
