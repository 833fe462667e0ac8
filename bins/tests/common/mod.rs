//! Shared by the bins' scenario tests: boot a Unix with ramfs at `/`, pipes and every bin,
//! and run a shell command line in it, capturing stdout, stderr and the exit status.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use warren_kernel::{MountFlags, Output, Unix};
use warren_pipe::PipeFs;
use warren_ramfs::RamFs;

/// Failure guard for one scenario (never a synchronisation).
pub const GUARD: Duration = Duration::from_secs(30);

/// What a run left: stdout and stderr as text, and the exit status.
#[derive(Debug)]
pub struct Ran {
    pub out: String,
    pub err: String,
    pub status: u8,
}

/// Boot the test system: ramfs at `/` with `/bin`, `/tmp`, `/etc`, pipes, every bin of
/// `warren_bins::all()`, `PATH=/bin`, `HOME=/`.
pub async fn boot() -> Unix {
    let mut b = Unix::builder()
        .mount("/", "#ramfs", Arc::new(RamFs::new()), MountFlags::REPLACE)
        .dir("/bin", 0o755)
        .dir("/tmp", 0o777)
        .dir("/etc", 0o755)
        .file("/etc/motd", "Welcome to Warren.\n", 0o644)
        .pipe_server(Arc::new(PipeFs::new()))
        .env("PATH", "/bin")
        .env("HOME", "/");
    for (name, bin) in warren_bins::all() {
        b = b.bin(name, bin);
    }
    b.boot().await.expect("boot")
}

/// Run `argv` with `stdin` in a fresh system.
pub async fn run_argv(argv: &[&str], stdin: &str) -> Ran {
    let unix = boot().await;
    let argv = argv.iter().map(|a| a.to_string()).collect();
    let out: Output = tokio::time::timeout(GUARD, unix.run(argv, stdin.to_string()))
        .await
        .expect("scenario timed out")
        .expect("run");
    unix.shutdown().await;
    Ran {
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.0,
    }
}

/// Run `sh -c SCRIPT` in a fresh system.
pub async fn sh(script: &str) -> Ran {
    run_argv(&["sh", "-c", script], "").await
}
