//! A walked file: its `O_PATH` descriptor and the way back up, and `Twalk` over them.
//!
//! A [`Node`] holds an `O_PATH` descriptor of one host file, obtained one element at a time
//! from the root's ([`crate::sys::lookup`]), so it refers to the file itself whatever
//! happens to the names later. Its `parent` is the node it was walked from: `..` goes there
//! and never above the root, whose parent is none. After a rename of some ancestor by
//! another fid or by the host, `..` still reaches the directory the fid was walked through.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;

use rustix::fs::Statx;
use warren_proto::attr::{S_IFDIR, S_IFLNK, S_IFMT};
use warren_proto::{Errno, Qid, Result};

use crate::attrs::qid;
use crate::sys::{self, OrErrno};

/// One host file as a fid names it.
pub(crate) struct Node {
    /// An `O_PATH` (or, for a created file, an opened) descriptor of the file.
    pub(crate) fd: OwnedFd,
    /// The directory it was walked from; `None` for the root.
    pub(crate) parent: Option<Arc<Node>>,
    /// Its name in `parent` (empty for the root).
    pub(crate) name: String,
    /// Its file type (`S_IFMT` bits), which a host file never changes.
    pub(crate) kind: u32,
}

impl Node {
    /// The root node: the export's directory `fd`.
    ///
    /// # Errors
    /// `ENOTDIR` when `fd` is not a directory; the host's stat errors.
    pub(crate) fn root(fd: OwnedFd) -> Result<Node> {
        let kind = u32::from(sys::stat(&fd)?.stx_mode) & S_IFMT;
        if kind != S_IFDIR {
            return Err(Errno::ENOTDIR);
        }
        Ok(Node {
            fd,
            parent: None,
            name: String::new(),
            kind,
        })
    }

    /// The node for entry `name` of directory `parent`, opened `O_PATH` as `fd`.
    pub(crate) fn entry(fd: OwnedFd, parent: &Arc<Node>, name: &str, st: &Statx) -> Node {
        Node {
            fd,
            parent: Some(parent.clone()),
            name: name.to_string(),
            kind: u32::from(st.stx_mode) & S_IFMT,
        }
    }

    /// Whether this is a directory.
    pub(crate) fn is_dir(&self) -> bool {
        self.kind == S_IFDIR
    }

    /// Whether this is a symbolic link.
    pub(crate) fn is_symlink(&self) -> bool {
        self.kind == S_IFLNK
    }

    /// The host attributes of this file.
    ///
    /// # Errors
    /// The host's.
    pub(crate) fn stat(&self) -> Result<Statx> {
        sys::stat(&self.fd)
    }

    /// The same file under `name` in `parent`, after a rename.
    ///
    /// # Errors
    /// `EMFILE` when no descriptor is left.
    pub(crate) fn moved(&self, parent: &Arc<Node>, name: &str) -> Result<Node> {
        let fd = rustix::io::fcntl_dupfd_cloexec(&self.fd, 0).or_errno()?;
        Ok(Node {
            fd,
            parent: Some(parent.clone()),
            name: name.to_string(),
            kind: self.kind,
        })
    }

    /// The parent directory and the name this file still has there, checked to be this very
    /// file: what `Tremove` and `Trename` act on.
    ///
    /// # Errors
    /// `EBUSY` for the root; `ENOENT` when the name is gone or now names another file.
    pub(crate) fn named(&self) -> Result<(&Arc<Node>, &str)> {
        let parent = self.parent.as_ref().ok_or(Errno::EBUSY)?;
        let now = sys::stat_at(parent.fd.as_fd(), &self.name)?;
        let me = self.stat()?;
        let same = (now.stx_ino, now.stx_dev_major, now.stx_dev_minor)
            == (me.stx_ino, me.stx_dev_major, me.stx_dev_minor);
        if !same {
            return Err(Errno::ENOENT);
        }
        Ok((parent, &self.name))
    }

    /// One walk step: `.`, `..` (the parent, or the root itself), or an entry of this
    /// directory; the node reached and its attributes.
    ///
    /// # Errors
    /// `ENOTDIR` when this is not a directory; `EINVAL`/`ENAMETOOLONG` for a bad name; the
    /// host's lookup errors (`ENOENT`, `EACCES`).
    fn step(self: &Arc<Node>, name: &str) -> Result<(Arc<Node>, Statx)> {
        sys::walk_name(name)?;
        if !self.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        let next = match name {
            "." => self.clone(),
            ".." => self.parent.clone().unwrap_or_else(|| self.clone()),
            _ => {
                let fd = sys::lookup(self.fd.as_fd(), name)?;
                let st = sys::stat(&fd)?;
                return Ok((Arc::new(Node::entry(fd, self, name, &st)), st));
            }
        };
        let st = next.stat()?;
        Ok((next, st))
    }
}

impl Drop for Node {
    /// Drop the chain of parents iteratively, so a very deep walk cannot overflow the stack.
    fn drop(&mut self) {
        let mut next = self.parent.take();
        while let Some(node) = next {
            next = Arc::into_inner(node).and_then(|mut n| n.parent.take());
        }
    }
}

/// `Twalk` from `start` through `wnames`: the qids walked, and the node reached when every
/// name was walked (with no names, `start` itself).
///
/// # Errors
/// The first name's error; a later failure is not an error but a shorter list of qids and
/// no node (the 9P rule).
pub(crate) fn walk(start: &Arc<Node>, wnames: &[String]) -> Result<(Vec<Qid>, Option<Arc<Node>>)> {
    let mut node = start.clone();
    let mut qids = Vec::with_capacity(wnames.len());
    for (i, name) in wnames.iter().enumerate() {
        match node.step(name) {
            Ok((next, st)) => {
                qids.push(qid(&st));
                node = next;
            }
            Err(e) if i == 0 => return Err(e),
            Err(_) => return Ok((qids, None)),
        }
    }
    Ok((qids, Some(node)))
}
