//! Directory contents: entries by name and by readdir cookie.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use warren_proto::{DirEntry, Errno, Result};

use crate::node::Node;

/// Cookie of `.`; `..` is 2 and entries start at 3.
const DOT: u64 = 1;
const DOTDOT: u64 = 2;

/// One entry: its name and the node it links.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) node: Arc<Node>,
}

/// A directory's entries. Each gets a cookie from a per-directory counter that only grows, so
/// a listing continued from a cookie returns each entry present throughout exactly once, entries
/// removed meanwhile not at all, and entries added meanwhile at the end.
pub(crate) struct Dir {
    names: HashMap<String, u64>,
    entries: BTreeMap<u64, Entry>,
    next_cookie: u64,
    /// How many entries are directories (for `nlink`).
    pub(crate) subdirs: u64,
    /// Set once the directory is unlinked: nothing can be created in it any more.
    pub(crate) removed: bool,
}

impl Dir {
    /// An empty directory.
    pub(crate) fn new() -> Dir {
        Dir {
            names: HashMap::new(),
            entries: BTreeMap::new(),
            next_cookie: DOTDOT + 1,
            subdirs: 0,
            removed: false,
        }
    }

    /// Whether the directory has no entries (besides `.` and `..`).
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The node `name` links, if any.
    pub(crate) fn get(&self, name: &str) -> Option<&Arc<Node>> {
        let cookie = self.names.get(name)?;
        self.entries.get(cookie).map(|e| &e.node)
    }

    /// Add `name` → `node` with a fresh cookie. The caller has checked that `name` is absent.
    pub(crate) fn insert(&mut self, name: &str, node: Arc<Node>) {
        let cookie = self.next_cookie;
        self.next_cookie += 1;
        self.subdirs += u64::from(node.is_dir());
        self.names.insert(name.to_string(), cookie);
        self.entries.insert(
            cookie,
            Entry {
                name: name.to_string(),
                node,
            },
        );
    }

    /// Remove `name`, returning the node it linked.
    pub(crate) fn remove(&mut self, name: &str) -> Option<Arc<Node>> {
        let cookie = self.names.remove(name)?;
        let entry = self.entries.remove(&cookie)?;
        self.subdirs -= u64::from(entry.node.is_dir());
        Some(entry.node)
    }

    /// Entries with cookies after `offset`, `.` and `..` first, as many as fit in `count`
    /// bytes of `Rreaddir` payload. `dot` and `dotdot` are this directory and its parent.
    ///
    /// # Errors
    /// `EINVAL` when `count` cannot hold the next entry.
    pub(crate) fn list(
        &self,
        dot: &Node,
        dotdot: &Node,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let dots = [dot.entry(".", DOT), dotdot.entry("..", DOTDOT)];
        let dots = dots.into_iter().filter(|e| e.offset > offset);
        let rest = self
            .entries
            .range((Bound::Excluded(offset), Bound::Unbounded));
        let rest = rest.map(|(&cookie, e)| e.node.entry(&e.name, cookie));
        let mut out = Vec::new();
        let mut room = count as usize;
        for entry in dots.chain(rest) {
            if entry.wire_size() > room {
                if out.is_empty() {
                    return Err(Errno::EINVAL);
                }
                break;
            }
            room -= entry.wire_size();
            out.push(entry);
        }
        Ok(out)
    }
}
