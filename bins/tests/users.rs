//! Scenarios of the account tools: useradd, userdel, passwd, su, id and whoami, in a system
//! with the user store and terminals.

mod common;
#[path = "common/system.rs"]
mod system;

use system::boot;

#[tokio::test]
async fn id_shows_uid_and_name() {
    let sys = boot(1).await;
    let r = sys.run(&["id"], "").await;
    assert_eq!(r.out, "uid=0(root) gid=0(root) groups=0(root)\n");
    let r = sys
        .run(&["su", "agent", "-c", "id; whoami; id -u"], "")
        .await;
    assert_eq!(
        r.out,
        "uid=1000(agent) gid=1000(agent) groups=1000(agent)\nagent\n1000\n"
    );
    let r = sys.run(&["id", "nobody"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("id: 'nobody': no such user\n", 1)
    );
    sys.shutdown().await;
}

#[tokio::test]
async fn useradd_then_login_as_the_new_user() {
    let mut sys = boot(1).await;
    let r = sys.run(&["useradd", "-p", "s3cret", "bob"], "").await;
    assert_eq!((r.err.as_str(), r.status), ("", 0));
    let r = sys
        .run(
            &[
                "sh",
                "-c",
                "grep bob /etc/passwd /etc/group; ls -ld /home/bob",
            ],
            "",
        )
        .await;
    assert!(
        r.out
            .contains("/etc/passwd:bob:x:1002:1002::/home/bob:/bin/sh"),
        "{}",
        r.out
    );
    assert!(r.out.contains("/etc/group:bob:x:1002:"), "{}", r.out);
    assert!(r.out.contains("drwx------"), "{}", r.out);
    assert!(r.out.contains("bob"), "{}", r.out);
    let t = &mut sys.terms[0];
    t.login("bob", "s3cret").await;
    let out = t.run("id; pwd").await;
    assert!(out.contains("uid=1002(bob) gid=1002(bob)"), "{out}");
    assert!(out.contains("/home/bob"), "{out}");
    sys.shutdown().await;
}

#[tokio::test]
async fn useradd_refuses_a_taken_name_and_non_root_callers() {
    let sys = boot(1).await;
    let r = sys.run(&["useradd", "agent"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("useradd: user 'agent' already exists\n", 9)
    );
    let r = sys.run(&["su", "agent", "-c", "useradd bob"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("useradd: Permission denied.\n", 1)
    );
    sys.shutdown().await;
}

#[tokio::test]
async fn userdel_removes_the_account_and_its_home() {
    let sys = boot(1).await;
    assert_eq!(sys.run(&["useradd", "bob"], "").await.status, 0);
    let r = sys.run(&["userdel", "-r", "bob"], "").await;
    assert_eq!((r.err.as_str(), r.status), ("", 0));
    let r = sys
        .run(
            &["sh", "-c", "grep -c bob /etc/passwd /etc/group; ls /home"],
            "",
        )
        .await;
    assert_eq!(r.out, "/etc/passwd:0\n/etc/group:0\nagent\nguest\n");
    let r = sys.run(&["userdel", "bob"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("userdel: user 'bob' does not exist\n", 6)
    );
    sys.shutdown().await;
}

#[tokio::test]
async fn passwd_changes_own_password() {
    let mut sys = boot(2).await;
    let t = &mut sys.terms[1];
    t.login("agent", "hunter2").await;
    t.send("passwd\n").await;
    t.expect("Current password: ").await;
    t.send("hunter2\n").await;
    t.expect("New password: ").await;
    t.send("correct-horse\n").await;
    t.expect("Retype new password: ").await;
    t.send("correct-horse\n").await;
    let out = t.expect("$ ").await;
    assert!(
        out.contains("passwd: password updated successfully"),
        "{out}"
    );
    assert!(!out.contains("correct-horse"), "{out}");
    t.send("exit\n").await;
    t.expect("login: ").await;
    t.send("agent\n").await;
    t.expect("Password: ").await;
    t.send("hunter2\n").await;
    t.expect("Login incorrect").await;
    t.login("agent", "correct-horse").await;
    sys.shutdown().await;
}

#[tokio::test]
async fn passwd_by_root_sets_anyones_password_and_others_may_not() {
    let mut sys = boot(2).await;
    let r = sys.run(&["passwd", "guest"], "pw1\npw1\n").await;
    assert_eq!(
        (r.out.as_str(), r.status),
        ("passwd: password updated successfully\n", 0)
    );
    sys.terms[1].login("guest", "pw1").await;
    let r = sys.run(&["passwd", "guest"], "a\nb\n").await;
    assert!(
        r.err.contains("Sorry, passwords do not match."),
        "{}",
        r.err
    );
    assert_eq!(r.status, 1);
    let r = sys.run(&["su", "agent", "-c", "passwd guest"], "").await;
    assert!(r
        .err
        .contains("You may not view or modify password information for guest."));
    assert_eq!(r.status, 1);
    sys.shutdown().await;
}

#[tokio::test]
async fn su_to_root_needs_root_password() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.login("agent", "hunter2").await;
    t.send("su -c id\n").await;
    t.expect("Password: ").await;
    t.send("wrong\n").await;
    let out = t.expect("$ ").await;
    assert!(out.contains("su: Authentication failure"), "{out}");
    t.send("su -c id\n").await;
    t.expect("Password: ").await;
    t.send("root\n").await;
    let out = t.expect("$ ").await;
    assert!(out.contains("uid=0(root) gid=0(root)"), "{out}");
    assert!(!out.contains("root\r\n"), "the password was echoed: {out}");
    sys.shutdown().await;
}

#[tokio::test]
async fn root_su_needs_no_password() {
    let sys = boot(1).await;
    let r = sys
        .run(&["su", "-", "agent", "-c", "pwd; echo $HOME"], "")
        .await;
    assert_eq!(
        (r.out.as_str(), r.status),
        ("/home/agent\n/home/agent\n", 0)
    );
    let r = sys.run(&["su", "nobody"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("su: user nobody does not exist\n", 1)
    );
    sys.shutdown().await;
}
