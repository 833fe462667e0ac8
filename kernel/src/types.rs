//! Ids and small value types of the kernel's user-facing API.

use std::fmt;

/// A process id. Pids are never reused while a system runs; pid 1 is the first process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(pub u32);

/// A process group id (the pid of the group's leader).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pgid(pub u32);

/// A session id (the pid of the session's leader).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sid(pub u32);

/// A file descriptor: an index into a process's fd table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fd(pub u32);

impl Fd {
    /// Standard input.
    pub const STDIN: Fd = Fd(0);
    /// Standard output.
    pub const STDOUT: Fd = Fd(1);
    /// Standard error.
    pub const STDERR: Fd = Fd(2);
}

/// A process's exit status, 0–255; a process killed by signal N exits with 128+N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExitStatus(pub u8);

impl ExitStatus {
    /// Status 0.
    pub const SUCCESS: ExitStatus = ExitStatus(0);
    /// Status 1, the usual failure.
    pub const FAILURE: ExitStatus = ExitStatus(1);

    /// Whether the status is 0.
    pub fn success(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for ExitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a mount or bind joins the directory it covers (Plan 9 `bind(2)` flags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MountFlags(pub u32);

impl MountFlags {
    /// `MREPL`: the new tree replaces the old one.
    pub const REPLACE: MountFlags = MountFlags(0);
    /// `MBEFORE`: the new tree is searched before the old one (a union).
    pub const BEFORE: MountFlags = MountFlags(1);
    /// `MAFTER`: the new tree is searched after the old one (a union).
    pub const AFTER: MountFlags = MountFlags(2);
    /// `MCREATE`: files created in the union go to this member.
    pub const CREATE: MountFlags = MountFlags(4);

    /// Whether all bits of `other` are set (REPLACE, being 0, is always contained).
    pub fn contains(self, other: MountFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for MountFlags {
    type Output = MountFlags;
    fn bitor(self, rhs: MountFlags) -> MountFlags {
        MountFlags(self.0 | rhs.0)
    }
}

/// Whether a child shares, copies or starts fresh with one of its parent's resource groups
/// (Plan 9 `rfork`: `RFNAMEG`/`RFCNAMEG`, `RFFDG`/`RFCFDG`, `RFENVG`/`RFCENVG`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Share {
    /// The child and parent use the same group: changes are seen by both.
    Share,
    /// The child gets a copy at spawn; later changes are private.
    #[default]
    Copy,
    /// The child starts with an empty group (for fds: only those in `fd_map`).
    Fresh,
}

/// How to start a child process: see [`crate::ProcContext::spawn`].
#[derive(Clone, Debug, Default)]
pub struct SpawnOptions {
    /// The fd table: copied by default (like `fork`).
    pub fds: Share,
    /// After the fd table is set up, `(child_fd, parent_fd)`: the child's `child_fd` becomes a
    /// duplicate of the parent's `parent_fd` (like `dup2` in the child).
    pub fd_map: Vec<(Fd, Fd)>,
    /// The namespace: copied by default.
    pub ns: Share,
    /// The environment: copied by default.
    pub env: Share,
    /// Variables set in the child's environment after it is set up.
    pub env_set: Vec<(String, String)>,
    /// The child's working directory (default: the parent's).
    pub cwd: Option<String>,
    /// The child's process group: `None` the parent's; `Some(Pgid(0))` a new group led by
    /// the child (its pid); `Some(pgid)` that group, which must be in the parent's session
    /// (`EPERM` otherwise). Set at spawn, before the child runs (POSIX `posix_spawn`'s
    /// `POSIX_SPAWN_SETPGROUP`).
    pub pgid: Option<Pgid>,
    /// Start the child with every signal at `Action::Default` instead of inheriting the
    /// parent's ignored ones (caught ones are never inherited): what a shell wants for its
    /// jobs (`POSIX_SPAWN_SETSIGDEF`).
    pub default_signals: bool,
}

/// Which children a wait looks at (POSIX `waitpid(2)`'s `pid` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitFor {
    /// The child with this pid (`pid > 0`).
    Pid(Pid),
    /// Any child in this process group (`pid < -1`; the caller's own group is `pid == 0`).
    Group(Pgid),
    /// Any child (`pid == -1`).
    Any,
}

/// Options of [`crate::ProcContext::waitpid`] (POSIX `waitpid(2)`'s `options`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WaitOptions {
    /// `WUNTRACED`: also report a child that stopped (each stop once).
    pub untraced: bool,
    /// `WCONTINUED`: also report a stopped child that was continued (each once).
    pub continued: bool,
    /// `WNOHANG`: return `None` at once instead of blocking when nothing is ready.
    pub nohang: bool,
}

/// What a wait reports about one child (POSIX `WIFEXITED`/`WIFSTOPPED`/`WIFCONTINUED`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitStatus {
    /// The child ended with this status (128+N when killed by signal N) and was reaped.
    Exited(ExitStatus),
    /// The child stopped on this signal; it is still there.
    Stopped(crate::Signal),
    /// The stopped child was continued by `SIGCONT`.
    Continued,
}
