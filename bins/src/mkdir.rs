//! `mkdir [-p] [-m MODE] DIR...`: make directories (POSIX `mkdir`). `-p` makes missing
//! parents and accepts existing directories; the default mode is 0755 (Warren has no umask).

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::{Errno, Result};

use crate::util::{complain, fail, getopt, parse_chmod};

/// Make each operand. Status 0; 1 if any could not be made.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "p", "m") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "mkdir", &e).await,
    };
    let mode = match opts.value('m') {
        None => 0o755,
        Some(m) => match parse_chmod(m, 0o777, true) {
            Some(mode) => mode,
            None => return fail(&ctx, "mkdir", &format!("invalid mode '{m}'")).await,
        },
    };
    if opts.operands.is_empty() {
        return fail(&ctx, "mkdir", "missing operand").await;
    }
    let mut status = ExitStatus::SUCCESS;
    for dir in &opts.operands {
        let made = if opts.has('p') {
            make_parents(&ctx, dir, mode).await
        } else {
            ctx.mkdir(dir, mode).await
        };
        if let Err(e) = made {
            complain(&ctx, "mkdir", dir, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}

/// Make `dir` and its missing ancestors; existing directories are fine.
async fn make_parents(ctx: &ProcContext, dir: &str, mode: u32) -> Result<()> {
    let mut path = if dir.starts_with('/') {
        String::from("/")
    } else {
        String::new()
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        if !path.is_empty() && !path.ends_with('/') {
            path.push('/');
        }
        path.push_str(part);
        match ctx.mkdir(&path, mode).await {
            Ok(()) => {}
            Err(Errno::EEXIST) => {
                let attr = ctx.stat(&path).await?;
                if attr.mode & S_IFMT != S_IFDIR {
                    return Err(Errno::ENOTDIR);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
