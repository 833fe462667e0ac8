//! warren-kv: an example fileserver, a key-value store whose keys are files.
//!
//! [`KvFs`] keeps keys in memory: each regular file is a key and its contents the value;
//! directories group keys (`users/alice`), and symlinks are kept so that the store passes the
//! `FileServer` conformance suite unchanged. Create, write, read, truncate, rename and remove
//! keys through any client: the kernel in-process, Warren's 9P2000.L client, or Linux v9fs.
//!
//! This crate is the one to copy when writing a new fileserver (see `docs/extending.md`): it
//! depends on `warren-proto` only, keeps all its state behind one lock, and leaves protocol
//! checks (fids exist, names are single elements, I/O on open fids only) to the framework.
//!
//! Choices worth knowing:
//! - No permission checks: wrap the server in the permission middleware for those.
//! - A removed key that a fid still names keeps its value until the last clunk, as POSIX
//!   keeps an unlinked open file.
//! - No hard links or device nodes (`Tlink`, `Tmknod` answer the default `EROFS`); values are
//!   capped at [`MAX_VALUE`]; atime changes only through `Tsetattr`; readdir lists no `.`
//!   or `..`.
//!
//! Source: the 9P2000.L message descriptions (v9fs), POSIX `open(2)`, `rename(2)`,
//! `unlink(2)`, `rmdir(2)`, `truncate(2)`.
//!
//! # Layout
//! - `kv`: [`KvFs`], its constructors and [`KvFs::snapshot`]; `fs`: its `FileServer` impl.
//! - `store`: nodes by inode number, the fid table, and the tree operations.
//! - `node`: one node (value, directory or symlink) and its attributes; a directory's
//!   entries and readdir cookies.

mod fs;
mod kv;
mod node;
mod store;

pub use kv::KvFs;
pub use node::MAX_VALUE;
