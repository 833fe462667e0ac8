//! Signal calls of [`ProcContext`]: kill, kill_session, signal_action, next_signal
//! (POSIX `kill(2)`, `sigaction(2)`, `sigwait(3)`).

use std::future::Future;

use warren_proto::{Errno, Result};

use super::ProcContext;
use crate::signal::{Action, Signal};
use crate::types::Sid;

impl ProcContext {
    /// `kill(2)`: send `sig` to `pid > 0` (that process), `0` (every process of this
    /// process's group), `-1` (every process but pid 1 and this one) or `< -1` (every
    /// process of group `-pid`). Allowed for effective uid 0, or when this process's real
    /// or effective uid is the target's real or saved uid (so a user may signal the
    /// set-user-ID programs they started).
    /// Sending to a zombie succeeds and does nothing.
    ///
    /// # Errors
    /// `ESRCH` (nothing matched), `EPERM` (matched, but none may be signalled).
    pub fn kill(&self, pid: i32, sig: Signal) -> Result<()> {
        self.kernel.kill(Some(&self.proc), pid, sig)
    }
    /// Send `sig` to every process of session `sid`, the leader first (what a hangup does
    /// with `SIGHUP`); permission as [`ProcContext::kill`].
    ///
    /// # Errors
    /// `ESRCH` (no such session), `EPERM`.
    pub fn kill_session(&self, sid: Sid, sig: Signal) -> Result<()> {
        self.kernel.kill_session(Some(&self.proc), sid, sig)
    }
    /// `sigaction(2)`: choose what this process does with `sig`; returns the previous
    /// action. A caught signal is queued for [`ProcContext::next_signal`] and makes a
    /// blocking call (read, write, wait) return `EINTR`. Ignoring a pending signal discards
    /// it. `exec` resets caught signals to `Default` and keeps ignored ones.
    ///
    /// # Errors
    /// `EINVAL` for `SIGKILL` and `SIGSTOP` (unless `action` is `Default`).
    pub fn signal_action(&self, sig: Signal, action: Action) -> Result<Action> {
        if !sig.catchable() && action != Action::Default {
            return Err(Errno::EINVAL);
        }
        let (old, redeliver) = self.proc.sig.set_action(sig, action);
        if redeliver {
            self.kernel.deliver(&self.proc, sig);
        }
        Ok(old)
    }
    /// Wait for a caught signal and take it (lowest number first when several are
    /// pending). Source: `sigwait(3)`.
    pub async fn next_signal(&self) -> Signal {
        self.proc.sig.next().await
    }
    /// Take a pending caught signal without waiting (lowest number first).
    pub fn try_signal(&self) -> Option<Signal> {
        self.proc.sig.take()
    }

    /// Run the blocking call `call`, or fail with `EINTR` once a caught signal is pending
    /// (`call` is dropped: fileservers are cancel-safe). Without caught signals this is
    /// just `call`.
    pub(super) async fn interruptible<T>(
        &self,
        call: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        if !self.proc.sig.catches_any() {
            return call.await;
        }
        tokio::select! {
            biased;
            r = call => r,
            () = self.proc.sig.caught() => Err(Errno::EINTR),
        }
    }

    /// The outcome of a write that failed with `e`: for `EPIPE`, raise `SIGPIPE` on this
    /// process; when that ends it (the default action) never return, else return `e`.
    pub(super) async fn write_failed<T>(&self, e: Errno) -> Result<T> {
        if e == Errno::EPIPE {
            self.kernel.deliver(&self.proc, Signal::Pipe);
            if self.proc.sig.doomed() {
                std::future::pending::<()>().await;
            }
        }
        Err(e)
    }
}
