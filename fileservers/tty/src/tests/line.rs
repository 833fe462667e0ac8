//! The line discipline as a user sees it: echo, editing, signal characters, ^D, modes.

use warren_proto::attr::oflags::{O_NONBLOCK, O_RDWR};
use warren_proto::Errno;

use super::{world, Call};
use crate::{Kind, TtySignal};

#[tokio::test]
async fn typed_line_is_echoed_and_read_with_newline() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"hello\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"hello\n");
    w.expect_display(b"hello\r\n").await;
}

#[tokio::test]
async fn a_read_returns_at_most_one_line() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"one\rtwo\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"one\n");
    assert_eq!(p.read(fd, 2).await.unwrap(), b"tw");
    assert_eq!(p.read(fd, 100).await.unwrap(), b"o\n");
}

#[tokio::test]
async fn program_output_newlines_become_crlf() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    assert_eq!(p.write(fd, b"a\nb\n").await, Ok(4));
    w.expect_display(b"a\r\nb\r\n").await;
}

#[tokio::test]
async fn erase_and_kill_edit_the_line() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"abc\x7fd\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"abd\n");
    w.expect_display(b"abc\x08 \x08d\r\n").await;
    w.type_keys(b"no\x15ok\x08\x08yes\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"yes\n");
    w.expect_display(b"no\x08 \x08\x08 \x08ok\x08 \x08\x08 \x08yes\r\n")
        .await;
}

#[tokio::test]
async fn ctrl_c_signals_the_foreground_group_and_discards_the_line() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(10);
    let fd = p.open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    w.type_keys(b"rm -rf /\x03").await;
    assert_eq!(w.next_call().await, Call::Signal(10, TtySignal::Int));
    w.expect_display(b"rm -rf /^C\r\n").await;
    w.type_keys(b"ls\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"ls\n");
}

#[tokio::test]
async fn ctrl_z_and_ctrl_backslash_send_sigtstp_and_sigquit() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(10);
    p.open("0", O_RDWR).await.unwrap();
    w.next_call().await;
    w.type_keys(b"\x1a\x1c").await;
    assert_eq!(w.next_call().await, Call::Signal(10, TtySignal::Tstp));
    assert_eq!(w.next_call().await, Call::Signal(10, TtySignal::Quit));
    w.expect_display(b"^Z\r\n^\\\r\n").await;
}

#[tokio::test]
async fn ctrl_d_at_line_start_is_end_of_file_and_after_text_delivers_it() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"\x04ab\x04").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"");
    assert_eq!(p.read(fd, 100).await.unwrap(), b"ab");
    w.type_keys(b"more\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"more\n");
}

#[tokio::test]
async fn echooff_hides_a_password() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    p.ctl(0, "echooff").await.unwrap();
    w.type_keys(b"s3cret\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"s3cret\n");
    // Echo is queued before the line is readable: had it been echoed, it would show first.
    p.write(fd, b"ok\n").await.unwrap();
    w.expect_display(b"ok\r\n").await;
    p.ctl(0, "echoon").await.unwrap();
    w.type_keys(b"x\r").await;
    w.expect_display(b"x\r\n").await;
}

#[tokio::test]
async fn rawon_delivers_bytes_at_once_without_echo_or_signals() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(10);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.next_call().await;
    p.ctl(0, "rawon").await.unwrap();
    w.type_keys(b"q").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"q");
    w.type_keys(b"\x03\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"\x03\r");
    p.ctl(0, "rawoff").await.unwrap();
    w.type_keys(b"\x1a").await;
    // Signals go out in input order, so a SIGINT for the raw ^C would come first.
    assert_eq!(w.next_call().await, Call::Signal(10, TtySignal::Tstp));
    w.expect_display(b"^Z\r\n").await;
}

#[tokio::test]
async fn rawon_makes_the_line_being_edited_readable() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"par").await;
    w.expect_display(b"par").await;
    p.ctl(0, "rawon").await.unwrap();
    assert_eq!(p.read(fd, 100).await.unwrap(), b"par");
}

#[tokio::test]
async fn nonblocking_read_without_input_is_eagain() {
    let w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR | O_NONBLOCK).await.unwrap();
    assert_eq!(p.read(fd, 100).await, Err(Errno::EAGAIN));
}

#[tokio::test]
async fn a_cancelled_read_loses_no_input() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    tokio::select! {
        biased;
        r = p.read(fd, 100) => panic!("read without input returned {r:?}"),
        () = std::future::ready(()) => {}
    }
    w.type_keys(b"kept\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"kept\n");
}

#[tokio::test]
async fn stream_backend_passes_lines_through_without_echo() {
    let mut w = world(Kind::Stream);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    w.type_keys(b"a\x7f\x03b\r\n").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"a\x7f\x03b\r\n");
    p.write(fd, b"out\n").await.unwrap();
    w.expect_display(b"out\n").await;
    w.no_more_calls();
}
