//! Job control in the process table: `setsid` and `setpgid` (POSIX `setsid(2)`,
//! `setpgid(2)`; the axprocess rules of `seeds/001_...`). Both run under the registry lock,
//! so their checks and the move they make are one step.

use std::sync::Arc;

use warren_proto::{Errno, Result};

use super::process::Process;
use super::table::ProcTable;
use crate::types::{Pgid, Pid, Sid};

impl ProcTable {
    /// Make `p` the leader of a new session and of a new group in it.
    ///
    /// # Errors
    /// `EPERM` when `p` leads a group, or a group with its pid as id exists.
    pub(crate) fn setsid(&self, p: &Arc<Process>) -> Result<Sid> {
        let mut jobs = self.jobs();
        if p.pgid().0 == p.pid.0 || jobs.group(Pgid(p.pid.0)).is_some() {
            return Err(Errno::EPERM);
        }
        let g = jobs.new_session(Sid(p.pid.0));
        p.set_group(g);
        Ok(Sid(p.pid.0))
    }

    /// Move `pid` (0: `me`), which must be `me` or a child of `me`, into group `pgid`
    /// (0: the group whose id is the target's pid) of `me`'s session.
    ///
    /// # Errors
    /// `ESRCH` (not `me` nor a child of `me`), `EPERM` (target leads a session or is in
    /// another session, `pgid` is a group of another session or no group and not the
    /// target's pid).
    pub(crate) fn setpgid(&self, me: &Arc<Process>, pid: Pid, pgid: Pgid) -> Result<()> {
        let target = match pid {
            Pid(0) => me.clone(),
            p if p == me.pid => me.clone(),
            p => self
                .get(p)
                .filter(|c| c.ppid() == me.pid && c.status().is_none())
                .ok_or(Errno::ESRCH)?,
        };
        let pgid = if pgid.0 == 0 {
            Pgid(target.pid.0)
        } else {
            pgid
        };
        let mut jobs = self.jobs();
        let session = target.group().session.clone();
        if session.sid != me.sid() || session.sid.0 == target.pid.0 {
            return Err(Errno::EPERM);
        }
        let group = match jobs.group(pgid) {
            Some(g) if g.sid() == session.sid => g,
            Some(_) => return Err(Errno::EPERM),
            None if pgid.0 == target.pid.0 => jobs.new_group(pgid, &session),
            None => return Err(Errno::EPERM),
        };
        target.set_group(group);
        Ok(())
    }
}
