//! Remote terminals on a booted system: a TCP connection gets a getty through init reading
//! `/dev/tty/new`, a person logs in over it, and closing it hangs up the session; a later
//! connection gets a fresh getty, and the closed terminal's getty is not started again.

mod common;
#[path = "common/system.rs"]
mod system;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warren_proto::dial::{connect, Stream};
use warren_tty::{listen_tcp, TtyListener};

use common::GUARD;
use system::{boot, System};

/// A client of a remote terminal: what a person with `nc` or telnet types and sees.
struct NetTerm {
    stream: Box<dyn Stream>,
    seen: String,
    pos: usize,
}

impl NetTerm {
    async fn connect(l: &TtyListener) -> NetTerm {
        let stream = tokio::time::timeout(GUARD, connect(&l.dial_string()))
            .await
            .expect("connect timed out")
            .expect("connect");
        NetTerm {
            stream,
            seen: String::new(),
            pos: 0,
        }
    }

    /// Read until `needle` appears after what earlier calls consumed; the text up to it.
    async fn expect(&mut self, needle: &str) -> String {
        let found = tokio::time::timeout(GUARD, async {
            loop {
                if let Some(i) = self.seen[self.pos..].find(needle) {
                    let end = self.pos + i + needle.len();
                    let text = self.seen[self.pos..end].to_string();
                    self.pos = end;
                    return Some(text);
                }
                let mut buf = [0u8; 4096];
                match self.stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return None,
                    Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                }
            }
        })
        .await;
        match found {
            Ok(Some(text)) => text,
            _ => panic!("{needle:?} never appeared; the client saw:\n{}", self.seen),
        }
    }

    /// Type `line` and Return as telnet sends it (CR NL).
    async fn line(&mut self, line: &str) {
        let data = format!("{line}\r\n");
        self.stream.write_all(data.as_bytes()).await.expect("send");
    }

    /// Log in as `name` with `password` and wait for the prompt.
    async fn login(&mut self, name: &str, password: &str) {
        self.expect("login: ").await;
        self.line(name).await;
        self.expect("Password: ").await;
        self.line(password).await;
        self.expect("$ ").await;
    }

    /// Run `line` at the prompt; what it printed before the next prompt.
    async fn run(&mut self, line: &str) -> String {
        self.line(line).await;
        self.expect("$ ").await
    }
}

/// The pids `ps -e` (run as root, outside any terminal) shows on terminal `tty`.
async fn pids_on(sys: &System, tty: &str) -> Vec<String> {
    let out = sys.run(&["ps", "-e"], "").await.out;
    out.lines()
        .filter(|l| l.split_whitespace().nth(5) == Some(tty))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

#[tokio::test]
async fn a_tcp_login_works_and_closing_it_hangs_up_the_session() {
    let sys = boot(1).await;
    let l = listen_tcp(sys.ttys.clone(), "tcp!127.0.0.1!0")
        .await
        .expect("listen");
    let mut first = NetTerm::connect(&l).await;
    first.expect("Warren (tty/1)").await;
    first.login("agent", "hunter2").await;
    let out = first.run("echo hi").await;
    assert!(out.contains("hi\r\n"), "{out}");
    first.run("sleep 100 &").await;
    let session = pids_on(&sys, "tty/1").await;
    assert!(session.len() >= 2, "the shell and sleep: {session:?}");
    drop(first);

    let mut second = NetTerm::connect(&l).await;
    second.expect("Warren (tty/2)").await;
    second.login("agent", "hunter2").await;
    for pid in &session {
        let ran = sys.run(&["cat", &format!("/proc/{pid}/status")], "").await;
        let gone = ran.status != 0 || ran.out.contains("state Z");
        assert!(gone, "process {pid} outlived the hangup: {}", ran.out);
    }
    let all = sys.run(&["ps", "-ef"], "").await.out;
    assert!(
        !all.contains("/dev/tty/1"),
        "getty restarted on tty/1: {all}"
    );
    assert!(all.contains("/bin/sh"), "the second session runs: {all}");
    sys.shutdown().await;
}

#[tokio::test]
async fn exit_on_a_remote_terminal_brings_a_fresh_getty_on_the_same_connection() {
    let sys = boot(1).await;
    let l = listen_tcp(sys.ttys.clone(), "tcp!127.0.0.1!0")
        .await
        .expect("listen");
    let mut t = NetTerm::connect(&l).await;
    t.login("agent", "hunter2").await;
    t.line("exit").await;
    t.expect("Warren (tty/1)").await;
    t.login("agent", "hunter2").await;
    let out = t.run("echo again").await;
    assert!(out.contains("again"), "{out}");
    sys.shutdown().await;
}
