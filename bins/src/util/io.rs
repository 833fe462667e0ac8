//! Reading and copying through a process's fds.

use bytes::Bytes;
use warren_kernel::{Fd, ProcContext};
use warren_proto::attr::{oflags, S_IFCHR, S_IFMT};
use warren_proto::Result;

/// Bytes asked for per read: 64 KiB, the usual streaming chunk.
pub const CHUNK: usize = 64 * 1024;

/// Every byte readable from `fd` until end of file, read in [`CHUNK`]s.
///
/// # Errors
/// The first read's error (`EBADF`, `EISDIR`, `EINTR`, ...).
pub async fn read_all(ctx: &ProcContext, fd: Fd) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let chunk = ctx.read(fd, CHUNK).await?;
        if chunk.is_empty() {
            return Ok(out);
        }
        out.extend_from_slice(&chunk);
    }
}

/// The whole contents of the file at `path`.
///
/// # Errors
/// `open(2)`'s errors (`ENOENT`, `EACCES`, ...) and read errors (`EISDIR`).
pub async fn read_file(ctx: &ProcContext, path: &str) -> Result<Vec<u8>> {
    let fd = ctx.open(path, oflags::O_RDONLY, 0).await?;
    let data = read_all(ctx, fd).await;
    let _ = ctx.close(fd).await;
    data
}

/// Whether `fd` is a terminal: the file it refers to is a character device.
pub async fn is_tty(ctx: &ProcContext, fd: Fd) -> bool {
    matches!(ctx.fstat(fd).await, Ok(a) if a.mode & S_IFMT == S_IFCHR)
}

/// Which side of a [`copy`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum CopyError {
    /// Reading the source failed.
    Read(warren_proto::Errno),
    /// Writing the destination failed (`EPIPE` when the reader went away).
    Write(warren_proto::Errno),
}

/// Copy `from` to `to` chunk by chunk until end of file, writing each chunk as it arrives
/// (so a pipe streams). Returns the bytes copied.
///
/// # Errors
/// [`CopyError::Read`] or [`CopyError::Write`] with the failing call's errno.
pub async fn copy(ctx: &ProcContext, from: Fd, to: Fd) -> std::result::Result<u64, CopyError> {
    let mut total = 0;
    loop {
        let chunk = ctx.read(from, CHUNK).await.map_err(CopyError::Read)?;
        if chunk.is_empty() {
            return Ok(total);
        }
        total += chunk.len() as u64;
        ctx.write_all(to, chunk).await.map_err(CopyError::Write)?;
    }
}

/// Splits what an fd yields into lines, reading [`CHUNK`]s (or single bytes, see
/// [`LineReader::bytewise`]) as needed.
pub struct LineReader {
    fd: Fd,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    count: usize,
}

impl LineReader {
    /// A reader of `fd` that reads whole chunks: fastest, but may read past the line it
    /// returns.
    pub fn new(fd: Fd) -> LineReader {
        LineReader {
            fd,
            buf: Vec::new(),
            start: 0,
            eof: false,
            count: CHUNK,
        }
    }

    /// A reader of `fd` that reads one byte at a time, so it never consumes input past the
    /// line it returns (what a shell needs when commands it runs share its stdin; POSIX sh).
    pub fn bytewise(fd: Fd) -> LineReader {
        LineReader {
            count: 1,
            ..LineReader::new(fd)
        }
    }

    /// The next line including its `\n` (the last line of the input may lack it); `None` at
    /// end of file.
    ///
    /// # Errors
    /// The read's errno (`EBADF`, `EISDIR`, `EINTR`).
    pub async fn next_line(&mut self, ctx: &ProcContext) -> Result<Option<Bytes>> {
        loop {
            if let Some(i) = self.buf[self.start..].iter().position(|&b| b == b'\n') {
                let end = self.start + i + 1;
                let line = Bytes::copy_from_slice(&self.buf[self.start..end]);
                self.start = end;
                return Ok(Some(line));
            }
            if self.eof {
                if self.start == self.buf.len() {
                    return Ok(None);
                }
                let line = Bytes::copy_from_slice(&self.buf[self.start..]);
                self.start = self.buf.len();
                return Ok(Some(line));
            }
            self.buf.drain(..self.start);
            self.start = 0;
            let chunk = ctx.read(self.fd, self.count).await?;
            if chunk.is_empty() {
                self.eof = true;
            }
            self.buf.extend_from_slice(&chunk);
        }
    }
}

/// Open an input operand for reading: `-` names stdin (which is returned as is).
///
/// # Errors
/// `open(2)`'s errors: `ENOENT`, `EACCES`, `ENOTDIR`.
pub async fn open_input(ctx: &ProcContext, name: &str) -> Result<Fd> {
    if name == "-" {
        return Ok(Fd::STDIN);
    }
    ctx.open(name, oflags::O_RDONLY, 0).await
}

/// Close an fd [`open_input`] returned; stdin stays open.
pub async fn close_input(ctx: &ProcContext, fd: Fd) {
    if fd != Fd::STDIN {
        let _ = ctx.close(fd).await;
    }
}
