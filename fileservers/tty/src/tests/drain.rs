//! `TtyFs::drain`: output queued before the call has reached the backend when it returns,
//! and a backend that is gone is not waited for.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use tokio::io::AsyncReadExt;
use warren_proto::attr::oflags::O_RDWR;

use super::{guard, world};
use crate::{Backend, Kind, Remote};

/// Bytes of one write: three of them overfill the pair (64 KiB) and the queue's first room.
const WRITE: usize = 48 * 1024;

/// `fut`'s output if it is ready at its first poll, which lets no other task run.
fn now<F: Future>(fut: F) -> Option<F::Output> {
    let fut = std::pin::pin!(tokio::task::unconstrained(fut));
    match fut.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}

/// The bytes the far end can read without any task running first.
fn displayed_now(remote: &mut Remote) -> usize {
    let mut buf = vec![0; 64 * 1024];
    let mut total = 0;
    while let Some(n) = now(remote.read(&mut buf)) {
        match n.expect("read") {
            0 => break,
            n => total += n,
        }
    }
    total
}

#[tokio::test]
async fn drain_returns_once_a_slow_reader_can_read_all_queued_output() {
    let mut w = world(Kind::Stream);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    let writer = tokio::spawn(async move {
        for byte in [b'a', b'b', b'c'] {
            p.write(fd, &[byte; WRITE]).await.unwrap();
        }
    });
    let mut read = 0;
    let mut buf = vec![0; 1024];
    while read < 16 * 1024 {
        read += guard("display", w.remote.read(&mut buf)).await.unwrap();
    }
    guard("writes", writer).await.unwrap();
    let fs = w.fs.clone();
    let mut drained = tokio::spawn(async move { fs.drain().await });
    loop {
        tokio::select! {
            biased;
            r = &mut drained => break r.unwrap(),
            n = guard("display", w.remote.read(&mut buf)) => read += n.unwrap(),
        }
    }
    assert_eq!(read + displayed_now(&mut w.remote), 3 * WRITE);
}

#[tokio::test]
async fn drain_does_not_wait_for_a_backend_that_is_gone() {
    let mut w = world(Kind::Stream);
    let (backend, _unread) = Backend::pair(Kind::Stream);
    assert_eq!(w.fs.add(backend), 1);
    let p = w.proc(11);
    for n in ["0", "1"] {
        let fd = p.open(n, O_RDWR).await.unwrap();
        p.write(fd, &[b'x'; 2 * WRITE]).await.unwrap();
        p.write(fd, &[b'y'; WRITE]).await.unwrap();
    }
    p.ctl(1, "hangup").await.unwrap();
    let (_, remote) = Backend::pair(Kind::Stream);
    drop(std::mem::replace(&mut w.remote, remote));
    guard("drain", w.fs.drain()).await;
}

#[tokio::test]
async fn drain_with_nothing_queued_returns_at_once() {
    let w = world(Kind::Terminal);
    assert_eq!(now(w.fs.drain()), Some(()));
}
