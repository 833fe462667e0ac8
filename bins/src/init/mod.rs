//! `init`: pid 1. Starts what `/etc/inittab` lists (a getty per terminal), starts each
//! `respawn` entry again when it exits, reaps every other child (orphans are re-parented to
//! pid 1), and on `SIGTERM` shuts the system down. Source: busybox `init(8)` and
//! `inittab(5)`; DESIGN.md "Boot", phase 2.
//!
//! - The file: see [`inittab`]. When `/etc/inittab` cannot be read init says so on fd 2 and
//!   runs [`DEFAULT_INITTAB`] (a getty on the console). Bad lines are reported and skipped.
//! - Each entry's process is spawned with fresh fds (a getty opens its own terminal), init's
//!   namespace and environment copied. A spawn failure counts as an immediate exit.
//! - Respawn rate limit: when an entry's process has exited within [`FAST_EXIT`] of its
//!   start [`FAST_LIMIT`] times in a row, init waits [`BACKOFF`] before starting it again
//!   (meanwhile it goes on reaping and serving other entries).
//! - Signals: init catches `SIGTERM`, `SIGHUP`, `SIGINT`, `SIGQUIT`, `SIGTSTP` and
//!   `SIGCHLD` (caught, not ignored, so its children start with default actions); only
//!   `SIGTERM` does something, and `SIGCHLD` makes init look for children again once it had
//!   none.
//! - Remote terminals (see [`terminals`]): init opens `/dev/tty/new` at start and, for each
//!   terminal it announces, starts `/bin/getty /dev/tty/N` and respawns it like a
//!   `respawn` entry (with the same rate limit), except that once the terminal is gone
//!   (opening it fails with `ENOENT` or `EIO`: its connection closed) the entry is dropped.
//!   Without `/dev/tty/new` init serves its inittab only.
//! - Shutdown (on `SIGTERM`): `SIGTERM` and `SIGCONT` to every process but pid 1, reaping
//!   for up to [`GRACE`]; then `SIGKILL` to whatever is left, reap everything, exit 0.
//!
//! # Layout
//! - [`inittab`]: the file format.
//! - [`terminals`]: announced terminals: their entries, and whether one is gone.
//! - `supervise`: starting, reaping and respawning entries.

pub mod inittab;
mod supervise;
pub mod terminals;

use std::time::Duration;

use warren_kernel::{Action, ExitStatus, ProcContext, Signal};
use warren_proto::Errno;

use crate::util::{read_file, say};
use supervise::Supervisor;

/// The table init reads at boot.
pub const INITTAB: &str = "/etc/inittab";
/// What init runs when [`INITTAB`] cannot be read.
pub const DEFAULT_INITTAB: &str = "tty/0::respawn:/bin/getty /dev/tty/0\n";
/// How long processes get to exit after `SIGTERM` at shutdown before `SIGKILL`.
pub const GRACE: Duration = Duration::from_secs(2);
/// An exit this soon after the start counts as a fast exit.
pub const FAST_EXIT: Duration = Duration::from_secs(1);
/// Fast exits in a row after which init waits [`BACKOFF`].
pub const FAST_LIMIT: u32 = 5;
/// The wait before starting an entry that exited fast [`FAST_LIMIT`] times in a row.
pub const BACKOFF: Duration = Duration::from_secs(5);

/// The signals init catches (see the module doc).
const CAUGHT: [Signal; 6] = [
    Signal::Term,
    Signal::Hup,
    Signal::Int,
    Signal::Quit,
    Signal::Tstp,
    Signal::Chld,
];

/// Run as pid 1 until `SIGTERM`, then shut down. Status 0.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    for sig in CAUGHT {
        let _ = ctx.signal_action(sig, Action::Catch);
    }
    let new = terminals::watch(&ctx).await;
    let mut supervisor = Supervisor::new(ctx.clone(), load(&ctx).await, new);
    supervisor.run().await;
    shutdown(&ctx).await
}

/// The entries of [`INITTAB`] (or [`DEFAULT_INITTAB`]), reporting problems on fd 2.
async fn load(ctx: &ProcContext) -> Vec<inittab::Entry> {
    let text = match read_file(ctx, INITTAB).await {
        Ok(data) => String::from_utf8_lossy(&data).into_owned(),
        Err(e) => {
            say(
                ctx,
                &format!("init: {INITTAB}: {e}; using the console only"),
            )
            .await;
            DEFAULT_INITTAB.to_string()
        }
    };
    let (entries, errors) = inittab::parse(&text);
    for e in errors {
        say(ctx, &format!("init: {INITTAB}: {e}")).await;
    }
    entries
}

/// `SIGTERM` to all, reap for [`GRACE`], then `SIGKILL` to the rest and reap them.
async fn shutdown(ctx: &ProcContext) -> ExitStatus {
    let _ = ctx.signal_action(Signal::Chld, Action::Default);
    let _ = ctx.kill(-1, Signal::Term);
    let _ = ctx.kill(-1, Signal::Cont);
    if tokio::time::timeout(GRACE, reap_all(ctx)).await.is_err() {
        let _ = ctx.kill(-1, Signal::Kill);
        reap_all(ctx).await;
    }
    ExitStatus::SUCCESS
}

/// Reap children until there are none.
async fn reap_all(ctx: &ProcContext) {
    loop {
        match ctx.wait_any().await {
            Ok(_) => {}
            Err(Errno::EINTR) => {
                let _ = ctx.try_signal();
            }
            Err(_) => return,
        }
    }
}
