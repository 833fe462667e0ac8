//! Namespaces: per-process mount tables with Plan 9 semantics (`port/chan.c`, `pgrp.c`).
//!
//! A [`Namespace`] is an ordered log of mounts and binds plus the [`MountTable`] it builds:
//! a map from mount point (a clean absolute path) to the union of [`Member`]s found there.
//! Resolution ([`MountTable::resolve`]) walks from the root mount element by element,
//! switching to the mounted tree at each mount point and following symlinks. The table is
//! copy-on-write behind an `Arc`, so a resolution works on a snapshot and never holds a lock
//! across a fileserver call.
//!
//! # Layout
//! - [`chan`]: [`Chan`], a fid on one server, clunked when dropped.
//! - [`mount`]: [`Namespace`]: the log, mount/bind/unmount, `ns` lines.
//! - [`walk`]: path resolution through mount points, unions and symlinks.
//! - [`dir`]: reading (union) directories.
//! - [`ops`]: the path-based file operations `ProcContext` and exportfs use.

pub mod chan;
pub mod dir;
pub mod mount;
pub mod ops;
pub mod walk;

use std::collections::HashMap;
use std::sync::Arc;

use warren_proto::{Errno, Result};

pub use chan::Chan;
pub use mount::Namespace;

/// One tree joined at a mount point: a mounted server's root or a bound directory.
#[derive(Clone)]
pub struct Member {
    /// The root of this member's tree (never opened: walked from only).
    pub chan: Chan,
    /// `MCREATE`: creations in the union go to the first member with this set.
    pub create: bool,
    /// The log entry that added this member; `None` for the directory that was there before
    /// a union was made on it.
    pub origin: Option<u64>,
}

/// Where a path resolved to: its clean path after symlinks, and the members found there
/// (one, unless the path is a union mount point).
#[derive(Clone)]
pub struct Loc {
    /// The clean absolute path of the location, symlinks replaced by their targets.
    pub path: String,
    /// The trees seen here, in search order; never empty.
    pub members: Arc<[Member]>,
}

impl Loc {
    /// A plain (non-mount-point) location holding `chan`.
    pub(crate) fn single(path: String, chan: Chan) -> Loc {
        let m = Member {
            chan,
            create: false,
            origin: None,
        };
        Loc {
            path,
            members: Arc::from(vec![m]),
        }
    }

    /// The chan of the first member: what a stat or open of this location sees.
    pub fn chan(&self) -> &Chan {
        &self.members[0].chan
    }

    /// The member new files are created in: the location itself when it is not a union,
    /// else the first member marked `CREATE`.
    ///
    /// # Errors
    /// `EROFS` for a union with no `CREATE` member (Plan 9: "mounted directory forbids
    /// creation").
    pub fn create_member(&self) -> Result<&Member> {
        if self.members.len() == 1 {
            return Ok(&self.members[0]);
        }
        self.members.iter().find(|m| m.create).ok_or(Errno::EROFS)
    }
}

/// The mount points of a namespace: clean absolute path → union members, in search order.
#[derive(Clone, Default)]
pub struct MountTable {
    points: HashMap<String, Arc<[Member]>>,
}

impl MountTable {
    /// The members mounted at the clean path `path`, if it is a mount point.
    pub fn get(&self, path: &str) -> Option<&Arc<[Member]>> {
        self.points.get(path)
    }

    /// Whether anything is mounted at the clean path `path`.
    pub fn is_mount(&self, path: &str) -> bool {
        self.points.contains_key(path)
    }

    /// The mount point `path` as a location.
    fn loc(&self, path: &str) -> Option<Loc> {
        let members = self.points.get(path)?.clone();
        Some(Loc {
            path: path.to_string(),
            members,
        })
    }

    /// The root of the namespace.
    ///
    /// # Errors
    /// `ENOENT` when nothing is mounted on `/` (a fresh namespace).
    pub fn root(&self) -> Result<Loc> {
        self.loc("/").ok_or(Errno::ENOENT)
    }

    /// Number of mount points.
    fn len(&self) -> usize {
        self.points.len()
    }
}
