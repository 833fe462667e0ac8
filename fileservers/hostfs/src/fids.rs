//! The fid table: which node each fid names, and its open file once opened.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use warren_proto::{Errno, Fid, Result};

use crate::node::Node;
use crate::open::Open;

/// What one fid holds.
#[derive(Clone)]
pub(crate) struct FidState {
    /// The file the fid names.
    pub(crate) node: Arc<Node>,
    /// Its open file, after `Tlopen`/`Tlcreate`.
    pub(crate) open: Option<Arc<Open>>,
}

impl FidState {
    /// A fid naming `node`, not open.
    pub(crate) fn walked(node: Arc<Node>) -> FidState {
        FidState { node, open: None }
    }

    /// The open file.
    ///
    /// # Errors
    /// `EBADF` when the fid is not open.
    pub(crate) fn opened(&self) -> Result<Arc<Open>> {
        self.open.clone().ok_or(Errno::EBADF)
    }
}

/// All fids of one server. The lock is held only to copy or change an entry, never across
/// a host call.
#[derive(Default)]
pub(crate) struct Fids(Mutex<HashMap<Fid, FidState>>);

impl Fids {
    /// The table, whatever a panicking holder left (entries are replaced whole).
    fn table(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of `fid`'s state.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn get(&self, fid: Fid) -> Result<FidState> {
        self.table().get(&fid).cloned().ok_or(Errno::EBADF)
    }

    /// The node `fid` names.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn node(&self, fid: Fid) -> Result<Arc<Node>> {
        Ok(self.get(fid)?.node)
    }

    /// Make `fid` hold `state`, replacing what it held.
    pub(crate) fn set(&self, fid: Fid, state: FidState) {
        self.table().insert(fid, state);
    }

    /// Forget `fid`; what it held.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn take(&self, fid: Fid) -> Result<FidState> {
        self.table().remove(&fid).ok_or(Errno::EBADF)
    }

    /// Point `fid` at `node` (after a rename), keeping its open file; a fid clunked
    /// meanwhile stays clunked.
    pub(crate) fn renamed(&self, fid: Fid, node: Arc<Node>) {
        if let Some(state) = self.table().get_mut(&fid) {
            state.node = node;
        }
    }
}
