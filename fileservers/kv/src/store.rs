//! The store: every node by inode number, the fid table, and the tree operations (lookup,
//! add, unlink, rename) that keep names, nodes and fids consistent.
//!
//! Lifetimes: a node lives while it has a name or a fid names it. Unlinking a node that a fid
//! still names keeps it (reads and writes go on, as POSIX keeps an unlinked open file); the
//! last clunk then drops it (`reap`).

use std::collections::HashMap;

use warren_proto::{Attr, DirEntry, Errno, Fid, Result};

use crate::node::{now, Body, Dir, Node};

/// The root directory's inode number.
pub(crate) const ROOT: u64 = 1;

/// What a fid names: a node, and its open flags once `Tlopen`/`Tlcreate` opened it.
struct Handle {
    ino: u64,
    flags: Option<u32>,
}

/// All of one [`KvFs`](crate::KvFs)'s state, behind its one lock.
pub(crate) struct Store {
    nodes: HashMap<u64, Node>,
    fids: HashMap<Fid, Handle>,
    next_ino: u64,
    next_cookie: u64,
}

impl Store {
    /// A store holding only the root directory (mode `0o755`, owned by uid 0, gid 0).
    pub(crate) fn new() -> Store {
        let mut root = Node::new(Body::Dir(Dir::default()), 0o755, 0, 0);
        root.ino = ROOT;
        root.link = Some((ROOT, String::new()));
        Store {
            nodes: HashMap::from([(ROOT, root)]),
            fids: HashMap::new(),
            next_ino: ROOT + 1,
            next_cookie: 1,
        }
    }

    /// Make `fid` name `ino`, opened with `flags` if given (replacing what it named).
    pub(crate) fn set_fid(&mut self, fid: Fid, ino: u64, flags: Option<u32>) {
        if let Some(old) = self.fids.insert(fid, Handle { ino, flags }) {
            self.reap(old.ino);
        }
    }

    /// The inode number `fid` names. Errors: `EBADF` (unknown fid).
    pub(crate) fn fid(&self, fid: Fid) -> Result<u64> {
        self.fids.get(&fid).map(|h| h.ino).ok_or(Errno::EBADF)
    }

    /// The inode number and open flags of `fid`. Errors: `EBADF` (unknown or not open).
    pub(crate) fn opened(&self, fid: Fid) -> Result<(u64, u32)> {
        let h = self.fids.get(&fid).ok_or(Errno::EBADF)?;
        Ok((h.ino, h.flags.ok_or(Errno::EBADF)?))
    }

    /// Forget `fid`, returning what it named. Errors: `EBADF` (unknown fid).
    pub(crate) fn clunk(&mut self, fid: Fid) -> Result<u64> {
        let h = self.fids.remove(&fid).ok_or(Errno::EBADF)?;
        self.reap(h.ino);
        Ok(h.ino)
    }

    /// Drop node `ino` if it has no name and no fid names it.
    fn reap(&mut self, ino: u64) {
        let unlinked = self.nodes.get(&ino).is_some_and(|n| n.link.is_none());
        if unlinked && !self.fids.values().any(|h| h.ino == ino) {
            self.nodes.remove(&ino);
        }
    }

    /// Node `ino`. Errors: `EBADF` (no such node: every fid's node exists, so only a stale
    /// number gets here).
    pub(crate) fn node(&self, ino: u64) -> Result<&Node> {
        self.nodes.get(&ino).ok_or(Errno::EBADF)
    }

    /// Node `ino`, for changing it. Errors: as [`Store::node`].
    pub(crate) fn node_mut(&mut self, ino: u64) -> Result<&mut Node> {
        self.nodes.get_mut(&ino).ok_or(Errno::EBADF)
    }

    /// The entries of directory `ino`. Errors: `ENOTDIR`, `EBADF`.
    pub(crate) fn dir(&self, ino: u64) -> Result<&Dir> {
        match &self.node(ino)?.body {
            Body::Dir(d) => Ok(d),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// `Rgetattr` of node `ino`: nlink is 0 once unlinked, 1 for a value or symlink, and
    /// 2 plus its subdirectories for a directory.
    pub(crate) fn attr(&self, ino: u64) -> Result<Attr> {
        let node = self.node(ino)?;
        let nlink = match &node.body {
            _ if node.link.is_none() => 0,
            Body::Dir(d) => {
                let is_dir = |i: u64| self.nodes.get(&i).is_some_and(Node::is_dir);
                2 + d.after(0).filter(|e| is_dir(e.2)).count() as u64
            }
            _ => 1,
        };
        Ok(node.attr(nlink))
    }

    /// The entries of directory `ino` after `cookie`, as many as fit in `count` bytes of
    /// `Rreaddir` payload (no `.` and `..`: 9P2000.L clients do without them).
    ///
    /// # Errors
    /// `ENOTDIR`, `EINVAL` (`count` cannot hold the next entry).
    pub(crate) fn readdir(&self, ino: u64, cookie: u64, count: u32) -> Result<Vec<DirEntry>> {
        let mut out = Vec::new();
        let mut room = count as usize;
        for (cookie, name, child) in self.dir(ino)?.after(cookie) {
            let node = self.node(child)?;
            let e = DirEntry {
                qid: node.qid(),
                offset: cookie,
                ty: DirEntry::dtype(node.mode),
                name: name.to_string(),
            };
            if e.wire_size() > room {
                return if out.is_empty() {
                    Err(Errno::EINVAL)
                } else {
                    Ok(out)
                };
            }
            room -= e.wire_size();
            out.push(e);
        }
        Ok(out)
    }

    /// The node `name` names in directory `dir`; `..` is the parent (the root's is itself).
    ///
    /// # Errors
    /// `ENOTDIR` (`dir` is not a directory), `ENOENT`.
    pub(crate) fn lookup(&self, dir: u64, name: &str) -> Result<u64> {
        let d = self.dir(dir)?;
        if name == ".." {
            let link = self.node(dir)?.link.as_ref();
            return link.map(|l| l.0).ok_or(Errno::ENOENT);
        }
        d.get(name).ok_or(Errno::ENOENT)
    }

    /// Add `node` to directory `dir` as `name`: its new inode number.
    ///
    /// # Errors
    /// `ENOTDIR`, `ENOENT` (`dir` was removed), `EEXIST`.
    pub(crate) fn add(&mut self, dir: u64, name: &str, mut node: Node) -> Result<u64> {
        if self.dir(dir)?.get(name).is_some() {
            return Err(Errno::EEXIST);
        }
        if self.node(dir)?.link.is_none() {
            return Err(Errno::ENOENT);
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        node.ino = ino;
        self.nodes.insert(ino, node);
        self.link(dir, name, ino)?;
        Ok(ino)
    }

    /// Enter `ino` in the linked directory `dir` as the absent `name`.
    fn link(&mut self, dir: u64, name: &str, ino: u64) -> Result<()> {
        let cookie = self.next_cookie;
        self.next_cookie += 1;
        let parent = self.node_mut(dir)?;
        if let Body::Dir(d) = &mut parent.body {
            d.insert(name, cookie, ino);
        }
        parent.changed();
        let node = self.node_mut(ino)?;
        node.link = Some((dir, name.to_string()));
        node.ctime = now();
        Ok(())
    }

    /// Take `name` out of directory `dir`, leaving its node unlinked; returns the node.
    fn unlink_entry(&mut self, dir: u64, name: &str) -> Result<u64> {
        let parent = self.node_mut(dir)?;
        let Body::Dir(d) = &mut parent.body else {
            return Err(Errno::ENOTDIR);
        };
        let ino = d.remove(name).ok_or(Errno::ENOENT)?;
        parent.changed();
        let node = self.node_mut(ino)?;
        node.link = None;
        node.ctime = now();
        Ok(ino)
    }

    /// Remove `name` from directory `dir`: a directory only with `rmdir` and only when
    /// empty, anything else only without `rmdir`.
    ///
    /// # Errors
    /// `ENOTDIR` (`dir`, or `rmdir` of a non-directory), `ENOENT`, `EISDIR`, `ENOTEMPTY`.
    pub(crate) fn unlink(&mut self, dir: u64, name: &str, rmdir: bool) -> Result<()> {
        let ino = self.dir(dir)?.get(name).ok_or(Errno::ENOENT)?;
        match (self.node(ino)?.is_dir(), rmdir) {
            (true, false) => return Err(Errno::EISDIR),
            (false, true) => return Err(Errno::ENOTDIR),
            (true, true) if !self.dir(ino)?.is_empty() => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        self.unlink_entry(dir, name)?;
        self.reap(ino);
        Ok(())
    }

    /// Move `oldname` in `olddir` to `newname` in `newdir`, replacing a value or symlink
    /// there, or an empty directory when moving a directory.
    ///
    /// # Errors
    /// `ENOTDIR` (a directory argument is not one, or a directory onto a non-directory),
    /// `EISDIR` (a non-directory onto a directory), `ENOENT` (no old entry, or `newdir` was
    /// removed), `ENOTEMPTY`, `EINVAL` (a directory into itself or below).
    pub(crate) fn rename(&mut self, old: (u64, &str), new: (u64, &str)) -> Result<()> {
        let ino = self.dir(old.0)?.get(old.1).ok_or(Errno::ENOENT)?;
        let target = self.dir(new.0)?.get(new.1);
        if self.node(new.0)?.link.is_none() {
            return Err(Errno::ENOENT);
        }
        if self.node(ino)?.is_dir() && self.is_within(new.0, ino) {
            return Err(Errno::EINVAL);
        }
        if let Some(target) = target {
            if target == ino {
                return Ok(());
            }
            self.replaceable(ino, target)?;
            self.unlink_entry(new.0, new.1)?;
            self.reap(target);
        }
        self.unlink_entry(old.0, old.1)?;
        self.link(new.0, new.1, ino)
    }

    /// Check that `ino` may replace `target`. Errors: `ENOTDIR`, `EISDIR`, `ENOTEMPTY`.
    fn replaceable(&self, ino: u64, target: u64) -> Result<()> {
        match (self.node(ino)?.is_dir(), self.node(target)?.is_dir()) {
            (true, false) => Err(Errno::ENOTDIR),
            (false, true) => Err(Errno::EISDIR),
            (true, true) if !self.dir(target)?.is_empty() => Err(Errno::ENOTEMPTY),
            _ => Ok(()),
        }
    }

    /// Whether `dir` is `ino` or below it (follows parents up to the root).
    fn is_within(&self, dir: u64, ino: u64) -> bool {
        let mut cur = dir;
        while cur != ino {
            match self.nodes.get(&cur).and_then(|n| n.link.as_ref()) {
                Some(&(parent, _)) if cur != ROOT => cur = parent,
                _ => return false,
            }
        }
        true
    }
}
