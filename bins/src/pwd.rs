//! `pwd`: print the working directory (POSIX `pwd`; paths are always clean in Warren).

use warren_kernel::{ExitStatus, Fd, ProcContext};

/// Print the working directory and a newline. Status 0, or 1 if stdout fails.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let line = format!("{}\n", ctx.cwd());
    match ctx.write_all(Fd::STDOUT, line).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}
