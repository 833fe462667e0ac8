//! Telnet's end of line on input: CR NL and CR NUL read as a lone CR.
//!
//! A telnet client sends Return as CR NL (or CR NUL), `nc` and `socat` send NL, a browser
//! terminal sends CR. The line discipline reads CR as NL, so CR NL would be two lines (an
//! empty one after each, which login would take for a password). Dropping the NL or NUL that
//! follows a CR, even in the next read, makes every client's Return one NL. Source: RFC 854
//! ("The NVT printer and keyboard": CR NL and CR NUL).

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};

/// An input stream with the byte after each CR dropped when it is NL or NUL.
pub(crate) struct CrLf<R> {
    inner: R,
    /// The last byte kept was CR.
    after_cr: bool,
}

impl<R> CrLf<R> {
    /// `inner` with telnet line ends folded.
    pub(crate) fn new(inner: R) -> CrLf<R> {
        CrLf {
            inner,
            after_cr: false,
        }
    }
}

/// Drop from `data` each NL or NUL that follows a CR (`after_cr`: the byte before `data`
/// was CR; updated for the next call); returns how many bytes are kept, moved to the front.
fn fold(after_cr: &mut bool, data: &mut [u8]) -> usize {
    let mut kept = 0;
    for i in 0..data.len() {
        let b = data[i];
        if *after_cr && (b == b'\n' || b == 0) {
            *after_cr = false;
            continue;
        }
        *after_cr = b == b'\r';
        data[kept] = b;
        kept += 1;
    }
    kept
}

impl<R: AsyncRead + Unpin> AsyncRead for CrLf<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            let start = buf.filled().len();
            ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
            let end = buf.filled().len();
            if end == start {
                return Poll::Ready(Ok(()));
            }
            let kept = fold(&mut this.after_cr, &mut buf.filled_mut()[start..end]);
            buf.set_filled(start + kept);
            // A read that was all dropped bytes must not look like end of input.
            if kept > 0 {
                return Poll::Ready(Ok(()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    fn folded(chunks: &[&[u8]]) -> Vec<u8> {
        let mut after_cr = false;
        let mut out = Vec::new();
        for chunk in chunks {
            let mut data = chunk.to_vec();
            let kept = fold(&mut after_cr, &mut data);
            out.extend_from_slice(&data[..kept]);
        }
        out
    }

    #[test]
    fn cr_nl_and_cr_nul_become_cr_and_lone_nl_stays() {
        assert_eq!(folded(&[b"a\r\nb\r\0c\nd\re"]), b"a\rb\rc\nd\re");
        assert_eq!(folded(&[b"\r\r\n\n"]), b"\r\r\n");
    }

    #[test]
    fn a_pair_split_across_reads_is_still_folded() {
        assert_eq!(
            folded(&[b"agent\r", b"\nhunter2\r", b"\0"]),
            b"agent\rhunter2\r"
        );
    }

    #[tokio::test]
    async fn a_read_of_only_dropped_bytes_waits_for_more_instead_of_ending() {
        let (mut far, near) = tokio::io::duplex(64);
        let mut input = CrLf::new(near);
        far.write_all(b"x\r").await.unwrap();
        let mut buf = [0; 16];
        assert_eq!(input.read(&mut buf).await.unwrap(), 2);
        far.write_all(b"\n").await.unwrap();
        // The read takes the lone NL first, then must wait for the "y" written after it.
        let (n, ()) = tokio::join!(input.read(&mut buf), async {
            far.write_all(b"y").await.unwrap();
        });
        assert_eq!(&buf[..n.unwrap()], b"y");
    }
}
