//! The client against a scripted server: handshake, attach identity, errno mapping, fid
//! bookkeeping, iounit caps, long walks.

mod client_fake;

use bytes::Bytes;
use client_fake::{attached, connect, file_qid, Fake, CX, GUARD};
use warren_proto::client::{Client, ClientOptions};
use warren_proto::msg::{Rmsg, Tmsg, IOHDRSZ, NOFID};
use warren_proto::{Errno, Fid, FileServer};

/// Walk `root` to a new fid through `name`, the fake answering with one qid; returns the
/// new fid and the wire fid the client chose for it.
async fn walk_one(client: &Client, fake: &mut Fake, root: Fid, name: &str) -> (Fid, u32) {
    let newfid = Fid::fresh();
    let names = [name.to_owned()];
    let server = async {
        let (tag, msg) = fake.recv().await;
        let Tmsg::Walk { newfid, .. } = msg else {
            panic!("expected Twalk, got {msg:?}")
        };
        fake.send(
            tag,
            Rmsg::Walk {
                wqids: vec![file_qid(7)],
            },
        )
        .await;
        newfid
    };
    let (res, wire) = tokio::join!(client.walk(&CX, root, newfid, &names), server);
    assert_eq!(res, Ok(vec![file_qid(7)]));
    (newfid, wire)
}

#[tokio::test]
async fn handshake_takes_the_smaller_msize() {
    let (client, _fake) = connect(
        ClientOptions {
            msize: 65536,
            ..Default::default()
        },
        8192,
    )
    .await;
    assert_eq!(client.msize(), 8192);
    assert_eq!(client.iounit(), 8192 - IOHDRSZ);
    let (client, _fake) = connect(
        ClientOptions {
            msize: 65536,
            ..Default::default()
        },
        1 << 20,
    )
    .await;
    assert_eq!(client.msize(), 65536);
}

#[tokio::test]
async fn handshake_with_another_version_is_eproto() {
    let (a, b) = tokio::io::duplex(4096);
    let (r, w) = tokio::io::split(b);
    let mut fake = Fake::from_halves(r, w);
    let server = async {
        let (tag, _) = fake.recv().await;
        fake.send(
            tag,
            Rmsg::Version {
                msize: 8192,
                version: "unknown".into(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(Client::new(a, ClientOptions::default()), server);
    assert_eq!(res.err(), Some(Errno::EPROTO));
}

#[tokio::test]
async fn handshake_on_a_closed_stream_is_eio() {
    let (a, b) = tokio::io::duplex(4096);
    drop(b);
    assert_eq!(
        Client::new(a, ClientOptions::default()).await.err(),
        Some(Errno::EIO)
    );
}

#[tokio::test]
async fn attach_sends_the_uid_as_uname_and_n_uname() {
    let (client, mut fake) = connect(ClientOptions::default(), 8192).await;
    let (_, msg) = tokio::join!(
        client.attach(&CX, Fid::fresh(), "home"),
        fake.answer_attach()
    );
    let Tmsg::Attach {
        afid,
        uname,
        aname,
        n_uname,
        ..
    } = msg
    else {
        unreachable!()
    };
    assert_eq!(
        (afid, uname.as_str(), aname.as_str(), n_uname),
        (NOFID, "1000", "home", 1000)
    );
}

#[tokio::test]
async fn rlerror_becomes_its_errno_and_newfid_stays_unbound() {
    let (client, mut fake, root) = attached().await;
    let newfid = Fid::fresh();
    let names = ["missing".to_owned()];
    let server = async {
        let (tag, _) = fake.recv().await;
        fake.send(
            tag,
            Rmsg::Lerror {
                ecode: Errno::ENOENT.code(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.walk(&CX, root, newfid, &names), server);
    assert_eq!(res, Err(Errno::ENOENT));
    assert_eq!(client.getattr(&CX, newfid, 0x7ff).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn partial_walk_returns_the_qids_walked_and_creates_no_fid() {
    let (client, mut fake, root) = attached().await;
    let newfid = Fid::fresh();
    let names = ["a".to_owned(), "b".to_owned()];
    let server = async {
        let (tag, _) = fake.recv().await;
        fake.send(
            tag,
            Rmsg::Walk {
                wqids: vec![file_qid(3)],
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.walk(&CX, root, newfid, &names), server);
    assert_eq!(res, Ok(vec![file_qid(3)]));
    assert_eq!(client.getattr(&CX, newfid, 0x7ff).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn wire_fid_is_reused_after_its_clunk_is_answered() {
    let (client, mut fake, root) = attached().await;
    let (fid, wire) = walk_one(&client, &mut fake, root, "a").await;
    let server = async {
        let (tag, msg) = fake.recv().await;
        assert_eq!(msg, Tmsg::Clunk { fid: wire });
        fake.send(tag, Rmsg::Clunk).await;
    };
    let (res, ()) = tokio::join!(client.clunk(&CX, fid), server);
    assert_eq!(res, Ok(()));
    let (_, again) = walk_one(&client, &mut fake, root, "b").await;
    assert_eq!(again, wire);
}

#[tokio::test]
async fn clunked_fid_is_ebadf_without_a_request() {
    let (client, mut fake, root) = attached().await;
    let server = async {
        let (tag, _) = fake.recv().await;
        fake.send(
            tag,
            Rmsg::Lerror {
                ecode: Errno::EIO.code(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.clunk(&CX, root), server);
    assert_eq!(res, Err(Errno::EIO));
    assert_eq!(client.clunk(&CX, root).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn read_count_is_capped_to_the_iounit() {
    let (client, mut fake) = connect(ClientOptions::default(), 8192).await;
    let root = Fid::fresh();
    let _ = tokio::join!(client.attach(&CX, root, ""), fake.answer_attach());
    let server = async {
        let (tag, msg) = fake.recv().await;
        assert_eq!(
            msg,
            Tmsg::Read {
                fid: 0,
                offset: 5,
                count: 8192 - IOHDRSZ
            }
        );
        fake.send(
            tag,
            Rmsg::Read {
                data: Bytes::from_static(b"abc"),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.read(&CX, root, 5, 1 << 20), server);
    assert_eq!(res, Ok(Bytes::from_static(b"abc")));
}

#[tokio::test]
async fn write_larger_than_the_iounit_sends_a_prefix_and_returns_a_short_count() {
    let (client, mut fake) = connect(ClientOptions::default(), 8192).await;
    let root = Fid::fresh();
    let _ = tokio::join!(client.attach(&CX, root, ""), fake.answer_attach());
    let data = Bytes::from(vec![b'x'; 10_000]);
    let server = async {
        let (tag, msg) = fake.recv().await;
        let Tmsg::Write { data, .. } = msg else {
            panic!("expected Twrite")
        };
        assert_eq!(data.len() as u32, 8192 - IOHDRSZ);
        fake.send(
            tag,
            Rmsg::Write {
                count: data.len() as u32,
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.write(&CX, root, 0, data), server);
    assert_eq!(res, Ok(8192 - IOHDRSZ));
}

#[tokio::test]
async fn reply_of_the_wrong_kind_is_eproto() {
    let (client, mut fake, root) = attached().await;
    let server = async {
        let (tag, _) = fake.recv().await;
        fake.send(tag, Rmsg::Clunk).await;
    };
    let (res, ()) = tokio::join!(client.getattr(&CX, root, 0x7ff), server);
    assert_eq!(res, Err(Errno::EPROTO));
}

#[tokio::test]
async fn walk_of_twenty_names_is_two_twalks_on_one_new_fid() {
    let (client, mut fake, root) = attached().await;
    let names: Vec<String> = (0..20).map(|i| format!("d{i}")).collect();
    let newfid = Fid::fresh();
    let server = async {
        let (tag, msg) = fake.recv().await;
        let Tmsg::Walk {
            fid,
            newfid,
            wnames,
        } = msg
        else {
            panic!("expected Twalk")
        };
        assert_eq!((fid, wnames.len()), (0, 16));
        fake.send(
            tag,
            Rmsg::Walk {
                wqids: (0..16).map(file_qid).collect(),
            },
        )
        .await;
        let (tag, msg) = fake.recv().await;
        assert_eq!(
            msg,
            Tmsg::Walk {
                fid: newfid,
                newfid,
                wnames: names[16..].to_vec()
            }
        );
        fake.send(
            tag,
            Rmsg::Walk {
                wqids: (16..20).map(file_qid).collect(),
            },
        )
        .await;
    };
    let (res, ()) = tokio::join!(client.walk(&CX, root, newfid, &names), server);
    assert_eq!(res, Ok((0..20).map(file_qid).collect()));
}

#[tokio::test]
async fn name_longer_than_a_frame_is_enametoolong_without_a_request() {
    let (client, _fake) = connect(ClientOptions::default(), 8192).await;
    let root = Fid::fresh();
    let long = "x".repeat(70_000);
    let res = tokio::time::timeout(GUARD, client.attach(&CX, root, &long)).await;
    assert_eq!(res.ok(), Some(Err(Errno::ENAMETOOLONG)));
    let res = tokio::time::timeout(GUARD, client.attach(&CX, root, &long[..9000])).await;
    assert_eq!(res.ok(), Some(Err(Errno::ENAMETOOLONG)));
}
