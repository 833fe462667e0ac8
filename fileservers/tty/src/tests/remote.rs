//! Remote terminals over TCP: a connection becomes a terminal, its bytes arrive, closing it
//! hangs the session up, and the terminal goes once nobody uses it.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR};
use warren_proto::dial::{connect, Stream};
use warren_proto::{Caller, Errno, FileServer};

use super::{guard, world, Call, World};
use crate::{listen_tcp, Kind, TtyListener};

/// Listen on a free loopback port of `w`'s tty server.
async fn listener(w: &World) -> TtyListener {
    listen_tcp(w.fs.clone(), "tcp!127.0.0.1!0").await.unwrap()
}

/// Connect a raw client to `l`.
async fn client(l: &TtyListener) -> Box<dyn Stream> {
    guard("connect", connect(&l.dial_string())).await.unwrap()
}

/// Assert that `client` reads `want` next.
async fn expect(client: &mut Box<dyn Stream>, want: &[u8]) {
    let mut got = vec![0; want.len()];
    guard("display", client.read_exact(&mut got)).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(want));
}

/// The names in the root of `w`'s tty server.
async fn names(w: &World) -> Vec<String> {
    let p = w.proc(11);
    let dir = p.open("", O_RDONLY).await.unwrap();
    let entries = w.fs.readdir(&Caller::ROOT, dir, 0, 4096).await.unwrap();
    w.fs.clunk(&Caller::ROOT, dir).await.unwrap();
    entries.into_iter().map(|e| e.name).collect()
}

#[tokio::test]
async fn a_tcp_connection_is_a_terminal_announced_on_new_with_telnet_line_ends() {
    let mut w = world(Kind::Terminal);
    let init = w.proc(10);
    let new = init.open("new", O_RDONLY).await.unwrap();
    let l = listener(&w).await;
    assert!(l.dial_string().starts_with("tcp!127.0.0.1!"));
    assert!(!l.dial_string().ends_with("!0"));
    let mut c = client(&l).await;
    assert_eq!(init.read(new, 16).await.unwrap(), b"1\n");
    let shell = w.proc(20);
    let fd = shell.open("1", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(20, Some("tty/1".into())));
    c.write_all(b"agent\r\nhunter2\r\0ls\n").await.unwrap();
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"agent\n");
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"hunter2\n");
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"ls\n");
    expect(&mut c, b"agent\r\nhunter2\r\nls\r\n").await;
    shell.write(fd, b"ok\n").await.unwrap();
    expect(&mut c, b"ok\r\n").await;
}

#[tokio::test]
async fn closing_the_connection_hangs_up_and_the_terminal_goes_after_the_last_clunk() {
    let mut w = world(Kind::Terminal);
    let init = w.proc(10);
    let new = init.open("new", O_RDONLY).await.unwrap();
    let l = listener(&w).await;
    let c = client(&l).await;
    assert_eq!(init.read(new, 16).await.unwrap(), b"1\n");
    let shell = w.proc(20);
    let fd = shell.open("1", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(20, Some("tty/1".into())));
    drop(c);
    assert_eq!(w.next_call().await, Call::Hangup(20));
    assert_eq!(w.next_call().await, Call::Ctty(20, None));
    assert_eq!(shell.read(fd, 100).await, Ok(vec![]));
    assert_eq!(shell.open("1", O_RDWR).await, Err(Errno::EIO));
    assert!(names(&w).await.contains(&"1".to_string()));
    w.fs.clunk(&Caller::ROOT, fd).await.unwrap();
    assert_eq!(shell.open("1", O_RDWR).await, Err(Errno::ENOENT));
    assert_eq!(shell.open("1ctl", O_RDWR).await, Err(Errno::ENOENT));
    assert_eq!(names(&w).await, [".", "..", "ctty", "new", "0", "0ctl"]);
}

#[tokio::test]
async fn a_connection_made_before_new_is_watched_is_still_announced() {
    let w = world(Kind::Terminal);
    let l = listener(&w).await;
    let mut c = client(&l).await;
    let init = w.proc(10);
    let new = init.open("new", O_RDONLY).await.unwrap();
    assert_eq!(init.read(new, 16).await.unwrap(), b"1\n");
    let p = w.proc(11);
    let fd = p.open("1", O_RDWR).await.unwrap();
    c.write_all(b"x\n").await.unwrap();
    assert_eq!(p.read(fd, 100).await.unwrap(), b"x\n");
}

#[tokio::test]
async fn hangup_on_ctl_closes_the_connection_after_the_output() {
    let w = world(Kind::Terminal);
    let init = w.proc(10);
    let new = init.open("new", O_RDONLY).await.unwrap();
    let l = listener(&w).await;
    let mut c = client(&l).await;
    assert_eq!(init.read(new, 16).await.unwrap(), b"1\n");
    let p = w.proc(11);
    let fd = p.open("1", O_RDWR).await.unwrap();
    p.write(fd, b"bye\n").await.unwrap();
    p.ctl(1, "hangup").await.unwrap();
    let mut rest = Vec::new();
    guard("connection end", c.read_to_end(&mut rest))
        .await
        .unwrap();
    assert_eq!(rest, b"bye\r\n");
}

#[tokio::test]
async fn a_bad_dial_string_is_invalid_input() {
    let w = world(Kind::Terminal);
    let e = listen_tcp(w.fs.clone(), "tcp!nowhere").await.err().unwrap();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
}
