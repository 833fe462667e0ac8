//! Scenarios of the process tools: ps, kill and setsid, judged by `/proc` and exit statuses.

mod common;
#[path = "common/system.rs"]
mod system;

use system::boot;

#[tokio::test]
async fn ps_lists_the_session() {
    let mut sys = boot(1).await;
    let t = &mut sys.terms[0];
    t.login("agent", "hunter2").await;
    t.run("sleep 100 &").await;
    let out = t.run("ps").await;
    assert!(
        out.contains("  PID  PPID  PGID   SID UID      TTY      STAT CMD"),
        "{out}"
    );
    assert!(out.contains("agent    tty/0    R    sleep"), "{out}");
    assert!(out.contains("agent    tty/0    R    ps"), "{out}");
    assert!(!out.contains("init"), "init is not in the session: {out}");
    let out = t.run("ps -ef").await;
    assert!(
        out.contains("    1     0     1     1 root     -        R    /bin/init"),
        "{out}"
    );
    assert!(out.contains("sleep 100"), "{out}");
    sys.shutdown().await;
}

#[tokio::test]
async fn kill_terminates_a_process_with_143() {
    let sys = boot(1).await;
    let r = sys
        .run(
            &[
                "sh",
                "-c",
                "sleep 100 >/tmp/1 2>&1 & kill $!; wait $!; echo $?",
            ],
            "",
        )
        .await;
    assert_eq!(r.out, "143\n");
    let r = sys
        .run(
            &[
                "sh",
                "-c",
                "sleep 100 >/tmp/2 2>&1 & kill -s INT $!; wait $!; echo $?",
            ],
            "",
        )
        .await;
    assert_eq!(r.out, "130\n");
    sys.shutdown().await;
}

#[tokio::test]
async fn kill_of_a_missing_pid_says_no_such_process() {
    let sys = boot(1).await;
    let r = sys.run(&["kill", "-9", "99999"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("kill: (99999) - No such process\n", 1)
    );
    let r = sys.run(&["kill", "-l"], "").await;
    assert_eq!(
        r.out,
        "HUP INT QUIT KILL PIPE TERM CHLD CONT STOP TSTP TTIN TTOU\n"
    );
    let r = sys.run(&["kill", "-l", "143"], "").await;
    assert_eq!(r.out, "TERM\n");
    let r = sys.run(&["kill", "-BOGUS", "1"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("kill: unknown signal 'BOGUS'\n", 1)
    );
    sys.shutdown().await;
}

#[tokio::test]
async fn kill_of_another_users_process_is_refused() {
    let sys = boot(1).await;
    let r = sys.run(&["su", "agent", "-c", "kill 1"], "").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("kill: (1) - Operation not permitted\n", 1)
    );
    sys.shutdown().await;
}

/// The `pid` and `sid` lines of a `/proc/N/status` text.
fn pid_and_sid(status: &str) -> (String, String) {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_default()
            .to_string()
    };
    (field("pid "), field("sid "))
}

#[tokio::test]
async fn setsid_runs_a_command_in_a_new_session() {
    let sys = boot(1).await;
    let parent = sys.run(&["cat", "/proc/self/status"], "").await;
    let (_, outer_sid) = pid_and_sid(&parent.out);
    for argv in [
        &["sh", "-c", "setsid cat /proc/self/status"][..],
        &["setsid", "setsid", "cat", "/proc/self/status"][..],
    ] {
        let r = sys.run(argv, "").await;
        let (pid, sid) = pid_and_sid(&r.out);
        assert_eq!((pid.as_str(), r.status), (sid.as_str(), 0), "{}", r.out);
        assert_ne!(sid, outer_sid);
        assert!(r.out.contains("tty -"), "{}", r.out);
    }
    sys.shutdown().await;
}
