//! `tee [-a] [FILE...]`: copy stdin to stdout and to each file (POSIX `tee`); `-a` appends
//! instead of truncating.

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::oflags;

use crate::util::{complain, fail, getopt, CHUNK};

/// Copy stdin to stdout and the files, chunk by chunk. Status 0; 1 if a file could not be
/// opened or written (the others still get the data).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "ai", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "tee", &e).await,
    };
    let mode = if opts.has('a') {
        oflags::O_APPEND
    } else {
        oflags::O_TRUNC
    };
    let mut status = ExitStatus::SUCCESS;
    let mut outs = vec![(Fd::STDOUT, "standard output".to_string())];
    for file in &opts.operands {
        match ctx
            .open(file, oflags::O_WRONLY | oflags::O_CREAT | mode, 0o666)
            .await
        {
            Ok(fd) => outs.push((fd, file.clone())),
            Err(e) => {
                complain(&ctx, "tee", file, e).await;
                status = ExitStatus::FAILURE;
            }
        }
    }
    if !pump(&ctx, &mut outs).await {
        status = ExitStatus::FAILURE;
    }
    for (fd, _) in outs.into_iter().filter(|(fd, _)| *fd != Fd::STDOUT) {
        let _ = ctx.close(fd).await;
    }
    status
}

/// Copy stdin to every output until end of file; an output that fails is reported and
/// dropped. Whether everything succeeded.
async fn pump(ctx: &ProcContext, outs: &mut Vec<(Fd, String)>) -> bool {
    let mut ok = true;
    loop {
        let chunk = match ctx.read(Fd::STDIN, CHUNK).await {
            Ok(c) if c.is_empty() => return ok,
            Ok(c) => c,
            Err(e) => {
                complain(ctx, "tee", "standard input", e).await;
                return false;
            }
        };
        let mut i = 0;
        while i < outs.len() {
            if let Err(e) = ctx.write_all(outs[i].0, chunk.clone()).await {
                complain(ctx, "tee", &outs[i].1, e).await;
                ok = false;
                outs.remove(i);
            } else {
                i += 1;
            }
        }
    }
}
