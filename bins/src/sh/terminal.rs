//! The controlling terminal under job control: taking it at start, handing it to a
//! foreground job and back (`fgpgrp N` on the tty's ctl file, Warren's `tcsetpgrp`), the
//! signals the shell ignores, and what a job's child does before it runs anything.
//!
//! Job control is on when the shell is interactive, fd 0 is a terminal, and the process has
//! a controlling terminal: `/proc/self/status` names it (`tty tty/0`, relative to `/dev`), and
//! its ctl file is `/dev/tty/0ctl`. Without `/proc` there is no job control. The shell then
//! leads a process group of its own (`setpgid(0, 0)`; a session leader already does), puts
//! it in the foreground, catches `SIGINT` (so ^C at the prompt interrupts the read, which
//! returns `EINTR`, and the shell prints a fresh prompt) and ignores `SIGQUIT`, `SIGTSTP`,
//! `SIGTTIN` and `SIGTTOU`. Its children start with every signal at its default action
//! (spawn's `default_signals`).
//!
//! Races: the kernel puts a child in its job's group before it runs (spawn's `pgid`). A
//! foreground child gives itself the terminal before it runs its program, and the shell
//! gives it too right after the spawn; whichever comes first wins and the second is harmless
//! (bash does the same). So a foreground program never reads the terminal from a background
//! group.
//!
//! Source: POSIX XCU 2.11 "Signals and Error Handling", XBD 11.1.4 "Terminal Access
//! Control", `tcsetpgrp(3)`; bash's `jobs.c`.

use warren_kernel::{Action, Fd, Pgid, Pid, ProcContext, Signal};
use warren_proto::attr::oflags;
use warren_proto::Result;

use crate::util::{is_tty, read_file};

/// The signals a job-control shell ignores (its children start with default actions).
const IGNORED: [Signal; 4] = [Signal::Quit, Signal::Tstp, Signal::Ttin, Signal::Ttou];

/// The shell's controlling terminal, with job control on.
#[derive(Clone, Debug)]
pub(crate) struct Terminal {
    /// The terminal's ctl file (`/dev/tty/0ctl`).
    pub ctl: String,
    /// The shell's own process group, the foreground one while it reads commands.
    pub pgid: Pgid,
}

impl Terminal {
    /// Turn job control on, as the module doc says; `None` (and nothing changed) when fd 0
    /// is not a terminal or there is no controlling terminal.
    pub(crate) async fn acquire(ctx: &ProcContext) -> Option<Terminal> {
        if !is_tty(ctx, Fd::STDIN).await {
            return None;
        }
        let tty = controlling_tty(ctx).await?;
        if ctx.pgid().0 != ctx.pid().0 {
            ctx.setpgid(Pid(0), Pgid(0)).ok()?;
        }
        let term = Terminal {
            ctl: format!("/dev/{tty}ctl"),
            pgid: ctx.pgid(),
        };
        give(ctx, &term.ctl, term.pgid).await.ok()?;
        ctx.signal_action(Signal::Int, Action::Catch).ok()?;
        for sig in IGNORED {
            let _ = ctx.signal_action(sig, Action::Ignore);
        }
        Some(term)
    }

    /// Put `pgid` in the terminal's foreground. Failures are ignored: the job then runs in
    /// the background as far as the terminal is concerned.
    pub(crate) async fn give(&self, ctx: &ProcContext, pgid: Pgid) {
        let _ = give(ctx, &self.ctl, pgid).await;
    }

    /// Put the shell's own group back in the foreground.
    pub(crate) async fn reclaim(&self, ctx: &ProcContext) {
        self.give(ctx, self.pgid).await;
    }
}

/// The name of the caller's controlling terminal (`tty/0`) from `/proc/self/status`.
async fn controlling_tty(ctx: &ProcContext) -> Option<String> {
    let status = read_file(ctx, "/proc/self/status").await.ok()?;
    let status = String::from_utf8_lossy(&status);
    let tty = status.lines().find_map(|l| l.strip_prefix("tty "))?.trim();
    (!tty.is_empty() && tty != "-").then(|| tty.to_string())
}

/// Write `fgpgrp PGID` to the terminal ctl file `ctl` (`tcsetpgrp`).
///
/// # Errors
/// `open(2)`'s errors; `ENOTTY` (not the caller's controlling terminal), `EPERM` (the group
/// is not in the caller's session).
async fn give(ctx: &ProcContext, ctl: &str, pgid: Pgid) -> Result<()> {
    let fd = ctx.open(ctl, oflags::O_WRONLY, 0).await?;
    let written = ctx.write_all(fd, format!("fgpgrp {}\n", pgid.0)).await;
    let _ = ctx.close(fd).await;
    written
}

/// Take every pending caught signal: the shell's caught `SIGINT` has done its work once a
/// blocking call returned `EINTR`, and would interrupt the next one otherwise.
pub(crate) fn drain_signals(ctx: &ProcContext) {
    while ctx.try_signal().is_some() {}
}

/// How a child process joins its job.
#[derive(Clone, Debug)]
pub(crate) struct Setup {
    /// The job's process group; `None` for the first process, which leads a new one.
    pub group: Option<Pgid>,
    /// The terminal's ctl file when the job runs in the foreground.
    pub foreground: Option<String>,
}

impl Setup {
    /// The spawn option `pgid` that puts the child in the job's group (`Pgid(0)`: a new
    /// group it leads).
    pub(crate) fn spawn_pgid(&self) -> Pgid {
        self.group.unwrap_or(Pgid(0))
    }

    /// The child's first act: in the foreground, take the terminal for its group (see the
    /// module doc).
    pub(crate) async fn enter(&self, ctx: &ProcContext) {
        if let Some(ctl) = &self.foreground {
            let _ = give(ctx, ctl, ctx.pgid()).await;
        }
    }
}
