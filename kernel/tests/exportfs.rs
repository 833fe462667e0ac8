//! exportfs: a booted system's namespace served as a `FileServer`; special files shown as
//! regular ones.

mod common;

use std::sync::Arc;

use common::{image, put};
use warren_kernel::{ExitStatus, MountFlags, Unix};
use warren_pipe::PipeFs;
use warren_proto::attr::getattr::BASIC;
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR, O_WRONLY};
use warren_proto::attr::{S_IFMT, S_IFREG};
use warren_proto::{Caller, DirEntry, Errno, Fid};
use warren_ramfs::RamFs;

/// Boot with `/n/r` a second ramfs holding `f`, and `/u` a union of `/a` (`x`, create
/// member) after `/u`'s own `y`; pid 1 sets this up and exits.
async fn system() -> Unix {
    let unix = image()
        .mount(
            "/n/r",
            "#other",
            Arc::new(RamFs::new()),
            MountFlags::REPLACE,
        )
        .init_fn(|cx| async move {
            put(&cx, "/n/r/f", "mounted file").await;
            for d in ["/a", "/u"] {
                cx.mkdir(d, 0o755).await.unwrap();
            }
            put(&cx, "/a/x", "from a").await;
            put(&cx, "/u/y", "").await;
            cx.bind("/a", "/u", MountFlags::AFTER | MountFlags::CREATE)
                .await
                .unwrap();
            ExitStatus::SUCCESS
        })
        .boot()
        .await
        .unwrap();
    assert_eq!(unix.wait_init().await, ExitStatus::SUCCESS);
    unix
}

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn walking_through_a_mount_point_reaches_the_mounted_file() {
    let unix = system().await;
    let fs = unix.export();
    let cx = Caller::ROOT;
    let (root, f) = (Fid::fresh(), Fid::fresh());
    let rq = fs.attach(&cx, root, "").await.unwrap();
    assert!(rq.is_dir());
    let qids = fs
        .walk(&cx, root, f, &names(&["n", "r", "f"]))
        .await
        .unwrap();
    assert_eq!(qids.len(), 3);
    fs.open(&cx, f, O_RDONLY).await.unwrap();
    assert_eq!(&fs.read(&cx, f, 0, 100).await.unwrap()[..], b"mounted file");
    let up = Fid::fresh();
    let back = fs.walk(&cx, f, up, &names(&["..", ".."])).await;
    assert_eq!(back.map(|q| q.len()), Ok(2));
    let a = fs.getattr(&cx, up, BASIC).await.unwrap();
    let n = Fid::fresh();
    fs.walk(&cx, root, n, &names(&["n"])).await.unwrap();
    assert_eq!(fs.getattr(&cx, n, BASIC).await.unwrap().qid, a.qid);
    unix.shutdown().await;
}

#[tokio::test]
async fn a_partial_walk_returns_the_qids_walked_and_no_fid() {
    let unix = system().await;
    let fs = unix.export();
    let cx = Caller::ROOT;
    let (root, nf) = (Fid::fresh(), Fid::fresh());
    fs.attach(&cx, root, "").await.unwrap();
    let qids = fs
        .walk(&cx, root, nf, &names(&["n", "nope"]))
        .await
        .unwrap();
    assert_eq!(qids.len(), 1);
    assert_eq!(fs.getattr(&cx, nf, BASIC).await.err(), Some(Errno::EBADF));
    let first = fs.walk(&cx, root, nf, &names(&["nope"])).await;
    assert_eq!(first, Err(Errno::ENOENT));
    unix.shutdown().await;
}

#[tokio::test]
async fn reading_a_union_directory_lists_every_member_once() {
    let unix = system().await;
    let fs = unix.export();
    let cx = Caller::ROOT;
    let (root, u) = (Fid::fresh(), Fid::fresh());
    fs.attach(&cx, root, "").await.unwrap();
    fs.walk(&cx, root, u, &names(&["u"])).await.unwrap();
    fs.open(&cx, u, O_RDONLY).await.unwrap();
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let batch = fs.readdir(&cx, u, offset, 60).await.unwrap();
        let Some(last) = batch.last() else { break };
        offset = last.offset;
        seen.extend(batch.into_iter().map(|e| e.name));
    }
    assert_eq!(seen, names(&[".", "..", "y", "x"]));
    unix.shutdown().await;
}

#[tokio::test]
async fn create_through_the_export_goes_to_the_union_create_member() {
    let unix = system().await;
    let fs = unix.export();
    let cx = Caller::ROOT;
    let (root, u, a) = (Fid::fresh(), Fid::fresh(), Fid::fresh());
    fs.attach(&cx, root, "").await.unwrap();
    fs.walk(&cx, root, u, &names(&["u"])).await.unwrap();
    fs.create(&cx, u, "new", O_RDWR, 0o644, 0).await.unwrap();
    assert_eq!(fs.write(&cx, u, 0, "hello".into()).await, Ok(5));
    fs.walk(&cx, root, a, &names(&["a", "new"])).await.unwrap();
    fs.open(&cx, a, O_RDONLY).await.unwrap();
    assert_eq!(&fs.read(&cx, a, 0, 100).await.unwrap()[..], b"hello");
    unix.shutdown().await;
}

#[tokio::test]
async fn the_exported_namespace_passes_the_fileserver_conformance_suite() {
    let unix = image().boot().await.unwrap();
    let fs = unix.export();
    tokio::time::timeout(common::GUARD, warren_proto::conformance::run(&*fs))
        .await
        .expect("conformance suite hung");
    unix.shutdown().await;
}

#[tokio::test]
async fn a_fifo_shows_as_a_regular_file_and_its_reads_still_reach_the_server() {
    let unix = image()
        .mount(
            "/n/p",
            "#pipe",
            Arc::new(PipeFs::new()),
            MountFlags::REPLACE,
        )
        .boot()
        .await
        .unwrap();
    let fs = unix.export();
    let cx = Caller::ROOT;
    let (root, dir, rd, wr) = (Fid::fresh(), Fid::fresh(), Fid::fresh(), Fid::fresh());
    fs.attach(&cx, root, "").await.unwrap();
    fs.walk(&cx, root, dir, &names(&["n", "p"])).await.unwrap();
    fs.walk(&cx, dir, rd, &names(&["data"])).await.unwrap();
    fs.walk(&cx, dir, wr, &names(&["data1"])).await.unwrap();
    let mode = fs.getattr(&cx, rd, BASIC).await.unwrap().mode;
    assert_eq!(mode & S_IFMT, S_IFREG, "mode {mode:o}");
    assert_eq!(mode & 0o7777, 0o600, "permission bits kept");
    fs.open(&cx, dir, O_RDONLY).await.unwrap();
    let listed: Vec<(String, u8)> = fs
        .readdir(&cx, dir, 0, 4096)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.name.starts_with("data"))
        .map(|e| (e.name, e.ty))
        .collect();
    let reg = DirEntry::dtype(S_IFREG);
    assert_eq!(listed, [("data".into(), reg), ("data1".into(), reg)]);
    fs.open(&cx, wr, O_WRONLY).await.unwrap();
    fs.open(&cx, rd, O_RDONLY).await.unwrap();
    assert_eq!(fs.write(&cx, wr, 0, "through".into()).await, Ok(7));
    assert_eq!(&fs.read(&cx, rd, 0, 100).await.unwrap()[..], b"through");
    unix.shutdown().await;
}
