//! [`Host`]: the calls the host (the image, a terminal runtime, the tty fileserver's
//! `TtyHost` adapter) makes on a booted system's processes, groups and sessions. They act as
//! the kernel: no permission checks, and they never block.

use std::sync::{Arc, Weak};

use warren_proto::{Errno, Result};

use super::Unix;
use crate::kernel::Kernel;
use crate::signal::Signal;
use crate::types::{Pgid, Pid, Sid};

/// A handle on a booted system's process table for the host; cheap to clone. It does not
/// keep the system alive: once the [`Unix`] is dropped every call finds nothing.
#[derive(Clone)]
pub struct Host {
    kernel: Weak<Kernel>,
}

impl Unix {
    /// A [`Host`] handle on this system (for the tty fileserver's `TtyHost` adapter).
    pub fn host(&self) -> Host {
        Host {
            kernel: Arc::downgrade(&self.kernel),
        }
    }
}

impl Host {
    /// The session, process group and session leadership (`pid == sid`) of process `pid`,
    /// while it runs (`None` once it has exited).
    pub fn process_info(&self, pid: Pid) -> Option<(Sid, Pgid, bool)> {
        let p = self.kernel.upgrade()?.procs.get(pid)?;
        if p.status().is_some() {
            return None;
        }
        let sid = p.sid();
        Some((sid, p.pgid(), sid.0 == pid.0))
    }
    /// The session of process group `pgid`, if the group exists (has a member).
    pub fn group_session(&self, pgid: Pgid) -> Option<Sid> {
        Some(self.kernel.upgrade()?.procs.group(pgid)?.sid())
    }
    /// Deliver `sig` to every process of group `pgid`; whether the group existed.
    pub fn signal_group(&self, pgid: Pgid, sig: Signal) -> bool {
        let Some(k) = self.kernel.upgrade() else {
            return false;
        };
        let Ok(pid) = i32::try_from(pgid.0) else {
            return false;
        };
        k.kill(None, -pid, sig).is_ok()
    }
    /// The session's terminal hung up: `SIGHUP` then `SIGCONT` to every process of session
    /// `sid`, the leader first (POSIX "Modem Disconnect", 11.1.10). Nothing if no session.
    pub fn hangup_session(&self, sid: Sid) {
        if let Some(k) = self.kernel.upgrade() {
            let _ = k.kill_session(None, sid, Signal::Hup);
            let _ = k.kill_session(None, sid, Signal::Cont);
        }
    }
    /// Record session `sid`'s controlling terminal (`"tty/0"`, relative to `/dev`), or clear
    /// it with `None`; `/proc/N/status` shows it. Nothing if no such session.
    pub fn set_controlling_tty(&self, sid: Sid, tty: Option<String>) {
        if let Some(s) = self.kernel.upgrade().and_then(|k| k.procs.session(sid)) {
            s.set_tty(tty);
        }
    }
    /// Send `sig` as the kernel (no permission check) to `pid` as [`crate::ProcContext::kill`]
    /// reads it: a process, `-pgid` a group, `-1` every process but pid 1.
    ///
    /// # Errors
    /// `ESRCH` (nothing matched).
    pub fn kill(&self, pid: i32, sig: Signal) -> Result<()> {
        let k = self.kernel.upgrade().ok_or(Errno::ESRCH)?;
        k.kill(None, pid, sig)
    }
}
