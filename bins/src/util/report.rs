//! Printing errors the way a Unix utility does (`cat: /x: No such file or directory`).

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::Errno;

/// Write `text` plus a newline to fd 2, ignoring failures (there is nowhere left to report).
pub async fn say(ctx: &ProcContext, text: &str) {
    let _ = ctx.write_all(Fd::STDERR, format!("{text}\n")).await;
}

/// Print `PROG: WHAT: strerror(ERRNO)` on fd 2, as `perror(3)` would.
pub async fn complain(ctx: &ProcContext, prog: &str, what: &str, errno: Errno) {
    say(ctx, &format!("{prog}: {what}: {errno}")).await;
}

/// Print `PROG: MESSAGE` on fd 2 and return status 1: the usual failure of a utility.
pub async fn fail(ctx: &ProcContext, prog: &str, message: &str) -> ExitStatus {
    say(ctx, &format!("{prog}: {message}")).await;
    ExitStatus::FAILURE
}
