//! The fid table of one connection: wire fid (`u32`) to server [`Fid`], owner and state.
//!
//! The table is only touched under a short lock, never across a fileserver call; a request
//! that changes a fid's state marks it first (`Reserved`, `Opening`) and settles it when the
//! fileserver answers. Settling checks the server fid, so a wire fid that was clunked and
//! reused meanwhile is left alone.

use std::collections::HashMap;

use crate::errno::{Errno, Result};
use crate::fs::{Caller, Fid};

/// What a wire fid may be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Named as a newfid by a request still running: not usable yet.
    Reserved,
    /// Names a file; not open.
    Idle,
    /// An open, create or xattrcreate is running on it.
    Opening,
    /// Opened by `Tlopen` or `Tlcreate`: I/O allowed.
    Open,
    /// Made by `Txattrwalk` or `Txattrcreate`: read or write the attribute.
    Xattr,
}

/// One wire fid.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// The server fid it maps to.
    pub fid: Fid,
    /// The identity of the attach it derives from.
    pub caller: Caller,
    /// What it may be used for.
    pub state: State,
}

/// The wire fids of one connection.
pub(crate) struct FidTable {
    map: HashMap<u32, Entry>,
    max: usize,
}

impl FidTable {
    /// An empty table holding at most `max` fids.
    pub fn new(max: usize) -> FidTable {
        FidTable {
            map: HashMap::new(),
            max,
        }
    }

    /// The usable entry for `wire`.
    ///
    /// # Errors
    /// `EBADF` when `wire` is unknown or only reserved.
    pub fn get(&self, wire: u32) -> Result<Entry> {
        match self.map.get(&wire) {
            Some(e) if e.state != State::Reserved => Ok(*e),
            _ => Err(Errno::EBADF),
        }
    }

    /// The entry for `wire` if it is in one of `states`.
    ///
    /// # Errors
    /// `EBADF` when `wire` is unknown, reserved, or in another state.
    pub fn get_in(&self, wire: u32, states: &[State]) -> Result<Entry> {
        let e = self.get(wire)?;
        if states.contains(&e.state) {
            Ok(e)
        } else {
            Err(Errno::EBADF)
        }
    }

    /// Reserve `wire` as a newfid for `caller`, mapped to a fresh server fid.
    ///
    /// # Errors
    /// `EBADF` when `wire` is in use, `EMFILE` when the table is full.
    pub fn reserve(&mut self, wire: u32, caller: Caller) -> Result<Fid> {
        if self.map.contains_key(&wire) {
            return Err(Errno::EBADF);
        }
        if self.map.len() >= self.max {
            return Err(Errno::EMFILE);
        }
        let fid = Fid::fresh();
        self.map.insert(
            wire,
            Entry {
                fid,
                caller,
                state: State::Reserved,
            },
        );
        Ok(fid)
    }

    /// Move the `Idle` fid `wire` to `Opening`.
    ///
    /// # Errors
    /// `EBADF` when `wire` is unknown or not idle (already open, opening, an xattr fid).
    pub fn begin_open(&mut self, wire: u32) -> Result<Entry> {
        let e = self.get_in(wire, &[State::Idle])?;
        self.set(wire, e.fid, State::Opening);
        Ok(e)
    }

    /// Set the state of `wire` if it still maps to `fid`.
    pub fn set(&mut self, wire: u32, fid: Fid, state: State) {
        if let Some(e) = self.map.get_mut(&wire) {
            if e.fid == fid {
                e.state = state;
            }
        }
    }

    /// Drop the reservation of `wire` if it still maps to `fid`.
    pub fn release(&mut self, wire: u32, fid: Fid) {
        if self
            .map
            .get(&wire)
            .is_some_and(|e| e.fid == fid && e.state == State::Reserved)
        {
            self.map.remove(&wire);
        }
    }

    /// Point `wire` at server fid `new` (idle) if it still maps to `old`; true if it did.
    pub fn replace(&mut self, wire: u32, old: Fid, new: Fid) -> bool {
        match self.map.get_mut(&wire) {
            Some(e) if e.fid == old => {
                *e = Entry {
                    fid: new,
                    caller: e.caller,
                    state: State::Idle,
                };
                true
            }
            _ => false,
        }
    }

    /// Remove `wire` (clunk, remove): the fid is free from now on.
    ///
    /// # Errors
    /// `EBADF` when `wire` is unknown or only reserved.
    pub fn take(&mut self, wire: u32) -> Result<Entry> {
        let e = self.get(wire)?;
        self.map.remove(&wire);
        Ok(e)
    }

    /// Remove every fid (session reset, connection end); reserved ones are skipped, their
    /// requests release them.
    pub fn drain(&mut self) -> Vec<Entry> {
        let all: Vec<Entry> = self.map.values().copied().collect();
        self.map.clear();
        all.into_iter()
            .filter(|e| e.state != State::Reserved)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_fid_is_in_use_but_not_usable() {
        let mut t = FidTable::new(4);
        let fid = t.reserve(1, Caller::ROOT).unwrap();
        assert_eq!(t.reserve(1, Caller::ROOT), Err(Errno::EBADF));
        assert_eq!(t.get(1).map(|e| e.fid), Err(Errno::EBADF));
        t.set(1, fid, State::Idle);
        assert_eq!(t.get(1).map(|e| e.fid), Ok(fid));
    }

    #[test]
    fn full_table_is_emfile_and_take_frees_a_slot() {
        let mut t = FidTable::new(1);
        let fid = t.reserve(1, Caller::ROOT).unwrap();
        t.set(1, fid, State::Idle);
        assert_eq!(t.reserve(2, Caller::ROOT), Err(Errno::EMFILE));
        assert!(t.take(1).is_ok());
        assert!(t.reserve(2, Caller::ROOT).is_ok());
    }

    #[test]
    fn settling_a_reused_wire_fid_leaves_the_new_one_alone() {
        let mut t = FidTable::new(4);
        let old = t.reserve(1, Caller::ROOT).unwrap();
        t.set(1, old, State::Idle);
        assert!(t.take(1).is_ok());
        let new = t.reserve(1, Caller::ROOT).unwrap();
        t.set(1, old, State::Open);
        t.release(1, old);
        assert_eq!(t.get(1).map(|e| e.fid), Err(Errno::EBADF));
        t.set(1, new, State::Idle);
        assert_eq!(t.get(1).map(|e| e.state), Ok(State::Idle));
    }
}
