//! Session, process-group and identity calls of [`ProcContext`] (POSIX `setsid(2)`,
//! `setpgid(2)`, `getsid(2)`, `getpgid(2)`, `setuid(2)`, `setgid(2)`).

use std::sync::Arc;

use warren_proto::{Errno, Gid, Result, Uid};

use super::ProcContext;
use crate::proc::process::Process;
use crate::types::{Pgid, Pid, Sid};

impl ProcContext {
    /// `setsid(2)`: make this process the leader of a new session and of a new process
    /// group in it (both ids = its pid), with no controlling tty. Returns the new sid.
    ///
    /// # Errors
    /// `EPERM` when this process already leads a process group (pgid == pid).
    pub fn setsid(&self) -> Result<Sid> {
        self.kernel.procs.setsid(&self.proc)
    }
    /// `setpgid(2)`: move process `pid` (`Pid(0)`: this one) into group `pgid`
    /// (`Pgid(0)`: the group whose id is `pid`, created if needed). `pid` must be this
    /// process or one of its children; the group must be in this process's session.
    ///
    /// # Errors
    /// `ESRCH` (`pid` is neither this process nor a child, or unknown), `EPERM` (`pid` leads
    /// a session, is in another session, or `pgid` names a group of another session or no
    /// group while differing from `pid`).
    pub fn setpgid(&self, pid: Pid, pgid: Pgid) -> Result<()> {
        self.kernel.procs.setpgid(&self.proc, pid, pgid)
    }
    /// `getsid(2)`: the session id of process `pid` (`Pid(0)`: this one).
    ///
    /// # Errors
    /// `ESRCH` (no such process).
    pub fn getsid(&self, pid: Pid) -> Result<Sid> {
        Ok(self.process(pid)?.sid())
    }
    /// `getpgid(2)`: the process group id of process `pid` (`Pid(0)`: this one).
    ///
    /// # Errors
    /// `ESRCH` (no such process).
    pub fn getpgid(&self, pid: Pid) -> Result<Pgid> {
        Ok(self.process(pid)?.pgid())
    }
    /// `setuid(2)`: with effective uid 0, set the real, effective and saved user ids to
    /// `uid` (children inherit them; every later fileserver request carries the effective
    /// one); otherwise set only the effective uid, to the real or saved one (a set-user-ID
    /// program dropping its privilege, or taking it back).
    ///
    /// # Errors
    /// `EPERM` when the effective uid is not 0 and `uid` is neither the real nor the saved
    /// uid.
    pub fn setuid(&self, uid: Uid) -> Result<()> {
        self.proc.change_ident(|i| i.setuid(uid))
    }
    /// `setgid(2)`: as [`ProcContext::setuid`] for the group ids (privilege is still
    /// effective uid 0). Set the gid before the uid: after `setuid` to a non-0 uid the
    /// privilege is gone.
    ///
    /// # Errors
    /// `EPERM` when the effective uid is not 0 and `gid` is neither the real nor the saved
    /// gid.
    pub fn setgid(&self, gid: Gid) -> Result<()> {
        self.proc.change_ident(|i| i.setgid(gid))
    }

    /// Process `pid` (`Pid(0)`: this one), running or zombie.
    fn process(&self, pid: Pid) -> Result<Arc<Process>> {
        if pid.0 == 0 || pid == self.proc.pid {
            return Ok(self.proc.clone());
        }
        self.kernel.procs.get(pid).ok_or(Errno::ESRCH)
    }
}
