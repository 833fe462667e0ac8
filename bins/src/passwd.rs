//! `passwd [USER]`: change a password. Source: `passwd(1)`; issue 3 point 6.
//!
//! Anyone may change their own password (the user of their uid); root may change anyone's.
//! Non-root callers first give the current password (`Current password: `) unless their
//! hash is empty; then the new one twice (`New password: `, `Retype new password: `). All
//! three are read with echo off on the caller's controlling terminal (from
//! `/proc/self/status`), or as plain lines from fd 0 without one. The new hash (argon2id, with
//! the day of the change) replaces the account's `/etc/shadow` line (or is added), and the
//! whole file is written with `O_TRUNC`, which only root may do: the image installs passwd
//! setuid root.
//!
//! Status 0 (`passwd: password updated successfully` on fd 1); 1 with a message and
//! `passwd: Authentication token manipulation error` on any failure; 2 for bad usage.

use std::time::{SystemTime, UNIX_EPOCH};

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::Uid;
use warren_users::{format_shadow, hash_password, verify_password, Shadow};

use crate::util::{
    controlling_tty_ctl, fail, read_secret, rewrite, say, shadow, user_named, user_with_uid, SHADOW,
};

/// The message every failure ends with.
const FAILED: &str = "Authentication token manipulation error";

/// Change USER's (default: the caller's) password.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let args = crate::util::args(&ctx);
    if args.len() > 1 || args.first().is_some_and(|a| a.starts_with('-')) {
        say(&ctx, "usage: passwd [USER]").await;
        return ExitStatus(2);
    }
    let me = match user_with_uid(&ctx, ctx.uid()).await {
        Ok(Some(u)) => u.name,
        _ => return fail(&ctx, "passwd", "cannot determine your user name").await,
    };
    let target = args.first().cloned().unwrap_or(me.clone());
    let root = ctx.uid() == Uid(0);
    if !root && target != me {
        let m = format!("You may not view or modify password information for {target}.");
        return fail(&ctx, "passwd", &m).await;
    }
    match change(&ctx, &target, root).await {
        Ok(()) => {
            let _ = ctx
                .write_all(Fd::STDOUT, "passwd: password updated successfully\n")
                .await;
            ExitStatus::SUCCESS
        }
        Err(why) => {
            say(&ctx, &why).await;
            fail(&ctx, "passwd", FAILED).await
        }
    }
}

/// Check the current password (unless `root`), read the new one twice and rewrite the
/// shadow file. Errors: the message to print before [`FAILED`].
async fn change(ctx: &ProcContext, name: &str, root: bool) -> Result<(), String> {
    match user_named(ctx, name).await {
        Ok(Some(_)) => {}
        Ok(None) => return Err(format!("passwd: user '{name}' does not exist")),
        Err(e) => return Err(format!("passwd: {}: {e}", crate::util::PASSWD)),
    }
    let mut entries = shadow(ctx)
        .await
        .map_err(|e| format!("passwd: {SHADOW}: {e}"))?;
    let old = entries
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.hash.clone());
    let ctl = controlling_tty_ctl(ctx).await;
    let ctl = ctl.as_deref();
    let ask = |prompt: &'static str| async move {
        read_secret(ctx, prompt, ctl)
            .await
            .ok()
            .flatten()
            .ok_or_else(|| "passwd: no password given".to_string())
    };
    let old = old.unwrap_or_default();
    if !root && !old.is_empty() && !verify_password(&old, &ask("Current password: ").await?) {
        return Err("passwd: Authentication failure".into());
    }
    let new = ask("New password: ").await?;
    if new != ask("Retype new password: ").await? {
        return Err("Sorry, passwords do not match.".into());
    }
    if new.is_empty() {
        return Err("No password has been supplied.".into());
    }
    set_hash(&mut entries, name, hash_password(&new));
    rewrite(ctx, SHADOW, format_shadow(&entries))
        .await
        .map_err(|e| format!("passwd: {SHADOW}: {e}"))
}

/// Put `hash` (changed today) in `name`'s entry, adding one if it has none.
fn set_hash(entries: &mut Vec<Shadow>, name: &str, hash: String) {
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86400) as u32);
    if !entries.iter().any(|s| s.name == name) {
        entries.push(Shadow::new(name, ""));
    }
    for entry in entries.iter_mut().filter(|s| s.name == name) {
        entry.hash = hash.clone();
        entry.lastchg = Some(today);
    }
}
