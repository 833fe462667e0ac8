//! Path-based file operations on a mount table: what `ProcContext` and exportfs turn into
//! 9P2000.L requests.
//!
//! Paths are clean and absolute. Creation (create, mkdir, symlink) goes to the parent's
//! create member ([`Loc::create_member`]); removal and rename act on the parent member that
//! holds the name, through `Tunlinkat` and `Trenameat`. A mount point cannot be removed or
//! renamed (`EBUSY`). Every request carries the caller's identity.

use warren_proto::attr::getattr::BASIC;
use warren_proto::attr::oflags::{O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY};
use warren_proto::{Attr, Caller, Errno, Qid, Result, SetAttr};

use super::{Chan, Loc, MountTable};
use crate::path;

/// `Tunlinkat` flag: remove a directory.
pub const AT_REMOVEDIR: u32 = 0x200;

/// `Tgetattr` (BASIC) of `path`, following a final symlink when `follow`.
///
/// # Errors
/// as [`MountTable::resolve`]; the server's getattr error.
pub async fn stat(t: &MountTable, cx: &Caller, path: &str, follow: bool) -> Result<Attr> {
    let loc = t.resolve(cx, path, follow).await?;
    let c = loc.chan();
    c.server().getattr(cx, c.fid(), BASIC).await
}

/// Open (or with `O_CREAT` create) `path` with Linux `flags`; `mode`: permission bits of a
/// created file. Returns an opened chan.
///
/// # Errors
/// `ENOENT`, `EEXIST` (`O_CREAT|O_EXCL`), `EISDIR` (write access to a directory), `ENOTDIR`
/// (`O_DIRECTORY` on a file), `ELOOP` (`O_NOFOLLOW` on a symlink), `EROFS` (union without a
/// create member), the server's error.
pub async fn open(t: &MountTable, cx: &Caller, path: &str, flags: u32, mode: u32) -> Result<Chan> {
    let follow = flags & O_NOFOLLOW == 0;
    if flags & O_CREAT == 0 {
        return open_loc(cx, t.resolve(cx, path, follow).await?, flags).await;
    }
    match t.resolve(cx, path, follow).await {
        Ok(_) if flags & O_EXCL != 0 => Err(Errno::EEXIST),
        Ok(loc) => open_loc(cx, loc, flags).await,
        Err(Errno::ENOENT) => match create(t, cx, path, flags, mode).await {
            Err(Errno::EEXIST) if flags & O_EXCL == 0 => {
                open_loc(cx, t.resolve(cx, path, follow).await?, flags).await
            }
            r => r,
        },
        Err(e) => Err(e),
    }
}

/// `Tlopen` of the file at `loc` with Linux `flags`, on a fid of its own.
///
/// # Errors
/// `ELOOP` (a symlink), `ENOTDIR` (`O_DIRECTORY` on a file), `EISDIR` (write access to a
/// directory), the server's error.
pub async fn open_loc(cx: &Caller, loc: Loc, flags: u32) -> Result<Chan> {
    let chan = loc.chan().clone();
    drop(loc);
    if chan.qid.is_symlink() {
        return Err(Errno::ELOOP);
    }
    if flags & O_DIRECTORY != 0 && !chan.qid.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    if chan.qid.is_dir() && flags & O_ACCMODE != O_RDONLY {
        return Err(Errno::EISDIR);
    }
    let chan = chan.into_owned(cx).await?;
    let (qid, _) = chan
        .server()
        .open(cx, chan.fid(), flags & !(O_CREAT | O_EXCL | O_NOFOLLOW))
        .await?;
    Ok(chan.with_qid(qid))
}

/// `Tlcreate` of `path` in its parent's create member.
async fn create(t: &MountTable, cx: &Caller, path: &str, flags: u32, mode: u32) -> Result<Chan> {
    let (dir, name) = parent(t, cx, path, Errno::EEXIST).await?;
    create_in(cx, &dir, &name, flags, mode, cx.gid.0).await
}

/// `Tlcreate` of `name` (group `gid`) in `dir`'s create member; returns the opened chan.
///
/// # Errors
/// `EROFS` (union without create member), the server's error (`EEXIST`).
pub async fn create_in(
    cx: &Caller,
    dir: &Loc,
    name: &str,
    flags: u32,
    mode: u32,
    gid: u32,
) -> Result<Chan> {
    let chan = dir.create_member()?.chan.clone_fid(cx).await?;
    let flags = flags & !(O_CREAT | O_EXCL | O_NOFOLLOW | O_DIRECTORY);
    let (qid, _) = chan
        .server()
        .create(cx, chan.fid(), name, flags, mode & 0o7777, gid)
        .await?;
    Ok(chan.with_qid(qid))
}

/// `Tmkdir` of `path` with permission bits `mode`.
///
/// # Errors
/// `EEXIST`, `ENOENT` (missing parent), `ENOTDIR`, `EROFS` (union without create member).
pub async fn mkdir(t: &MountTable, cx: &Caller, path: &str, mode: u32) -> Result<Qid> {
    let (dir, name) = parent(t, cx, path, Errno::EEXIST).await?;
    mkdir_in(t, cx, &dir, &name, mode, cx.gid.0).await
}

/// `Tmkdir` of `name` (group `gid`) in `dir`'s create member.
///
/// # Errors
/// as [`mkdir`].
pub async fn mkdir_in(
    t: &MountTable,
    cx: &Caller,
    dir: &Loc,
    name: &str,
    mode: u32,
    gid: u32,
) -> Result<Qid> {
    exclusive(t, cx, dir, name).await?;
    let c = &dir.create_member()?.chan;
    c.server()
        .mkdir(cx, c.fid(), name, mode & 0o7777, gid)
        .await
}

/// `Tsymlink`: make `path` a symlink to `target`.
///
/// # Errors
/// `EEXIST`, `ENOENT` (missing parent), `EROFS`.
pub async fn symlink(t: &MountTable, cx: &Caller, target: &str, path: &str) -> Result<Qid> {
    let (dir, name) = parent(t, cx, path, Errno::EEXIST).await?;
    symlink_in(t, cx, &dir, &name, target, cx.gid.0).await
}

/// `Tsymlink` of `name` (group `gid`) in `dir`'s create member.
///
/// # Errors
/// as [`symlink`].
pub async fn symlink_in(
    t: &MountTable,
    cx: &Caller,
    dir: &Loc,
    name: &str,
    target: &str,
    gid: u32,
) -> Result<Qid> {
    exclusive(t, cx, dir, name).await?;
    let c = &dir.create_member()?.chan;
    c.server().symlink(cx, c.fid(), name, target, gid).await
}

/// `Treadlink` of `path` (a final symlink is not followed).
///
/// # Errors
/// `EINVAL` (not a symlink), `ENOENT`.
pub async fn readlink(t: &MountTable, cx: &Caller, path: &str) -> Result<String> {
    let loc = t.resolve(cx, path, false).await?;
    let c = loc.chan();
    c.server().readlink(cx, c.fid()).await
}

/// `Tsetattr` of `path`, following a final symlink.
///
/// # Errors
/// `ENOENT`, the server's error (`EPERM`, `EROFS`).
pub async fn wstat(t: &MountTable, cx: &Caller, path: &str, attr: &SetAttr) -> Result<()> {
    let loc = t.resolve(cx, path, true).await?;
    let c = loc.chan();
    c.server().setattr(cx, c.fid(), attr).await
}

/// Remove `path` (not following a final symlink) with `Tunlinkat` on its parent;
/// `AT_REMOVEDIR` when it is a directory.
///
/// # Errors
/// `ENOENT`, `ENOTEMPTY`, `EBUSY` (a mount point or `/`).
pub async fn remove(t: &MountTable, cx: &Caller, path: &str) -> Result<()> {
    let (dir, name) = parent(t, cx, path, Errno::EBUSY).await?;
    unlink_in(t, cx, &dir, &name, None).await
}

/// `Tunlinkat` of `name` in the directory `dir` (the member that holds it), with `flags`,
/// or with `AT_REMOVEDIR` exactly when the target is a directory when `flags` is `None`.
///
/// # Errors
/// `ENOENT`, `ENOTEMPTY`, `EISDIR`/`ENOTDIR` (flags and kind disagree), `EBUSY` (a mount
/// point).
pub async fn unlink_in(
    t: &MountTable,
    cx: &Caller,
    dir: &Loc,
    name: &str,
    flags: Option<u32>,
) -> Result<()> {
    if t.is_mount(&path::child(&dir.path, name)) {
        return Err(Errno::EBUSY);
    }
    let (i, target) = lookup(cx, dir, name).await?;
    let flags = flags.unwrap_or(if target.qid.is_dir() { AT_REMOVEDIR } else { 0 });
    target.release(cx).await;
    let c = &dir.members[i].chan;
    c.server().unlinkat(cx, c.fid(), name, flags).await
}

/// Move `from` to `to` with `Trenameat` (replacing a file there).
///
/// # Errors
/// `ENOENT`, `EXDEV` (different fileservers or attaches), `EBUSY` (a mount point), the
/// server's error (`ENOTEMPTY`, `EINVAL`).
pub async fn rename(t: &MountTable, cx: &Caller, from: &str, to: &str) -> Result<()> {
    let (fdir, fname) = parent(t, cx, from, Errno::EBUSY).await?;
    let (tdir, tname) = parent(t, cx, to, Errno::EBUSY).await?;
    rename_in(t, cx, &fdir, &fname, &tdir, &tname).await
}

/// `Trenameat` of `fname` in `fdir` (the member holding it) to `tname` in `tdir`'s create
/// member.
///
/// # Errors
/// as [`rename`].
pub async fn rename_in(
    t: &MountTable,
    cx: &Caller,
    fdir: &Loc,
    fname: &str,
    tdir: &Loc,
    tname: &str,
) -> Result<()> {
    let busy = |d: &Loc, n: &str| t.is_mount(&path::child(&d.path, n));
    if busy(fdir, fname) || busy(tdir, tname) {
        return Err(Errno::EBUSY);
    }
    let (i, found) = lookup(cx, fdir, fname).await?;
    found.release(cx).await;
    let fc = &fdir.members[i].chan;
    let tc = &tdir.create_member()?.chan;
    if fc.dev != tc.dev {
        return Err(Errno::EXDEV);
    }
    fc.server()
        .renameat(cx, fc.fid(), fname, tc.fid(), tname)
        .await
}

/// The parent directory of `path`, resolved, and the last element; `at_root` is the error
/// for `/`, which has no parent.
///
/// # Errors
/// `at_root`; as [`MountTable::resolve`]; `ENOTDIR` when the parent is not a directory.
pub async fn parent(
    t: &MountTable,
    cx: &Caller,
    path: &str,
    at_root: Errno,
) -> Result<(Loc, String)> {
    let (p, name) = path::split(path).ok_or(at_root)?;
    let dir = t.resolve(cx, &p, true).await?;
    if !dir.chan().qid.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    Ok((dir, name))
}

/// The first member of `dir` that has `name`, and a chan on that entry.
///
/// # Errors
/// The first member's walk error (`ENOENT`).
pub async fn lookup(cx: &Caller, dir: &Loc, name: &str) -> Result<(usize, Chan)> {
    let wnames = [name.to_string()];
    let mut first_err = None;
    for (i, m) in dir.members.iter().enumerate() {
        match m.chan.walk(cx, &wnames).await {
            Ok((_, Some(c))) => return Ok((i, c)),
            Ok((_, None)) => {
                first_err.get_or_insert(Errno::ENOENT);
            }
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(Errno::ENOENT))
}

/// `EEXIST` if `name` is already in `dir` (a mount point, or in any member of a union).
async fn exclusive(t: &MountTable, cx: &Caller, dir: &Loc, name: &str) -> Result<()> {
    if t.is_mount(&path::child(&dir.path, name)) {
        return Err(Errno::EEXIST);
    }
    if dir.members.len() > 1 {
        if let Ok((_, c)) = lookup(cx, dir, name).await {
            c.release(cx).await;
            return Err(Errno::EEXIST);
        }
    }
    Ok(())
}
