//! `cat [-u] [FILE...]`: copy files (or stdin, also for `-`) to stdout, streaming in 64 KiB
//! chunks (POSIX `cat`; `-u` is accepted, output is never buffered).

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::oflags;

use crate::util::{complain, copy, fail, getopt, CopyError};

/// Concatenate the operands to stdout. Status 0; 1 if any file could not be read or stdout
/// failed (a closed pipe ends `cat` quietly with status 1).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "u", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "cat", &e).await,
    };
    let mut files = opts.operands;
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = ExitStatus::SUCCESS;
    for file in &files {
        let fd = if file == "-" {
            Fd::STDIN
        } else {
            match ctx.open(file, oflags::O_RDONLY, 0).await {
                Ok(fd) => fd,
                Err(e) => {
                    complain(&ctx, "cat", file, e).await;
                    status = ExitStatus::FAILURE;
                    continue;
                }
            }
        };
        let copied = copy(&ctx, fd, Fd::STDOUT).await;
        if fd != Fd::STDIN {
            let _ = ctx.close(fd).await;
        }
        match copied {
            Ok(_) => {}
            Err(CopyError::Read(e)) => {
                complain(&ctx, "cat", file, e).await;
                status = ExitStatus::FAILURE;
            }
            Err(CopyError::Write(warren_proto::Errno::EPIPE)) => return ExitStatus::FAILURE,
            Err(CopyError::Write(e)) => {
                return fail(&ctx, "cat", &format!("write error: {e}")).await
            }
        }
    }
    status
}
