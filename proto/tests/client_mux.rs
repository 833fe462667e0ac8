//! Many requests on one connection: out-of-order replies, cancellation and deadlines
//! (Tflush), orphaned fids, and a connection that dies.

mod client_fake;

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use client_fake::{attached, connect, file_qid, root_qid, CX, GUARD};
use warren_proto::attr::Attr;
use warren_proto::client::ClientOptions;
use warren_proto::msg::{Rmsg, Tag, Tmsg};
use warren_proto::{Errno, Fid, FileServer};

#[tokio::test]
async fn concurrent_requests_complete_out_of_order() {
    let (client, mut fake, root) = attached().await;
    let server = async {
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(fake.recv().await);
        }
        for (tag, msg) in got.into_iter().rev() {
            let Tmsg::Getattr { request_mask, .. } = msg else {
                panic!("expected Tgetattr")
            };
            let attr = Attr {
                size: request_mask,
                ..Attr::default()
            };
            fake.send(tag, Rmsg::Getattr { attr }).await;
        }
    };
    let (a, b, c, ()) = tokio::join!(
        client.getattr(&CX, root, 1),
        client.getattr(&CX, root, 2),
        client.getattr(&CX, root, 3),
        server
    );
    let sizes: Vec<u64> = [a, b, c]
        .into_iter()
        .map(|r| r.expect("getattr ok").size)
        .collect();
    assert_eq!(sizes, [1, 2, 3]);
}

#[tokio::test]
async fn dropped_connection_fails_pending_and_later_requests_with_eio() {
    let (client, mut fake, root) = attached().await;
    let server = async move {
        let _ = fake.recv().await;
        drop(fake);
    };
    let (res, ()) = tokio::join!(client.getattr(&CX, root, 1), server);
    assert_eq!(res, Err(Errno::EIO));
    let later = tokio::time::timeout(GUARD, client.getattr(&CX, root, 1)).await;
    assert_eq!(later.ok(), Some(Err(Errno::EIO)));
}

#[tokio::test]
async fn malformed_reply_fails_the_connection_with_eio() {
    let (client, mut fake, root) = attached().await;
    let server = async {
        let (tag, _) = fake.recv().await;
        // Rclunk with a trailing byte.
        fake.send_raw(&[8, 0, 0, 0, 121, tag.0 as u8, (tag.0 >> 8) as u8, 0xee])
            .await;
    };
    let (res, ()) = tokio::join!(client.getattr(&CX, root, 1), server);
    assert_eq!(res, Err(Errno::EIO));
    assert_eq!(client.getattr(&CX, root, 1).await, Err(Errno::EIO));
}

#[tokio::test]
async fn timed_out_request_is_flushed_and_its_tag_waits_for_rflush() {
    let opts = ClientOptions {
        timeout: Some(Duration::from_millis(100)),
        ..Default::default()
    };
    let (client, mut fake) = connect(opts, 1 << 20).await;
    let root = Fid::fresh();
    let (res, _) = tokio::join!(client.attach(&CX, root, ""), fake.answer_attach());
    assert_eq!(res, Ok(root_qid()));

    let server = async {
        let (oldtag, msg) = fake.recv().await;
        assert!(matches!(msg, Tmsg::Getattr { .. }));
        let (flushtag, flush) = fake.recv().await;
        assert_eq!(flush, Tmsg::Flush { oldtag });
        (oldtag, flushtag)
    };
    let (res, (oldtag, flushtag)) = tokio::join!(client.getattr(&CX, root, 1), server);
    assert_eq!(res, Err(Errno::ETIMEDOUT));

    // Before the Rflush, a new request must not reuse the flushed tag.
    let server = async {
        let (tag, _) = fake.recv().await;
        assert_ne!(tag, oldtag);
        fake.send(
            tag,
            Rmsg::Getattr {
                attr: Attr::default(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.getattr(&CX, root, 2), server);
    assert!(res.is_ok());
    fake.send(flushtag, Rmsg::Flush).await;
}

#[tokio::test]
async fn dropping_a_request_future_sends_tflush() {
    let (client, mut fake, root) = attached().await;
    let mut call = Box::pin(client.getattr(&CX, root, 1));
    let (oldtag, _) = tokio::select! {
        _ = &mut call => panic!("getattr finished without a reply"),
        got = fake.recv() => got,
    };
    drop(call);
    let (_, flush) = fake.recv().await;
    assert_eq!(flush, Tmsg::Flush { oldtag });
}

#[tokio::test]
async fn abandoned_walk_that_the_server_completed_is_clunked_by_the_client() {
    let (client, mut fake, root) = attached().await;
    let names = ["a".to_owned()];
    let mut call = Box::pin(client.walk(&CX, root, Fid::fresh(), &names));
    let (walktag, walk) = tokio::select! {
        _ = &mut call => panic!("walk finished without a reply"),
        got = fake.recv() => got,
    };
    let Tmsg::Walk { newfid: wire, .. } = walk else {
        panic!("expected Twalk")
    };
    drop(call);
    let (flushtag, flush) = fake.recv().await;
    assert_eq!(flush, Tmsg::Flush { oldtag: walktag });
    // The server had already walked: the reply precedes the Rflush.
    fake.send(
        walktag,
        Rmsg::Walk {
            wqids: vec![file_qid(9)],
        },
    )
    .await;
    fake.send(flushtag, Rmsg::Flush).await;
    let (tag, clunk) = fake.recv().await;
    assert_eq!(clunk, Tmsg::Clunk { fid: wire });
    fake.send(tag, Rmsg::Clunk).await;
}

#[tokio::test]
async fn abandoned_clunk_is_not_flushed_and_frees_its_fid_on_reply() {
    let (client, mut fake, root) = attached().await;
    let other = Fid::fresh();
    let (res, _) = tokio::join!(client.attach(&CX, other, ""), fake.answer_attach());
    assert_eq!(res, Ok(root_qid()));
    let mut call = Box::pin(client.clunk(&CX, root));
    let (tag, msg) = tokio::select! {
        _ = &mut call => panic!("clunk finished without a reply"),
        got = fake.recv() => got,
    };
    assert_eq!(msg, Tmsg::Clunk { fid: 0 });
    drop(call);
    fake.send(tag, Rmsg::Clunk).await;
    // Replies are handled in order: once this getattr is answered, so was the Rclunk. The
    // client sent no Tflush in between (the fake would have seen it first).
    let server = async {
        let (tag, msg) = fake.recv().await;
        assert!(matches!(msg, Tmsg::Getattr { fid: 1, .. }), "got {msg:?}");
        fake.send(
            tag,
            Rmsg::Getattr {
                attr: Attr::default(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.getattr(&CX, other, 1), server);
    assert!(res.is_ok());
    let (res, attach) = tokio::join!(client.attach(&CX, Fid::fresh(), ""), fake.answer_attach());
    assert_eq!(res, Ok(root_qid()));
    assert!(
        matches!(attach, Tmsg::Attach { fid: 0, .. }),
        "wire fid 0 reused: {attach:?}"
    );
}

#[tokio::test]
async fn many_concurrent_requests_each_get_their_own_reply() {
    let (client, mut fake, root) = attached().await;
    let client = Arc::new(client);
    let mut calls = JoinSet::new();
    for i in 0..100u64 {
        let client = client.clone();
        calls.spawn(async move { (i, client.getattr(&CX, root, i).await) });
    }
    let mut got = Vec::new();
    for _ in 0..100 {
        got.push(fake.recv().await);
    }
    let mut tags: Vec<Tag> = got.iter().map(|(t, _)| *t).collect();
    tags.sort();
    tags.dedup();
    assert_eq!(tags.len(), 100, "tags in flight are distinct");
    for (tag, msg) in got.into_iter().rev() {
        let Tmsg::Getattr { request_mask, .. } = msg else {
            panic!("expected Tgetattr")
        };
        fake.send(
            tag,
            Rmsg::Getattr {
                attr: Attr {
                    size: request_mask,
                    ..Attr::default()
                },
            },
        )
        .await;
    }
    while let Some(done) = calls.join_next().await {
        let (i, res) = done.expect("task completes");
        assert_eq!(res.map(|a| a.size), Ok(i));
    }
}
