//! Becoming a user: what `login` and `su` do once the password checked out.

use warren_kernel::ProcContext;
use warren_proto::Errno;
use warren_users::User;

/// The shell a user logs in with: the passwd shell field, `/bin/sh` when it is empty.
pub fn login_shell(user: &User) -> &str {
    if user.shell.is_empty() {
        "/bin/sh"
    } else {
        &user.shell
    }
}

/// Take `user`'s identity: `setgid` to its group, then `setuid` to it (in that order: after
/// `setuid` to a non-root user `setgid` is refused), and set `USER`, `LOGNAME`, `HOME` and
/// `SHELL` in the environment. With effective uid 0 (root, or a setuid-root program such as
/// su) the calls set the real, effective and saved ids, so the privilege is dropped even
/// when the caller becomes itself; an unprivileged user may become itself (its own real
/// ids). Source: `login(1)`, `su(1)`, POSIX `setuid(2)`.
///
/// # Errors
/// `EPERM` when the caller's effective uid is not 0 and it is not already `user`.
pub fn assume(ctx: &ProcContext, user: &User) -> Result<(), Errno> {
    ctx.setgid(user.gid)?;
    ctx.setuid(user.uid)?;
    ctx.setenv("USER", &user.name);
    ctx.setenv("LOGNAME", &user.name);
    ctx.setenv("HOME", &user.home);
    ctx.setenv("SHELL", login_shell(user));
    Ok(())
}
