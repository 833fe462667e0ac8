//! `login [NAME]`: authenticate a user on a terminal and start their session. Source:
//! `login(1)`; DESIGN.md "Boot" and "Identity and permissions"; issue 3 point 8.
//!
//! getty execs login with the terminal's path in `TTY` (`/dev/tty/0`); without `NAME` login
//! prompts `login: ` itself. Then:
//! - `Password: ` is read with the terminal's echo off (`echooff` on `${TTY}ctl`, `echoon`
//!   after; the unechoed newline is printed) and checked with
//!   [`warren_users::verify_password`] against `/etc/shadow`. Unknown users are asked for a
//!   password too, so a name's existence does not show.
//! - An account whose hash is empty needs no password, and only on the console: the
//!   terminal named by `CONSOLE` (the image sets it; default `/dev/tty/0`). Elsewhere it is
//!   asked for a password that never matches. Locked hashes (`!`, `*`) and accounts without
//!   a shadow line never log in.
//! - On failure: `Login incorrect` on fd 2, a pause of `LOGIN_DELAY_MS` milliseconds
//!   (default 2000; the tests shorten it), and a fresh `login: ` prompt; after
//!   [`MAX_TRIES`] failures login exits 1 (init starts a new getty). End of input exits 0.
//! - On success (the `session` module): a new session (`setsid`; kept as is if login is a
//!   group leader already), the terminal opened again so that it becomes the controlling
//!   terminal and dup'ed onto fds 0, 1 and 2, `setgid` then `setuid`, an environment of
//!   only `USER`, `LOGNAME`, `HOME`, `SHELL`, `PATH=/bin` and `TTY`, the working directory
//!   `HOME` (`/` with a message when that fails), `/etc/motd` printed, and the user's shell
//!   exec'ed as a login shell: `SHELL -l` (which sources `$HOME/.profile`).
//!
//! Without `TTY` (login run on a pipe) there is no echo control and no new session.
//!
//! # Layout
//! - this file: the prompt and authentication loop.
//! - `session`: starting the user's session.

mod session;

use std::time::Duration;

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::Errno;
use warren_users::{verify_password, User};

use crate::getty::read_name;
use crate::util::{fail, hash_of, read_secret, say, user_named};

/// Failed attempts after which login exits 1.
pub const MAX_TRIES: u32 = 3;
/// The pause after a failed attempt when `LOGIN_DELAY_MS` is not set.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(2);
/// The console when `CONSOLE` is not set.
pub const DEFAULT_CONSOLE: &str = "/dev/tty/0";

/// How one attempt ended.
enum Attempt {
    Accepted(User),
    Incorrect,
    EndOfInput,
}

/// Authenticate and exec the user's shell. Status 1 after [`MAX_TRIES`] failures or when
/// the store cannot be read; 0 at end of input.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let tty = ctx.getenv("TTY");
    let console = ctx.getenv("CONSOLE");
    let on_console = tty.as_deref() == Some(console.as_deref().unwrap_or(DEFAULT_CONSOLE));
    let ctl = tty.as_ref().map(|t| format!("{t}ctl"));
    let delay = ctx
        .getenv("LOGIN_DELAY_MS")
        .and_then(|ms| ms.parse().ok())
        .map_or(DEFAULT_DELAY, Duration::from_millis);
    let mut name = crate::util::args(&ctx).first().cloned();
    for attempt in 1..=MAX_TRIES {
        let who = match name.take() {
            Some(who) => who,
            None => match read_name(&ctx).await {
                Some(who) => who,
                None => return ExitStatus::SUCCESS,
            },
        };
        match authenticate(&ctx, &who, on_console, ctl.as_deref()).await {
            Ok(Attempt::Accepted(user)) => return session::start(&ctx, &user, tty).await,
            Ok(Attempt::EndOfInput) => return ExitStatus::SUCCESS,
            Ok(Attempt::Incorrect) => {}
            Err((path, e)) => return fail(&ctx, "login", &format!("{path}: {e}")).await,
        }
        say(&ctx, "Login incorrect").await;
        tokio::time::sleep(delay).await;
        if attempt == MAX_TRIES {
            break;
        }
    }
    ExitStatus::FAILURE
}

/// Ask for `name`'s password (unless an empty hash on the console needs none) and check it.
///
/// # Errors
/// The store file that could not be read and why (`EACCES` when login is not root).
async fn authenticate(
    ctx: &ProcContext,
    name: &str,
    on_console: bool,
    ctl: Option<&str>,
) -> Result<Attempt, (&'static str, Errno)> {
    let user = user_named(ctx, name)
        .await
        .map_err(|e| (crate::util::PASSWD, e))?;
    let hash = match &user {
        Some(u) => hash_of(ctx, &u.name)
            .await
            .map_err(|e| (crate::util::SHADOW, e))?,
        None => None,
    };
    let hash = hash.unwrap_or_else(|| "!".to_string());
    if let (Some(user), true, true) = (&user, hash.is_empty(), on_console) {
        return Ok(Attempt::Accepted(user.clone()));
    }
    let Ok(Some(password)) = read_secret(ctx, "Password: ", ctl).await else {
        return Ok(Attempt::EndOfInput);
    };
    match user {
        Some(u) if !hash.is_empty() && verify_password(&hash, &password) => {
            Ok(Attempt::Accepted(u))
        }
        _ => Ok(Attempt::Incorrect),
    }
}
