//! Cancel-safe, buffered frame reading for the serving loop.
//!
//! [`crate::frame::read_frame`] reads exactly one frame and is not cancel safe; the reader
//! loop waits for a frame and for a free request slot at once (`select!`), so it needs a
//! reader that keeps partial frames across cancellation. This one also reads as much as the
//! stream has, so pipelined small requests cost one system call. Frames are slices of the
//! read buffer (`Twrite` data is never copied). Same bounds and errors as `read_frame`.

use std::io;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::frame::FrameError;
use crate::msg::HEADER_SIZE;

/// Room made for the next read when no frame is partly buffered, in bytes.
const READ_CHUNK: usize = 8192;

/// A buffered reader of whole 9P frames.
pub(crate) struct FrameReader<R> {
    inner: R,
    buf: BytesMut,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    /// Read frames from `inner`.
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            buf: BytesMut::with_capacity(READ_CHUNK),
        }
    }

    /// The next whole frame (with its `size[4]`) of at most `max` bytes; `Ok(None)` at a
    /// clean end of stream. Cancel safe: a dropped call loses no bytes.
    ///
    /// # Errors
    /// `TooSmall` (`size < 7`), `TooLarge` (`size > max`), `Io` (stream failure, or
    /// `UnexpectedEof` inside a frame).
    pub async fn next(&mut self, max: u32) -> Result<Option<Bytes>, FrameError> {
        loop {
            if let Some(size) = self.whole_frame(max)? {
                return Ok(Some(self.buf.split_to(size).freeze()));
            }
            if self.inner.read_buf(&mut self.buf).await? == 0 {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
            }
        }
    }

    /// The size of the buffered frame if it is whole; otherwise make room to read more.
    fn whole_frame(&mut self, max: u32) -> Result<Option<usize>, FrameError> {
        let Some(head) = self.buf.first_chunk::<4>() else {
            self.buf.reserve(READ_CHUNK);
            return Ok(None);
        };
        let size = u32::from_le_bytes(*head);
        if (size as usize) < HEADER_SIZE {
            return Err(FrameError::TooSmall { size });
        }
        if size > max {
            return Err(FrameError::TooLarge { size, max });
        }
        let size = size as usize;
        if self.buf.len() >= size {
            return Ok(Some(size));
        }
        self.buf.reserve(size - self.buf.len());
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    fn frame(size: u32, fill: usize) -> Vec<u8> {
        let mut f = size.to_le_bytes().to_vec();
        f.resize(4 + fill, 7);
        f
    }

    #[tokio::test]
    async fn pipelined_frames_come_out_whole_and_in_order() {
        let (mut a, b) = tokio::io::duplex(64);
        let mut bytes = frame(9, 5);
        bytes.extend(frame(7, 3));
        let writer = tokio::spawn(async move { a.write_all(&bytes).await });
        let mut r = FrameReader::new(b);
        assert_eq!(r.next(100).await.unwrap().map(|f| f.len()), Some(9));
        assert_eq!(r.next(100).await.unwrap().map(|f| f.len()), Some(7));
        writer.await.unwrap().unwrap();
        assert!(r.next(100).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn oversized_and_undersized_frames_are_refused() {
        let mut r = FrameReader::new(std::io::Cursor::new(frame(101, 0)));
        assert!(matches!(
            r.next(100).await,
            Err(FrameError::TooLarge {
                size: 101,
                max: 100
            })
        ));
        let mut r = FrameReader::new(std::io::Cursor::new(frame(6, 2)));
        assert!(matches!(
            r.next(100).await,
            Err(FrameError::TooSmall { size: 6 })
        ));
    }

    #[tokio::test]
    async fn stream_ending_inside_a_frame_is_unexpected_eof() {
        let mut r = FrameReader::new(std::io::Cursor::new(frame(20, 6)));
        match r.next(100).await {
            Err(FrameError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof),
            other => panic!("expected UnexpectedEof, got {other:?}"),
        }
    }
}
