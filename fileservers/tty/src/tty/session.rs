//! A terminal's session: the controlling-terminal association and the foreground group.
//!
//! Source: POSIX "General Terminal Interface", 11.1.3 "The Controlling Terminal" and 11.1.4
//! "Terminal Access Control"; `tcsetpgrp(3)`.

use warren_proto::{Errno, Result};

use super::Tty;
use crate::host::{ProcInfo, TtySignal};

impl Tty {
    /// The session this is the controlling terminal of (0: none). A session whose leader no
    /// longer exists loses its terminal here, lazily (POSIX: when the leader exits, the
    /// terminal is disassociated from the session).
    pub(crate) fn session(&self) -> u32 {
        let sid = self.lock().sid;
        let alive = |p: ProcInfo| p.leader && p.sid == sid;
        if sid == 0 || self.host.process(sid).is_some_and(alive) {
            return sid;
        }
        let mut s = self.lock();
        if s.sid != sid {
            return s.sid;
        }
        s.sid = 0;
        s.fgpgrp = 0;
        drop(s);
        self.host.set_controlling_tty(sid, None);
        0
    }

    /// Make this the controlling terminal of the session `leader` leads, with the leader's
    /// group in the foreground, if the terminal is attached and has no session. The caller
    /// checks that the session has no other controlling terminal. Returns whether it did.
    pub(crate) fn acquire(&self, leader: ProcInfo) -> bool {
        if self.session() != 0 {
            return false;
        }
        let mut s = self.lock();
        if s.sid != 0 || s.link.is_none() {
            return false;
        }
        s.sid = leader.sid;
        s.fgpgrp = leader.pgid;
        drop(s);
        let name = format!("tty/{}", self.n);
        self.host.set_controlling_tty(leader.sid, Some(&name));
        true
    }

    /// `tcsetpgrp`: put group `pgid` in the foreground, on behalf of `caller`.
    ///
    /// # Errors
    /// `ENOTTY` when this is not the caller's controlling terminal (or the caller is
    /// unknown); `EPERM` when `pgid` is not a process group of the terminal's session.
    pub(crate) fn set_foreground(&self, caller: Option<ProcInfo>, pgid: u32) -> Result<()> {
        let sid = self.session();
        if sid == 0 || caller.is_none_or(|p| p.sid != sid) {
            return Err(Errno::ENOTTY);
        }
        if self.host.group_session(pgid) != Some(sid) {
            return Err(Errno::EPERM);
        }
        let mut s = self.lock();
        if s.sid != sid {
            return Err(Errno::ENOTTY);
        }
        s.fgpgrp = pgid;
        Ok(())
    }

    /// Let `reader` read only from the foreground: a process of the terminal's session in a
    /// background group gets `SIGTTIN` on its group. Readers from other sessions, and unknown
    /// ones, may read (this is not their controlling terminal).
    ///
    /// # Errors
    /// `EINTR` after raising `SIGTTIN`.
    pub(super) fn check_foreground(&self, reader: Option<ProcInfo>) -> Result<()> {
        let Some(p) = reader else {
            return Ok(());
        };
        let (sid, fg) = {
            let s = self.lock();
            (s.sid, s.fgpgrp)
        };
        if sid == 0 || p.sid != sid || p.pgid == fg {
            return Ok(());
        }
        self.host.signal_group(p.pgid, TtySignal::Ttin);
        Err(Errno::EINTR)
    }
}
