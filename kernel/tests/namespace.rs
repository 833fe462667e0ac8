//! Namespaces: mounts, binds, unions, unmount, `..`, relative paths, symlinks, ns lines.

mod common;

use std::sync::Arc;

use common::{argv, as_init, cat, image, names, put};
use warren_kernel::{ExitStatus, MountFlags, Share, SpawnOptions};
use warren_proto::attr::oflags::{O_CREAT, O_WRONLY};
use warren_proto::{Errno, FileServer};
use warren_ramfs::RamFs;

/// `/a` holds `x` ("a's x") and `y`; `/b` holds `x` ("b's x") and `z`.
async fn two_dirs(cx: &warren_kernel::ProcContext) {
    for d in ["/a", "/b"] {
        cx.mkdir(d, 0o755).await.unwrap();
    }
    put(cx, "/a/x", "a's x").await;
    put(cx, "/a/y", "").await;
    put(cx, "/b/x", "b's x").await;
    put(cx, "/b/z", "").await;
}

#[tokio::test]
async fn bind_before_searches_the_new_tree_first_and_lists_both() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::BEFORE).await.unwrap();
        (cat(&cx, "/b/x").await, names(&cx, "/b").await)
    })
    .await;
    assert_eq!(
        r,
        (
            "a's x".to_string(),
            vec!["x".to_string(), "y".into(), "z".into()]
        )
    );
}

#[tokio::test]
async fn bind_after_searches_the_old_tree_first() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::AFTER).await.unwrap();
        (
            cat(&cx, "/b/x").await,
            cat(&cx, "/b/y").await,
            names(&cx, "/b").await,
        )
    })
    .await;
    assert_eq!(r.0, "b's x");
    assert_eq!(r.1, "");
    assert_eq!(r.2, vec!["x".to_string(), "z".into(), "y".into()]);
}

#[tokio::test]
async fn bind_replace_hides_the_old_tree() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::REPLACE).await.unwrap();
        (names(&cx, "/b").await, cx.stat("/b/z").await.err())
    })
    .await;
    assert_eq!(r, (vec!["x".to_string(), "y".into()], Some(Errno::ENOENT)));
}

#[tokio::test]
async fn create_in_a_union_goes_to_the_create_member() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::AFTER | MountFlags::CREATE)
            .await
            .unwrap();
        put(&cx, "/b/new", "n").await;
        cx.mkdir("/b/sub", 0o755).await.unwrap();
        (names(&cx, "/a").await, cx.stat("/b/new").await.is_ok())
    })
    .await;
    assert_eq!(
        r.0,
        vec!["x".to_string(), "y".into(), "new".into(), "sub".into()]
    );
    assert!(r.1);
}

#[tokio::test]
async fn create_in_a_union_without_a_create_member_is_erofs() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::BEFORE).await.unwrap();
        let open = cx.open("/b/new", O_WRONLY | O_CREAT, 0o644).await.err();
        (
            open,
            cx.mkdir("/b/d", 0o755).await.err(),
            cx.mkdir("/b/z", 0o755).await.err(),
        )
    })
    .await;
    assert_eq!(
        r,
        (Some(Errno::EROFS), Some(Errno::EROFS), Some(Errno::EEXIST))
    );
}

#[tokio::test]
async fn unmount_restores_what_was_there() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::BEFORE).await.unwrap();
        cx.unmount(Some("/a"), "/b").await.unwrap();
        let after = (cat(&cx, "/b/x").await, names(&cx, "/b").await);
        let again = cx.unmount(None, "/b").await.err();
        (after, again, cx.ns_lines())
    })
    .await;
    assert_eq!(
        r.0,
        ("b's x".to_string(), vec!["x".to_string(), "z".into()])
    );
    assert_eq!(r.1, Some(Errno::EINVAL));
    assert_eq!(r.2, vec!["mount '#ramfs' /".to_string()]);
}

#[tokio::test]
async fn mount_shows_another_server_and_dotdot_returns_to_the_parent_tree() {
    let r = as_init(image(), |cx| async move {
        cx.mkdir("/n", 0o755).await.unwrap();
        cx.mkdir("/n/r", 0o755).await.unwrap();
        put(&cx, "/n/marker", "root tree").await;
        let other: Arc<dyn FileServer> = Arc::new(RamFs::new());
        cx.mount(other, "", "/n/r", MountFlags::REPLACE)
            .await
            .unwrap();
        put(&cx, "/n/r/f", "other tree").await;
        cx.chdir("/n/r").await.unwrap();
        let rel = cat(&cx, "f").await;
        let up = cat(&cx, "../marker").await;
        let xdev = cx.rename("/n/r/f", "/n/f").await.err();
        let busy = cx.remove("/n/r").await.err();
        (rel, up, xdev, busy, cx.ns_lines())
    })
    .await;
    assert_eq!((r.0.as_str(), r.1.as_str()), ("other tree", "root tree"));
    assert_eq!((r.2, r.3), (Some(Errno::EXDEV), Some(Errno::EBUSY)));
    assert_eq!(
        r.4,
        vec!["mount '#ramfs' /".to_string(), "mount '#anon' /n/r".into()]
    );
}

#[tokio::test]
async fn relative_paths_follow_chdir() {
    let r = as_init(image(), |cx| async move {
        cx.mkdir("/tmp/d", 0o755).await.unwrap();
        cx.chdir("/tmp/d").await.unwrap();
        put(&cx, "f", "rel").await;
        cx.mkdir("e", 0o755).await.unwrap();
        cx.chdir("e/..//./e").await.unwrap();
        let cwd = cx.cwd();
        let notdir = cx.chdir("/tmp/d/f").await.err();
        (
            cat(&cx, "/tmp/d/f").await,
            cwd,
            cat(&cx, "../f").await,
            notdir,
        )
    })
    .await;
    assert_eq!(
        r,
        (
            "rel".into(),
            "/tmp/d/e".into(),
            "rel".into(),
            Some(Errno::ENOTDIR)
        )
    );
}

#[tokio::test]
async fn symlinks_are_followed_except_by_lstat_readlink_and_remove() {
    let r = as_init(image(), |cx| async move {
        cx.mkdir("/tmp/d", 0o755).await.unwrap();
        put(&cx, "/tmp/d/f", "target").await;
        cx.symlink("/tmp/d", "/tmp/abs").await.unwrap();
        cx.symlink("d/f", "/tmp/rel").await.unwrap();
        let through_dir = cat(&cx, "/tmp/abs/f").await;
        let relative = cat(&cx, "/tmp/rel").await;
        let lstat = cx.lstat("/tmp/rel").await.unwrap().qid.is_symlink();
        let link = cx.readlink("/tmp/rel").await.unwrap();
        cx.chdir("/tmp/abs").await.unwrap();
        let cwd = cx.cwd();
        cx.remove("/tmp/rel").await.unwrap();
        let kept = cat(&cx, "/tmp/d/f").await;
        (through_dir, relative, lstat, link, cwd, kept)
    })
    .await;
    assert_eq!((r.0.as_str(), r.1.as_str()), ("target", "target"));
    assert!(r.2);
    assert_eq!(
        (r.3.as_str(), r.4.as_str(), r.5.as_str()),
        ("d/f", "/tmp/d", "target")
    );
}

#[tokio::test]
async fn a_symlink_loop_is_eloop() {
    let r = as_init(image(), |cx| async move {
        cx.symlink("/tmp/b", "/tmp/a").await.unwrap();
        cx.symlink("a", "/tmp/b").await.unwrap();
        (
            cx.stat("/tmp/a").await.err(),
            cx.lstat("/tmp/a").await.is_ok(),
        )
    })
    .await;
    assert_eq!(r, (Some(Errno::ELOOP), true));
}

#[tokio::test]
async fn a_childs_bind_is_not_seen_by_its_parent() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        let pid = cx
            .spawn_fn(argv(&["k"]), SpawnOptions::default(), |k| async move {
                let ok = k.bind("/a", "/b", MountFlags::REPLACE).await.is_ok();
                let sees = k.stat("/b/y").await.is_ok();
                ExitStatus(u8::from(ok && sees))
            })
            .await
            .unwrap();
        (cx.wait(pid).await, cx.stat("/b/y").await.err())
    })
    .await;
    assert_eq!(r, (Ok(ExitStatus(1)), Some(Errno::ENOENT)));
}

#[tokio::test]
async fn a_shared_namespace_sees_the_childs_bind() {
    let r = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        let opts = SpawnOptions {
            ns: Share::Share,
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["k"]), opts, |k| async move {
                let ok = k.bind("/a", "/b", MountFlags::REPLACE).await.is_ok();
                ExitStatus(u8::from(ok))
            })
            .await
            .unwrap();
        (cx.wait(pid).await, cat(&cx, "/b/x").await, cx.ns_lines())
    })
    .await;
    assert_eq!(r.0, Ok(ExitStatus(1)));
    assert_eq!(r.1, "a's x");
    assert_eq!(
        r.2,
        vec!["mount '#ramfs' /".to_string(), "bind /a /b".into()]
    );
}

#[tokio::test]
async fn a_fresh_namespace_is_empty() {
    let r = as_init(image(), |cx| async move {
        let opts = SpawnOptions {
            ns: Share::Fresh,
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["k"]), opts, |k| async move {
                let missing = k.stat("/").await == Err(Errno::ENOENT);
                ExitStatus(u8::from(missing))
            })
            .await
            .unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(r, Ok(ExitStatus(1)));
}

#[tokio::test]
async fn ns_lines_show_union_flags_in_order() {
    let lines = as_init(image(), |cx| async move {
        two_dirs(&cx).await;
        cx.bind("/a", "/b", MountFlags::BEFORE).await.unwrap();
        cx.bind("/tmp", "/b", MountFlags::AFTER | MountFlags::CREATE)
            .await
            .unwrap();
        cx.mount_dial("#ramfs", "", "/a", MountFlags::REPLACE)
            .await
            .unwrap();
        let unknown = cx
            .mount_dial("#nope", "", "/a", MountFlags::REPLACE)
            .await
            .err();
        (cx.ns_lines(), unknown)
    })
    .await;
    let want = [
        "mount '#ramfs' /",
        "bind -b /a /b",
        "bind -ac /tmp /b",
        "mount '#ramfs' /a",
    ];
    assert_eq!(lines.0, want.map(String::from).to_vec());
    assert_eq!(lines.1, Some(Errno::ENOENT));
}

#[tokio::test]
async fn rename_and_remove_within_one_tree() {
    let r = as_init(image(), |cx| async move {
        put(&cx, "/tmp/f", "data").await;
        cx.rename("/tmp/f", "/tmp/g").await.unwrap();
        let old = cx.stat("/tmp/f").await.err();
        let moved = cat(&cx, "/tmp/g").await;
        cx.mkdir("/tmp/d", 0o755).await.unwrap();
        put(&cx, "/tmp/d/x", "").await;
        let full = cx.remove("/tmp/d").await.err();
        cx.remove("/tmp/d/x").await.unwrap();
        cx.remove("/tmp/d").await.unwrap();
        (old, moved, full, cx.stat("/tmp/d").await.err())
    })
    .await;
    assert_eq!(
        r,
        (
            Some(Errno::ENOENT),
            "data".into(),
            Some(Errno::ENOTEMPTY),
            Some(Errno::ENOENT)
        )
    );
}
