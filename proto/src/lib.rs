//! 9P2000.L for Warren: wire types and codec, the [`FileServer`] trait, the serving loop and
//! the client.
//!
//! # Layout
//! - [`errno`]: [`Errno`], Linux errno numbers, the currency of request failures.
//! - [`qid`], [`attr`]: the protocol's value types (qids, attributes, directory entries,
//!   modes and flags).
//! - [`fs`]: the [`FileServer`] trait, [`Caller`] and server-side [`Fid`]s.
//! - [`msg`]: every 9P2000.L message as a Rust value; [`codec`]: their bounded, panic-free
//!   encoding and decoding (fields via the private `wire`); [`frame`]: reading one whole
//!   frame from a stream, bounded by msize.
//! - [`server`]: the serving loop that exports any `FileServer` over a byte stream, and
//!   [`dial`]: `tcp!host!port` / `unix!path` dial strings and listeners.
//! - [`client`]: a remote 9P2000.L server seen as a `FileServer`.
//! - `conformance` (feature `conformance`): the suite every fileserver crate runs on itself.

pub mod attr;
pub mod client;
pub mod codec;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod dial;
pub mod errno;
pub mod frame;
pub mod fs;
pub mod msg;
pub mod qid;
pub mod server;
mod wire;

pub use attr::{Attr, DirEntry, SetAttr, StatFs};
pub use errno::{Errno, Result};
pub use fs::{Caller, Fid, FileServer, Gid, Uid};
pub use qid::{Qid, QidType};
