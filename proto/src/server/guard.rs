//! Failed attaches: rate-limited logging, per-peer lockout, and a bound on credential checks
//! running at once.
//!
//! Per peer (its IP address for TCP; see [`Peer`]):
//! - **Log.** Each refused attach is a `warn` line (`peer`, `uname`, `reason`), at most
//!   [`LOG_LINES`] per [`LOG_WINDOW`]; the rest are counted, and the first line of the next
//!   window carries `suppressed = K`.
//! - **Lockout.** [`MAX_FAILURES`] failures within [`FAIL_WINDOW`] lock the peer out for
//!   [`LOCKOUT`]: its attaches that need a credential get `EACCES` without being checked (one
//!   `warn` line when it starts). Refusals during a lockout do not extend it, and a success
//!   does not forgive earlier failures.
//!
//! Credential checks run at most [`CHECKS_AT_ONCE`] at a time per [`Guard`] (a password
//! hash costs tens of milliseconds and 19 MiB), and each check's failure is recorded before
//! its slot is freed, so a peer gets at most `MAX_FAILURES + CHECKS_AT_ONCE - 1` guesses per
//! lockout period however many connections it opens. Memory: one record per peer that
//! failed within the last [`FAIL_WINDOW`] or is locked out; idle records are pruned.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::warn;

use super::auth::Peer;
use crate::errno::{Errno, Result};

/// At most this many refusal lines per peer per [`LOG_WINDOW`].
pub const LOG_LINES: u32 = 5;
/// The window of the log rate limit.
pub const LOG_WINDOW: Duration = Duration::from_secs(10);
/// Failures within [`FAIL_WINDOW`] that lock a peer out.
pub const MAX_FAILURES: usize = 5;
/// How far back failures count.
pub const FAIL_WINDOW: Duration = Duration::from_secs(60);
/// How long a lockout lasts.
pub const LOCKOUT: Duration = Duration::from_secs(60);
/// Credential checks running at once.
pub const CHECKS_AT_ONCE: usize = 2;
/// Prune idle records when the table grows past this many peers.
const PRUNE_AT: usize = 1024;

/// What one peer has done lately.
struct Record {
    /// Times of the failures within [`FAIL_WINDOW`], oldest first.
    failures: VecDeque<Instant>,
    /// The end of the lockout, if one was started.
    locked_until: Option<Instant>,
    /// Start of the current log window.
    window: Instant,
    /// Lines logged in the current window.
    logged: u32,
    /// Lines not logged since the last line that was.
    suppressed: u32,
}

impl Record {
    fn new(now: Instant) -> Record {
        Record {
            failures: VecDeque::new(),
            locked_until: None,
            window: now,
            logged: 0,
            suppressed: 0,
        }
    }

    /// Whether the peer is locked out at `now`.
    fn locked(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|t| now < t)
    }

    /// Count a failure at `now`; true when it starts a lockout.
    fn fail(&mut self, now: Instant) -> bool {
        while self
            .failures
            .front()
            .is_some_and(|&t| now.duration_since(t) >= FAIL_WINDOW)
        {
            self.failures.pop_front();
        }
        self.failures.push_back(now);
        if self.failures.len() < MAX_FAILURES || self.locked(now) {
            return false;
        }
        self.failures.clear();
        self.locked_until = Some(now + LOCKOUT);
        true
    }

    /// Whether a line at `now` may be logged: `Some(suppressed since the last logged line)`,
    /// or `None` (counted as suppressed).
    fn log(&mut self, now: Instant) -> Option<u32> {
        if now.duration_since(self.window) >= LOG_WINDOW {
            self.window = now;
            self.logged = 0;
        }
        if self.logged >= LOG_LINES {
            self.suppressed += 1;
            return None;
        }
        self.logged += 1;
        Some(std::mem::take(&mut self.suppressed))
    }

    /// Whether the record still matters at `now` (recent failures, a lockout, a pending
    /// suppressed count).
    fn active(&self, now: Instant) -> bool {
        self.locked(now)
            || self.suppressed > 0
            || self
                .failures
                .back()
                .is_some_and(|&t| now.duration_since(t) < FAIL_WINDOW)
    }
}

/// The failure log and lockout state of a listener, shared by all its connections (one per
/// [`super::ServeOptions`]; share one `Arc<Guard>` between listeners to count together).
pub struct Guard {
    peers: Mutex<HashMap<String, Record>>,
    checks: Arc<Semaphore>,
}

impl Default for Guard {
    /// No peer has failed; [`CHECKS_AT_ONCE`] check slots.
    fn default() -> Guard {
        Guard {
            peers: Mutex::new(HashMap::new()),
            checks: Arc::new(Semaphore::new(CHECKS_AT_ONCE)),
        }
    }
}

impl Guard {
    /// A slot to run one credential check in; hold it until the check's outcome is
    /// recorded.
    ///
    /// # Errors
    /// `EIO` if the slots were closed (never, in practice).
    pub(crate) async fn slot(&self) -> Result<OwnedSemaphorePermit> {
        self.checks
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Errno::EIO)
    }

    /// Whether `peer` is locked out now.
    pub(crate) fn locked(&self, peer: &Peer) -> bool {
        let now = Instant::now();
        self.peers().get(&peer.key()).is_some_and(|r| r.locked(now))
    }

    /// Record a failed attach of `uname` from `peer` for `reason`: log it (rate-limited)
    /// and count it towards a lockout.
    pub(crate) fn failed(&self, peer: &Peer, uname: &str, reason: &str) {
        self.record(peer, uname, reason, true);
    }

    /// Log an attach refused without being checked (the peer is locked out); not counted.
    pub(crate) fn refused(&self, peer: &Peer, uname: &str, reason: &str) {
        self.record(peer, uname, reason, false);
    }

    fn record(&self, peer: &Peer, uname: &str, reason: &str, count: bool) {
        let now = Instant::now();
        let mut peers = self.peers();
        if peers.len() >= PRUNE_AT {
            peers.retain(|_, r| r.active(now));
        }
        let rec = peers.entry(peer.key()).or_insert_with(|| Record::new(now));
        let locks = count && rec.fail(now);
        let line = rec.log(now);
        drop(peers);
        if let Some(suppressed) = line {
            warn!(%peer, ?uname, reason, suppressed, "9P attach refused");
        }
        if locks {
            let secs = LOCKOUT.as_secs();
            warn!(%peer, failures = MAX_FAILURES, secs, "9P peer locked out");
        }
    }

    fn peers(&self) -> MutexGuard<'_, HashMap<String, Record>> {
        self.peers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: Duration = Duration::from_secs(1);

    #[test]
    fn five_failures_in_a_minute_lock_out_for_a_minute() {
        let t0 = Instant::now();
        let mut r = Record::new(t0);
        for i in 0..4 {
            assert!(!r.fail(t0 + SEC * i));
        }
        assert!(!r.locked(t0 + SEC * 4));
        assert!(r.fail(t0 + SEC * 4));
        assert!(r.locked(t0 + SEC * 63));
        assert!(
            !r.fail(t0 + SEC * 63),
            "a refusal while locked does not relock"
        );
        assert!(!r.locked(t0 + SEC * 64));
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let t0 = Instant::now();
        let mut r = Record::new(t0);
        for i in 0..4 {
            r.fail(t0 + SEC * i);
        }
        assert!(
            !r.fail(t0 + SEC * 61),
            "only 3 failures within the last minute"
        );
        assert!(!r.locked(t0 + SEC * 61));
    }

    #[test]
    fn log_lines_are_limited_per_window_and_report_what_was_suppressed() {
        let t0 = Instant::now();
        let mut r = Record::new(t0);
        let first: Vec<_> = (0..8).map(|_| r.log(t0)).collect();
        assert_eq!(first[..5], [Some(0); 5]);
        assert_eq!(first[5..], [None; 3]);
        assert_eq!(r.log(t0 + SEC * 9), None);
        assert_eq!(r.log(t0 + SEC * 10), Some(4));
        assert_eq!(r.log(t0 + SEC * 10), Some(0));
    }

    #[test]
    fn idle_records_are_not_active() {
        let t0 = Instant::now();
        let mut r = Record::new(t0);
        r.fail(t0);
        assert!(r.active(t0 + SEC * 59));
        assert!(!r.active(t0 + SEC * 60));
    }
}
