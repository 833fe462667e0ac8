//! The tty fileserver's view of the kernel ([`TtyHost`]), implemented over a booted system.
//!
//! The tty server is built before the system boots (it is mounted by the image), so the
//! kernel handle is filled in once boot returns; until then the tty knows no processes.

use std::sync::OnceLock;

use warren_kernel::{Host, Pgid, Pid, Sid, Signal};
use warren_tty::{ProcInfo, TtyHost, TtySignal};

/// [`TtyHost`] over a kernel [`Host`] handle set after boot.
#[derive(Default)]
pub struct KernelTtyHost {
    host: OnceLock<Host>,
}

impl KernelTtyHost {
    /// Connect to the booted system; later calls are ignored.
    pub fn set(&self, host: Host) {
        let _ = self.host.set(host);
    }
}

fn signal(sig: TtySignal) -> Signal {
    match sig {
        TtySignal::Int => Signal::Int,
        TtySignal::Quit => Signal::Quit,
        TtySignal::Tstp => Signal::Tstp,
        TtySignal::Ttin => Signal::Ttin,
    }
}

impl TtyHost for KernelTtyHost {
    fn process(&self, pid: u32) -> Option<ProcInfo> {
        let (sid, pgid, leader) = self.host.get()?.process_info(Pid(pid))?;
        Some(ProcInfo {
            sid: sid.0,
            pgid: pgid.0,
            leader,
        })
    }

    fn group_session(&self, pgid: u32) -> Option<u32> {
        Some(self.host.get()?.group_session(Pgid(pgid))?.0)
    }

    fn signal_group(&self, pgid: u32, sig: TtySignal) {
        if let Some(h) = self.host.get() {
            h.signal_group(Pgid(pgid), signal(sig));
        }
    }

    fn hangup_session(&self, sid: u32) {
        if let Some(h) = self.host.get() {
            h.hangup_session(Sid(sid));
        }
    }

    fn set_controlling_tty(&self, sid: u32, tty: Option<&str>) {
        if let Some(h) = self.host.get() {
            h.set_controlling_tty(Sid(sid), tty.map(str::to_string));
        }
    }
}
