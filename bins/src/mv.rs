//! `mv SOURCE... DEST`: move (rename) files (POSIX `mv`). With several sources, or when DEST
//! is a directory, each goes to `DEST/basename`. Across fileservers (`EXDEV`) the source is
//! copied, then removed.

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::Errno;

use crate::cp::{copy_any, targets};
use crate::rm::remove_tree;
use crate::util::{complain, fail, getopt};

/// Move the sources. Status 0; 1 if any move failed.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "f", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "mv", &e).await,
    };
    let pairs = match targets(&ctx, "mv", &opts.operands).await {
        Ok(pairs) => pairs,
        Err(status) => return status,
    };
    let mut status = ExitStatus::SUCCESS;
    for (src, target) in pairs {
        if let Err((path, e)) = move_one(&ctx, &src, &target).await {
            complain(&ctx, "mv", &path, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}

async fn move_one(ctx: &ProcContext, src: &str, target: &str) -> Result<(), (String, Errno)> {
    match ctx.rename(src, target).await {
        Ok(()) => return Ok(()),
        Err(Errno::EXDEV) => {}
        Err(e) => return Err((src.to_string(), e)),
    }
    let attr = ctx.lstat(src).await.map_err(|e| (src.to_string(), e))?;
    let is_dir = attr.mode & S_IFMT == S_IFDIR;
    copy_any(ctx, src.to_string(), attr, target.to_string()).await?;
    let removed = if is_dir {
        remove_tree(ctx, src.to_string()).await
    } else {
        ctx.remove(src).await
    };
    removed.map_err(|e| (src.to_string(), e))
}
