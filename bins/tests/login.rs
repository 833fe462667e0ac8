//! Scenarios of init, getty and login on in-memory terminals: what a person at a terminal
//! types and sees.

mod common;
#[path = "common/system.rs"]
mod system;

use system::{boot, boot_with};

#[tokio::test]
async fn login_accepts_the_right_password_and_sets_uid() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.login("agent", "hunter2").await;
    let out = t.run("id").await;
    assert!(out.contains("uid=1000(agent) gid=1000(agent)"), "{out}");
    let out = t.run("pwd; echo $USER $LOGNAME $HOME $SHELL").await;
    assert!(out.contains("/home/agent"), "{out}");
    assert!(out.contains("agent agent /home/agent /bin/sh"), "{out}");
    let out = t.run("cat /etc/shadow; echo status=$?").await;
    assert!(out.contains("Permission denied"), "{out}");
    assert!(out.contains("status=1"), "{out}");
    sys.shutdown().await;
}

#[tokio::test]
async fn login_rejects_wrong_password() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.expect("login: ").await;
    t.send("agent\n").await;
    t.expect("Password: ").await;
    t.send("wrong\n").await;
    t.expect("Login incorrect").await;
    t.login("agent", "hunter2").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn unknown_user_is_asked_for_a_password_and_rejected() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.expect("login: ").await;
    t.send("nobody\n").await;
    t.expect("Password: ").await;
    t.send("x\n").await;
    t.expect("Login incorrect").await;
    t.expect("login: ").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn password_is_not_echoed() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.expect("login: ").await;
    t.send("agent\n").await;
    t.expect("Password: ").await;
    t.send("hunter2\n").await;
    let shown = t.expect("$ ").await;
    assert!(!shown.contains("hunter2"), "{shown}");
    let out = t.run("echo typed-after-login").await;
    assert!(
        out.contains("echo typed-after-login"),
        "echo is back on: {out}"
    );
    sys.shutdown().await;
}

#[tokio::test]
async fn empty_password_allowed_only_on_console() {
    let mut sys = boot(2).await;
    sys.terms[0].login("guest", "").await;
    let out = sys.terms[0].run("id -un").await;
    assert!(out.contains("guest"), "{out}");
    let t = &mut sys.terms[1];
    t.expect("login: ").await;
    t.send("guest\n").await;
    t.expect("Password: ").await;
    t.send("\n").await;
    t.expect("Login incorrect").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn three_failures_end_login_and_getty_returns() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    for _ in 0..3 {
        t.expect("login: ").await;
        t.send("agent\n").await;
        t.expect("Password: ").await;
        t.send("wrong\n").await;
        t.expect("Login incorrect").await;
    }
    t.expect("Warren (tty/0)").await;
    t.login("agent", "hunter2").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn init_respawns_getty_after_logout() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.login("agent", "hunter2").await;
    t.send("exit\n").await;
    t.expect("Warren (tty/0)").await;
    t.login("agent", "hunter2").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn hangup_kills_the_session_and_getty_returns() {
    let mut sys = boot(2).await;
    sys.terms[0].login("agent", "hunter2").await;
    sys.terms[1].login("agent", "hunter2").await;
    sys.terms[1].run("sleep 100 &").await;
    let out = sys.terms[0].run("ps -e").await;
    assert!(out.contains("tty/1    R    sleep"), "{out}");
    sys.reconnect(1);
    sys.terms[1].login("agent", "hunter2").await;
    let out = sys.terms[0].run("ps -e").await;
    let old: Vec<&str> = out.lines().filter(|l| l.contains("sleep")).collect();
    assert!(old.iter().all(|l| l.contains(" Z ")), "{out}");
    let out = sys.terms[0].run("echo still here").await;
    assert!(out.contains("still here"), "{out}");
    sys.shutdown().await;
}

#[tokio::test]
async fn init_shuts_down_on_sigterm() {
    let mut sys = boot(1).await;
    sys.terms[0].login("agent", "hunter2").await;
    sys.unix
        .host()
        .kill(1, warren_kernel::Signal::Term)
        .expect("kill init");
    let status = tokio::time::timeout(common::GUARD, sys.unix.wait_init())
        .await
        .expect("init never exited");
    assert_eq!(status.0, 0);
    sys.shutdown().await;
}

#[tokio::test]
async fn inittab_once_entries_run_and_bad_lines_are_reported() {
    let inittab = "tty/0::respawn:/bin/getty /dev/tty/0\n\
                   tty/1::once:/bin/getty /dev/tty/1\n\
                   bad::sometimes:/bin/true\n";
    let mut sys = boot_with(2, inittab.to_string()).await;
    sys.terms[0]
        .expect("init: /etc/inittab: line 3: unknown action 'sometimes'")
        .await;
    sys.terms[1].login("agent", "hunter2").await;
    sys.terms[0].login("agent", "hunter2").await;
    sys.shutdown().await;
}
