//! `getty TTY`: open the terminal `TTY` (`/dev/tty/0`) as fds 0, 1 and 2, print the issue
//! and `login: `, read a name and exec `/bin/login NAME` with `TTY` in the environment.
//! Source: `agetty(8)`; DESIGN.md "Boot" (getty per tty).
//!
//! The issue is `/etc/issue` when it exists, else `\nWarren (tty/0)\n\n` (the terminal's
//! path without `/dev/`). An empty line prompts again; end of file (or a terminal that hung
//! up) exits 0, and init starts a fresh getty. getty is not a session leader, so opening the
//! terminal does not make it a controlling terminal: login does that after authenticating.

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::oflags::O_RDWR;

use crate::util::{complain, fail, read_file, LineReader};

/// Prompt for a login name on `argv[1]` and exec login. Status 0 at end of input; 1 if the
/// terminal cannot be opened or login cannot be run.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let Some(tty) = crate::util::args(&ctx).first().cloned() else {
        return fail(&ctx, "getty", "usage: getty TTY").await;
    };
    if let Err(e) = open_stdio(&ctx, &tty).await {
        complain(&ctx, "getty", &tty, e).await;
        return ExitStatus::FAILURE;
    }
    let issue = match read_file(&ctx, "/etc/issue").await {
        Ok(text) => String::from_utf8_lossy(&text).into_owned(),
        Err(_) => format!("\nWarren ({})\n\n", tty.trim_start_matches("/dev/")),
    };
    if ctx.write_all(Fd::STDOUT, issue).await.is_err() {
        return ExitStatus::SUCCESS;
    }
    let Some(name) = read_name(&ctx).await else {
        return ExitStatus::SUCCESS;
    };
    ctx.setenv("TTY", &tty);
    let errno = ctx.exec(vec!["/bin/login".into(), name]).await;
    fail(&ctx, "getty", &format!("/bin/login: {errno}")).await
}

/// Open `tty` read-write and make fds 0, 1 and 2 refer to it.
async fn open_stdio(ctx: &ProcContext, tty: &str) -> warren_proto::Result<()> {
    let fd = ctx.open(tty, O_RDWR, 0).await?;
    for n in 0..3 {
        if fd != Fd(n) {
            ctx.dup2(fd, Fd(n))?;
        }
    }
    if fd.0 > 2 {
        ctx.close(fd).await?;
    }
    Ok(())
}

/// Prompt `login: ` until a non-empty name is typed; `None` at end of input or on an error.
pub(crate) async fn read_name(ctx: &ProcContext) -> Option<String> {
    let mut lines = LineReader::bytewise(Fd::STDIN);
    loop {
        ctx.write_all(Fd::STDOUT, "login: ").await.ok()?;
        let line = lines.next_line(ctx).await.ok()??;
        let name = String::from_utf8_lossy(&line).trim().to_string();
        if !name.is_empty() {
            return Some(name);
        }
    }
}
