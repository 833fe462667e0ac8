//! Starting a user's session once login accepted them (see the module doc of `login`).

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::oflags::O_RDWR;
use warren_proto::Result;
use warren_users::User;

use crate::util::{assume, fail, login_shell, read_file, say};

/// New session, controlling terminal, identity, environment, home; then exec the shell.
/// Returns only when something fails (status 1).
pub(super) async fn start(ctx: &ProcContext, user: &User, tty: Option<String>) -> ExitStatus {
    if let Some(tty) = &tty {
        let _ = ctx.setsid();
        if let Err(e) = take_terminal(ctx, tty).await {
            return fail(ctx, "login", &format!("{tty}: {e}")).await;
        }
    }
    for (name, _) in ctx.environ() {
        ctx.unsetenv(&name);
    }
    ctx.setenv("PATH", "/bin");
    if let Some(tty) = &tty {
        ctx.setenv("TTY", tty);
    }
    if let Err(e) = assume(ctx, user) {
        return fail(ctx, "login", &format!("cannot become {}: {e}", user.name)).await;
    }
    if ctx.chdir(&user.home).await.is_err() {
        say(
            ctx,
            &format!(
                "login: no home directory {}, logging in with HOME=/",
                user.home
            ),
        )
        .await;
        ctx.setenv("HOME", "/");
        let _ = ctx.chdir("/").await;
    }
    if let Ok(motd) = read_file(ctx, "/etc/motd").await {
        let _ = ctx.write_all(Fd::STDOUT, motd).await;
    }
    let shell = login_shell(user).to_string();
    let errno = ctx.exec(vec![shell.clone(), "-l".into()]).await;
    fail(ctx, "login", &format!("{shell}: {errno}")).await
}

/// Open `tty` again (as a session leader: it becomes the controlling terminal) and make
/// fds 0, 1 and 2 refer to it.
async fn take_terminal(ctx: &ProcContext, tty: &str) -> Result<()> {
    let fd = ctx.open(tty, O_RDWR, 0).await?;
    for n in (0..3).filter(|&n| fd != Fd(n)) {
        ctx.dup2(fd, Fd(n))?;
    }
    if fd.0 > 2 {
        ctx.close(fd).await?;
    }
    Ok(())
}
