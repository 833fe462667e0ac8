//! `/dev/tty/new`: one announcement per added terminal, per fid, from the open on.

use warren_proto::attr::oflags::{O_NONBLOCK, O_RDONLY, O_RDWR};
use warren_proto::{Caller, Errno, FileServer};

use super::{guard, world};
use crate::{Backend, Kind};

#[tokio::test]
async fn new_announces_each_terminal_added_after_the_open_once_per_fid() {
    let w = world(Kind::Terminal);
    let init = w.proc(10);
    let a = init.open("new", O_RDONLY).await.unwrap();
    assert_eq!(w.fs.add(Backend::pair(Kind::Terminal).0), 1);
    assert_eq!(w.fs.add(Backend::pair(Kind::Terminal).0), 2);
    let b = init.open("new", O_RDONLY | O_NONBLOCK).await.unwrap();
    assert_eq!(init.read(a, 16).await.unwrap(), b"1\n");
    assert_eq!(init.read(a, 16).await.unwrap(), b"2\n");
    assert_eq!(init.read(b, 16).await, Err(Errno::EAGAIN));
    w.fs.add(Backend::pair(Kind::Terminal).0);
    assert_eq!(init.read(a, 16).await.unwrap(), b"3\n");
    assert_eq!(init.read(b, 16).await.unwrap(), b"3\n");
}

#[tokio::test]
async fn a_blocked_read_of_new_wakes_when_a_terminal_is_added() {
    let w = world(Kind::Terminal);
    let init = w.proc(10);
    let fid = init.open("new", O_RDONLY).await.unwrap();
    let waiting = tokio::spawn(async move { init.read(fid, 16).await });
    // The read may start before or after the add: either way it reports terminal 1.
    w.fs.add(Backend::pair(Kind::Terminal).0);
    let got = guard("read of new", waiting).await.unwrap();
    assert_eq!(got.unwrap(), b"1\n");
}

#[tokio::test]
async fn new_is_read_only_and_a_short_read_keeps_the_announcement() {
    let w = world(Kind::Terminal);
    let init = w.proc(10);
    assert_eq!(init.open("new", O_RDWR).await, Err(Errno::EACCES));
    let fid = init.open("new", O_RDONLY).await.unwrap();
    w.fs.add(Backend::pair(Kind::Terminal).0);
    assert_eq!(init.read(fid, 1).await, Err(Errno::EINVAL));
    assert_eq!(init.read(fid, 2).await.unwrap(), b"1\n");
    let r = w.fs.write(&Caller::ROOT, fid, 0, "x".into()).await;
    assert_eq!(r, Err(Errno::EBADF));
}

#[tokio::test]
async fn watched_waits_for_the_first_open_of_new() {
    let w = world(Kind::Terminal);
    let mut watched = std::pin::pin!(w.fs.watched());
    tokio::select! {
        biased;
        () = &mut watched => panic!("watched before anyone opened new"),
        () = std::future::ready(()) => {}
    }
    let fid = w.proc(10).open("new", O_RDONLY).await.unwrap();
    guard("watched", watched).await;
    w.fs.clunk(&Caller::ROOT, fid).await.unwrap();
    guard("watched after the clunk", w.fs.watched()).await;
}
