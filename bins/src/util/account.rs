//! The user store as files: reading and rewriting `/etc/passwd`, `/etc/group` and
//! `/etc/shadow` through the namespace, with `warren_users`' parsers (passwd(5), group(5),
//! shadow(5)).

use warren_kernel::ProcContext;
use warren_proto::attr::oflags::{O_APPEND, O_TRUNC, O_WRONLY};
use warren_proto::{Errno, Result, Uid};
use warren_users::{parse_group, parse_passwd, parse_shadow, Group, Shadow, User};

use super::read_file;

/// The accounts file, readable by everyone.
pub const PASSWD: &str = "/etc/passwd";
/// The groups file, readable by everyone.
pub const GROUP: &str = "/etc/group";
/// The password hashes, readable and writable by root only.
pub const SHADOW: &str = "/etc/shadow";

/// The text of `path`.
///
/// # Errors
/// `open(2)`/`read(2)` errors (`ENOENT`, `EACCES`); `EINVAL` when it is not UTF-8.
async fn text(ctx: &ProcContext, path: &str) -> Result<String> {
    String::from_utf8(read_file(ctx, path).await?).map_err(|_| Errno::EINVAL)
}

/// Every account of `/etc/passwd`, in order.
///
/// # Errors
/// `ENOENT` (no store), `EINVAL` (a malformed file).
pub async fn users(ctx: &ProcContext) -> Result<Vec<User>> {
    parse_passwd(&text(ctx, PASSWD).await?)
}

/// Every group of `/etc/group`, in order.
///
/// # Errors
/// `ENOENT`, `EINVAL`.
pub async fn groups(ctx: &ProcContext) -> Result<Vec<Group>> {
    parse_group(&text(ctx, GROUP).await?)
}

/// Every entry of `/etc/shadow`, in order.
///
/// # Errors
/// `EACCES` (the caller is not root), `ENOENT`, `EINVAL`.
pub async fn shadow(ctx: &ProcContext) -> Result<Vec<Shadow>> {
    parse_shadow(&text(ctx, SHADOW).await?)
}

/// The account named `name`; `None` when there is none.
///
/// # Errors
/// As [`users`].
pub async fn user_named(ctx: &ProcContext, name: &str) -> Result<Option<User>> {
    Ok(users(ctx).await?.into_iter().find(|u| u.name == name))
}

/// The account with user id `uid`; `None` when there is none.
///
/// # Errors
/// As [`users`].
pub async fn user_with_uid(ctx: &ProcContext, uid: Uid) -> Result<Option<User>> {
    Ok(users(ctx).await?.into_iter().find(|u| u.uid == uid))
}

/// The shadow hash of `name`: `None` when the account has no shadow line.
///
/// # Errors
/// As [`shadow`].
pub async fn hash_of(ctx: &ProcContext, name: &str) -> Result<Option<String>> {
    let entries = shadow(ctx).await?;
    Ok(entries.into_iter().find(|s| s.name == name).map(|s| s.hash))
}

/// Replace the whole text of `path` (one write after `O_TRUNC`: the store validates and
/// commits it at once).
///
/// # Errors
/// `EACCES` (not root), `EINVAL` (the store refused the text), `ENOENT`.
pub async fn rewrite(ctx: &ProcContext, path: &str, text: String) -> Result<()> {
    write_to(ctx, path, O_WRONLY | O_TRUNC, text).await
}

/// Append `line` (which ends in `\n`) to `path`.
///
/// # Errors
/// As [`rewrite`].
pub async fn append(ctx: &ProcContext, path: &str, line: String) -> Result<()> {
    write_to(ctx, path, O_WRONLY | O_APPEND, line).await
}

async fn write_to(ctx: &ProcContext, path: &str, flags: u32, text: String) -> Result<()> {
    let fd = ctx.open(path, flags, 0).await?;
    let written = ctx.write_all(fd, text).await;
    let closed = ctx.close(fd).await;
    written.and(closed)
}
