//! `ns`: print the namespace as the `mount`/`bind` lines that rebuild it (Plan 9 `ns(1)`).

use warren_kernel::{ExitStatus, Fd, ProcContext};

/// Print `ctx.ns_lines()`, one per line. Status 0, or 1 if stdout fails.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let mut text = String::new();
    for line in ctx.ns_lines() {
        text.push_str(&line);
        text.push('\n');
    }
    match ctx.write_all(Fd::STDOUT, text).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}
