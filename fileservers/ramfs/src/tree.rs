//! Names in the tree: lookup, adding and removing directory entries.
//!
//! Lock order: a directory's state before the state of a node it holds; links locks last
//! (they are leaves). Only `rename` ever holds two directories (see there).

use std::sync::Arc;

use warren_proto::{Errno, Result};

use crate::dir::Dir;
use crate::node::{Body, Link, Node, State, Time};

/// The longest name an entry may have, in bytes.
pub const NAME_MAX: usize = 255;

/// Check that `name` can name a new entry: one path element, not `.` or `..`.
///
/// # Errors
/// `EINVAL` (empty, `.`, `..`, contains `/` or NUL), `ENAMETOOLONG` (over [`NAME_MAX`] bytes).
pub(crate) fn check_name(name: &str) -> Result<()> {
    if name.len() > NAME_MAX {
        return Err(Errno::ENAMETOOLONG);
    }
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\0']) {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The directory inside a locked directory's state.
///
/// # Errors
/// `ENOTDIR` when the node is not a directory.
pub(crate) fn dir_mut(st: &mut State) -> Result<&mut Dir> {
    match &mut st.body {
        Body::Dir(d) => Ok(d),
        _ => Err(Errno::ENOTDIR),
    }
}

/// The node `name` names in `dir` (`..` is the parent; the root's is the root).
///
/// # Errors
/// `ENOTDIR` (`dir` is not a directory), `ENOENT` (no such entry).
pub(crate) fn lookup(dir: &Arc<Node>, name: &str) -> Result<Arc<Node>> {
    if !dir.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    if name == ".." {
        return Ok(dir.parent());
    }
    let mut st = dir.lock();
    dir_mut(&mut st)?.get(name).cloned().ok_or(Errno::ENOENT)
}

/// Link `node` into `dir` as `name`.
///
/// # Errors
/// `ENOTDIR`, `ENOENT` (`dir` was removed), `EEXIST`, `EINVAL`/`ENAMETOOLONG` (bad name).
pub(crate) fn add(dir: &Arc<Node>, name: &str, node: &Arc<Node>) -> Result<()> {
    check_name(name)?;
    let mut guard = dir.lock();
    let st = &mut *guard;
    let d = dir_mut(st)?;
    if d.removed {
        return Err(Errno::ENOENT);
    }
    if d.get(name).is_some() {
        return Err(Errno::EEXIST);
    }
    d.insert(name, node.clone());
    node.links().push(Link {
        dir: Arc::downgrade(dir),
        name: name.to_string(),
    });
    st.meta.modified();
    dir.bump();
    Ok(())
}

/// Remove the entry `name` from `dir`: a directory only with `rmdir`, anything else only
/// without; when `expect` is given the entry must name that node.
///
/// # Errors
/// `ENOTDIR` (`dir` not a directory, or `rmdir` of a non-directory), `ENOENT` (no such entry,
/// or not `expect`), `EISDIR` (a directory without `rmdir`), `ENOTEMPTY`.
pub(crate) fn unlink(
    dir: &Arc<Node>,
    name: &str,
    rmdir: bool,
    expect: Option<&Arc<Node>>,
) -> Result<()> {
    if !dir.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    let mut guard = dir.lock();
    let st = &mut *guard;
    let d = dir_mut(st)?;
    let node = d.get(name).cloned().ok_or(Errno::ENOENT)?;
    if expect.is_some_and(|e| !Arc::ptr_eq(e, &node)) {
        return Err(Errno::ENOENT);
    }
    match (node.is_dir(), rmdir) {
        (true, false) => return Err(Errno::EISDIR),
        (false, true) => return Err(Errno::ENOTDIR),
        (true, true) => retire(&node)?,
        (false, false) => node.lock().meta.ctime = Time::now(),
    }
    d.remove(name);
    drop_link(&node, dir, name);
    st.meta.modified();
    dir.bump();
    Ok(())
}

/// Mark the empty directory `node` removed (its parent's state is locked by the caller).
///
/// # Errors
/// `ENOTEMPTY` when it still has entries.
pub(crate) fn retire(node: &Node) -> Result<()> {
    let mut st = node.lock();
    let d = dir_mut(&mut st)?;
    if !d.is_empty() {
        return Err(Errno::ENOTEMPTY);
    }
    d.removed = true;
    Ok(())
}

/// Forget `node`'s link `name` in `dir`.
pub(crate) fn drop_link(node: &Node, dir: &Arc<Node>, name: &str) {
    let mut links = node.links();
    if let Some(i) = links.iter().position(|l| is_link(l, dir, name)) {
        links.remove(i);
    }
}

/// Whether `link` is `name` in `dir`.
pub(crate) fn is_link(link: &Link, dir: &Arc<Node>, name: &str) -> bool {
    link.name == name && std::ptr::eq(link.dir.as_ptr(), Arc::as_ptr(dir))
}

/// Whether `a` is a proper ancestor of `d` (follows first links, leaf locks only).
pub(crate) fn is_ancestor(a: &Arc<Node>, d: &Arc<Node>) -> bool {
    let mut cur = d.clone();
    while let Some((parent, _)) = cur.first_link() {
        if Arc::ptr_eq(&parent, a) {
            return true;
        }
        cur = parent;
    }
    false
}
