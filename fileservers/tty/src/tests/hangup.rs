//! Hangups: a dropped backend, `hangup` on ctl, the end of a stream, and reattaching.

use tokio::io::AsyncWriteExt;
use warren_proto::attr::oflags::O_RDWR;
use warren_proto::Errno;

use super::{guard, world, Call};
use crate::{Backend, Kind};

#[tokio::test]
async fn dropping_the_remote_hangs_up_the_session_and_reads_give_eof() {
    let mut w = world(Kind::Terminal);
    let shell = w.proc(10);
    let fd = shell.open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    w.type_keys(b"unread\r").await;
    let pending = tokio::spawn(async move {
        let first = shell.read(fd, 100).await;
        (shell, first)
    });
    let (_, remote) = Backend::pair(Kind::Terminal);
    drop(std::mem::replace(&mut w.remote, remote));
    assert_eq!(w.next_call().await, Call::Hangup(10));
    assert_eq!(w.next_call().await, Call::Ctty(10, None));
    let (shell, first) = guard("pending read", pending).await.unwrap();
    assert!(matches!(first.as_deref(), Ok(b"unread\n") | Ok(b"")));
    assert_eq!(shell.read(fd, 100).await, Ok(vec![]));
    assert_eq!(shell.write(fd, b"x").await, Err(Errno::EIO));
    assert!(shell.status(0).await.contains(" sid 0 "));
}

#[tokio::test]
async fn hangup_on_ctl_signals_the_session_and_closes_the_display() {
    let mut w = world(Kind::Terminal);
    let shell = w.proc(10);
    let fd = shell.open("0", O_RDWR).await.unwrap();
    w.next_call().await;
    shell.write(fd, b"bye\n").await.unwrap();
    shell.ctl(0, "hangup").await.unwrap();
    assert_eq!(w.next_call().await, Call::Hangup(10));
    w.expect_display(b"bye\r\n").await;
    let mut rest = Vec::new();
    let n = guard(
        "display end",
        tokio::io::AsyncReadExt::read_to_end(&mut w.remote, &mut rest),
    );
    assert_eq!(n.await.unwrap(), 0);
    assert_eq!(shell.read(fd, 100).await, Ok(vec![]));
}

#[tokio::test]
async fn reattach_after_hangup_gives_a_working_terminal() {
    let mut w = world(Kind::Terminal);
    let p = w.proc(10);
    let fd = p.open("0", O_RDWR).await.unwrap();
    p.ctl(0, "echooff\nhangup").await.unwrap();
    let (backend, remote) = Backend::pair(Kind::Terminal);
    w.fs.reattach(0, backend).unwrap();
    w.remote = remote;
    w.type_keys(b"again\r").await;
    assert_eq!(p.read(fd, 100).await.unwrap(), b"again\n");
    w.expect_display(b"again\r\n").await;
    assert_eq!(
        w.fs.reattach(7, Backend::pair(Kind::Terminal).0),
        Err(Errno::ENOENT)
    );
}

#[tokio::test]
async fn end_of_a_stream_is_end_of_file_not_a_hangup() {
    let mut w = world(Kind::Stream);
    let shell = w.proc(10);
    let fd = shell.open("0", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(10, Some("tty/0".into())));
    w.type_keys(b"echo hi\nlast").await;
    guard("shutdown", w.remote.shutdown()).await.unwrap();
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"echo hi\n");
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"last");
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"");
    shell.write(fd, b"still\n").await.unwrap();
    w.expect_display(b"still\n").await;
    w.no_more_calls();
}

#[tokio::test]
async fn a_writer_waiting_for_a_full_display_gets_eio_at_hangup() {
    let w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    // Nobody reads the display: the first write fills the pair, the second the queue.
    p.write(fd, &[b'a'; 128 * 1024]).await.unwrap();
    p.write(fd, &[b'b'; 64 * 1024]).await.unwrap();
    let waiting = tokio::spawn(async move {
        let r = p.write(fd, b"c").await;
        (p, r)
    });
    w.proc(10).ctl(0, "hangup").await.unwrap();
    let (_, r) = guard("waiting write", waiting).await.unwrap();
    assert_eq!(r, Err(Errno::EIO));
}
