//! Backends: the byte streams behind a terminal, and the in-memory pair for tests.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, DuplexStream, ReadBuf};

/// Bytes each direction of an in-memory pair buffers before its writer waits.
const PAIR_BUFFER: usize = 64 * 1024;

/// The host input half of a backend.
pub type Input = Box<dyn AsyncRead + Send + Unpin>;
/// The host output half of a backend.
pub type Output = Box<dyn AsyncWrite + Send + Unpin>;

/// What kind of device is behind a terminal: it decides the line discipline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A terminal a person types on (the host terminal, already in raw mode, or a remote
    /// connection): Warren's line discipline echoes, edits, raises signals, maps CR to NL on
    /// input and NL to CR NL on output. End of its input is a hangup.
    Terminal,
    /// A plain byte stream (host stdin that is not a terminal): no echo, no editing, no signal
    /// characters, no CR/NL mapping; input is passed through line by line and the end of the
    /// input is end of file (not a hangup).
    Stream,
}

/// The two halves of a terminal's device and its kind; [`crate::TtyFs::add`] takes it over.
///
/// The backend's output is shut down when the terminal hangs up, once what was written before
/// is delivered.
pub struct Backend {
    pub(crate) kind: Kind,
    pub(crate) input: Input,
    pub(crate) output: Output,
}

impl Backend {
    /// A backend of `kind` over `input` (keystrokes, or stdin bytes) and `output` (what the
    /// terminal displays). The host CLI MUST have put a host terminal in raw mode: this crate
    /// does not touch termios.
    pub fn new(kind: Kind, input: Input, output: Output) -> Backend {
        Backend {
            kind,
            input,
            output,
        }
    }

    /// An in-memory backend of `kind` and its far end: the test types on the [`Remote`] and
    /// reads from it what the terminal displays (echo and program output).
    pub fn pair(kind: Kind) -> (Backend, Remote) {
        let (near, far) = tokio::io::duplex(PAIR_BUFFER);
        let (input, output) = tokio::io::split(near);
        (
            Backend::new(kind, Box::new(input), Box::new(output)),
            Remote(far),
        )
    }
}

/// The far end of an in-memory backend: write keystrokes to it, read the display from it.
///
/// Dropping it is a hangup (the terminal's input ends and its output fails).
pub struct Remote(DuplexStream);

impl AsyncRead for Remote {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Remote {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
