//! ramfs: an in-memory file tree, the default root and `/tmp` of a Warren image.
//!
//! [`RamFs`] implements every [`FileServer`](warren_proto::FileServer) request a POSIX file
//! system needs: regular files, directories, symlinks and hard links, Linux modes, owners,
//! sizes, link counts, nanosecond times, qid versions bumped on every change, `statfs`, and
//! readdir cookies that survive concurrent changes. It enforces no permissions (the permission
//! middleware wraps it) and keeps no devices (`Tmknod` is `ENOSYS`).
//!
//! Choices worth knowing:
//! - `Tremove` of a file with several names removes the name it was created, linked or last
//!   renamed under first; `Trename` moves that name.
//! - Files are capped at [`MAX_FILE_SIZE`]; [`RamFs::with_limit`] caps all files together.
//! - Opening a symlink is `ELOOP`: 9P2000.L clients resolve links with `Treadlink`.
//! - `Tlcreate`/`Tmkdir`/`Tsymlink` with gid `u32::MAX` use the caller's gid.
//!
//! Source: the 9P2000.L message descriptions (v9fs), POSIX `open(2)`, `rename(2)`,
//! `unlink(2)`, `rmdir(2)`, `truncate(2)`, `utimensat(2)`.
//!
//! # Layout
//! - `ramfs`: [`RamFs`], the server state and node construction; `fs`: its `FileServer` impl.
//! - `node`: a node (metadata, body, links) and its lock rules; `dir`: directory entries and
//!   cookies; `file`: file bytes and the space budget.
//! - `fids`: the fid table.
//! - `tree`: lookup, adding and removing entries; `rename`: moving them, with the lock order.
//! - `io`: open, read, write and setattr on one node.

mod dir;
mod fids;
mod file;
mod fs;
mod io;
mod node;
mod ramfs;
mod rename;
mod tree;

pub use file::MAX_FILE_SIZE;
pub use ramfs::RamFs;
pub use tree::NAME_MAX;
