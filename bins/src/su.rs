//! `su [-|-l] [USER] [-c COMMAND]`: run a shell as another user (default root). Source:
//! `su(1)`; issue 3 point 6.
//!
//! Root needs no password. Anyone else is asked for USER's password (`Password: `, echo off
//! on the caller's controlling terminal, found through `/proc/self/status`) and checked
//! against `/etc/shadow`, which only root can read: the image installs su setuid root. An
//! account with an empty password cannot be entered this way (only by logging in on the
//! console, see `login`); a locked one never. Then su takes USER's identity (`setgid`,
//! `setuid`; `USER`, `LOGNAME`, `HOME`, `SHELL` set) and execs USER's shell: with `-c
//! COMMAND` as `SHELL -c COMMAND`; with `-` or `-l` as a login shell (`SHELL -l`, an
//! environment of only those variables and `PATH=/bin`, in HOME).
//!
//! Status: the shell's (exec); 1 for an unknown user or a failed authentication
//! (`su: Authentication failure`); 2 for bad usage; 126 when the shell cannot be run.

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::Uid;
use warren_users::{verify_password, User};

use crate::util::{
    assume, controlling_tty_ctl, fail, hash_of, login_shell, read_secret, say, user_named,
};

/// What the command line asks for.
struct Request {
    login: bool,
    user: String,
    command: Option<String>,
}

/// Authenticate (unless root) and exec the user's shell.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let req = match request(crate::util::args(&ctx)) {
        Ok(r) => r,
        Err(m) => {
            say(&ctx, &format!("su: {m}")).await;
            return ExitStatus(2);
        }
    };
    let user = match user_named(&ctx, &req.user).await {
        Ok(Some(u)) => u,
        Ok(None) => return fail(&ctx, "su", &format!("user {} does not exist", req.user)).await,
        Err(e) => return fail(&ctx, "su", &format!("{}: {e}", crate::util::PASSWD)).await,
    };
    if ctx.uid() != Uid(0) && !authenticated(&ctx, &user).await {
        return fail(&ctx, "su", "Authentication failure").await;
    }
    enter(&ctx, &user, req).await
}

/// Take `user`'s identity and exec their shell as `req` asks; returns only on failure.
async fn enter(ctx: &ProcContext, user: &User, req: Request) -> ExitStatus {
    if req.login {
        for (name, _) in ctx.environ() {
            ctx.unsetenv(&name);
        }
        ctx.setenv("PATH", "/bin");
    }
    if let Err(e) = assume(ctx, user) {
        return fail(ctx, "su", &format!("cannot become {}: {e}", user.name)).await;
    }
    if req.login && ctx.chdir(&user.home).await.is_err() {
        let m = format!("su: warning: cannot change directory to {}", user.home);
        say(ctx, &m).await;
    }
    let mut argv = vec![login_shell(user).to_string()];
    if req.login {
        argv.push("-l".into());
    }
    if let Some(cmd) = req.command {
        argv.extend(["-c".to_string(), cmd]);
    }
    let errno = ctx.exec(argv.clone()).await;
    say(ctx, &format!("su: {}: {errno}", argv[0])).await;
    ExitStatus(126)
}

/// Parse `[-|-l] [USER] [-c COMMAND]` (options may follow USER).
fn request(args: &[String]) -> Result<Request, String> {
    let mut req = Request {
        login: false,
        user: String::new(),
        command: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-" | "-l" | "--login" => req.login = true,
            "-c" => {
                let cmd = it.next().ok_or("option requires an argument -- 'c'")?;
                req.command = Some(cmd.clone());
            }
            a if a.starts_with('-') => return Err(format!("invalid option -- '{}'", &a[1..])),
            a if req.user.is_empty() => req.user = a.to_string(),
            a => return Err(format!("unexpected argument '{a}'")),
        }
    }
    if req.user.is_empty() {
        req.user = "root".into();
    }
    Ok(req)
}

/// Ask for `user`'s password and check it. An empty or locked hash, an unreadable store or
/// end of input fail.
async fn authenticated(ctx: &ProcContext, user: &User) -> bool {
    let hash = match hash_of(ctx, &user.name).await {
        Ok(Some(h)) if !h.is_empty() => h,
        Ok(_) => String::new(),
        Err(e) => {
            say(ctx, &format!("su: {}: {e}", crate::util::SHADOW)).await;
            return false;
        }
    };
    let ctl = controlling_tty_ctl(ctx).await;
    match read_secret(ctx, "Password: ", ctl.as_deref()).await {
        Ok(Some(password)) => !hash.is_empty() && verify_password(&hash, &password),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::request;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn user_defaults_to_root_and_options_go_before_or_after_it() {
        let r = request(&args(&[])).unwrap();
        assert_eq!((r.user.as_str(), r.login, r.command), ("root", false, None));
        let r = request(&args(&["-", "agent", "-c", "id -u"])).unwrap();
        assert_eq!(r.user, "agent");
        assert!(r.login);
        assert_eq!(r.command.as_deref(), Some("id -u"));
        let r = request(&args(&["-l", "-c", "id", "guest"])).unwrap();
        assert_eq!((r.user.as_str(), r.login), ("guest", true));
        assert_eq!(r.command.as_deref(), Some("id"));
    }

    #[test]
    fn stray_arguments_and_unknown_options_are_usage_errors() {
        assert!(request(&args(&["agent", "extra"])).is_err());
        assert!(request(&args(&["-z"])).is_err());
    }
}
