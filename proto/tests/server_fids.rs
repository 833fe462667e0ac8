//! The serving loop's fid and name rules.

mod server_support;

use bytes::Bytes;
use server_support::{attached, errno};
use warren_proto::msg::{Rmsg, Tmsg};
use warren_proto::server::ServeOptions;
use warren_proto::Errno;

fn opts() -> ServeOptions {
    ServeOptions::default()
}

fn qid_paths(reply: &Rmsg) -> Vec<u64> {
    match reply {
        Rmsg::Walk { wqids } => wqids.iter().map(|q| q.path).collect(),
        other => panic!("expected Rwalk, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_fid_is_ebadf() {
    let (mut c, _fs, _task) = attached(opts()).await;
    assert_eq!(errno(&c.getattr(99).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.walk(99, 1, &[]).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.clunk(99).await), Some(Errno::EBADF));
}

#[tokio::test]
async fn newfid_in_use_is_ebadf_for_attach_and_walk() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    assert_eq!(errno(&c.walk(0, 1, &["d"]).await), Some(Errno::EBADF));
    let attach = server_support::attach_by_name(1, "root");
    assert_eq!(errno(&c.rpc(1, attach).await), Some(Errno::EBADF));
    // fid 1 still names /a.
    assert!(matches!(c.getattr(1).await, Rmsg::Getattr { attr } if attr.qid.path == 2));
}

#[tokio::test]
async fn walk_with_newfid_equal_to_fid_moves_the_fid() {
    let (mut c, fs, _task) = attached(opts()).await;
    c.walk(0, 1, &[]).await;
    assert_eq!(qid_paths(&c.walk(1, 1, &["d"]).await), vec![3]);
    assert!(matches!(c.getattr(1).await, Rmsg::Getattr { attr } if attr.qid.path == 3));
    fs.wait_clunks(1).await;
    assert_eq!(*fs.clunked.lock().unwrap(), vec!["/"]);
    // A failed in-place walk leaves the fid where it was.
    assert_eq!(errno(&c.walk(1, 1, &["nope"]).await), Some(Errno::ENOENT));
    assert!(matches!(c.getattr(1).await, Rmsg::Getattr { attr } if attr.qid.path == 3));
}

#[tokio::test]
async fn partial_walk_returns_the_prefix_and_does_not_make_newfid() {
    let (mut c, _fs, _task) = attached(opts()).await;
    assert_eq!(
        qid_paths(&c.walk(0, 1, &["d", "..", "nope", "a"]).await),
        vec![3, 1]
    );
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.walk(0, 1, &["nope"]).await), Some(Errno::ENOENT));
    assert_eq!(
        qid_paths(&c.walk(0, 1, &["d", "..", "a"]).await),
        vec![3, 1, 2]
    );
}

#[tokio::test]
async fn io_needs_an_opened_fid() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    let read = Tmsg::Read {
        fid: 1,
        offset: 0,
        count: 10,
    };
    assert_eq!(errno(&c.rpc(9, read.clone()).await), Some(Errno::EBADF));
    let write = Tmsg::Write {
        fid: 1,
        offset: 0,
        data: Bytes::from_static(b"x"),
    };
    assert_eq!(errno(&c.rpc(9, write).await), Some(Errno::EBADF));
    c.walk(0, 2, &["d"]).await;
    let readdir = Tmsg::Readdir {
        fid: 2,
        offset: 0,
        count: 1000,
    };
    assert_eq!(errno(&c.rpc(9, readdir).await), Some(Errno::EBADF));
    assert!(matches!(c.open(1).await, Rmsg::Lopen { .. }));
    assert_eq!(
        c.rpc(9, read).await,
        Rmsg::Read {
            data: Bytes::from_static(b"hello")
        }
    );
}

#[tokio::test]
async fn open_of_an_opened_fid_is_ebadf() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    assert!(matches!(c.open(1).await, Rmsg::Lopen { .. }));
    assert_eq!(errno(&c.open(1).await), Some(Errno::EBADF));
    let create = Tmsg::Lcreate {
        fid: 1,
        name: "n".into(),
        flags: 0,
        mode: 0o644,
        gid: 0,
    };
    assert_eq!(errno(&c.rpc(9, create).await), Some(Errno::EBADF));
}

#[tokio::test]
async fn walk_from_an_opened_fid_makes_an_unopened_fid() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    c.open(1).await;
    assert_eq!(qid_paths(&c.walk(1, 2, &[]).await), Vec::<u64>::new());
    let read = Tmsg::Read {
        fid: 2,
        offset: 0,
        count: 10,
    };
    assert_eq!(errno(&c.rpc(9, read).await), Some(Errno::EBADF));
    assert!(matches!(c.open(2).await, Rmsg::Lopen { .. }));
}

#[tokio::test]
async fn failed_xattrwalk_does_not_make_newfid() {
    let (mut c, _fs, _task) = attached(opts()).await;
    let xattrwalk = Tmsg::Xattrwalk {
        fid: 0,
        newfid: 1,
        name: "user.x".into(),
    };
    assert_eq!(
        errno(&c.rpc(9, xattrwalk.clone()).await),
        Some(Errno::EOPNOTSUPP)
    );
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.rpc(9, xattrwalk).await), Some(Errno::EOPNOTSUPP));
}

#[tokio::test]
async fn clunk_frees_the_fid_even_when_the_server_fails() {
    let (mut c, fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["failclunk"]).await;
    assert_eq!(errno(&c.clunk(1).await), Some(Errno::EIO));
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
    assert_eq!(*fs.clunked.lock().unwrap(), vec!["/failclunk"]);
    assert_eq!(qid_paths(&c.walk(0, 1, &["a"]).await), vec![2]);
}

#[tokio::test]
async fn remove_frees_the_fid_even_when_the_server_refuses() {
    let (mut c, _fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    assert_eq!(
        errno(&c.rpc(9, Tmsg::Remove { fid: 1 }).await),
        Some(Errno::EROFS)
    );
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
}

#[tokio::test]
async fn flood_of_fids_is_emfile_until_one_is_clunked() {
    let (mut c, _fs, _task) = attached(ServeOptions {
        max_fids: 8,
        ..opts()
    })
    .await;
    for fid in 1..8 {
        assert_eq!(qid_paths(&c.walk(0, fid, &["a"]).await), vec![2]);
    }
    assert_eq!(errno(&c.walk(0, 8, &["a"]).await), Some(Errno::EMFILE));
    c.clunk(3).await;
    assert_eq!(qid_paths(&c.walk(0, 8, &["a"]).await), vec![2]);
}

#[tokio::test]
async fn walk_names_must_be_single_elements() {
    let (mut c, _fs, _task) = attached(opts()).await;
    let long = "x".repeat(256);
    for (name, want) in [
        ("a/b", Errno::EINVAL),
        ("", Errno::EINVAL),
        ("a\0", Errno::EINVAL),
        (&long, Errno::ENAMETOOLONG),
    ] {
        assert_eq!(
            errno(&c.walk(0, 1, &["d", name]).await),
            Some(want),
            "{name:?}"
        );
    }
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
    assert_eq!(qid_paths(&c.walk(0, 1, &[".."]).await), vec![1]);
}

#[tokio::test]
async fn create_like_requests_refuse_dot_dot_dot_and_paths() {
    let (mut c, _fs, _task) = attached(opts()).await;
    let mkdir = |name: &str| Tmsg::Mkdir {
        dfid: 0,
        name: name.into(),
        mode: 0o755,
        gid: 0,
    };
    for bad in [".", "..", "a/b", ""] {
        assert_eq!(
            errno(&c.rpc(9, mkdir(bad)).await),
            Some(Errno::EINVAL),
            "{bad:?}"
        );
    }
    assert!(matches!(c.rpc(9, mkdir("new")).await, Rmsg::Mkdir { .. }));
    let rename = |old: &str, new: &str| Tmsg::Renameat {
        olddirfid: 0,
        oldname: old.into(),
        newdirfid: 0,
        newname: new.into(),
    };
    assert_eq!(
        errno(&c.rpc(9, rename("a", "..")).await),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        errno(&c.rpc(9, rename(".", "b")).await),
        Some(Errno::EINVAL)
    );
    assert_eq!(c.rpc(9, rename("a", "b")).await, Rmsg::Renameat);
    let unlink = Tmsg::Unlinkat {
        dirfd: 0,
        name: "x/y".into(),
        flags: 0,
    };
    assert_eq!(errno(&c.rpc(9, unlink).await), Some(Errno::EINVAL));
    let symlink = Tmsg::Symlink {
        fid: 0,
        name: "s".repeat(300),
        symtgt: "a".into(),
        gid: 0,
    };
    assert_eq!(errno(&c.rpc(9, symlink).await), Some(Errno::ENAMETOOLONG));
}

#[tokio::test]
async fn version_clunks_every_fid_and_frees_the_wire_fids() {
    let (mut c, fs, _task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    assert!(matches!(c.version(8192).await, Rmsg::Version { .. }));
    let mut clunked = fs.clunked.lock().unwrap().clone();
    clunked.sort();
    assert_eq!(clunked, vec!["/", "/a"]);
    assert_eq!(errno(&c.getattr(1).await), Some(Errno::EBADF));
    c.attach(1, 0).await;
}

#[tokio::test]
async fn closing_the_connection_clunks_every_fid() {
    let (mut c, fs, task) = attached(opts()).await;
    c.walk(0, 1, &["a"]).await;
    c.walk(0, 2, &["d"]).await;
    c.open(2).await;
    drop(c);
    task.await.unwrap().unwrap();
    let mut clunked = fs.clunked.lock().unwrap().clone();
    clunked.sort();
    assert_eq!(clunked, vec!["/", "/a", "/d"]);
}
