//! Starting init's entries, reaping children and respawning `respawn` entries, with the
//! rate limit of the module doc.

use std::collections::HashMap;

use tokio::time::Instant;
use warren_kernel::{Pid, ProcContext, Share, Signal, SpawnOptions};
use warren_proto::Errno;

use super::inittab::{Action, Entry};
use super::{BACKOFF, FAST_EXIT, FAST_LIMIT};
use crate::util::say;

/// An entry and its respawn history.
struct Slot {
    entry: Entry,
    started: Instant,
    fast: u32,
}

/// What woke the supervisor.
enum Event {
    Signal(Signal),
    Reaped(Pid),
    NoChildren,
    Interrupted,
    Due,
}

/// Init's state: the entries, which pid runs which, and starts scheduled for later.
pub(super) struct Supervisor {
    ctx: ProcContext,
    slots: Vec<Slot>,
    running: HashMap<Pid, usize>,
    /// `(when, slot)`: starts to make at or after `when`.
    due: Vec<(Instant, usize)>,
    /// Set when `wait_any` found no children; cleared by a start or `SIGCHLD`.
    idle: bool,
}

impl Supervisor {
    /// A supervisor of `entries`, each due at once.
    pub(super) fn new(ctx: ProcContext, entries: Vec<Entry>) -> Supervisor {
        let now = Instant::now();
        let slots: Vec<Slot> = entries
            .into_iter()
            .map(|entry| Slot {
                entry,
                started: now,
                fast: 0,
            })
            .collect();
        let due = (0..slots.len()).map(|i| (now, i)).collect();
        Supervisor {
            ctx,
            slots,
            running: HashMap::new(),
            due,
            idle: false,
        }
    }

    /// Start, reap and respawn until `SIGTERM` arrives.
    pub(super) async fn run(&mut self) {
        loop {
            self.start_due().await;
            match self.next_event().await {
                Event::Signal(Signal::Term) => return,
                Event::Signal(Signal::Chld) => self.idle = false,
                Event::Reaped(pid) => self.exited(pid),
                Event::NoChildren => self.idle = true,
                Event::Signal(_) | Event::Interrupted | Event::Due => {}
            }
        }
    }

    /// Wait for a caught signal, a reaped child or the next scheduled start.
    async fn next_event(&self) -> Event {
        let ctx = self.ctx.clone();
        let next = self.due.iter().map(|(at, _)| *at).min();
        let far = Instant::now() + BACKOFF;
        tokio::select! {
            sig = ctx.next_signal() => Event::Signal(sig),
            r = ctx.wait_any(), if !self.idle => match r {
                Ok((pid, _)) => Event::Reaped(pid),
                Err(Errno::EINTR) => Event::Interrupted,
                Err(_) => Event::NoChildren,
            },
            _ = tokio::time::sleep_until(next.unwrap_or(far)), if next.is_some() => Event::Due,
        }
    }

    /// Start every slot whose time has come.
    async fn start_due(&mut self) {
        let now = Instant::now();
        let (ready, later): (Vec<_>, Vec<_>) = self.due.drain(..).partition(|(at, _)| *at <= now);
        self.due = later;
        for (_, i) in ready {
            self.start(i).await;
        }
    }

    /// Spawn slot `i`'s process with fresh fds.
    async fn start(&mut self, i: usize) {
        let slot = &mut self.slots[i];
        slot.started = Instant::now();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            ..SpawnOptions::default()
        };
        match self.ctx.spawn(slot.entry.argv.clone(), opts).await {
            Ok(pid) => {
                self.running.insert(pid, i);
                self.idle = false;
            }
            Err(e) => {
                let what = format!("init: {}: {}: {e}", slot.entry.id, slot.entry.argv[0]);
                say(&self.ctx, &what).await;
                self.reschedule(i);
            }
        }
    }

    /// A child was reaped: schedule its slot again if it is a `respawn` entry.
    fn exited(&mut self, pid: Pid) {
        if let Some(i) = self.running.remove(&pid) {
            self.reschedule(i);
        }
    }

    /// Schedule slot `i` (if it respawns): now, or after [`BACKOFF`] when it keeps exiting
    /// fast.
    fn reschedule(&mut self, i: usize) {
        let slot = &mut self.slots[i];
        if slot.entry.action != Action::Respawn {
            return;
        }
        let now = Instant::now();
        if now.duration_since(slot.started) < FAST_EXIT {
            slot.fast += 1;
        } else {
            slot.fast = 0;
        }
        let at = if slot.fast >= FAST_LIMIT {
            slot.fast = 0;
            now + BACKOFF
        } else {
            now
        };
        self.due.push((at, i));
    }
}
