//! Reading directories, union directories included (Plan 9 `unionread`).
//!
//! A union reads as the concatenation of its members' entries in member order; a name an
//! earlier member already listed is skipped, so every listed entry is the one a walk of
//! that name finds. An entry that is itself a mount point is reported with the qid of what
//! is mounted there.

use std::collections::HashSet;

use warren_proto::attr::oflags::O_RDONLY;
use warren_proto::{Caller, DirEntry, Errno, Result};

use super::{Chan, Loc, MountTable};
use crate::path;

/// `Treaddir` count used by the kernel: bytes of entries asked for per call.
pub const READDIR_COUNT: u32 = 64 * 1024;

/// Every entry of every member of `loc`, in order, first of each name only; `.` and `..`
/// are kept when `dots`. Each entry comes with the `dev` of the tree its qid is from.
///
/// # Errors
/// `ENOTDIR` when `loc` is not a directory; a member's open or readdir error.
pub async fn read_all(
    table: &MountTable,
    cx: &Caller,
    loc: &Loc,
    dots: bool,
) -> Result<Vec<(u64, DirEntry)>> {
    if !loc.chan().qid.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for m in loc.members.iter() {
        for mut e in read_chan(cx, &m.chan).await? {
            if (!dots && (e.name == "." || e.name == "..")) || !seen.insert(e.name.clone()) {
                continue;
            }
            let dev = fix_mount_qid(table, &loc.path, m.chan.dev, &mut e);
            out.push((dev, e));
        }
    }
    Ok(out)
}

/// Report the entry `e` of directory `dir` (read from tree `dev`) with the qid of the tree
/// mounted there, if it is a mount point; returns the `dev` the qid is now from.
pub fn fix_mount_qid(table: &MountTable, dir: &str, dev: u64, e: &mut DirEntry) -> u64 {
    match table.get(&path::child(dir, &e.name)) {
        Some(ms) => {
            e.qid = ms[0].chan.qid;
            ms[0].chan.dev
        }
        None => dev,
    }
}

/// All entries of the directory `dir` (one server), read with repeated `Treaddir`.
async fn read_chan(cx: &Caller, dir: &Chan) -> Result<Vec<DirEntry>> {
    let chan = dir.clone_fid(cx).await?;
    chan.server().open(cx, chan.fid(), O_RDONLY).await?;
    let mut out: Vec<DirEntry> = Vec::new();
    let mut offset = 0;
    loop {
        let batch = chan
            .server()
            .readdir(cx, chan.fid(), offset, READDIR_COUNT)
            .await?;
        match batch.last() {
            Some(last) if last.offset != offset => offset = last.offset,
            _ => break,
        }
        out.extend(batch);
    }
    chan.release(cx).await;
    Ok(out)
}
