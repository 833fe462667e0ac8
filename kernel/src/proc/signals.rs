//! A process's signal state: actions, caught signals waiting to be taken, and the
//! terminate/stop decisions its task acts on (see [`super::task`]).
//!
//! Masks have bit N for signal N. Everything is atomic, so delivering a signal never blocks
//! and the task's hot path reads only atomics (plus one uncontended lock to keep its waker).

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Mutex;
use std::task::Waker;

use tokio::sync::Notify;

use super::fd::lock;
use crate::signal::{Action, DefaultAction, Signal};

/// What delivering a signal did to the process, for its parent's bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Nothing the parent needs to know.
    None,
    /// The process stopped.
    Stopped,
    /// The process was stopped and continues.
    Continued,
}

/// Signal state of one process.
#[derive(Default)]
pub(crate) struct SigState {
    catch: AtomicU32,
    ignore: AtomicU32,
    /// Caught signals not yet taken by `next_signal`.
    pending: AtomicU32,
    /// The signal that ends the process (0: none yet; `SIGKILL` overrides any other).
    fatal: AtomicU8,
    /// The signal that stopped the process (0: running).
    stopped: AtomicU8,
    /// The task's waker, woken when `fatal`, `stopped` or an `exec` changes.
    waker: Mutex<Option<Waker>>,
    /// Woken when a caught signal becomes pending.
    caught: Notify,
}

impl SigState {
    /// A state whose ignored signals are `ignore` (inherited), nothing caught or pending.
    pub fn inheriting(ignore: u32) -> SigState {
        SigState {
            ignore: AtomicU32::new(ignore),
            ..SigState::default()
        }
    }

    /// The ignored-signals mask (what a child inherits).
    pub fn ignored(&self) -> u32 {
        self.ignore.load(Ordering::Acquire)
    }

    /// Whether any signal is caught (the fast path of blocking calls skips the race).
    pub fn catches_any(&self) -> bool {
        self.catch.load(Ordering::Acquire) != 0
    }

    /// The action for `sig`.
    pub fn action(&self, sig: Signal) -> Action {
        if self.catch.load(Ordering::Acquire) & sig.bit() != 0 {
            Action::Catch
        } else if self.ignore.load(Ordering::Acquire) & sig.bit() != 0 {
            Action::Ignore
        } else {
            Action::Default
        }
    }

    /// Set the action for `sig`; returns the previous one and whether `sig` was pending
    /// (taken out of the queue: the caller re-delivers it under a `Default` action).
    pub fn set_action(&self, sig: Signal, action: Action) -> (Action, bool) {
        let old = self.action(sig);
        let b = sig.bit();
        let (catch, ignore) = match action {
            Action::Catch => (true, false),
            Action::Ignore => (false, true),
            Action::Default => (false, false),
        };
        set_bit(&self.catch, b, catch);
        set_bit(&self.ignore, b, ignore);
        let was_pending = !catch && self.pending.fetch_and(!b, Ordering::AcqRel) & b != 0;
        (old, was_pending && action == Action::Default)
    }

    /// `exec`: caught signals go back to `Default`; the ones pending are returned, to be
    /// re-delivered under their default action.
    pub fn reset_caught(&self) -> Vec<Signal> {
        self.catch.store(0, Ordering::Release);
        let was = self.pending.swap(0, Ordering::AcqRel);
        Signal::ALL
            .into_iter()
            .filter(|s| was & s.bit() != 0)
            .collect()
    }

    /// Deliver `sig` to a live process (POSIX "Signal Generation and Delivery").
    pub fn deliver(&self, sig: Signal) -> Effect {
        if sig == Signal::Kill {
            self.fatal.store(Signal::Kill.number(), Ordering::Release);
            self.wake();
            return Effect::None;
        }
        let effect = match sig {
            Signal::Cont => self.resume(),
            Signal::Stop | Signal::Tstp | Signal::Ttin | Signal::Ttou => {
                self.pending
                    .fetch_and(!Signal::Cont.bit(), Ordering::AcqRel);
                Effect::None
            }
            _ => Effect::None,
        };
        match self.action(sig) {
            Action::Ignore => effect,
            Action::Catch => {
                self.pending.fetch_or(sig.bit(), Ordering::AcqRel);
                self.caught.notify_waiters();
                effect
            }
            Action::Default => match sig.default_action() {
                DefaultAction::Terminate => {
                    let n = sig.number();
                    let _ = self
                        .fatal
                        .compare_exchange(0, n, Ordering::AcqRel, Ordering::Acquire);
                    self.wake();
                    effect
                }
                DefaultAction::Stop => self.stop(sig),
                DefaultAction::Ignore | DefaultAction::Continue => effect,
            },
        }
    }

    /// Stop on `sig` unless already stopped or ending.
    fn stop(&self, sig: Signal) -> Effect {
        if self.fatal.load(Ordering::Acquire) == Signal::Kill.number() {
            return Effect::None;
        }
        match self
            .stopped
            .compare_exchange(0, sig.number(), Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => Effect::Stopped,
            Err(_) => Effect::None,
        }
    }

    /// Continue if stopped.
    fn resume(&self) -> Effect {
        if self.stopped.swap(0, Ordering::AcqRel) == 0 {
            return Effect::None;
        }
        self.wake();
        Effect::Continued
    }

    /// The status the process ends with now, if a signal ends it: `SIGKILL` always, any
    /// other terminating signal once the process is not stopped.
    pub fn fatal_status(&self) -> Option<u8> {
        match self.fatal.load(Ordering::Acquire) {
            0 => None,
            9 => Some(128 + 9),
            n if self.stopped.load(Ordering::Acquire) == 0 => Some(128 + n),
            _ => None,
        }
    }

    /// Whether a terminating signal is set to end the process (stopped or not).
    pub fn doomed(&self) -> bool {
        self.fatal.load(Ordering::Acquire) != 0
    }

    /// 128+N for the terminating signal N set to end the process, stopped or not.
    pub fn doom_status(&self) -> Option<u8> {
        match self.fatal.load(Ordering::Acquire) {
            0 => None,
            n => Some(128 + n),
        }
    }

    /// The signal that stopped the process, if stopped.
    pub fn stopped(&self) -> Option<Signal> {
        Signal::from_number(u32::from(self.stopped.load(Ordering::Acquire)))
    }

    /// Keep `w` to wake the task when its fate changes.
    pub fn register(&self, w: &Waker) {
        let mut slot = lock(&self.waker);
        if !slot.as_ref().is_some_and(|old| old.will_wake(w)) {
            *slot = Some(w.clone());
        }
    }

    /// Wake the task.
    pub fn wake(&self) {
        if let Some(w) = lock(&self.waker).as_ref() {
            w.wake_by_ref();
        }
    }

    /// Take the lowest pending caught signal.
    pub fn take(&self) -> Option<Signal> {
        let mut cur = self.pending.load(Ordering::Acquire);
        loop {
            let sig = Signal::ALL.into_iter().find(|s| cur & s.bit() != 0)?;
            match self.pending.compare_exchange(
                cur,
                cur & !sig.bit(),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return Some(sig),
                Err(now) => cur = now,
            }
        }
    }

    /// Resolve once a caught signal is pending (at once if one is).
    pub async fn caught(&self) {
        loop {
            let notified = self.caught.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.pending.load(Ordering::Acquire) != 0 {
                return;
            }
            notified.await;
        }
    }

    /// Wait for and take a caught signal.
    pub async fn next(&self) -> Signal {
        loop {
            if let Some(s) = self.take() {
                return s;
            }
            self.caught().await;
        }
    }
}

/// Set or clear the bits `b` of `mask`.
fn set_bit(mask: &AtomicU32, b: u32, on: bool) {
    if on {
        mask.fetch_or(b, Ordering::AcqRel);
    } else {
        mask.fetch_and(!b, Ordering::AcqRel);
    }
}
