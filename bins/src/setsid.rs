//! `setsid COMMAND [ARG...]`: run a command in a new session. Source: util-linux
//! `setsid(1)`, POSIX `setsid(2)`.
//!
//! A process-group leader may not call `setsid` (`EPERM`), so when setsid is one (as every
//! command a job-control shell starts is) it spawns a child that calls `setsid` and execs
//! COMMAND, and waits for it; otherwise it calls `setsid` and execs COMMAND itself. The new
//! session has no controlling terminal.
//!
//! Status: COMMAND's; 1 for a missing operand or a failed `setsid`; 126 when COMMAND cannot
//! be run, 127 when it is not found.

use warren_kernel::{ExitStatus, ProcContext, SpawnOptions};
use warren_proto::Errno;

use crate::util::{fail, say};

/// Run the operands as a command in a new session.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let argv = crate::util::args(&ctx).to_vec();
    if argv.is_empty() {
        return fail(&ctx, "setsid", "usage: setsid COMMAND [ARG...]").await;
    }
    if ctx.pgid().0 != ctx.pid().0 {
        return lead(ctx, argv).await;
    }
    let child = argv.clone();
    let spawned = ctx
        .spawn_fn(argv, SpawnOptions::default(), move |cx| lead(cx, child))
        .await;
    match spawned {
        Ok(pid) => match ctx.wait(pid).await {
            Ok(status) => status,
            Err(e) => fail(&ctx, "setsid", &e.to_string()).await,
        },
        Err(e) => fail(&ctx, "setsid", &format!("cannot fork: {e}")).await,
    }
}

/// `setsid`, then exec `argv`.
async fn lead(ctx: ProcContext, argv: Vec<String>) -> ExitStatus {
    if let Err(e) = ctx.setsid() {
        return fail(
            &ctx,
            "setsid",
            &format!("failed to create a new session: {e}"),
        )
        .await;
    }
    let errno = ctx.exec(argv.clone()).await;
    say(
        &ctx,
        &format!("setsid: failed to execute {}: {errno}", argv[0]),
    )
    .await;
    ExitStatus(if errno == Errno::ENOENT { 127 } else { 126 })
}
