//! Warren's client interoperates with a 9P2000.L server Warren did not write: diod (Debian's
//! package `diod`) serving a host directory is mounted into Warren's namespace with the
//! shell's `mount`, and listed, read, written, created in, renamed in and removed from.

mod common;

use common::{free_port, stdout_ok, temp_dir, wait_for_port, warren_sh, Server};
use std::process::{Command, Stdio};

fn start_diod(export: &std::path::Path) -> (Server, u16) {
    let port = free_port();
    let child = Command::new("diod")
        .args(["-f", "-n", "-N", "-c", "/dev/null", "-L", "stderr", "-e"])
        .arg(export)
        .args(["-l", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("diod is not installed: apt-get install diod (.ci/run does)");
    let server = Server(child);
    wait_for_port(port);
    (server, port)
}

#[test]
fn warren_mounts_diod_and_lists_reads_writes_creates_renames_and_removes() {
    let export = temp_dir("diod");
    std::fs::write(export.join("hello.txt"), "from diod\n").unwrap();
    let (_diod, port) = start_diod(&export);
    let dir = export.display();
    let script = format!(
        "mkdir -p /n/d && mount tcp!127.0.0.1!{port} /n/d {dir} && ls /n/d && cat /n/d/hello.txt \
         && echo written in warren > /n/d/new.txt && mv /n/d/new.txt /n/d/moved.txt \
         && mkdir /n/d/sub && mv /n/d/moved.txt /n/d/sub/moved.txt && cat /n/d/sub/moved.txt \
         && echo appended >> /n/d/hello.txt && grep -c 'tcp!127.0.0.1!{port} /n/d' /proc/self/ns"
    );
    let out = stdout_ok(&warren_sh(&script));
    assert_eq!(out, "hello.txt\nfrom diod\nwritten in warren\n1\n");
    assert_eq!(
        std::fs::read_to_string(export.join("sub/moved.txt")).unwrap(),
        "written in warren\n"
    );
    assert_eq!(
        std::fs::read_to_string(export.join("hello.txt")).unwrap(),
        "from diod\nappended\n"
    );
    assert!(!export.join("new.txt").exists());

    let out = stdout_ok(&warren_sh(&format!(
        "mkdir -p /n/d && mount tcp!127.0.0.1!{port} /n/d {dir} && rm /n/d/sub/moved.txt \
         && rm -r /n/d/sub && rm /n/d/hello.txt && ls /n/d | wc -l"
    )));
    assert_eq!(out.trim(), "0");
    assert_eq!(std::fs::read_dir(&export).unwrap().count(), 0);
}
