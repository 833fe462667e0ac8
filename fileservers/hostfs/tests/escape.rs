//! Attempts to leave the export: `..` at the root, absolute and relative symlinks pointing
//! outside, names with slashes, and changes through links. None reaches `outside/`.

mod common;

use std::os::unix::fs::{symlink, MetadataExt};

use common::{World, SECRET};
use warren_hostfs::HostOptions;
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR};
use warren_proto::attr::{setattr, S_IFLNK, S_IFMT};
use warren_proto::{Caller, Errno, FileServer, SetAttr};

const CX: Caller = Caller::ROOT;

/// Links a test plants in the export, each pointing outside it.
fn plant_links(w: &World) -> Vec<&'static str> {
    let root = w.root();
    let outside = w.outside();
    std::fs::create_dir(root.join("sub")).expect("mkdir sub");
    let links = [
        ("abs-passwd", "/etc/passwd".to_string()),
        ("abs-etc", "/etc".to_string()),
        ("abs-root", "/".to_string()),
        ("abs-secret", outside.join("secret").display().to_string()),
        ("abs-outside", outside.display().to_string()),
        ("rel-passwd", "../../../../etc/passwd".to_string()),
        ("rel-etc", "../../../../../../etc".to_string()),
        ("rel-secret", "../outside/secret".to_string()),
        ("rel-outside", "../outside".to_string()),
        ("sub/up-outside", "../../outside".to_string()),
    ];
    for (name, target) in &links {
        symlink(target, root.join(name)).expect("plant symlink");
    }
    links.iter().map(|(name, _)| *name).collect()
}

#[tokio::test]
async fn dotdot_at_the_root_stays_at_the_root() {
    let w = World::new(HostOptions::default());
    std::fs::write(w.root().join("inside"), b"in").expect("write inside");
    let t = w.check("dotdot");
    let root = w.attach().await;
    let root_qid = t.getattr(root).await.qid;
    for names in [&[".."][..], &["..", "..", ".."], &[".", "..", "."]] {
        let up = t.walk(root, names).await;
        assert_eq!(t.getattr(up).await.qid, root_qid, "walk {names:?}");
    }
    let up = t.walk(root, &["..", ".."]).await;
    assert_eq!(t.list(up, 8192).await, vec!["inside".to_string()]);
    for names in [&["..", "outside"][..], &["..", "..", "outside", "secret"]] {
        let (fid, r) = t.try_walk(root, names).await;
        assert!(r.expect("partial walk").len() < names.len(), "{names:?}");
        assert_eq!(w.fs.getattr(&CX, fid, 0).await, Err(Errno::EBADF));
    }
}

#[tokio::test]
async fn symlinks_pointing_outside_are_links_that_do_not_open() {
    let w = World::new(HostOptions::default());
    let t = w.check("symlinks");
    let root = w.attach().await;
    for name in plant_links(&w) {
        let path: Vec<&str> = name.split('/').collect();
        let link = t.walk(root, &path).await;
        assert_eq!(t.getattr(link).await.mode & S_IFMT, S_IFLNK, "{name}");
        for flags in [O_RDONLY, O_RDWR] {
            assert_eq!(
                w.fs.open(&CX, link, flags).await,
                Err(Errno::ELOOP),
                "{name}"
            );
        }
        for below in ["passwd", "secret", "."] {
            let (fid, r) = t.try_walk(link, &[below]).await;
            assert_eq!(r, Err(Errno::ENOTDIR), "walk {name}/{below}");
            assert_eq!(w.fs.clunk(&CX, fid).await, Err(Errno::EBADF));
        }
    }
}

#[tokio::test]
async fn walks_through_outside_links_stop_at_the_link() {
    let w = World::new(HostOptions::default());
    let t = w.check("through links");
    let root = w.attach().await;
    plant_links(&w);
    for names in [
        &["abs-etc", "passwd"][..],
        &["abs-root", "etc", "passwd"],
        &["abs-outside", "secret"],
        &["rel-etc", "passwd"],
        &["rel-outside", "secret"],
        &["sub", "up-outside", "secret"],
    ] {
        let (fid, r) = t.try_walk(root, names).await;
        let qids = r.expect("partial walk");
        assert!(qids.len() < names.len(), "walk {names:?} completed");
        assert!(qids.last().is_some_and(|q| q.is_symlink()), "{names:?}");
        assert_eq!(w.fs.getattr(&CX, fid, 0).await, Err(Errno::EBADF));
    }
}

#[tokio::test]
async fn changes_through_outside_links_are_refused() {
    let w = World::new(HostOptions::default());
    let t = w.check("changes through links");
    let root = w.attach().await;
    plant_links(&w);
    symlink(w.outside().join("new"), w.root().join("dangling")).expect("plant dangling");
    let out = t.walk(root, &["abs-outside"]).await;
    let fid = t.walk(out, &[]).await;
    let r = w.fs.create(&CX, fid, "new", O_RDWR, 0o644, 0).await;
    assert_eq!(r, Err(Errno::ENOTDIR), "create in a link");
    let r = w.fs.mkdir(&CX, out, "new", 0o755, 0).await;
    assert_eq!(r, Err(Errno::ENOTDIR), "mkdir in a link");
    let r = w.fs.symlink(&CX, out, "new", "x", 0).await;
    assert_eq!(r, Err(Errno::ENOTDIR), "symlink in a link");
    let r = w.fs.unlinkat(&CX, out, "secret", 0).await;
    assert_eq!(r, Err(Errno::ENOTDIR), "unlinkat in a link");
    let r = w.fs.renameat(&CX, out, "secret", root, "stolen").await;
    assert_eq!(r, Err(Errno::ENOTDIR), "renameat out of a link");
    let fid = t.walk(root, &[]).await;
    let r = w.fs.create(&CX, fid, "dangling", O_RDWR, 0o644, 0).await;
    assert_eq!(r, Err(Errno::EEXIST), "create over a dangling link");
    let names: Vec<String> = std::fs::read_dir(w.outside())
        .expect("read outside")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["secret".to_string()]);
    assert_eq!(
        std::fs::read(w.outside().join("secret")).expect("secret"),
        SECRET
    );
}

#[tokio::test]
async fn setattr_and_link_on_a_symlink_leave_its_target_alone() {
    let w = World::new(HostOptions::default());
    let t = w.check("setattr on links");
    let root = w.attach().await;
    plant_links(&w);
    let secret = w.outside().join("secret");
    let before = std::fs::metadata(&secret).expect("stat secret");
    let link = t.walk(root, &["abs-secret"]).await;
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o777,
        ..SetAttr::default()
    };
    assert_eq!(
        w.fs.setattr(&CX, link, &chmod).await,
        Err(Errno::EOPNOTSUPP)
    );
    let truncate = SetAttr {
        valid: setattr::SIZE,
        ..SetAttr::default()
    };
    assert_eq!(w.fs.setattr(&CX, link, &truncate).await, Err(Errno::EINVAL));
    let touch = SetAttr {
        valid: setattr::MTIME | setattr::MTIME_SET,
        mtime_sec: 1000,
        ..SetAttr::default()
    };
    w.fs.setattr(&CX, link, &touch)
        .await
        .expect("utimes on a link");
    assert_eq!(
        t.getattr(link).await.mtime_sec,
        1000,
        "the link's own mtime"
    );
    w.fs.link(&CX, root, link, "hard").await.expect("link");
    let hard = t.walk(root, &["hard"]).await;
    assert_eq!(t.getattr(hard).await.mode & S_IFMT, S_IFLNK);
    let after = std::fs::metadata(&secret).expect("stat secret");
    assert_eq!(
        (after.mode(), after.len(), after.mtime(), after.nlink()),
        (before.mode(), before.len(), before.mtime(), 1)
    );
}

#[tokio::test]
async fn names_that_are_not_one_element_are_einval_in_process() {
    let w = World::new(HostOptions::default());
    let t = w.check("names");
    let root = w.attach().await;
    std::fs::write(w.root().join("f"), b"f").expect("write f");
    let f = t.walk(root, &["f"]).await;
    for bad in ["../outside", "a/b", "/etc", "x\0y", ""] {
        let (_, r) = t.try_walk(root, &[bad]).await;
        assert_eq!(r, Err(Errno::EINVAL), "walk {bad:?}");
    }
    for bad in ["../escaped", "..", ".", "/tmp/escaped"] {
        let dir = t.walk(root, &[]).await;
        let r = w.fs.create(&CX, dir, bad, O_RDWR, 0o644, 0).await;
        assert_eq!(r, Err(Errno::EINVAL), "create {bad:?}");
        let r = w.fs.mkdir(&CX, root, bad, 0o755, 0).await;
        assert_eq!(r, Err(Errno::EINVAL), "mkdir {bad:?}");
        let r = w.fs.symlink(&CX, root, bad, "f", 0).await;
        assert_eq!(r, Err(Errno::EINVAL), "symlink {bad:?}");
        let r = w.fs.link(&CX, root, f, bad).await;
        assert_eq!(r, Err(Errno::EINVAL), "link {bad:?}");
        let r = w.fs.renameat(&CX, root, "f", root, bad).await;
        assert_eq!(r, Err(Errno::EINVAL), "renameat to {bad:?}");
        let r = w.fs.rename(&CX, f, root, bad).await;
        assert_eq!(r, Err(Errno::EINVAL), "rename to {bad:?}");
    }
    let r = w.fs.unlinkat(&CX, root, "../outside/secret", 0).await;
    assert_eq!(r, Err(Errno::EINVAL), "unlinkat through ..");
    assert_eq!(
        std::fs::read(w.outside().join("secret")).expect("secret"),
        SECRET
    );
    assert!(!w.tmp.path().join("escaped").exists());
}

#[tokio::test]
async fn a_symlink_swapped_in_after_the_walk_does_not_redirect_the_fid() {
    let w = World::new(HostOptions::default());
    std::fs::create_dir(w.root().join("d")).expect("mkdir d");
    std::fs::write(w.root().join("d/secret"), b"inside").expect("write d/secret");
    let t = w.check("swap after walk");
    let root = w.attach().await;
    let dir = t.walk(root, &["d"]).await;
    let file = t.walk(root, &["d", "secret"]).await;
    std::fs::rename(w.root().join("d"), w.root().join("d.old")).expect("move d away");
    symlink(w.outside(), w.root().join("d")).expect("swap in a link");
    assert_eq!(t.get(dir, "secret").await, b"inside");
    t.truth(w.fs.open(&CX, file, O_RDONLY).await.is_ok(), "open file");
    assert_eq!(t.read_all(file).await, b"inside");
    let names = t.list(dir, 8192).await;
    assert_eq!(names, vec!["secret".to_string()]);
    let (fid, r) = t.try_walk(root, &["d", "secret"]).await;
    assert_eq!(r.expect("partial walk").len(), 1);
    assert_eq!(w.fs.clunk(&CX, fid).await, Err(Errno::EBADF));
    let up = t.walk(dir, &[".."]).await;
    assert_eq!(t.getattr(up).await.qid, t.getattr(root).await.qid, "d/..");
}
