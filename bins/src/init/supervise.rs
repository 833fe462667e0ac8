//! Starting init's entries, reaping children and respawning `respawn` entries, with the
//! rate limit of the module doc; and a getty per terminal `/dev/tty/new` announces, dropped
//! once its terminal is gone.

use std::collections::HashMap;

use bytes::Bytes;
use tokio::time::Instant;
use warren_kernel::{Fd, Pid, ProcContext, Share, Signal, SpawnOptions};
use warren_proto::{Errno, Result};

use super::inittab::{Action, Entry};
use super::terminals;
use super::{BACKOFF, FAST_EXIT, FAST_LIMIT};
use crate::util::say;

/// Bytes asked of `/dev/tty/new` per read (one announcement).
const ANNOUNCEMENT: usize = 32;

/// An entry and its respawn history.
struct Slot {
    entry: Entry,
    started: Instant,
    fast: u32,
    /// For a terminal `/dev/tty/new` announced: its path; the slot goes with the terminal.
    terminal: Option<String>,
}

/// What woke the supervisor.
enum Event {
    Signal(Signal),
    Reaped(Pid),
    NoChildren,
    Interrupted,
    Due,
    Announced(Result<Bytes>),
}

/// Init's state: the entries, which pid runs which, and starts scheduled for later.
pub(super) struct Supervisor {
    ctx: ProcContext,
    /// The slots by id; ids are never reused.
    slots: HashMap<usize, Slot>,
    next_id: usize,
    running: HashMap<Pid, usize>,
    /// `(when, slot)`: starts to make at or after `when`.
    due: Vec<(Instant, usize)>,
    /// Set when `wait_any` found no children; cleared by a start or `SIGCHLD`.
    idle: bool,
    /// `/dev/tty/new`, open while it announces terminals.
    new: Option<Fd>,
}

impl Supervisor {
    /// A supervisor of `entries`, each due at once, starting a getty per terminal that `new`
    /// (the open `/dev/tty/new`) announces.
    pub(super) fn new(ctx: ProcContext, entries: Vec<Entry>, new: Option<Fd>) -> Supervisor {
        let mut sup = Supervisor {
            ctx,
            slots: HashMap::new(),
            next_id: 0,
            running: HashMap::new(),
            due: Vec::new(),
            idle: false,
            new,
        };
        for entry in entries {
            sup.add(entry, None);
        }
        sup
    }

    /// Add a slot for `entry` (`terminal`: the announced terminal it serves), due at once.
    fn add(&mut self, entry: Entry, terminal: Option<String>) {
        let id = self.next_id;
        self.next_id += 1;
        let now = Instant::now();
        let slot = Slot {
            entry,
            started: now,
            fast: 0,
            terminal,
        };
        self.slots.insert(id, slot);
        self.due.push((now, id));
    }

    /// Start, reap and respawn until `SIGTERM` arrives.
    pub(super) async fn run(&mut self) {
        loop {
            self.start_due().await;
            match self.next_event().await {
                Event::Signal(Signal::Term) => return,
                Event::Signal(Signal::Chld) => self.idle = false,
                Event::Reaped(pid) => self.exited(pid).await,
                Event::NoChildren => self.idle = true,
                Event::Announced(r) => self.announced(r).await,
                Event::Signal(_) | Event::Interrupted | Event::Due => {}
            }
        }
    }

    /// Wait for a caught signal, a reaped child, an announced terminal or the next
    /// scheduled start.
    async fn next_event(&self) -> Event {
        let ctx = self.ctx.clone();
        let next = self.due.iter().map(|(at, _)| *at).min();
        let far = Instant::now() + BACKOFF;
        let new = self.new.unwrap_or(Fd(0));
        tokio::select! {
            sig = ctx.next_signal() => Event::Signal(sig),
            r = ctx.wait_any(), if !self.idle => match r {
                Ok((pid, _)) => Event::Reaped(pid),
                Err(Errno::EINTR) => Event::Interrupted,
                Err(_) => Event::NoChildren,
            },
            r = ctx.read(new, ANNOUNCEMENT), if self.new.is_some() => Event::Announced(r),
            _ = tokio::time::sleep_until(next.unwrap_or(far)), if next.is_some() => Event::Due,
        }
    }

    /// A read of `/dev/tty/new` returned `r`: add a getty for the terminal it names. At
    /// end of file or on an error other than `EINTR`, stop watching (and say so).
    async fn announced(&mut self, r: Result<Bytes>) {
        let problem = match r {
            Err(Errno::EINTR) => return,
            Ok(data) => match terminals::entry(&data) {
                Some(entry) => {
                    let path = entry.argv[1].clone();
                    return self.add(entry, Some(path));
                }
                None => format!("unexpected {:?}", String::from_utf8_lossy(&data)),
            },
            Err(e) => e.to_string(),
        };
        if let Some(fd) = self.new.take() {
            let _ = self.ctx.close(fd).await;
        }
        let what = format!(
            "init: {}: {problem}; no gettys for new terminals",
            terminals::NEW
        );
        say(&self.ctx, &what).await;
    }

    /// Start every slot whose time has come.
    async fn start_due(&mut self) {
        let now = Instant::now();
        let (ready, later): (Vec<_>, Vec<_>) = self.due.drain(..).partition(|(at, _)| *at <= now);
        self.due = later;
        for (_, id) in ready {
            self.start(id).await;
        }
    }

    /// Spawn slot `id`'s process with fresh fds.
    async fn start(&mut self, id: usize) {
        let Some(slot) = self.slots.get_mut(&id) else {
            return;
        };
        slot.started = Instant::now();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            ..SpawnOptions::default()
        };
        match self.ctx.spawn(slot.entry.argv.clone(), opts).await {
            Ok(pid) => {
                self.running.insert(pid, id);
                self.idle = false;
            }
            Err(e) => {
                let what = format!("init: {}: {}: {e}", slot.entry.id, slot.entry.argv[0]);
                say(&self.ctx, &what).await;
                self.ended(id).await;
            }
        }
    }

    /// A child was reaped: if it ran a slot, that slot's process ended.
    async fn exited(&mut self, pid: Pid) {
        if let Some(id) = self.running.remove(&pid) {
            self.ended(id).await;
        }
    }

    /// Slot `id`'s process ended (or never started): drop the slot if its terminal is gone,
    /// else schedule it again if it respawns.
    async fn ended(&mut self, id: usize) {
        let terminal = self.slots.get(&id).and_then(|s| s.terminal.clone());
        if let Some(path) = terminal {
            if terminals::gone(&self.ctx, &path).await {
                self.slots.remove(&id);
                return;
            }
        }
        self.reschedule(id);
    }

    /// Schedule slot `id` (if it respawns): now, or after [`BACKOFF`] when it keeps exiting
    /// fast.
    fn reschedule(&mut self, id: usize) {
        let Some(slot) = self.slots.get_mut(&id) else {
            return;
        };
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
        self.due.push((at, id));
    }
}
