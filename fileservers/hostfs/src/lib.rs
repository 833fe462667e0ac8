//! hostfs: a host directory exported as a Warren fileserver, read-only or read-write, with
//! no way out of it.
//!
//! [`HostFs`] is the one Warren fileserver that touches the host file system, on purpose. It
//! serves every 9P2000.L request a POSIX tree needs (walk, open, create, read, write,
//! getattr, setattr, readdir, mkdir, symlink, readlink, link, rename, renameat, unlinkat,
//! remove, statfs, fsync) over a directory given at construction, with [`HostOptions`]:
//! read-only (every change `EROFS`) or not, and an [`IdMap`] from host owners to Warren ids.
//! Host errors reach the caller number for number.
//!
//! # Confinement
//! - The root is held as an `O_PATH` descriptor; a fid holds an `O_PATH` descriptor of its
//!   file, obtained one element at a time with `openat2(dir, name, O_PATH | O_NOFOLLOW,
//!   RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)`. Names are checked to be
//!   one element (in-process callers skip the serving loop's checks).
//! - `..` goes back to the directory the fid was walked from, and at the root stays there.
//! - Symlinks are never followed, as 9P2000.L walks require: walking onto one gives the link
//!   itself, walking through it is `ENOTDIR`, opening it `ELOOP`; the client reads it with
//!   `Treadlink` and resolves it in its own namespace. So an absolute link (`/etc/passwd`)
//!   or a relative one climbing above the root (`../../etc/passwd`) leads nowhere outside.
//! - Open, chmod, truncate and link act on the fid's own descriptor (re-opened through
//!   `/proc/self/fd`, the magic link to that very file), getattr, chown and utimes on it with
//!   `AT_EMPTY_PATH`; everything else on one name in a directory descriptor (`mkdirat`,
//!   `renameat`, `unlinkat`, ...). A directory swapped for a symlink between walk and open
//!   cannot redirect anything.
//! - Not covered: mount points inside the export (bind mounts are followed, as the host
//!   administrator set them up), and a directory that a host process moves out of the export
//!   while a fid is in it (the fid follows it).
//!
//! Other choices worth knowing:
//! - Permissions: hostfs checks none of its own (the permission middleware wraps it); the
//!   host kernel still applies the host process's rights.
//! - Readdir numbers entries in the order returned ("." 1, ".." 2), so cookies survive
//!   changes on any host file system (see `listing`); names that are not UTF-8 are skipped.
//! - Created files and directories get exactly the requested permission bits, whatever the
//!   host umask; ownership as [`IdMap`] says.
//! - qid `path` is the host inode number, `version` folds in the mtime; a `Tread` returns
//!   at most 1 MiB; fifos, sockets and devices do not open (`EOPNOTSUPP`), and `Tmknod` is
//!   `EPERM`; `Tfsync` needs an open fid (`EBADF`); locks and xattrs are the trait's defaults.
//! - Host calls run on tokio's blocking pool.
//!
//! Source: the 9P2000.L message descriptions (v9fs), Linux `openat2(2)`, `proc(5)`,
//! `statx(2)`, `utimensat(2)`, `rename(2)`, `unlink(2)`.
//!
//! # Layout
//! - `hostfs`: [`HostFs`], its construction and shared rules; `fs`: its `FileServer` impl.
//! - `options`: [`HostOptions`] and [`IdMap`].
//! - `sys`: the confined host calls (lookup, create, re-open through `/proc/self/fd`).
//! - `node`: a walked file (descriptor, parent, name) and `Twalk`; `fids`: the fid table.
//! - `open`: open, create, read, write, fsync; `listing`: readdir and its cookies.
//! - `attrs`: getattr, setattr, statfs; `names`: mkdir, symlink, link, rename, unlink,
//!   remove, readlink.

mod attrs;
mod fids;
mod fs;
mod hostfs;
mod listing;
mod names;
mod node;
mod open;
mod options;
mod sys;

pub use hostfs::HostFs;
pub use options::{HostOptions, IdMap};
