//! Sending signals: choosing the targets of `kill` (a process, a group, a session, all),
//! checking permission, and delivering (POSIX `kill(2)`, "Signal Generation and Delivery").
//!
//! Delivery marks state and never blocks; a stop or continue is recorded for the parent's
//! `waitpid` and the parent is sent `SIGCHLD`.

use std::sync::Arc;

use warren_proto::{Errno, Result};

use super::ident::Ident;
use super::process::{Event, Process};
use super::signals::Effect;
use super::table::notify;
use crate::kernel::Kernel;
use crate::signal::Signal;
use crate::types::{Pgid, Pid, Sid};

impl Kernel {
    /// Deliver `sig` to `p` as the kernel (no permission check); nothing for a zombie.
    pub(crate) fn deliver(&self, p: &Process, sig: Signal) {
        if p.status().is_some() {
            return;
        }
        let event = match p.sig.deliver(sig) {
            Effect::None => return,
            Effect::Stopped => Event::Stopped,
            Effect::Continued => Event::Continued,
        };
        p.set_event(event);
        if let Some(parent) = self.procs.get(p.ppid()) {
            notify(&parent);
            self.deliver(&parent, Signal::Chld);
        }
    }

    /// `kill(2)` from `from` (`None`: the kernel): `pid > 0` a process, `0` `from`'s group,
    /// `-1` every process but pid 1 and `from`, `< -1` the group `-pid`.
    ///
    /// # Errors
    /// `ESRCH` (nothing matched), `EPERM` (nothing `from` may signal).
    pub(crate) fn kill(&self, from: Option<&Process>, pid: i32, sig: Signal) -> Result<()> {
        let targets = match pid {
            p if p > 0 => self.procs.get(Pid(p.unsigned_abs())).into_iter().collect(),
            0 => from.map_or_else(Vec::new, |f| f.group().members()),
            -1 => self
                .procs
                .all()
                .into_iter()
                .filter(|p| p.pid != Pid(1) && Some(p.pid) != from.map(|f| f.pid))
                .collect(),
            p => self
                .procs
                .group(Pgid(p.unsigned_abs()))
                .map_or_else(Vec::new, |g| g.members()),
        };
        self.send(from.map(Process::ident), &targets, sig)
    }

    /// Send `sig` to every process of session `sid`, the leader first.
    ///
    /// # Errors
    /// `ESRCH` (no such session), `EPERM`.
    pub(crate) fn kill_session(&self, from: Option<&Process>, sid: Sid, sig: Signal) -> Result<()> {
        let targets = self
            .procs
            .session(sid)
            .map_or_else(Vec::new, |s| s.members());
        self.send(from.map(Process::ident), &targets, sig)
    }

    /// Deliver `sig` to the `targets` `from` may signal ([`Ident::may_signal`]: effective
    /// uid 0, or a real or effective uid that is the target's real or saved uid).
    fn send(&self, from: Option<Ident>, targets: &[Arc<Process>], sig: Signal) -> Result<()> {
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        let may = |p: &Process| from.is_none_or(|f| f.may_signal(&p.ident()));
        let mut sent = false;
        for p in targets.iter().filter(|p| may(p)) {
            self.deliver(p, sig);
            sent = true;
        }
        if sent {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }
}
