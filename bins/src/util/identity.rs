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
/// `SHELL` in the environment. Both calls are always made, so a setuid-root program (su)
/// drops its privilege even when the caller becomes itself; a refusal is accepted when the
/// process already has that id (an unprivileged user becoming itself). Source: `login(1)`,
/// `su(1)`, POSIX `setuid(2)`.
///
/// # Errors
/// `EPERM` when the caller is not root and not already `user`.
pub fn assume(ctx: &ProcContext, user: &User) -> Result<(), Errno> {
    match ctx.setgid(user.gid) {
        Err(e) if ctx.gid() != user.gid => return Err(e),
        _ => {}
    }
    match ctx.setuid(user.uid) {
        Err(e) if ctx.uid() != user.uid => return Err(e),
        _ => {}
    }
    ctx.setenv("USER", &user.name);
    ctx.setenv("LOGNAME", &user.name);
    ctx.setenv("HOME", &user.home);
    ctx.setenv("SHELL", login_shell(user));
    Ok(())
}
