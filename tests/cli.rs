//! The host CLI as a user runs it: `warren boot` with commands piped in, and `warren sh -c`.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{stdout_ok, warren, warren_sh};

#[test]
fn boot_with_piped_commands_runs_them_without_a_prompt() {
    let mut child = warren()
        .arg("boot")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"echo hello | cat\nls /\nexit\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = stdout_ok(&out);
    assert!(text.starts_with("hello\n"), "{text}");
    for dir in ["bin", "dev", "etc", "home", "proc", "tmp"] {
        assert!(
            text.lines().any(|l| l == dir),
            "no {dir} in the listing:\n{text}"
        );
    }
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("# "),
        "a prompt was printed"
    );
}

#[test]
fn sh_c_prints_the_result_and_exits_with_the_commands_status() {
    let out = warren_sh("mkdir -p /tmp/a/b && echo hi > /tmp/a/b/f && cat /tmp/a/b/f | grep -c hi");
    assert_eq!(stdout_ok(&out), "1\n");
    let out = warren_sh("cat /nope");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cat: /nope: No such file or directory\n"
    );
    assert_eq!(warren_sh("exit 7").status.code(), Some(7));
}
