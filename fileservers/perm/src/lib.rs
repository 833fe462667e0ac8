//! The permission middleware: [`Perm`], a fileserver that wraps another and checks the
//! caller against POSIX owner/group/other mode bits before forwarding each request.
//!
//! `Perm::new(RamFs::new())`. The default image wraps its root, `/home` and `/etc` with it.
//! Which request needs what (`EACCES` for mode-bit denials, `EPERM` for changes reserved to
//! the owner or root):
//! - walk: x on every directory walked through;
//! - open: r for `O_RDONLY`/`O_RDWR` (and to list a directory), w for `O_WRONLY`/`O_RDWR`/
//!   `O_TRUNC`; exec is the kernel's check at spawn, with the same [`may`];
//! - create, mkdir, symlink, mknod, link: w and x on the directory;
//! - remove, unlinkat, rename, renameat: w and x on the directories involved; in a sticky
//!   directory (mode 0o1000, as `/tmp`) only the owner of the file or of the directory may
//!   remove or rename a file, or replace one;
//! - setattr: chmod and explicit times by the owner, chown and chgrp by root only (a
//!   simplification of POSIX chgrp), truncation with w, times to now by the owner or with w.
//! - uid 0 may do everything; everything else is forwarded unchecked.
//!
//! New files and directories belong to their creator: Perm passes the caller's gid to the
//! inner server and, if the result does not carry the caller's uid and gid, sets them as root.
//! Not checked: POSIX's rule that moving a directory needs w on it (to change its `..`);
//! supplementary groups (a Caller has one gid).
//!
//! Sources: POSIX XBD 4.5 (file access permissions), `open(2)`, `unlink(2)`, `rename(2)`,
//! `chmod(2)`, `chown(2)`, `utimensat(2)`; Inferno's `canopen` (validation apart from action).
//!
//! # Layout
//! - `access`: [`Access`] and [`may`], the mode-bit check (the kernel reuses it for exec).
//! - `policy`: sticky directories and setattr, the checks that need more than one mode test.
//! - `perm`: [`Perm`], its per-fid parent directories and shared helpers.
//! - `walk`: the checked walk, one element at a time.
//! - `fs`: the `FileServer` implementation: check, then forward.

mod access;
mod fs;
mod perm;
mod policy;
mod walk;

pub use access::{may, Access};
pub use perm::Perm;
