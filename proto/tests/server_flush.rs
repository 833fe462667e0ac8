//! The serving loop's concurrency rules: blocked requests, Tflush, tags, back-pressure.

mod server_support;

use server_support::{attached, errno, Client};
use warren_proto::msg::{Rmsg, Tag, Tmsg};
use warren_proto::server::ServeOptions;
use warren_proto::Errno;

fn opts() -> ServeOptions {
    ServeOptions::default()
}

fn read(fid: u32) -> Tmsg {
    Tmsg::Read {
        fid,
        offset: 0,
        count: 100,
    }
}

fn flush(oldtag: u16) -> Tmsg {
    Tmsg::Flush {
        oldtag: Tag(oldtag),
    }
}

fn getattr(fid: u32) -> Tmsg {
    Tmsg::Getattr {
        fid,
        request_mask: 0x3fff,
    }
}

/// Open `/block` as `fid`.
async fn open_block(c: &mut Client, fid: u32) {
    c.walk(0, fid, &["block"]).await;
    assert!(matches!(c.open(fid).await, Rmsg::Lopen { .. }));
}

/// Read replies until one for each of `tags` arrived; returns the tags seen, in order.
async fn tags_until_all(c: &mut Client, tags: &[u16]) -> Vec<u16> {
    let mut seen = Vec::new();
    while !tags.iter().all(|t| seen.contains(t)) {
        match c.recv().await {
            Some((t, _)) => seen.push(t),
            None => panic!("connection closed waiting for {tags:?}; saw {seen:?}"),
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_read_does_not_stall_the_connection_and_flush_cancels_it() {
    let (mut c, fs, _task) = attached(opts()).await;
    open_block(&mut c, 1).await;
    c.send(10, read(1)).await;
    fs.wait_blocked(1).await;
    assert!(matches!(c.rpc(11, getattr(0)).await, Rmsg::Getattr { .. }));
    assert_eq!(c.rpc(12, flush(10)).await, Rmsg::Flush);
    fs.wait_cancelled(1).await;
    // Nothing more comes for tag 10: the next reply is the next request's.
    assert!(matches!(c.rpc(13, getattr(1)).await, Rmsg::Getattr { .. }));
}

#[tokio::test]
async fn flush_of_an_unknown_tag_is_answered_at_once() {
    let (mut c, _fs, _task) = attached(opts()).await;
    assert_eq!(c.rpc(7, flush(99)).await, Rmsg::Flush);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_already_queued_goes_out_before_the_rflush() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    c.open(1).await;
    for _ in 0..50 {
        c.send_all(vec![(20, read(1)), (21, flush(20)), (22, getattr(0))])
            .await;
        let seen = tags_until_all(&mut c, &[21, 22]).await;
        let flushed = seen.iter().position(|t| *t == 21).expect("no Rflush");
        assert!(
            seen[flushed..].iter().all(|t| *t != 20),
            "reply after its Rflush: {seen:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn flush_waits_for_a_request_that_replies_while_being_flushed() {
    let (mut c, fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["sync"]).await;
    c.open(1).await;
    // The read holds its worker thread, so the flush cannot cancel it; once released it
    // replies, and only then may the Rflush go out.
    c.send(20, read(1)).await;
    fs.wait_blocked(1).await;
    c.send(21, flush(20)).await;
    // The reader handled the Tflush before this getattr, whose reply proves it.
    assert!(matches!(c.rpc(22, getattr(0)).await, Rmsg::Getattr { .. }));
    fs.release_sync();
    let (first, reply) = c.recv().await.expect("Rread");
    assert_eq!(
        (first, reply),
        (
            20,
            Rmsg::Read {
                data: bytes::Bytes::from_static(b"sync")
            }
        )
    );
    assert_eq!(c.recv().await, Some((21, Rmsg::Flush)));
}

#[tokio::test]
async fn tag_already_in_flight_is_eproto_and_the_first_request_goes_on() {
    let (mut c, fs, _task) = attached(opts()).await;
    open_block(&mut c, 1).await;
    c.send(5, read(1)).await;
    fs.wait_blocked(1).await;
    assert_eq!(errno(&c.rpc(5, getattr(0)).await), Some(Errno::EPROTO));
    assert_eq!(c.rpc(6, flush(5)).await, Rmsg::Flush);
    fs.wait_cancelled(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_slot_blocked_flush_still_gets_through() {
    let (mut c, fs, _task) = attached(ServeOptions {
        max_in_flight: 2,
        ..opts()
    })
    .await;
    open_block(&mut c, 1).await;
    c.send_all(vec![(1, read(1)), (2, read(1))]).await;
    fs.wait_blocked(2).await;
    // Tag 3 waits for a slot; flushing it drops it before it ever runs.
    c.send(3, getattr(0)).await;
    assert_eq!(c.rpc(4, flush(3)).await, Rmsg::Flush);
    // Tag 5 waits; flushing read 1 frees a slot for it.
    c.send_all(vec![(5, getattr(0)), (6, flush(1))]).await;
    let mut seen = tags_until_all(&mut c, &[5, 6]).await;
    seen.sort();
    assert_eq!(seen, vec![5, 6]);
    assert_eq!(c.rpc(7, flush(2)).await, Rmsg::Flush);
    fs.wait_cancelled(2).await;
    assert!(matches!(c.rpc(8, getattr(0)).await, Rmsg::Getattr { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_cancels_requests_in_flight_without_replies() {
    let (mut c, fs, _task) = attached(opts()).await;
    open_block(&mut c, 1).await;
    c.send(1, read(1)).await;
    fs.wait_blocked(1).await;
    assert!(matches!(c.version(8192).await, Rmsg::Version { .. }));
    fs.wait_cancelled(1).await;
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
}
