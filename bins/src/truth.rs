//! `true` and `false`: exit 0 and exit 1 (POSIX).

use warren_kernel::{ExitStatus, ProcContext};

/// `true`: do nothing, successfully. Status 0.
pub async fn true_main(_ctx: ProcContext) -> ExitStatus {
    ExitStatus::SUCCESS
}

/// `false`: do nothing, unsuccessfully. Status 1.
pub async fn false_main(_ctx: ProcContext) -> ExitStatus {
    ExitStatus::FAILURE
}
