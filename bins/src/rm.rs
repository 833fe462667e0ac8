//! `rm [-rf] FILE...`: remove files, and with `-r` directory trees (POSIX `rm`). `-f`
//! ignores missing files and a missing operand; `/` is never removed.

use std::future::Future;
use std::pin::Pin;

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::{Errno, Result};

use crate::util::{complain, fail, getopt, join};

/// Remove each operand. Status 0; 1 if any could not be removed.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "rRf", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "rm", &e).await,
    };
    let (recursive, force) = (opts.has('r') || opts.has('R'), opts.has('f'));
    if opts.operands.is_empty() && !force {
        return fail(&ctx, "rm", "missing operand").await;
    }
    let mut status = ExitStatus::SUCCESS;
    for path in &opts.operands {
        if path.trim_end_matches('/').is_empty() {
            status = fail(&ctx, "rm", "refusing to remove '/'").await;
            continue;
        }
        let result = match ctx.lstat(path).await {
            Ok(a) if a.mode & S_IFMT == S_IFDIR && !recursive => Err(Errno::EISDIR),
            Ok(a) if a.mode & S_IFMT == S_IFDIR => remove_tree(&ctx, path.clone()).await,
            Ok(_) => ctx.remove(path).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {}
            Err(Errno::ENOENT) if force => {}
            Err(e) => {
                complain(&ctx, "rm", path, e).await;
                status = ExitStatus::FAILURE;
            }
        }
    }
    status
}

/// Remove the directory `dir` and everything under it (symlinks are removed, not followed).
///
/// # Errors
/// The first failing `readdir`/`remove`: `EACCES`, `EBUSY`, `ENOTEMPTY` (a racing create).
pub(crate) fn remove_tree(
    ctx: &ProcContext,
    dir: String,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + '_>> {
    Box::pin(async move {
        for entry in ctx.readdir(&dir).await? {
            let path = join(&dir, &entry.name);
            let attr = ctx.lstat(&path).await?;
            if attr.mode & S_IFMT == S_IFDIR {
                remove_tree(ctx, path).await?;
            } else {
                ctx.remove(&path).await?;
            }
        }
        ctx.remove(&dir).await
    })
}
