//! `chmod MODE FILE...`: change permission bits (POSIX `chmod`): octal (`755`) or symbolic
//! (`u+x`, `go-w`, `a=r,u+w`), see [`crate::util::parse_chmod`].

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{setattr, S_IFDIR, S_IFMT};
use warren_proto::SetAttr;

use crate::util::{complain, fail};

/// Apply MODE to each file. Status 0; 1 on an invalid mode or a failed change.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let mut args = crate::util::args(&ctx);
    if args.first().is_some_and(|a| a == "--") {
        args = &args[1..];
    }
    let Some((mode, files)) = args.split_first().filter(|(_, f)| !f.is_empty()) else {
        return fail(&ctx, "chmod", "missing operand").await;
    };
    let mut status = ExitStatus::SUCCESS;
    for file in files {
        let attr = match ctx.stat(file).await {
            Ok(a) => a,
            Err(e) => {
                complain(&ctx, "chmod", file, e).await;
                status = ExitStatus::FAILURE;
                continue;
            }
        };
        let is_dir = attr.mode & S_IFMT == S_IFDIR;
        let Some(bits) = crate::util::parse_chmod(mode, attr.mode, is_dir) else {
            return fail(&ctx, "chmod", &format!("invalid mode: '{mode}'")).await;
        };
        let change = SetAttr {
            valid: setattr::MODE,
            mode: bits,
            ..SetAttr::default()
        };
        if let Err(e) = ctx.wstat(file, &change).await {
            complain(&ctx, "chmod", file, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}
