//! ramfs behaviour beyond the conformance suite: ownership, versions, links, limits.

use bytes::Bytes;
use warren_proto::attr::oflags::{O_DIRECTORY, O_RDONLY, O_RDWR, O_WRONLY};
use warren_proto::attr::{setattr, S_IFLNK, S_IFREG};
use warren_proto::conformance::Harness;
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, SetAttr, Uid};
use warren_ramfs::{RamFs, MAX_FILE_SIZE};

const ALICE: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(100),
    pid: 0,
};

#[tokio::test]
async fn created_files_belong_to_the_caller_and_the_given_group() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("ownership").await;
    let fid = t.walk(dir, &[]).await;
    fs.create(&ALICE, fid, "f", O_RDWR, 0o4755 | 0o170000, 7)
        .await
        .unwrap();
    let a = t.getattr(fid).await;
    assert_eq!((a.uid, a.gid, a.mode), (1000, 7, S_IFREG | 0o4755));
    fs.mkdir(&ALICE, dir, "d", 0o700, u32::MAX).await.unwrap();
    let d = t.getattr(t.walk(dir, &["d"]).await).await;
    assert_eq!(
        (d.uid, d.gid),
        (1000, 100),
        "gid u32::MAX means the caller's group"
    );
    let l = fs.symlink(&ALICE, dir, "l", "f", 5).await.unwrap();
    let la = t.getattr(t.walk(dir, &["l"]).await).await;
    assert_eq!((la.mode, la.size, la.qid), (S_IFLNK | 0o777, 1, l));
}

#[tokio::test]
async fn attach_to_a_named_tree_is_enoent() {
    let fs = RamFs::new();
    assert_eq!(
        fs.attach(&ALICE, Fid::fresh(), "other").await,
        Err(Errno::ENOENT)
    );
}

#[tokio::test]
async fn qid_version_changes_with_contents_and_paths_are_unique() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("versions").await;
    let f = t.create(dir, "f", O_RDWR).await;
    let g = t.create(dir, "g", O_RDWR).await;
    let before = t.getattr(f).await.qid;
    t.write(f, 0, b"x").await;
    let after = t.getattr(f).await.qid;
    assert_eq!(before.path, after.path);
    assert_ne!(before.version, after.version);
    assert_ne!(after.path, t.getattr(g).await.qid.path);
}

#[tokio::test]
async fn open_with_o_directory_on_a_file_is_enotdir_and_a_symlink_is_eloop() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("open_kinds").await;
    t.put(dir, "f", b"").await;
    let f = t.walk(dir, &["f"]).await;
    assert_eq!(
        fs.open(&h.cx, f, O_RDONLY | O_DIRECTORY).await,
        Err(Errno::ENOTDIR)
    );
    fs.symlink(&h.cx, dir, "l", "f", 0).await.unwrap();
    let l = t.walk(dir, &["l"]).await;
    assert_eq!(fs.open(&h.cx, l, O_RDONLY).await, Err(Errno::ELOOP));
}

#[tokio::test]
async fn hard_links_share_contents_and_count_names() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("links").await;
    t.put(dir, "a", b"shared").await;
    let a = t.walk(dir, &["a"]).await;
    fs.link(&h.cx, dir, a, "b").await.unwrap();
    assert_eq!(t.getattr(a).await.nlink, 2);
    assert_eq!(fs.link(&h.cx, dir, a, "b").await, Err(Errno::EEXIST));
    assert_eq!(fs.link(&h.cx, dir, dir, "loop").await, Err(Errno::EPERM));
    fs.unlinkat(&h.cx, dir, "a", 0).await.unwrap();
    assert_eq!(t.getattr(a).await.nlink, 1);
    assert_eq!(t.get(dir, "b").await, b"shared");
    fs.remove(&h.cx, a).await.unwrap();
    assert_eq!(t.list(dir, 8192).await, Vec::<String>::new());
}

#[tokio::test]
async fn an_unlinked_open_file_stays_readable() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("orphan").await;
    t.put(dir, "f", b"still here").await;
    let f = t.open(dir, "f", O_RDONLY).await;
    fs.unlinkat(&h.cx, dir, "f", 0).await.unwrap();
    assert_eq!(t.read_all(f).await, b"still here");
    assert_eq!(t.getattr(f).await.nlink, 0);
}

#[tokio::test]
async fn a_full_limit_is_enospc_and_unlinking_frees_space() {
    let fs = RamFs::with_limit(10);
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("limit").await;
    let f = t.create(dir, "f", O_WRONLY).await;
    t.write(f, 0, b"0123456789").await;
    let more = fs.write(&h.cx, f, 10, Bytes::from_static(b"x")).await;
    assert_eq!(more, Err(Errno::ENOSPC));
    assert_eq!(fs.statfs(&h.cx, f).await.unwrap().bfree, 0);
    t.clunk(f).await;
    fs.unlinkat(&h.cx, dir, "f", 0).await.unwrap();
    t.put(dir, "g", b"0123456789").await;
}

#[tokio::test]
async fn growing_past_the_file_size_cap_is_efbig() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("efbig").await;
    let f = t.create(dir, "f", O_WRONLY).await;
    let far = fs
        .write(&h.cx, f, MAX_FILE_SIZE, Bytes::from_static(b"x"))
        .await;
    assert_eq!(far, Err(Errno::EFBIG));
    let huge = SetAttr {
        valid: setattr::SIZE,
        size: u64::MAX,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&h.cx, f, &huge).await, Err(Errno::EFBIG));
    assert_eq!(t.getattr(f).await.size, 0);
}

#[tokio::test]
async fn size_of_a_directory_is_eisdir_and_mknod_is_enosys() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (_, dir) = h.check("refusals").await;
    let sa = SetAttr {
        valid: setattr::SIZE,
        size: 1,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&h.cx, dir, &sa).await, Err(Errno::EISDIR));
    let r = fs.mknod(&h.cx, dir, "fifo", 0o010644, 0, 0, 0).await;
    assert_eq!(r, Err(Errno::ENOSYS));
}

#[tokio::test]
async fn setattr_without_set_flags_uses_the_clock() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("clock").await;
    t.put(dir, "f", b"").await;
    let f = t.walk(dir, &["f"]).await;
    let old = SetAttr {
        valid: setattr::MTIME | setattr::MTIME_SET | setattr::ATIME | setattr::ATIME_SET,
        ..SetAttr::default()
    };
    fs.setattr(&h.cx, f, &old).await.unwrap();
    assert_eq!(t.getattr(f).await.mtime_sec, 0);
    let now = SetAttr {
        valid: setattr::MTIME | setattr::ATIME,
        ..SetAttr::default()
    };
    fs.setattr(&h.cx, f, &now).await.unwrap();
    let a = t.getattr(f).await;
    assert!(a.mtime_sec > 1_600_000_000 && a.atime_sec > 1_600_000_000);
}

#[tokio::test]
async fn bad_names_are_refused() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (_, dir) = h.check("names").await;
    for (name, errno) in [
        ("", Errno::EINVAL),
        ("..", Errno::EINVAL),
        ("a/b", Errno::EINVAL),
    ] {
        assert_eq!(
            fs.mkdir(&h.cx, dir, name, 0o755, 0).await,
            Err(errno),
            "{name:?}"
        );
    }
    let long = "x".repeat(256);
    assert_eq!(
        fs.mkdir(&h.cx, dir, &long, 0o755, 0).await,
        Err(Errno::ENAMETOOLONG)
    );
}
