//! hostfs behaviour beyond the conformance suite: exact modes, directory listings, fids that
//! follow their files, special files, the root, statfs and read sizes.

mod common;

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;

use common::World;
use rustix::fs::{Mode, CWD};
use warren_hostfs::{HostFs, HostOptions};
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR};
use warren_proto::{Caller, Errno, FileServer};

const CX: Caller = Caller::ROOT;

fn world() -> World {
    World::new(HostOptions::default())
}

fn host_mode(w: &World, name: &str) -> u32 {
    let meta = std::fs::metadata(w.root().join(name)).expect("stat");
    meta.permissions().mode() & 0o7777
}

#[tokio::test]
async fn created_modes_are_exact_whatever_the_host_umask() {
    let old = rustix::process::umask(Mode::from_raw_mode(0o077));
    let w = world();
    let t = w.check("modes");
    let root = w.attach().await;
    let dir = t.walk(root, &[]).await;
    let created = w.fs.create(&CX, dir, "f", O_RDWR, 0o664, 0).await;
    let made = w.fs.mkdir(&CX, root, "d", 0o775, 0).await;
    rustix::process::umask(old);
    created.expect("create");
    made.expect("mkdir");
    assert_eq!((host_mode(&w, "f"), host_mode(&w, "d")), (0o664, 0o775));
}

#[tokio::test]
async fn readdir_starts_with_dot_and_dotdot_then_host_names() {
    let w = world();
    std::fs::create_dir(w.root().join("d")).expect("mkdir d");
    std::fs::write(w.root().join("d/f"), b"").expect("write d/f");
    std::fs::write(w.root().join(OsStr::from_bytes(b"bad\xff")), b"").expect("write");
    let t = w.check("dots");
    let root = w.attach().await;
    let d = t.walk(root, &["d"]).await;
    for (dir, parent) in [(d, root), (root, root)] {
        let fid = t.open_dir(dir).await;
        let all = t.readdir(fid, 0, 8192).await;
        let heads: Vec<(&str, u64)> = all.iter().map(|e| (e.name.as_str(), e.offset)).collect();
        assert_eq!(heads[..2], [(".", 1), ("..", 2)]);
        assert_eq!(all[0].qid.path, t.getattr(dir).await.qid.path, ". qid");
        assert_eq!(all[1].qid.path, t.getattr(parent).await.qid.path, ".. qid");
    }
    assert_eq!(t.list(d, 8192).await, ["f"]);
    assert_eq!(
        t.list(root, 8192).await,
        ["d"],
        "names that are not UTF-8 are skipped"
    );
    let fid = t.open_dir(root).await;
    assert_eq!(
        w.fs.readdir(&CX, fid, 0, 10).await,
        Err(Errno::EINVAL),
        "count too small"
    );
}

#[tokio::test]
async fn a_renamed_fid_keeps_naming_its_file() {
    let w = world();
    std::fs::create_dir(w.root().join("d")).expect("mkdir d");
    std::fs::write(w.root().join("f"), b"data").expect("write f");
    let t = w.check("rename fid");
    let root = w.attach().await;
    let f = t.walk(root, &["f"]).await;
    let d = t.walk(root, &["d"]).await;
    w.fs.rename(&CX, f, d, "g").await.expect("rename");
    w.fs.rename(&CX, f, d, "h").await.expect("rename again");
    assert_eq!(t.get(d, "h").await, b"data");
    w.fs.remove(&CX, f).await.expect("remove");
    assert!(std::fs::read_dir(w.root().join("d"))
        .expect("ls")
        .next()
        .is_none());
}

#[tokio::test]
async fn remove_after_the_name_was_replaced_is_enoent() {
    let w = world();
    std::fs::write(w.root().join("f"), b"old").expect("write f");
    let t = w.check("replaced");
    let root = w.attach().await;
    let f = t.walk(root, &["f"]).await;
    std::fs::rename(w.root().join("f"), w.root().join("f.old")).expect("move f");
    std::fs::write(w.root().join("f"), b"new").expect("write new f");
    assert_eq!(w.fs.remove(&CX, f).await, Err(Errno::ENOENT));
    assert_eq!(std::fs::read(w.root().join("f")).expect("read f"), b"new");
    assert!(w.root().join("f.old").exists());
}

#[tokio::test]
async fn fifos_do_not_open_and_the_root_is_not_removed() {
    let w = world();
    rustix::fs::mknodat(
        CWD,
        w.root().join("fifo"),
        rustix::fs::FileType::Fifo,
        Mode::from_raw_mode(0o644),
        0,
    )
    .expect("mkfifo");
    let t = w.check("special");
    let root = w.attach().await;
    let fifo = t.walk(root, &["fifo"]).await;
    assert_eq!(w.fs.open(&CX, fifo, O_RDONLY).await, Err(Errno::EOPNOTSUPP));
    let r = w.fs.mknod(&CX, root, "dev", 0o20644, 1, 3, 0).await;
    assert_eq!(r, Err(Errno::EPERM));
    let top = t.walk(root, &[]).await;
    assert_eq!(w.fs.remove(&CX, top).await, Err(Errno::EBUSY));
    assert!(w.root().is_dir());
    let r = w.fs.attach(&CX, warren_proto::Fid::fresh(), "other").await;
    assert_eq!(r, Err(Errno::ENOENT), "unknown aname");
}

#[tokio::test]
async fn statfs_reports_the_host_file_system() {
    let w = world();
    let t = w.check("statfs");
    let root = w.attach().await;
    let st = w.fs.statfs(&CX, root).await.expect("statfs");
    let host = rustix::fs::statfs(w.root()).expect("host statfs");
    assert_eq!(st.ty, host.f_type as u32);
    assert_eq!(st.namelen, host.f_namelen as u32);
    assert_eq!(st.blocks, host.f_blocks);
    t.clunk(root).await;
}

#[tokio::test]
async fn a_read_returns_at_most_one_mebibyte() {
    let w = world();
    std::fs::write(w.root().join("big"), vec![7u8; 3 << 20]).expect("write big");
    let t = w.check("big read");
    let root = w.attach().await;
    let f = t.open(root, "big", O_RDONLY).await;
    let data = w.fs.read(&CX, f, 0, u32::MAX).await.expect("read");
    assert_eq!(data.len(), 1 << 20);
    let tail =
        w.fs.read(&CX, f, (3 << 20) - 5, 100)
            .await
            .expect("read tail");
    assert_eq!(&tail[..], &[7u8; 5]);
}

#[test]
fn an_export_root_must_be_an_existing_directory() {
    let w = world();
    std::fs::write(w.root().join("file"), b"").expect("write file");
    let missing = HostFs::new(&w.root().join("missing"), HostOptions::default());
    assert_eq!(missing.err().map(|e| e.kind()), Some(ErrorKind::NotFound));
    let file = HostFs::new(&w.root().join("file"), HostOptions::default());
    assert_eq!(
        file.err().and_then(|e| e.raw_os_error()),
        Some(20),
        "ENOTDIR"
    );
}
