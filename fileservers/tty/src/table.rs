//! The terminals by number: which exist, which are remote, and the next number to hand out.
//!
//! Numbers are handed out in order from 0 and never reused, so a number, a qid path and a
//! readdir cookie always name the same terminal, and `new` readers find the terminals added
//! since they last looked as the numbers from their cursor on.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::backend::Backend;
use crate::host::TtyHost;
use crate::tty::Tty;

/// The terminals of a [`crate::TtyFs`].
#[derive(Default)]
pub(crate) struct Table {
    ttys: BTreeMap<u32, Entry>,
    /// The number the next terminal gets.
    next: u32,
}

/// One terminal and whether it goes away after its hangup.
struct Entry {
    tty: Arc<Tty>,
    remote: bool,
}

impl Table {
    /// Add a terminal over `backend` (`remote`: removed once hung up and unused); returns its
    /// number. Must run inside a tokio runtime.
    pub(crate) fn add(&mut self, host: Arc<dyn TtyHost>, backend: Backend, remote: bool) -> u32 {
        let n = self.next;
        self.next = self.next.saturating_add(1);
        let tty = Tty::new(n, host, backend);
        self.ttys.insert(n, Entry { tty, remote });
        n
    }

    /// Terminal `n`, if it exists.
    pub(crate) fn get(&self, n: u32) -> Option<Arc<Tty>> {
        self.ttys.get(&n).map(|e| e.tty.clone())
    }

    /// Whether terminal `n` exists.
    pub(crate) fn contains(&self, n: u32) -> bool {
        self.ttys.contains_key(&n)
    }

    /// Whether terminal `n` is remote and its backend has hung up: it cannot come back.
    pub(crate) fn is_dead(&self, n: u32) -> bool {
        self.ttys
            .get(&n)
            .is_some_and(|e| e.remote && !e.tty.attached())
    }

    /// Every terminal, in order.
    pub(crate) fn all(&self) -> Vec<Arc<Tty>> {
        self.ttys.values().map(|e| e.tty.clone()).collect()
    }

    /// The numbers of the terminals, ascending.
    pub(crate) fn numbers(&self) -> Vec<u32> {
        self.ttys.keys().copied().collect()
    }

    /// The number the next terminal gets.
    pub(crate) fn next(&self) -> u32 {
        self.next
    }

    /// The lowest number of an existing terminal at or above `from`.
    pub(crate) fn first_from(&self, from: u32) -> Option<u32> {
        self.ttys.range(from..).next().map(|(n, _)| *n)
    }

    /// The remote terminals whose backend has hung up.
    pub(crate) fn dead(&self) -> Vec<u32> {
        let dead = self
            .ttys
            .iter()
            .filter(|(_, e)| e.remote && !e.tty.attached());
        dead.map(|(n, _)| *n).collect()
    }

    /// Forget terminal `n`.
    pub(crate) fn remove(&mut self, n: u32) {
        self.ttys.remove(&n);
    }
}
