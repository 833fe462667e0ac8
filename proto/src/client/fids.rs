//! The client's fid table: caller [`Fid`]s (process-unique `u64`) to wire fids (`u32`, per
//! connection), with wire numbers reused once the server has answered their clunk.

use std::collections::HashMap;

use crate::errno::{Errno, Result};
use crate::fs::Fid;
use crate::msg::NOFID;

/// Which wire fid each caller fid names, and which wire numbers are free.
///
/// A wire number is in exactly one place: bound to a caller fid, owned by a request in
/// flight (a walk's newfid, a clunk's fid), or free.
#[derive(Default)]
pub(super) struct FidTable {
    map: HashMap<Fid, u32>,
    free: Vec<u32>,
    next: u32,
}

impl FidTable {
    /// The wire fid `fid` names.
    ///
    /// # Errors
    /// `EBADF` when `fid` is not bound (never attached or walked to, or clunked).
    pub(super) fn get(&self, fid: Fid) -> Result<u32> {
        self.map.get(&fid).copied().ok_or(Errno::EBADF)
    }

    /// Whether `fid` is bound.
    pub(super) fn contains(&self, fid: Fid) -> bool {
        self.map.contains_key(&fid)
    }

    /// A wire number not in use, for a request that will create a fid.
    ///
    /// # Errors
    /// `EMFILE` when all 2^32 - 1 numbers are in use.
    pub(super) fn alloc(&mut self) -> Result<u32> {
        if let Some(w) = self.free.pop() {
            return Ok(w);
        }
        if self.next == NOFID {
            return Err(Errno::EMFILE);
        }
        self.next += 1;
        Ok(self.next - 1)
    }

    /// Bind `fid` to `wire` (the server created it).
    pub(super) fn bind(&mut self, fid: Fid, wire: u32) {
        self.map.insert(fid, wire);
    }

    /// Unbind `fid`, returning its wire number, which the caller now owns.
    pub(super) fn unbind(&mut self, fid: Fid) -> Option<u32> {
        self.map.remove(&fid)
    }

    /// Return `wire` to the pool (the server no longer knows it).
    pub(super) fn release(&mut self, wire: u32) {
        self.free.push(wire);
    }
}
