//! Moving entries between directories (`Trename`, `Trenameat`).
//!
//! Renames are serialized by one server-wide lock, as Linux's `s_vfs_rename_mutex`: while it is
//! held no directory changes parent, so ancestry checks are stable. The two directories are
//! then locked ancestor first (unrelated ones in either order: every other operation holds at
//! most a directory and then one of its entries, so no cycle can form).

use std::sync::{Arc, Mutex};

use warren_proto::{Errno, Result};

use crate::dir::Dir;
use crate::node::{Node, State, Time};
use crate::tree::{check_name, dir_mut, drop_link, is_ancestor, is_link, retire};

/// One rename: `oldname` in `olddir` becomes `newname` in `newdir`. With `expect`, the old
/// entry must name that node (`Trename` names the file by fid).
pub(crate) struct Move<'a> {
    pub(crate) olddir: &'a Arc<Node>,
    pub(crate) oldname: &'a str,
    pub(crate) expect: Option<&'a Arc<Node>>,
    pub(crate) newdir: &'a Arc<Node>,
    pub(crate) newname: &'a str,
}

/// The locked states of the two directories (one when they are the same).
struct Pair<'a> {
    old: &'a mut State,
    new: Option<&'a mut State>,
}

impl Pair<'_> {
    fn source(&mut self) -> Result<&mut Dir> {
        dir_mut(self.old)
    }

    fn dest(&mut self) -> Result<&mut Dir> {
        match &mut self.new {
            Some(st) => dir_mut(st),
            None => dir_mut(self.old),
        }
    }

    fn modified(&mut self) {
        self.old.meta.modified();
        if let Some(st) = &mut self.new {
            st.meta.modified();
        }
    }
}

/// Perform `m` under the server's rename lock `serial`.
///
/// # Errors
/// `ENOTDIR` (a directory fid is not one, or a directory would replace a file), `EISDIR` (a
/// file would replace a directory), `ENOENT` (no old entry, or the new directory was removed),
/// `ENOTEMPTY` (replacing a non-empty directory), `EINVAL` (a directory into itself or a bad
/// new name).
pub(crate) fn rename(serial: &Mutex<()>, m: &Move<'_>) -> Result<()> {
    check_name(m.newname)?;
    if !m.olddir.is_dir() || !m.newdir.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    let _serial = serial.lock().unwrap_or_else(|e| e.into_inner());
    if Arc::ptr_eq(m.olddir, m.newdir) {
        let mut guard = m.olddir.lock();
        return move_entry(
            &mut Pair {
                old: &mut guard,
                new: None,
            },
            m,
        );
    }
    let old_first = !is_ancestor(m.newdir, m.olddir);
    let (first, second) = if old_first {
        (m.olddir, m.newdir)
    } else {
        (m.newdir, m.olddir)
    };
    let mut g1 = first.lock();
    let mut g2 = second.lock();
    let (old, new) = if old_first {
        (&mut *g1, &mut *g2)
    } else {
        (&mut *g2, &mut *g1)
    };
    move_entry(
        &mut Pair {
            old,
            new: Some(new),
        },
        m,
    )
}

/// Validate and perform the move with both directories locked.
fn move_entry(p: &mut Pair<'_>, m: &Move<'_>) -> Result<()> {
    let node = p.source()?.get(m.oldname).cloned().ok_or(Errno::ENOENT)?;
    if m.expect.is_some_and(|e| !Arc::ptr_eq(e, &node)) {
        return Err(Errno::ENOENT);
    }
    if p.dest()?.removed {
        return Err(Errno::ENOENT);
    }
    let target = p.dest()?.get(m.newname).cloned();
    if target.as_ref().is_some_and(|t| Arc::ptr_eq(t, &node)) {
        return Ok(());
    }
    if node.is_dir() && (Arc::ptr_eq(&node, m.newdir) || is_ancestor(&node, m.newdir)) {
        return Err(Errno::EINVAL);
    }
    if let Some(t) = &target {
        replaceable(&node, t, m.olddir)?;
        p.dest()?.remove(m.newname);
        drop_link(t, m.newdir, m.newname);
    }
    p.source()?.remove(m.oldname);
    p.dest()?.insert(m.newname, node.clone());
    relink(&node, m);
    node.lock().meta.ctime = Time::now();
    p.modified();
    m.olddir.bump();
    m.newdir.bump();
    Ok(())
}

/// Check that `node` may replace `target`, retiring `target` when it is an empty directory.
///
/// # Errors
/// `ENOTDIR`/`EISDIR` (kinds differ), `ENOTEMPTY` (a directory with entries).
fn replaceable(node: &Node, target: &Arc<Node>, olddir: &Arc<Node>) -> Result<()> {
    match (node.is_dir(), target.is_dir()) {
        (true, false) => Err(Errno::ENOTDIR),
        (false, true) => Err(Errno::EISDIR),
        (false, false) => Ok(()),
        // A target holding the source's directory is not empty; checking it without locking
        // it also keeps the ancestor-first lock order.
        (true, true) if Arc::ptr_eq(target, olddir) || is_ancestor(target, olddir) => {
            Err(Errno::ENOTEMPTY)
        }
        (true, true) => retire(target),
    }
}

/// Change `node`'s link record from the old name to the new one.
fn relink(node: &Node, m: &Move<'_>) {
    let mut links = node.links();
    if let Some(link) = links.iter_mut().find(|l| is_link(l, m.olddir, m.oldname)) {
        link.dir = Arc::downgrade(m.newdir);
        link.name = m.newname.to_string();
    }
}
