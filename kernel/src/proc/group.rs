//! Sessions and process groups (POSIX "Process Group", "Session"; the axprocess model of
//! `seeds/001_...`).
//!
//! Ownership: strong references point up, weak ones down. A [`Process`] holds its
//! `Arc<ProcessGroup>`; a group holds its `Arc<Session>` and a weak map of its processes; a
//! session holds a weak map of its groups. The process table holds processes strongly until
//! they are reaped, and groups and sessions only weakly, by id (`Registry`). So when the
//! last member of a group is reaped the group is freed, and with the last group its session:
//! no cleanup call, no cycle. Dead weak entries are pruned when an entry is added.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Weak};

use super::fd::lock;
use super::process::Process;
use crate::types::{Pgid, Pid, Sid};

/// A session: a set of process groups, with at most one controlling terminal.
pub struct Session {
    /// The session id: the pid of the process that created it with `setsid`.
    pub sid: Sid,
    tty: Mutex<Option<String>>,
    groups: Mutex<BTreeMap<Pgid, Weak<ProcessGroup>>>,
}

/// A process group: a set of processes of one session that job control signals together.
pub struct ProcessGroup {
    /// The group id: the pid of the process that created it.
    pub pgid: Pgid,
    /// The session the group belongs to (kept alive by the group).
    pub session: Arc<Session>,
    procs: Mutex<BTreeMap<Pid, Weak<Process>>>,
}

impl Session {
    /// A new session `sid` with no groups and no controlling terminal.
    pub fn new(sid: Sid) -> Arc<Session> {
        Arc::new(Session {
            sid,
            tty: Mutex::new(None),
            groups: Mutex::new(BTreeMap::new()),
        })
    }

    /// The controlling terminal's name (`tty/0`, relative to `/dev`), if it has one.
    pub fn tty(&self) -> Option<String> {
        lock(&self.tty).clone()
    }

    /// Set or clear the controlling terminal.
    pub fn set_tty(&self, tty: Option<String>) {
        *lock(&self.tty) = tty;
    }

    /// The session's live groups, by id.
    pub fn groups(&self) -> Vec<Arc<ProcessGroup>> {
        lock(&self.groups)
            .values()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// The session's live processes, the leader (pid == sid) first, then by pid.
    pub fn members(&self) -> Vec<Arc<Process>> {
        let mut all: Vec<_> = self.groups().iter().flat_map(|g| g.members()).collect();
        all.sort_by_key(|p| (p.pid.0 != self.sid.0, p.pid));
        all
    }
}

impl ProcessGroup {
    /// A new, empty group `pgid` in `session`, entered in the session's map.
    pub fn new(pgid: Pgid, session: &Arc<Session>) -> Arc<ProcessGroup> {
        let g = Arc::new(ProcessGroup {
            pgid,
            session: session.clone(),
            procs: Mutex::new(BTreeMap::new()),
        });
        let mut groups = lock(&session.groups);
        groups.retain(|_, w| w.strong_count() > 0);
        groups.insert(pgid, Arc::downgrade(&g));
        g
    }

    /// The session id.
    pub fn sid(&self) -> Sid {
        self.session.sid
    }

    /// Enter `p` as a member.
    pub(crate) fn join(&self, p: &Arc<Process>) {
        lock(&self.procs).insert(p.pid, Arc::downgrade(p));
    }

    /// Remove the member `pid`.
    pub(crate) fn leave(&self, pid: Pid) {
        lock(&self.procs).remove(&pid);
    }

    /// The live members, by pid.
    pub fn members(&self) -> Vec<Arc<Process>> {
        lock(&self.procs)
            .values()
            .filter_map(Weak::upgrade)
            .collect()
    }
}

/// The process table's weak index of groups and sessions by id.
#[derive(Default)]
pub(crate) struct Registry {
    groups: BTreeMap<Pgid, Weak<ProcessGroup>>,
    sessions: BTreeMap<Sid, Weak<Session>>,
}

impl Registry {
    /// The live group `pgid`.
    pub fn group(&self, pgid: Pgid) -> Option<Arc<ProcessGroup>> {
        self.groups.get(&pgid).and_then(Weak::upgrade)
    }

    /// The live session `sid`.
    pub fn session(&self, sid: Sid) -> Option<Arc<Session>> {
        self.sessions.get(&sid).and_then(Weak::upgrade)
    }

    /// A new group `pgid` in `session`, indexed (pruning dead entries).
    pub fn new_group(&mut self, pgid: Pgid, session: &Arc<Session>) -> Arc<ProcessGroup> {
        let g = ProcessGroup::new(pgid, session);
        self.groups.retain(|_, w| w.strong_count() > 0);
        self.groups.insert(pgid, Arc::downgrade(&g));
        g
    }

    /// A new session `sid` with a new group of the same id, both indexed.
    pub fn new_session(&mut self, sid: Sid) -> Arc<ProcessGroup> {
        let s = Session::new(sid);
        self.sessions.retain(|_, w| w.strong_count() > 0);
        self.sessions.insert(sid, Arc::downgrade(&s));
        self.new_group(Pgid(sid.0), &s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_dropped_by_its_last_holder_no_longer_upgrades_nor_keeps_its_session() {
        let mut reg = Registry::default();
        let g = reg.new_session(Sid(5));
        let s = Arc::downgrade(&g.session);
        let weak = Arc::downgrade(&g);
        assert!(reg.group(Pgid(5)).is_some());
        drop(g);
        assert!(weak.upgrade().is_none());
        assert!(s.upgrade().is_none());
        assert!(reg.group(Pgid(5)).is_none());
        assert!(reg.session(Sid(5)).is_none());
    }

    #[test]
    fn a_session_lives_while_any_of_its_groups_does() {
        let mut reg = Registry::default();
        let leader = reg.new_session(Sid(3));
        let other = reg.new_group(Pgid(4), &leader.session);
        drop(leader);
        assert!(reg.group(Pgid(3)).is_none());
        let s = reg.session(Sid(3)).expect("session kept by group 4");
        assert_eq!(s.groups().len(), 1);
        drop((s, other));
        assert!(reg.session(Sid(3)).is_none());
    }
}
