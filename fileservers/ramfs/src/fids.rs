//! The fid table: the node each fid names and how it is open.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use warren_proto::attr::oflags;
use warren_proto::{Errno, Fid, Result};

use crate::node::Node;

/// What a fid names.
struct FidState {
    node: Arc<Node>,
    /// The `Tlopen`/`Tlcreate` flags once open.
    open: Option<u32>,
}

/// The fids of one `RamFs`. The lock is held only to look up or change an entry, never while
/// a node is locked.
#[derive(Default)]
pub(crate) struct Fids(Mutex<HashMap<Fid, FidState>>);

impl Fids {
    fn lock(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The node `fid` names.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn node(&self, fid: Fid) -> Result<Arc<Node>> {
        Ok(self.lock().get(&fid).ok_or(Errno::EBADF)?.node.clone())
    }

    /// The node `fid` names and its open flags.
    ///
    /// # Errors
    /// `EBADF` for an unknown or unopened fid.
    pub(crate) fn opened(&self, fid: Fid) -> Result<(Arc<Node>, u32)> {
        let fids = self.lock();
        let st = fids.get(&fid).ok_or(Errno::EBADF)?;
        Ok((st.node.clone(), st.open.ok_or(Errno::EBADF)?))
    }

    /// Make `fid` name `node`, opened with `open` flags if given (replacing what it named).
    pub(crate) fn set(&self, fid: Fid, node: Arc<Node>, open: Option<u32>) {
        let old = self.lock().insert(fid, FidState { node, open });
        drop(old);
    }

    /// Forget `fid`, returning the node it named.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn remove(&self, fid: Fid) -> Result<Arc<Node>> {
        let old = self.lock().remove(&fid);
        old.map(|st| st.node).ok_or(Errno::EBADF)
    }
}

/// Whether open `flags` allow reading.
pub(crate) fn readable(flags: u32) -> bool {
    matches!(flags & oflags::O_ACCMODE, oflags::O_RDONLY | oflags::O_RDWR)
}

/// Whether open `flags` allow writing.
pub(crate) fn writable(flags: u32) -> bool {
    matches!(flags & oflags::O_ACCMODE, oflags::O_WRONLY | oflags::O_RDWR)
}
