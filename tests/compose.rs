//! Two Warren systems composed over 9P2000.L (issue 4, point 3): system B mounts system A's
//! exported `/home/agent` at `/n/a/home` as agent (with agent's access key), its own `/tmp`
//! stays local, a pipeline in B reads from A and writes to B; killing A in the middle of a
//! blocked read gives B's reader an error promptly, and B keeps working.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, temp_dir, wait_for_port, warren, Server};

const CONFIG: &str = r#"
ttys = ["console"]
[[users]]
name = "root"
uid = 0
gid = 0
home = "/root"
password = "rootpw"
[[users]]
name = "agent"
uid = 1000
gid = 1000
home = "/home/agent"
password = "agent"
key = "agent-key"
"#;

fn start_a() -> (Server, u16) {
    let dir = temp_dir("compose");
    let config = dir.join("a.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let port = free_port();
    let child = warren()
        .args(["boot", "--no-console", "--config"])
        .arg(&config)
        .args(["--listen", &format!("tcp!127.0.0.1!{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    wait_for_port(port);
    (server, port)
}

#[test]
fn b_reads_from_a_writes_locally_and_survives_a_being_killed_mid_read() {
    let (mut a, port) = start_a();
    let dial = format!("tcp!127.0.0.1!{port}");
    // B's root makes the mount points; agent (su: root needs no password) mounts A with
    // agent's key, as Warren's client attaches with the caller's uid as its uname.
    let script = format!(
        "mkdir -p /n/a/home /n/a/dev && su agent -c '\
         mount {dial} /n/a/home key=agent-key:/home/agent \
         && mount {dial} /n/a/dev key=agent-key:/dev \
         && echo from b to a > /n/a/home/note \
         && cat /n/a/home/note | grep from > /tmp/local \
         && cat /tmp/local && ls /tmp && echo reading \
         ; cat /n/a/dev/cons; echo cat status $? \
         ; echo b still works > /tmp/after && cat /tmp/after'\n"
    );
    let mut b = Command::new(env!("CARGO_BIN_EXE_warren"))
        .args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(b.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line == "reading" {
            break;
        }
    }
    assert_eq!(
        seen,
        ["from b to a", "local", "reading"],
        "B's output before the blocked read"
    );
    let killed = Instant::now();
    a.0.kill().unwrap();
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    let status = b.wait().unwrap();
    assert!(
        killed.elapsed() < Duration::from_secs(30),
        "B's reader hung after A died"
    );
    assert_eq!(
        rest,
        ["cat status 1", "b still works"],
        "B after A was killed"
    );
    assert!(status.success(), "B's last command succeeded: {status:?}");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut b.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        err.contains("cat: /n/a/dev/cons: Input/output error"),
        "stderr: {err}"
    );
}
