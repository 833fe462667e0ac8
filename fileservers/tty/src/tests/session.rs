//! Controlling terminals, foreground groups and background reads.

use warren_proto::attr::oflags::O_RDWR;
use warren_proto::Errno;

use super::{world, Call};
use crate::{Backend, Kind, TtySignal, O_NOCTTY};

#[tokio::test]
async fn session_leader_open_acquires_the_controlling_tty() {
    let mut w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    let status = w.proc(11).status(0).await;
    assert_eq!(status, "tty 0 fgpgrp 10 sid 10 raw off echo on\n");
}

#[tokio::test]
async fn ctty_reaches_the_sessions_terminal() {
    let mut w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    let member = w.proc(11);
    let fd = member.open("ctty", O_RDWR).await.unwrap();
    member.write(fd, b"hi\n").await.unwrap();
    w.expect_display(b"hi\r\n").await;
}

#[tokio::test]
async fn ctty_without_a_controlling_terminal_is_eio() {
    let w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    assert_eq!(w.proc(20).open("ctty", O_RDWR).await, Err(Errno::EIO));
}

#[tokio::test]
async fn non_leader_and_o_noctty_opens_do_not_acquire() {
    let mut w = world(Kind::Terminal);
    w.proc(11).open("0", O_RDWR).await.unwrap();
    w.proc(10).open("0", O_RDWR | O_NOCTTY).await.unwrap();
    assert_eq!(
        w.proc(11).status(0).await,
        "tty 0 fgpgrp 0 sid 0 raw off echo on\n"
    );
    w.no_more_calls();
}

#[tokio::test]
async fn a_terminal_held_by_one_session_is_not_taken_by_another() {
    let mut w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    w.proc(20).open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    assert!(w.proc(20).status(0).await.contains(" sid 10 "));
    w.no_more_calls();
}

#[tokio::test]
async fn a_session_keeps_its_one_controlling_terminal() {
    let mut w = world(Kind::Terminal);
    let (backend, _remote) = Backend::pair(Kind::Terminal);
    assert_eq!(w.fs.add(backend), 1);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    w.proc(10).open("1", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    assert!(w.proc(10).status(1).await.contains(" sid 0 "));
    w.no_more_calls();
}

#[tokio::test]
async fn background_read_gets_sigttin_and_eintr() {
    let mut w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    w.next_call().await;
    let job = w.proc(11);
    let fd = job.open("0", O_RDWR).await.unwrap();
    assert_eq!(job.read(fd, 100).await, Err(Errno::EINTR));
    assert_eq!(w.next_call().await, Call::Signal(11, TtySignal::Ttin));
    assert_eq!(job.write(fd, b"bg\n").await, Ok(3));
    w.expect_display(b"bg\r\n").await;
}

#[tokio::test]
async fn fgpgrp_moves_the_foreground_to_a_group_of_the_session() {
    let mut w = world(Kind::Terminal);
    let shell = w.proc(10);
    shell.open("0", O_RDWR).await.unwrap();
    assert_eq!(shell.ctl(0, "fgpgrp 11").await, Ok(9));
    let job = w.proc(11);
    let fd = job.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"y\r").await;
    assert_eq!(job.read(fd, 100).await.unwrap(), b"y\n");
    w.type_keys(b"\x03").await;
    w.next_call().await;
    assert_eq!(w.next_call().await, Call::Signal(11, TtySignal::Int));
}

#[tokio::test]
async fn fgpgrp_for_a_group_of_another_session_is_eperm() {
    let w = world(Kind::Terminal);
    let shell = w.proc(10);
    shell.open("0", O_RDWR).await.unwrap();
    assert_eq!(shell.ctl(0, "fgpgrp 20").await, Err(Errno::EPERM));
    assert_eq!(shell.ctl(0, "fgpgrp 99").await, Err(Errno::EPERM));
    assert!(shell.status(0).await.contains(" fgpgrp 10 "));
}

#[tokio::test]
async fn fgpgrp_from_outside_the_terminals_session_is_enotty() {
    let w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    assert_eq!(w.proc(20).ctl(0, "fgpgrp 20").await, Err(Errno::ENOTTY));
}

#[tokio::test]
async fn exit_of_the_session_leader_frees_the_terminal() {
    let mut w = world(Kind::Terminal);
    w.proc(10).open("0", O_RDWR).await.unwrap();
    w.next_call().await;
    w.host.exit(10);
    w.proc(20).open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, None));
    assert_eq!(w.next_call().await, Call::Ctty(20, Some("tty/0".into())));
}
