//! `touch FILE...`: create empty files, or set an existing file's access and modification
//! times to now (POSIX `touch`; the fileserver's clock decides "now").

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{oflags, setattr};
use warren_proto::{Errno, SetAttr};

use crate::util::{complain, fail, getopt};

/// Touch each operand. Status 0; 1 if any could not be created or updated.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "c", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "touch", &e).await,
    };
    if opts.operands.is_empty() {
        return fail(&ctx, "touch", "missing file operand").await;
    }
    let mut status = ExitStatus::SUCCESS;
    for path in &opts.operands {
        let result = match ctx.stat(path).await {
            Ok(_) => {
                let now = SetAttr {
                    valid: setattr::ATIME | setattr::MTIME,
                    ..SetAttr::default()
                };
                ctx.wstat(path, &now).await
            }
            Err(Errno::ENOENT) if opts.has('c') => Ok(()),
            Err(Errno::ENOENT) => match ctx
                .open(path, oflags::O_WRONLY | oflags::O_CREAT, 0o644)
                .await
            {
                Ok(fd) => ctx.close(fd).await,
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            complain(&ctx, "touch", path, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}
