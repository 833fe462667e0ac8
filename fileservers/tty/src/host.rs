//! The kernel as the tty sees it: a narrow view the image implements over the process table.
//!
//! The tty fileserver depends on `warren-proto` only, never on the kernel (the design's
//! "Dependencies point one way"); what it needs of processes, groups and sessions is this trait.

/// What the tty needs to know about one process.
///
/// Source: POSIX "General Terminal Interface" (11.1.3, 11.1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcInfo {
    /// The process's session id (the pid of the session leader).
    pub sid: u32,
    /// The process's process group id.
    pub pgid: u32,
    /// Whether the process is its session's leader (`pid == sid`).
    pub leader: bool,
}

/// A signal the terminal raises on a process group.
///
/// Source: POSIX `<signal.h>`, "Special Characters" (11.1.9) and "Terminal Access Control"
/// (11.1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TtySignal {
    /// `SIGINT` (2): the INTR character, ^C.
    Int,
    /// `SIGQUIT` (3): the QUIT character, ^\.
    Quit,
    /// `SIGTSTP` (20): the SUSP character, ^Z.
    Tstp,
    /// `SIGTTIN` (21): a read of the controlling terminal from a background process group.
    Ttin,
}

/// The kernel services a tty uses: process lookups, group signals, session hangup.
///
/// Process, group and session ids are the kernel's (pids start at 1; 0 names nothing).
/// Implementations MUST NOT call back into the tty fileserver from these methods (they are
/// called from the tty's input task and from fileserver requests) and MUST NOT block: deliver
/// signals by marking them pending.
pub trait TtyHost: Send + Sync + 'static {
    /// The session, group and leadership of process `pid`; `None` if no such live process.
    fn process(&self, pid: u32) -> Option<ProcInfo>;

    /// The session of process group `pgid`; `None` if no such group exists.
    fn group_session(&self, pgid: u32) -> Option<u32>;

    /// Deliver `sig` to every process of group `pgid` (nothing if the group does not exist).
    fn signal_group(&self, pgid: u32, sig: TtySignal);

    /// The terminal hung up: `SIGHUP` then `SIGCONT` to every process of session `sid`, the
    /// leader first (POSIX `close(2)`/"Modem Disconnect", 11.1.10).
    fn hangup_session(&self, sid: u32);

    /// Record session `sid`'s controlling terminal as `tty` (`"tty/0"`, relative to `/dev`),
    /// or clear it with `None`.
    fn set_controlling_tty(&self, sid: u32, tty: Option<&str>);
}
