//! A read-only export serves reads and refuses every change with `EROFS`, leaving the host
//! directory as it was.

mod common;

use bytes::Bytes;
use common::World;
use warren_hostfs::HostOptions;
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
use warren_proto::attr::setattr;
use warren_proto::{Caller, Errno, FileServer, SetAttr};

const CX: Caller = Caller::ROOT;

fn read_only_world() -> World {
    let w = World::new(HostOptions {
        read_only: true,
        ..HostOptions::default()
    });
    std::fs::create_dir(w.root().join("d")).expect("mkdir d");
    std::fs::write(w.root().join("f"), b"kept").expect("write f");
    w
}

/// The export's names and the contents of `f`, as the host sees them.
fn host_view(w: &World) -> (Vec<String>, Vec<u8>) {
    let mut names: Vec<String> = std::fs::read_dir(w.root())
        .expect("read export")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (names, std::fs::read(w.root().join("f")).expect("read f"))
}

#[tokio::test]
async fn a_read_only_export_reads() {
    let w = read_only_world();
    assert!(w.fs.read_only());
    let t = w.check("read-only reads");
    let root = w.attach().await;
    assert_eq!(t.get(root, "f").await, b"kept");
    let mut names = t.list(root, 8192).await;
    names.sort();
    assert_eq!(names, ["d", "f"]);
}

#[tokio::test]
async fn a_read_only_export_refuses_opens_for_writing() {
    let w = read_only_world();
    let t = w.check("read-only opens");
    let root = w.attach().await;
    for flags in [O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC] {
        let f = t.walk(root, &["f"]).await;
        assert_eq!(
            w.fs.open(&CX, f, flags).await,
            Err(Errno::EROFS),
            "{flags:o}"
        );
    }
    let f = t.open(root, "f", O_RDONLY).await;
    let r = w.fs.write(&CX, f, 0, Bytes::from_static(b"x")).await;
    assert_eq!(r, Err(Errno::EROFS));
    assert_eq!(
        host_view(&w),
        (vec!["d".into(), "f".into()], b"kept".to_vec())
    );
}

#[tokio::test]
async fn a_read_only_export_refuses_every_change() {
    let w = read_only_world();
    let t = w.check("read-only changes");
    let root = w.attach().await;
    let f = t.walk(root, &["f"]).await;
    let dir = t.walk(root, &[]).await;
    let fs = &w.fs;
    let r = fs.create(&CX, dir, "new", O_RDWR, 0o644, 0).await;
    assert_eq!(r, Err(Errno::EROFS));
    assert_eq!(
        fs.mkdir(&CX, root, "new", 0o755, 0).await,
        Err(Errno::EROFS)
    );
    assert_eq!(
        fs.symlink(&CX, root, "new", "f", 0).await,
        Err(Errno::EROFS)
    );
    assert_eq!(
        fs.mknod(&CX, root, "new", 0o644, 0, 0, 0).await,
        Err(Errno::EROFS)
    );
    assert_eq!(fs.link(&CX, root, f, "new").await, Err(Errno::EROFS));
    assert_eq!(fs.rename(&CX, f, root, "new").await, Err(Errno::EROFS));
    assert_eq!(
        fs.renameat(&CX, root, "f", root, "new").await,
        Err(Errno::EROFS)
    );
    assert_eq!(fs.unlinkat(&CX, root, "f", 0).await, Err(Errno::EROFS));
    for valid in [setattr::MODE, setattr::UID, setattr::SIZE, setattr::MTIME] {
        let sa = SetAttr {
            valid,
            ..SetAttr::default()
        };
        assert_eq!(
            fs.setattr(&CX, f, &sa).await,
            Err(Errno::EROFS),
            "{valid:x}"
        );
    }
    assert_eq!(fs.remove(&CX, f).await, Err(Errno::EROFS));
    assert_eq!(
        fs.clunk(&CX, f).await,
        Err(Errno::EBADF),
        "remove frees the fid"
    );
    assert_eq!(
        host_view(&w),
        (vec!["d".into(), "f".into()], b"kept".to_vec())
    );
}
