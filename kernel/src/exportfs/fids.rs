//! Exported fids: each names a resolved location in the namespace, and possibly an open
//! chan; qids are rewritten so that files of different trees never share a qid path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use warren_proto::{DirEntry, Errno, Fid, Qid, Result};

use crate::ns::{Chan, Loc};
use crate::proc::fd::lock;

/// Bits of a server's qid path kept in an exported qid path; the `dev` of the tree fills
/// the bits above (Plan 9 `exportfs` keeps a qid map for the same reason).
const PATH_BITS: u32 = 48;

/// The qid `q` from tree `dev`, made unique across the namespace.
pub fn map_qid(dev: u64, q: Qid) -> Qid {
    let mask = (1u64 << PATH_BITS) - 1;
    Qid {
        path: (dev << PATH_BITS) | (q.path & mask),
        ..q
    }
}

/// The state of one exported fid.
#[derive(Clone)]
pub struct ExFid {
    /// Where the fid points.
    pub loc: Loc,
    /// The opened chan, after `Tlopen`/`Tlcreate`.
    pub open: Option<Chan>,
    /// A union directory's entries, read at `Treaddir` offset 0 (cookies are indices + 1).
    pub listing: Option<Arc<Vec<DirEntry>>>,
}

impl ExFid {
    /// A fid on `loc`, not open.
    pub fn at(loc: Loc) -> ExFid {
        ExFid {
            loc,
            open: None,
            listing: None,
        }
    }

    /// The chan requests on the file go to: the open one, else the location's first member.
    pub fn chan(&self) -> &Chan {
        self.open.as_ref().unwrap_or_else(|| self.loc.chan())
    }

    /// The open chan.
    ///
    /// # Errors
    /// `EBADF` when the fid is not open.
    pub fn opened(&self) -> Result<&Chan> {
        self.open.as_ref().ok_or(Errno::EBADF)
    }
}

/// Fid → state, for one export. States are shared (`Arc`) so a request copies no path;
/// a request that changes a fid's state puts a new one.
#[derive(Default)]
pub struct FidTable {
    fids: Mutex<HashMap<Fid, Arc<ExFid>>>,
}

impl FidTable {
    /// `fid`'s state.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub fn get(&self, fid: Fid) -> Result<Arc<ExFid>> {
        lock(&self.fids).get(&fid).cloned().ok_or(Errno::EBADF)
    }

    /// Set `fid`'s state.
    pub fn put(&self, fid: Fid, f: ExFid) {
        lock(&self.fids).insert(fid, Arc::new(f));
    }

    /// Forget `fid`, returning its state.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub fn take(&self, fid: Fid) -> Result<Arc<ExFid>> {
        lock(&self.fids).remove(&fid).ok_or(Errno::EBADF)
    }
}
