//! `ln -s [-f] TARGET [LINK]` and `ln -s TARGET... DIR`: make symbolic links (POSIX `ln`).
//! Without LINK the link is made in the working directory under TARGET's basename; `-f`
//! replaces an existing LINK. Hard links are not supported (the file API has no link call).

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFMT};

use crate::util::{basename, complain, fail, getopt, join};

/// Make the links. Status 0; 1 if any failed or `-s` is missing.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "sf", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "ln", &e).await,
    };
    if !opts.has('s') {
        return fail(&ctx, "ln", "hard links are not supported; use ln -s").await;
    }
    let pairs = match opts.operands.as_slice() {
        [] => return fail(&ctx, "ln", "missing file operand").await,
        [target] => vec![(target.clone(), basename(target).to_string())],
        [targets @ .., last] => {
            let into_dir = matches!(ctx.stat(last).await, Ok(a) if a.mode & S_IFMT == S_IFDIR);
            if targets.len() > 1 && !into_dir {
                return fail(&ctx, "ln", &format!("target '{last}' is not a directory")).await;
            }
            targets
                .iter()
                .map(|t| {
                    let link = if into_dir {
                        join(last, basename(t))
                    } else {
                        last.clone()
                    };
                    (t.clone(), link)
                })
                .collect()
        }
    };
    let mut status = ExitStatus::SUCCESS;
    for (target, link) in pairs {
        if opts.has('f') {
            let _ = ctx.remove(&link).await;
        }
        if let Err(e) = ctx.symlink(&target, &link).await {
            complain(&ctx, "ln", &link, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}
