//! Signals: the numbers, names and default actions Warren knows (POSIX `<signal.h>`, Linux
//! numbering), and what a process may choose to do with one ([`Action`]).

use std::fmt;
use std::str::FromStr;

use warren_proto::Errno;

/// A signal, numbered as on Linux (the numbers travel in exit statuses: 128+N).
///
/// Source: POSIX `<signal.h>`, `signal(7)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Signal {
    /// `SIGHUP` (1): the controlling terminal hung up. Default: terminate.
    Hup,
    /// `SIGINT` (2): interrupt from the keyboard (^C). Default: terminate.
    Int,
    /// `SIGQUIT` (3): quit from the keyboard (^\). Default: terminate.
    Quit,
    /// `SIGKILL` (9): kill. Cannot be caught or ignored.
    Kill,
    /// `SIGPIPE` (13): write to a pipe with no reader. Default: terminate.
    Pipe,
    /// `SIGTERM` (15): termination request. Default: terminate.
    Term,
    /// `SIGCHLD` (17): a child exited or stopped. Default: ignore.
    Chld,
    /// `SIGCONT` (18): continue if stopped. Default: continue (otherwise ignored).
    Cont,
    /// `SIGSTOP` (19): stop. Cannot be caught or ignored.
    Stop,
    /// `SIGTSTP` (20): stop from the keyboard (^Z). Default: stop.
    Tstp,
    /// `SIGTTIN` (21): background read from the controlling terminal. Default: stop.
    Ttin,
    /// `SIGTTOU` (22): background write to the controlling terminal. Default: stop.
    Ttou,
}

/// What a signal's default action does (POSIX `<signal.h>` table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// End the process with status 128+N.
    Terminate,
    /// Nothing.
    Ignore,
    /// Stop the process until `SIGCONT`.
    Stop,
    /// Continue a stopped process (otherwise nothing).
    Continue,
}

/// Every signal with its number and name (without `SIG`): the table the conversions read.
const TABLE: [(Signal, u8, &str); 12] = [
    (Signal::Hup, 1, "HUP"),
    (Signal::Int, 2, "INT"),
    (Signal::Quit, 3, "QUIT"),
    (Signal::Kill, 9, "KILL"),
    (Signal::Pipe, 13, "PIPE"),
    (Signal::Term, 15, "TERM"),
    (Signal::Chld, 17, "CHLD"),
    (Signal::Cont, 18, "CONT"),
    (Signal::Stop, 19, "STOP"),
    (Signal::Tstp, 20, "TSTP"),
    (Signal::Ttin, 21, "TTIN"),
    (Signal::Ttou, 22, "TTOU"),
];

impl Signal {
    /// Every signal, in number order.
    pub const ALL: [Signal; 12] = [
        Signal::Hup,
        Signal::Int,
        Signal::Quit,
        Signal::Kill,
        Signal::Pipe,
        Signal::Term,
        Signal::Chld,
        Signal::Cont,
        Signal::Stop,
        Signal::Tstp,
        Signal::Ttin,
        Signal::Ttou,
    ];

    /// The Linux signal number (1–22).
    pub fn number(self) -> u8 {
        TABLE[self as usize].1
    }

    /// The signal numbered `n`, if Warren knows it.
    pub fn from_number(n: u32) -> Option<Signal> {
        TABLE
            .iter()
            .find(|(_, m, _)| u32::from(*m) == n)
            .map(|(s, _, _)| *s)
    }

    /// The name without the `SIG` prefix, as `kill -INT` takes it: `"INT"`.
    pub fn short_name(self) -> &'static str {
        TABLE[self as usize].2
    }

    /// The full name: `"SIGINT"`.
    pub fn name(self) -> &'static str {
        const FULL: [&str; 12] = [
            "SIGHUP", "SIGINT", "SIGQUIT", "SIGKILL", "SIGPIPE", "SIGTERM", "SIGCHLD", "SIGCONT",
            "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        ];
        FULL[self as usize]
    }

    /// The signal named `name`: `INT` or `SIGINT`, any case.
    pub fn from_name(name: &str) -> Option<Signal> {
        let up = name.to_ascii_uppercase();
        let short = up.strip_prefix("SIG").unwrap_or(&up);
        TABLE
            .iter()
            .find(|(_, _, n)| *n == short)
            .map(|(s, _, _)| *s)
    }

    /// What happens when the signal arrives and the process has not caught or ignored it.
    pub fn default_action(self) -> DefaultAction {
        match self {
            Signal::Chld => DefaultAction::Ignore,
            Signal::Cont => DefaultAction::Continue,
            Signal::Stop | Signal::Tstp | Signal::Ttin | Signal::Ttou => DefaultAction::Stop,
            _ => DefaultAction::Terminate,
        }
    }

    /// Whether a process may catch or ignore it (all but `SIGKILL` and `SIGSTOP`).
    pub fn catchable(self) -> bool {
        !matches!(self, Signal::Kill | Signal::Stop)
    }

    /// The bit of this signal in a mask: `1 << number`.
    pub(crate) fn bit(self) -> u32 {
        1 << self.number()
    }
}

impl fmt::Display for Signal {
    /// The full name, `SIGINT`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Signal {
    type Err = Errno;

    /// A name (`INT`, `SIGINT`, any case) or a number (`2`), as `kill(1)` takes them.
    ///
    /// # Errors
    /// `EINVAL` for anything else.
    fn from_str(s: &str) -> Result<Signal, Errno> {
        let by_number = s.parse::<u32>().ok().and_then(Signal::from_number);
        by_number
            .or_else(|| Signal::from_name(s))
            .ok_or(Errno::EINVAL)
    }
}

/// What a process does with a signal (POSIX `sigaction(2)`'s `SIG_DFL`, `SIG_IGN`, a handler).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Action {
    /// The signal's [`DefaultAction`].
    #[default]
    Default,
    /// Discard it.
    Ignore,
    /// Queue it for [`crate::ProcContext::next_signal`]; blocking calls return `EINTR`.
    Catch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_round_trip() {
        for s in Signal::ALL {
            assert_eq!(Signal::from_number(u32::from(s.number())), Some(s));
            assert_eq!(Signal::from_name(s.short_name()), Some(s));
            assert_eq!(Signal::from_name(s.name()), Some(s));
        }
        assert_eq!(Signal::Kill.number(), 9);
        assert_eq!("sigterm".parse(), Ok(Signal::Term));
        assert_eq!("20".parse(), Ok(Signal::Tstp));
        assert_eq!("USR1".parse::<Signal>(), Err(Errno::EINVAL));
        assert_eq!(Signal::from_number(0), None);
    }
}
