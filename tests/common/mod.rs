//! Helpers for the root crate's scenario tests: run the `warren` binary, start servers on
//! loopback, and wait for them.

#![allow(dead_code)] // each test binary uses a part

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The `warren` binary cargo built for these tests.
pub fn warren() -> Command {
    Command::new(env!("CARGO_BIN_EXE_warren"))
}

/// `warren sh -c CMD`: its output and status.
pub fn warren_sh(cmd: &str) -> Output {
    warren()
        .args(["sh", "-c", cmd])
        .stdin(Stdio::null())
        .output()
        .expect("run warren")
}

/// A free TCP port on 127.0.0.1 (free when this returns; a server binds it next).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Wait until something accepts TCP connections on `port` (at most 10 s).
pub fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nothing listens on port {port} after 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh, empty directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("warren-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A child process killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Text of an output's stdout, asserting the command succeeded.
pub fn stdout_ok(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "status {:?}\nstdout:\n{text}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    text
}
