//! Perm over ramfs: who may walk, open, create, remove and change what.

use bytes::Bytes;
use warren_perm::Perm;
use warren_proto::attr::{getattr, oflags, setattr, SetAttr};
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Result, Uid};
use warren_ramfs::RamFs;

const ALICE: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(1000),
    pid: 0,
};
const BOB: Caller = Caller {
    uid: Uid(1001),
    gid: Gid(1001),
    pid: 0,
};
const ROOT: Caller = Caller::ROOT;

type Fs = Perm<RamFs>;

/// A fresh tree with `/tmp` (mode 01777) and `/home/alice` (0700, alice's), and alice's
/// file `/tmp/a` (0600) holding `alice`.
async fn tree() -> Fs {
    let fs = Perm::new(RamFs::new());
    let root = attach(&fs, &ROOT).await;
    fs.mkdir(&ROOT, root, "tmp", 0o1777, 0).await.unwrap();
    fs.mkdir(&ROOT, root, "home", 0o755, 0).await.unwrap();
    let home = walk(&fs, &ROOT, &["home"]).await.unwrap();
    fs.mkdir(&ROOT, home, "alice", 0o700, 0).await.unwrap();
    let alice = walk(&fs, &ROOT, &["home", "alice"]).await.unwrap();
    let chown = SetAttr {
        valid: setattr::UID | setattr::GID,
        uid: 1000,
        gid: 1000,
        ..SetAttr::default()
    };
    fs.setattr(&ROOT, alice, &chown).await.unwrap();
    let a = create(&fs, &ALICE, &["tmp"], "a", 0o600).await.unwrap();
    fs.write(&ALICE, a, 0, Bytes::from_static(b"alice"))
        .await
        .unwrap();
    fs
}

async fn attach(fs: &Fs, cx: &Caller) -> Fid {
    let root = Fid::fresh();
    fs.attach(cx, root, "").await.unwrap();
    root
}

/// A new fid for `path` from the root, walked as `cx`.
async fn walk(fs: &Fs, cx: &Caller, path: &[&str]) -> Result<Fid> {
    let fid = Fid::fresh();
    let names: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let qids = fs.walk(cx, attach(fs, cx).await, fid, &names).await?;
    match qids.len() == names.len() {
        true => Ok(fid),
        false => Err(Errno::ENOENT),
    }
}

/// Create `name` in the directory `dir` as `cx`, opened read-write; the fid of the new file.
async fn create(fs: &Fs, cx: &Caller, dir: &[&str], name: &str, mode: u32) -> Result<Fid> {
    let fid = walk(fs, cx, dir).await?;
    fs.create(cx, fid, name, oflags::O_RDWR, mode, 0).await?;
    Ok(fid)
}

/// Open `path` as `cx` with `flags`.
async fn open(fs: &Fs, cx: &Caller, path: &[&str], flags: u32) -> Result<Fid> {
    let fid = walk(fs, cx, path).await?;
    fs.open(cx, fid, flags).await?;
    Ok(fid)
}

async fn owner(fs: &Fs, path: &[&str]) -> (u32, u32, u32) {
    let fid = walk(fs, &ROOT, path).await.unwrap();
    let attr = fs.getattr(&ROOT, fid, getattr::BASIC).await.unwrap();
    (attr.uid, attr.gid, attr.mode & 0o7777)
}

#[tokio::test]
async fn guest_cannot_read_another_users_0600_file() {
    let fs = tree().await;
    assert_eq!(
        open(&fs, &BOB, &["tmp", "a"], oflags::O_RDONLY).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        open(&fs, &BOB, &["tmp", "a"], oflags::O_WRONLY).await,
        Err(Errno::EACCES)
    );
    let fid = open(&fs, &ALICE, &["tmp", "a"], oflags::O_RDONLY)
        .await
        .unwrap();
    assert_eq!(
        fs.read(&ALICE, fid, 0, 100).await,
        Ok(Bytes::from_static(b"alice"))
    );
}

#[tokio::test]
async fn open_for_writing_or_truncating_needs_w() {
    let fs = tree().await;
    let a = walk(&fs, &ALICE, &["tmp", "a"]).await.unwrap();
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o444,
        ..SetAttr::default()
    };
    fs.setattr(&ALICE, a, &chmod).await.unwrap();
    assert!(open(&fs, &BOB, &["tmp", "a"], oflags::O_RDONLY)
        .await
        .is_ok());
    let truncating = oflags::O_RDONLY | oflags::O_TRUNC;
    assert_eq!(
        open(&fs, &BOB, &["tmp", "a"], truncating).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        open(&fs, &ALICE, &["tmp", "a"], oflags::O_RDWR).await,
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn chmod_by_non_owner_is_eperm() {
    let fs = tree().await;
    let a = walk(&fs, &BOB, &["tmp", "a"]).await.unwrap();
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o666,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&BOB, a, &chmod).await, Err(Errno::EPERM));
    assert_eq!(owner(&fs, &["tmp", "a"]).await, (1000, 1000, 0o600));
    assert_eq!(fs.setattr(&ALICE, a, &chmod).await, Ok(()));
    assert_eq!(owner(&fs, &["tmp", "a"]).await, (1000, 1000, 0o666));
}

#[tokio::test]
async fn chown_by_non_root_is_eperm() {
    let fs = tree().await;
    let a = walk(&fs, &ALICE, &["tmp", "a"]).await.unwrap();
    let chown = SetAttr {
        valid: setattr::UID,
        uid: 1001,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&ALICE, a, &chown).await, Err(Errno::EPERM));
    let chgrp = SetAttr {
        valid: setattr::GID,
        gid: 1001,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&ALICE, a, &chgrp).await, Err(Errno::EPERM));
    assert_eq!(fs.setattr(&ROOT, a, &chown).await, Ok(()));
    assert_eq!(owner(&fs, &["tmp", "a"]).await, (1001, 1000, 0o600));
}

#[tokio::test]
async fn truncate_without_write_is_eacces() {
    let fs = tree().await;
    let a = walk(&fs, &BOB, &["tmp", "a"]).await.unwrap();
    let truncate = SetAttr {
        valid: setattr::SIZE,
        size: 0,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&BOB, a, &truncate).await, Err(Errno::EACCES));
    let explicit = SetAttr {
        valid: setattr::MTIME | setattr::MTIME_SET,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&BOB, a, &explicit).await, Err(Errno::EPERM));
}

#[tokio::test]
async fn root_may_do_anything() {
    let fs = tree().await;
    let f = create(&fs, &ALICE, &["home", "alice"], "private", 0o000)
        .await
        .unwrap();
    fs.clunk(&ALICE, f).await.unwrap();
    let f = open(&fs, &ROOT, &["home", "alice", "private"], oflags::O_RDWR)
        .await
        .unwrap();
    assert_eq!(
        fs.write(&ROOT, f, 0, Bytes::from_static(b"root")).await,
        Ok(4)
    );
    assert_eq!(
        fs.read(&ROOT, f, 0, 10).await,
        Ok(Bytes::from_static(b"root"))
    );
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o644,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&ROOT, f, &chmod).await, Ok(()));
    assert_eq!(fs.remove(&ROOT, f).await, Ok(()));
    assert_eq!(
        walk(&fs, &ROOT, &["home", "alice", "private"]).await,
        Err(Errno::ENOENT)
    );
}

#[tokio::test]
async fn create_in_dir_without_write_is_eacces() {
    let fs = tree().await;
    assert_eq!(
        create(&fs, &ALICE, &[], "f", 0o644).await,
        Err(Errno::EACCES)
    );
    let root = attach(&fs, &ALICE).await;
    assert_eq!(
        fs.mkdir(&ALICE, root, "d", 0o755, 1000).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        fs.symlink(&ALICE, root, "l", "/tmp", 1000).await,
        Err(Errno::EACCES)
    );
    assert_eq!(walk(&fs, &ROOT, &["f"]).await, Err(Errno::ENOENT));
    assert_eq!(walk(&fs, &ROOT, &["d"]).await, Err(Errno::ENOENT));
}

#[tokio::test]
async fn walk_through_dir_without_x_is_eacces() {
    let fs = tree().await;
    let f = create(&fs, &ALICE, &["home", "alice"], "notes", 0o644)
        .await
        .unwrap();
    fs.clunk(&ALICE, f).await.unwrap();
    let home = walk(&fs, &BOB, &["home", "alice"]).await.unwrap();
    let (newfid, names) = (Fid::fresh(), ["notes".to_string()]);
    assert_eq!(
        fs.walk(&BOB, home, newfid, &names).await,
        Err(Errno::EACCES)
    );
    let root = attach(&fs, &BOB).await;
    let deep = ["home", "alice", "notes"].map(String::from);
    let partial = fs.walk(&BOB, root, newfid, &deep).await.unwrap();
    assert_eq!(partial.len(), 2, "the walk stops before looking up notes");
    assert_eq!(
        fs.getattr(&BOB, newfid, getattr::BASIC).await.err(),
        Some(Errno::EBADF)
    );
    assert!(walk(&fs, &ALICE, &["home", "alice", "notes"]).await.is_ok());
}

#[tokio::test]
async fn sticky_tmp_forbids_removing_others_files() {
    let fs = tree().await;
    let a = walk(&fs, &BOB, &["tmp", "a"]).await.unwrap();
    assert_eq!(fs.remove(&BOB, a).await, Err(Errno::EACCES));
    let tmp = walk(&fs, &BOB, &["tmp"]).await.unwrap();
    assert_eq!(fs.unlinkat(&BOB, tmp, "a", 0).await, Err(Errno::EACCES));
    assert_eq!(
        fs.renameat(&BOB, tmp, "a", tmp, "b").await,
        Err(Errno::EACCES)
    );
    let b = create(&fs, &BOB, &["tmp"], "b", 0o644).await.unwrap();
    assert_eq!(
        fs.renameat(&BOB, tmp, "b", tmp, "a").await,
        Err(Errno::EACCES),
        "replace a"
    );
    assert_eq!(owner(&fs, &["tmp", "a"]).await, (1000, 1000, 0o600));
    assert_eq!(fs.remove(&BOB, b).await, Ok(()));
    let a = walk(&fs, &ALICE, &["tmp", "a"]).await.unwrap();
    assert_eq!(fs.remove(&ALICE, a).await, Ok(()));
    assert_eq!(walk(&fs, &ROOT, &["tmp", "a"]).await, Err(Errno::ENOENT));
}

#[tokio::test]
async fn remove_from_dir_without_write_is_eacces() {
    let fs = tree().await;
    let home = walk(&fs, &ALICE, &["home"]).await.unwrap();
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o755,
        ..SetAttr::default()
    };
    let alice = walk(&fs, &ALICE, &["home", "alice"]).await.unwrap();
    fs.setattr(&ALICE, alice, &chmod).await.unwrap();
    let f = create(&fs, &ALICE, &["home", "alice"], "f", 0o666)
        .await
        .unwrap();
    fs.clunk(&ALICE, f).await.unwrap();
    let f = walk(&fs, &BOB, &["home", "alice", "f"]).await.unwrap();
    assert_eq!(fs.remove(&BOB, f).await, Err(Errno::EACCES));
    let f = walk(&fs, &BOB, &["home", "alice", "f"]).await.unwrap();
    let tmp = walk(&fs, &BOB, &["tmp"]).await.unwrap();
    assert_eq!(fs.rename(&BOB, f, tmp, "stolen").await, Err(Errno::EACCES));
    assert_eq!(
        fs.unlinkat(&ALICE, home, "alice", 0x200).await,
        Err(Errno::EACCES)
    );
    assert!(walk(&fs, &ROOT, &["home", "alice", "f"]).await.is_ok());
}

#[tokio::test]
async fn rename_moves_the_parent_a_later_remove_checks() {
    let fs = tree().await;
    let a = walk(&fs, &ALICE, &["tmp", "a"]).await.unwrap();
    let home = walk(&fs, &ALICE, &["home", "alice"]).await.unwrap();
    fs.rename(&ALICE, a, home, "a").await.unwrap();
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o500,
        ..SetAttr::default()
    };
    fs.setattr(&ALICE, home, &chmod).await.unwrap();
    assert_eq!(fs.remove(&ALICE, a).await, Err(Errno::EACCES));
    assert!(walk(&fs, &ALICE, &["home", "alice", "a"]).await.is_ok());
}

#[tokio::test]
async fn new_file_gets_creators_uid_and_gid() {
    let fs = tree().await;
    let bob_in_alices_group = Caller {
        uid: Uid(1001),
        gid: Gid(1000),
        pid: 0,
    };
    let f = create(&fs, &BOB, &["tmp"], "f", 0o640).await.unwrap();
    fs.clunk(&BOB, f).await.unwrap();
    assert_eq!(owner(&fs, &["tmp", "f"]).await, (1001, 1001, 0o640));
    let tmp = walk(&fs, &BOB, &["tmp"]).await.unwrap();
    fs.mkdir(&BOB, tmp, "d", 0o750, 0).await.unwrap();
    assert_eq!(owner(&fs, &["tmp", "d"]).await, (1001, 1001, 0o750));
    assert!(
        open(&fs, &bob_in_alices_group, &["tmp", "a"], oflags::O_RDONLY)
            .await
            .is_err()
    );
    let a = walk(&fs, &ALICE, &["tmp", "a"]).await.unwrap();
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o640,
        ..SetAttr::default()
    };
    fs.setattr(&ALICE, a, &chmod).await.unwrap();
    assert!(
        open(&fs, &bob_in_alices_group, &["tmp", "a"], oflags::O_RDONLY)
            .await
            .is_ok()
    );
}
