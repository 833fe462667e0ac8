//! Framing: reading one whole 9P frame from a byte stream, bounded by the negotiated msize.
//!
//! This is the only place in the codec path that does I/O. A frame is returned whole,
//! including its `size[4]`, which is what [`crate::codec::decode_tmsg`] and
//! [`crate::codec::decode_rmsg`] take. Writing needs no helper: encode into a `BytesMut` and
//! `write_all` it. Source: intro(5) (message size and msize), 9P2000.L `Tversion`.

use std::io;

use bytes::{BufMut, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::msg::HEADER_SIZE;

/// Why a frame could not be read. Every variant ends the connection.
#[derive(Debug)]
pub enum FrameError {
    /// The stream failed, or ended in the middle of a frame (`UnexpectedEof`).
    Io(io::Error),
    /// The size field exceeds the negotiated maximum (`size` and `max` in bytes).
    TooLarge {
        /// The frame's size field.
        size: u32,
        /// The largest frame accepted (the msize).
        max: u32,
    },
    /// The size field is smaller than a header (7 bytes).
    TooSmall {
        /// The frame's size field.
        size: u32,
    },
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "9P stream error: {e}"),
            FrameError::TooLarge { size, max } => {
                write!(f, "9P frame of {size} bytes exceeds msize {max}")
            }
            FrameError::TooSmall { size } => write!(f, "9P frame of {size} bytes is too small"),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> FrameError {
        FrameError::Io(e)
    }
}

/// Read one frame of at most `max` bytes from `r`, including its `size[4]` field.
///
/// Returns `Ok(None)` on a clean end of stream before the first byte of a frame. Nothing is
/// allocated until the size field has been checked, and then exactly `size` bytes.
///
/// # Errors
/// `TooSmall` if `size < 7`, `TooLarge` if `size > max`, `Io` if the stream fails or ends
/// inside a frame (`UnexpectedEof`).
///
/// Cancel safety: not cancel safe; dropping the future mid-frame loses the frame's bytes.
pub async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut R,
    max: u32,
) -> Result<Option<Bytes>, FrameError> {
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        let n = r.read(&mut head[got..]).await?;
        if n == 0 && got == 0 {
            return Ok(None);
        }
        if n == 0 {
            return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
        }
        got += n;
    }
    let size = u32::from_le_bytes(head);
    if (size as usize) < HEADER_SIZE {
        return Err(FrameError::TooSmall { size });
    }
    if size > max {
        return Err(FrameError::TooLarge { size, max });
    }
    let mut frame = BytesMut::with_capacity(size as usize);
    frame.put_slice(&head);
    frame.resize(size as usize, 0);
    r.read_exact(&mut frame[head.len()..]).await?;
    Ok(Some(frame.freeze()))
}
