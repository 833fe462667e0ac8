//! The pipe fileserver: Plan 9's devpipe, the kernel's pipes, as a 9P2000.L [`FileServer`].
//!
//! Each `attach` creates a fresh pipe whose root directory holds `data` and `data1`; bytes
//! written to `data1` are read from `data` and vice versa. Writes carry their `Bytes` into a
//! queue without copying and a read hands them out by splitting, so a 64 KiB write read with
//! `count >= 64 KiB` moves no data. Each direction buffers up to [`CAPACITY`] bytes.
//!
//! Ends are counted per open fid: a read sees end of file once no fid has the other end open
//! for writing (including before any has opened it) and the buffer is empty; a write fails
//! with `EPIPE` while no fid has the other end open for reading. Unlike Plan 9, which waits for
//! the first open, this is the POSIX `pipe(2)` rule: the kernel opens both ends before using
//! either. A pipe lives as long as a fid names it.
//!
//! Source: Plan 9 `pipe(3)` and `sys/src/9/port/devpipe.c`; POSIX `pipe(2)`, `read(2)`,
//! `write(2)` for EOF and `EPIPE`.
//!
//! # Layout
//! - [`fs`]: [`PipeFs`], the `FileServer` implementation.
//! - `fids`: the fid table and the open-end guard whose drop closes an end.
//! - `pipe`: one pipe, its files, qids and attributes.
//! - `queue`: one direction, a bounded queue of `Bytes` with blocking, cancel-safe ends.
//!
//! [`FileServer`]: warren_proto::FileServer

mod fids;
pub mod fs;
mod pipe;
mod queue;

pub use fs::PipeFs;
pub use queue::CAPACITY;
