//! The fid table of one connection: wire fid (`u32`) to server [`Fid`], owner and state.
//!
//! The table is only touched under a short lock, never across a fileserver call; a request
//! that changes a fid's state marks it first (`Reserved`, `Opening`) and settles it when the
//! fileserver answers. Settling checks the server fid, so a wire fid that was clunked and
//! reused meanwhile is left alone.

use std::collections::HashMap;

use super::afid::AuthFid;
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
    /// Made by `Tauth`: the client writes its secret to it, then names it in `Tattach`.
    /// Only the `afid` module uses it; to every other request it is `EBADF`.
    Auth,
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
    /// What each `Auth` fid holds, by wire fid.
    auth: HashMap<u32, AuthFid>,
    max: usize,
}

impl FidTable {
    /// An empty table holding at most `max` fids.
    pub fn new(max: usize) -> FidTable {
        FidTable {
            map: HashMap::new(),
            auth: HashMap::new(),
            max,
        }
    }

    /// The usable entry for `wire`.
    ///
    /// # Errors
    /// `EBADF` when `wire` is unknown, only reserved, or an auth fid.
    pub fn get(&self, wire: u32) -> Result<Entry> {
        match self.map.get(&wire) {
            Some(e) if !matches!(e.state, State::Reserved | State::Auth) => Ok(*e),
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
        self.insert(wire, caller, State::Reserved)
    }

    /// Make `wire` an auth fid holding `afid` (`Tauth`).
    ///
    /// # Errors
    /// As [`FidTable::reserve`].
    pub fn add_auth(&mut self, wire: u32, afid: AuthFid) -> Result<Fid> {
        let fid = self.insert(wire, Caller::default(), State::Auth)?;
        self.auth.insert(wire, afid);
        Ok(fid)
    }

    /// The auth fid `wire`, if it is one.
    pub fn auth_mut(&mut self, wire: u32) -> Option<&mut AuthFid> {
        self.auth.get_mut(&wire)
    }

    /// Forget the auth fid `wire`; false if it is not one.
    pub fn take_auth(&mut self, wire: u32) -> bool {
        let found = self.auth.remove(&wire).is_some();
        if found {
            self.map.remove(&wire);
        }
        found
    }

    fn insert(&mut self, wire: u32, caller: Caller, state: State) -> Result<Fid> {
        if self.map.contains_key(&wire) {
            return Err(Errno::EBADF);
        }
        if self.map.len() >= self.max {
            return Err(Errno::EMFILE);
        }
        let fid = Fid::fresh();
        self.map.insert(wire, Entry { fid, caller, state });
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

    /// The attach that reserved `wire` for `fid` succeeded as `caller`: the fid is idle.
    pub fn attached(&mut self, wire: u32, fid: Fid, caller: Caller) {
        if let Some(e) = self.map.get_mut(&wire) {
            if e.fid == fid {
                *e = Entry {
                    fid,
                    caller,
                    state: State::Idle,
                };
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

    /// Remove every fid (session reset, connection end) and return those the fileserver
    /// knows: reserved ones are skipped (their requests release them), and so are auth fids.
    pub fn drain(&mut self) -> Vec<Entry> {
        let all: Vec<Entry> = self.map.values().copied().collect();
        self.map.clear();
        self.auth.clear();
        all.into_iter()
            .filter(|e| !matches!(e.state, State::Reserved | State::Auth))
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
