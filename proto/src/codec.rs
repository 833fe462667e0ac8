//! STUB (being written by the codec helper): bounded, panic-free 9P2000.L encoding/decoding.
//! No I/O here; framing on streams lives in `frame.rs`.

use bytes::{Bytes, BytesMut};

use crate::errno::Errno;
use crate::msg::{Rmsg, Tag, Tmsg};

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
    /// The frame is sound but a field is unacceptable (a string that is not UTF-8): answer
    /// `Rlerror(errno)` to `tag`, the connection goes on.
    Invalid {
        /// The request's tag.
        tag: Tag,
        /// The errno to answer with.
        errno: Errno,
    },
}

/// Append the frame for `(tag, msg)` to `out`.
pub fn encode_tmsg(tag: Tag, msg: &Tmsg, out: &mut BytesMut) {
    let _ = (tag, msg, out);
    todo!()
}

/// Append the frame for `(tag, msg)` to `out`.
pub fn encode_rmsg(tag: Tag, msg: &Rmsg, out: &mut BytesMut) {
    let _ = (tag, msg, out);
    todo!()
}

/// Decode one whole frame (starting with its `size[4]`).
pub fn decode_tmsg(frame: &Bytes) -> Result<(Tag, Tmsg), DecodeError> {
    let _ = frame;
    todo!()
}

/// Decode one whole frame (starting with its `size[4]`).
pub fn decode_rmsg(frame: &Bytes) -> Result<(Tag, Rmsg), DecodeError> {
    let _ = frame;
    todo!()
}
