//! The serving loop's session rules: version and msize, frame limits, counts, identity.

mod server_support;

use std::sync::Arc;

use bytes::Bytes;
use server_support::{attach_by_name, attached, errno, serve, TestFs};
use warren_proto::msg::{Rmsg, Tmsg, NOFID};
use warren_proto::server::ServeOptions;
use warren_proto::Errno;

fn opts() -> ServeOptions {
    ServeOptions::default()
}

#[tokio::test]
async fn version_clamps_msize_between_minimum_and_server_maximum() {
    let (mut c, _task) = serve(
        TestFs::new(),
        ServeOptions {
            max_msize: 8216,
            ..opts()
        },
    );
    let big = c.version(1 << 30).await;
    assert_eq!(
        big,
        Rmsg::Version {
            msize: 8216,
            version: "9P2000.L".into()
        }
    );
    let tiny = c.version(100).await;
    assert_eq!(
        tiny,
        Rmsg::Version {
            msize: 4096,
            version: "9P2000.L".into()
        }
    );
}

#[tokio::test]
async fn version_other_than_9p2000_l_is_unknown_and_session_stays_closed() {
    let (mut c, _task) = serve(TestFs::new(), opts());
    let old = c
        .rpc(
            0xffff,
            Tmsg::Version {
                msize: 8192,
                version: "9P2000".into(),
            },
        )
        .await;
    assert!(matches!(old, Rmsg::Version { version, .. } if version == "unknown"));
    assert_eq!(
        errno(&c.rpc(1, attach_by_name(0, "root")).await),
        Some(Errno::EPROTO)
    );
    let dotl = c
        .rpc(
            0xffff,
            Tmsg::Version {
                msize: 8192,
                version: "9P2000.L.x".into(),
            },
        )
        .await;
    assert!(matches!(dotl, Rmsg::Version { version, .. } if version == "9P2000.L"));
    assert!(matches!(
        c.rpc(1, attach_by_name(0, "root")).await,
        Rmsg::Attach { .. }
    ));
}

#[tokio::test]
async fn request_before_version_is_eproto() {
    let (mut c, _task) = serve(TestFs::new(), opts());
    assert_eq!(
        errno(&c.rpc(1, attach_by_name(0, "root")).await),
        Some(Errno::EPROTO)
    );
    assert_eq!(
        errno(&c.rpc(2, Tmsg::Clunk { fid: 0 }).await),
        Some(Errno::EPROTO)
    );
}

#[tokio::test]
async fn frame_larger_than_msize_closes_the_connection() {
    let (mut c, task) = serve(TestFs::new(), opts());
    c.version(4096).await;
    c.attach(0, 0).await;
    let data = Bytes::from(vec![0u8; 4096]);
    c.send(
        7,
        Tmsg::Write {
            fid: 0,
            offset: 0,
            data,
        },
    )
    .await;
    assert_eq!(c.recv().await, None);
    let err = task.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}

#[tokio::test]
async fn read_never_returns_more_than_count_or_msize_allows() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["greedy"]).await;
    c.open(1).await;
    let small = c
        .rpc(
            9,
            Tmsg::Read {
                fid: 1,
                offset: 0,
                count: 100,
            },
        )
        .await;
    assert!(matches!(small, Rmsg::Read { data } if data.len() == 100));
    let huge = c
        .rpc(
            9,
            Tmsg::Read {
                fid: 1,
                offset: 0,
                count: u32::MAX,
            },
        )
        .await;
    assert!(matches!(huge, Rmsg::Read { data } if data.len() == 8192 - 24));
}

#[tokio::test]
async fn lopen_iounit_of_zero_becomes_msize_minus_iohdrsz() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    assert!(matches!(c.open(1).await, Rmsg::Lopen { iounit: 8168, .. }));
    let read = c
        .rpc(
            9,
            Tmsg::Read {
                fid: 1,
                offset: 1,
                count: 100,
            },
        )
        .await;
    assert_eq!(
        read,
        Rmsg::Read {
            data: Bytes::from_static(b"ello")
        }
    );
}

#[tokio::test]
async fn readdir_packs_only_entries_that_fit_the_count() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["d"]).await;
    c.open(1).await;
    // Each entry "entry-NN" takes 24 + 8 = 32 bytes.
    let three = c
        .rpc(
            9,
            Tmsg::Readdir {
                fid: 1,
                offset: 0,
                count: 100,
            },
        )
        .await;
    assert!(
        matches!(&three, Rmsg::Readdir { entries } if entries.len() == 3),
        "{three:?}"
    );
    let all = c
        .rpc(
            9,
            Tmsg::Readdir {
                fid: 1,
                offset: 0,
                count: 8192,
            },
        )
        .await;
    assert!(matches!(&all, Rmsg::Readdir { entries } if entries.len() == 10));
    let none = c
        .rpc(
            9,
            Tmsg::Readdir {
                fid: 1,
                offset: 0,
                count: 10,
            },
        )
        .await;
    assert_eq!(errno(&none), Some(Errno::EINVAL));
}

#[tokio::test]
async fn unknown_message_type_is_enosys_and_connection_goes_on() {
    let (mut c, _fs, _task) = attached(opts()).await;
    // size 7, type 200, tag 0x0042
    c.send_raw(&[7, 0, 0, 0, 200, 0x42, 0]).await;
    assert_eq!(
        c.recv().await.map(|(t, r)| (t, errno(&r))),
        Some((0x42, Some(Errno::ENOSYS)))
    );
    assert!(matches!(c.getattr(0).await, Rmsg::Getattr { .. }));
}

#[tokio::test]
async fn non_utf8_walk_name_is_einval_and_connection_goes_on() {
    let (mut c, _fs, _task) = attached(opts()).await;
    // Twalk tag 3 fid 0 newfid 1 nwname 1 name [0xff]
    let mut frame = vec![
        0, 0, 0, 0, 110, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0xff,
    ];
    frame[0] = frame.len() as u8;
    c.send_raw(&frame).await;
    assert_eq!(
        c.recv().await.map(|(t, r)| (t, errno(&r))),
        Some((3, Some(Errno::EINVAL)))
    );
    assert!(matches!(c.getattr(0).await, Rmsg::Getattr { .. }));
}

#[tokio::test]
async fn tauth_is_eopnotsupp_and_attach_with_an_afid_is_ebadf() {
    let (mut c, _task) = serve(TestFs::new(), opts());
    c.version(8192).await;
    let auth = Tmsg::Auth {
        afid: 5,
        uname: "root".into(),
        aname: String::new(),
        n_uname: 0,
    };
    assert_eq!(errno(&c.rpc(1, auth).await), Some(Errno::EOPNOTSUPP));
    let attach = Tmsg::Attach {
        fid: 0,
        afid: 5,
        uname: "root".into(),
        aname: String::new(),
        n_uname: 0,
    };
    assert_eq!(errno(&c.rpc(1, attach).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.getattr(0).await), Some(Errno::EBADF));
}

#[tokio::test]
async fn attach_identity_is_the_caller_on_every_derived_fid() {
    let (mut c, _task) = serve(TestFs::new(), opts());
    c.version(8192).await;
    c.attach(0, 1000).await;
    assert!(matches!(
        c.rpc(1, attach_by_name(1, "42")).await,
        Rmsg::Attach { .. }
    ));
    c.walk(0, 2, &["a"]).await;
    c.walk(1, 3, &["a"]).await;
    assert!(
        matches!(c.getattr(2).await, Rmsg::Getattr { attr } if attr.uid == 1000 && attr.gid == 1000)
    );
    assert!(matches!(c.getattr(3).await, Rmsg::Getattr { attr } if attr.uid == 42));
}

#[tokio::test]
async fn failed_attach_leaves_the_fid_free() {
    let (mut c, _task) = serve(TestFs::new(), opts());
    c.version(8192).await;
    assert_eq!(
        errno(&c.rpc(1, attach_by_name(0, "alice")).await),
        Some(Errno::EACCES)
    );
    let bad_tree = Tmsg::Attach {
        fid: 0,
        afid: NOFID,
        uname: "root".into(),
        aname: "x".into(),
        n_uname: 0,
    };
    assert_eq!(errno(&c.rpc(1, bad_tree).await), Some(Errno::ENOENT));
    assert!(matches!(
        c.rpc(1, attach_by_name(0, "root")).await,
        Rmsg::Attach { .. }
    ));
}

#[tokio::test]
async fn custom_identify_decides_who_may_attach() {
    let deny_all = ServeOptions {
        identify: Arc::new(|_: &str, _: u32| Err(Errno::EPERM)),
        ..opts()
    };
    let (mut c, _task) = serve(TestFs::new(), deny_all);
    c.version(8192).await;
    assert_eq!(
        errno(&c.rpc(1, attach_by_name(0, "root")).await),
        Some(Errno::EPERM)
    );
}
