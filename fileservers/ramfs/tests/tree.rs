//! ramfs directory behaviour beyond the conformance suite: cookies, renames, removal.

use std::collections::BTreeSet;

use warren_proto::attr::oflags::O_RDWR;
use warren_proto::conformance::Harness;
use warren_proto::{Errno, FileServer};
use warren_ramfs::RamFs;

const AT_REMOVEDIR: u32 = 0x200;

#[tokio::test]
async fn dot_and_dotdot_come_first_with_cookies_one_and_two() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("dots").await;
    t.put(dir, "f", b"").await;
    let fid = t.open_dir(dir).await;
    let all = t.readdir(fid, 0, 8192).await;
    let heads: Vec<(&str, u64)> = all.iter().map(|e| (e.name.as_str(), e.offset)).collect();
    assert_eq!(heads[..2], [(".", 1), ("..", 2)]);
    assert_eq!(all[1].qid, t.getattr(h.base).await.qid);
    assert_eq!(all[2].name, "f");
    assert_eq!(
        fs.readdir(&h.cx, fid, 0, 10).await,
        Err(Errno::EINVAL),
        "count below one entry"
    );
}

#[tokio::test]
async fn a_directory_of_2500_entries_lists_completely_in_small_batches() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("big").await;
    let want: BTreeSet<String> = (0..2500).map(|i| format!("entry{i:05}")).collect();
    for name in &want {
        t.put(dir, name, b"").await;
    }
    let got = t.list(dir, 300).await;
    assert_eq!(got.len(), want.len());
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want);
}

#[tokio::test]
async fn a_moved_directory_walks_dotdot_to_its_new_parent_and_nlink_follows() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("move_dir").await;
    for name in ["a", "b"] {
        fs.mkdir(&h.cx, dir, name, 0o755, 0).await.unwrap();
    }
    let (a, b) = (t.walk(dir, &["a"]).await, t.walk(dir, &["b"]).await);
    fs.mkdir(&h.cx, a, "sub", 0o755, 0).await.unwrap();
    assert_eq!(t.getattr(a).await.nlink, 3);
    fs.renameat(&h.cx, a, "sub", b, "moved").await.unwrap();
    let up = t.walk(b, &["moved", ".."]).await;
    assert_eq!(t.getattr(up).await.qid.path, t.getattr(b).await.qid.path);
    assert_eq!((t.getattr(a).await.nlink, t.getattr(b).await.nlink), (2, 3));
}

#[tokio::test]
async fn renames_between_kinds_are_eisdir_or_enotdir() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("kinds").await;
    t.put(dir, "f", b"").await;
    fs.mkdir(&h.cx, dir, "d", 0o755, 0).await.unwrap();
    assert_eq!(
        fs.renameat(&h.cx, dir, "f", dir, "d").await,
        Err(Errno::EISDIR)
    );
    assert_eq!(
        fs.renameat(&h.cx, dir, "d", dir, "f").await,
        Err(Errno::ENOTDIR)
    );
    assert_eq!(
        fs.renameat(&h.cx, dir, "none", dir, "x").await,
        Err(Errno::ENOENT)
    );
    fs.renameat(&h.cx, dir, "f", dir, "f").await.unwrap();
    assert_eq!(t.list(dir, 8192).await.len(), 2);
}

#[tokio::test]
async fn renaming_onto_an_ancestor_of_the_source_is_enotempty() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("onto_ancestor").await;
    fs.mkdir(&h.cx, dir, "p", 0o755, 0).await.unwrap();
    let p = t.walk(dir, &["p"]).await;
    fs.mkdir(&h.cx, p, "c", 0o755, 0).await.unwrap();
    let c = t.walk(p, &["c"]).await;
    fs.mkdir(&h.cx, c, "x", 0o755, 0).await.unwrap();
    assert_eq!(
        fs.renameat(&h.cx, c, "x", dir, "p").await,
        Err(Errno::ENOTEMPTY)
    );
    assert_eq!(
        fs.renameat(&h.cx, c, "x", p, "c").await,
        Err(Errno::ENOTEMPTY)
    );
    assert_eq!(
        fs.renameat(&h.cx, dir, "p", c, "x").await,
        Err(Errno::EINVAL)
    );
}

#[tokio::test]
async fn a_removed_directory_refuses_new_entries() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("removed").await;
    fs.mkdir(&h.cx, dir, "d", 0o755, 0).await.unwrap();
    let d = t.walk(dir, &["d"]).await;
    fs.unlinkat(&h.cx, dir, "d", AT_REMOVEDIR).await.unwrap();
    assert_eq!(fs.mkdir(&h.cx, d, "x", 0o755, 0).await, Err(Errno::ENOENT));
    let f = t.walk(d, &[]).await;
    assert_eq!(
        fs.create(&h.cx, f, "x", O_RDWR, 0o644, 0).await,
        Err(Errno::ENOENT)
    );
    assert_eq!(t.getattr(d).await.nlink, 0);
    assert_eq!(
        fs.renameat(&h.cx, dir, "none", d, "x").await,
        Err(Errno::ENOENT)
    );
}

#[tokio::test]
async fn remove_of_the_root_is_ebusy_and_of_a_full_directory_enotempty() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("remove").await;
    let root = t.walk(h.root, &[]).await;
    assert_eq!(fs.remove(&h.cx, root).await, Err(Errno::EBUSY));
    t.put(dir, "f", b"").await;
    let d = t.walk(dir, &[]).await;
    assert_eq!(fs.remove(&h.cx, d).await, Err(Errno::ENOTEMPTY));
    assert_eq!(
        fs.clunk(&h.cx, d).await,
        Err(Errno::EBADF),
        "remove frees the fid on error"
    );
    t.walk(h.base, &["remove", "f"]).await;
}

#[tokio::test]
async fn trename_moves_the_file_the_fid_names() {
    let fs = RamFs::new();
    let h = Harness::new(&fs).await;
    let (t, dir) = h.check("trename").await;
    t.put(dir, "f", b"mine").await;
    let f = t.walk(dir, &["f"]).await;
    fs.renameat(&h.cx, dir, "f", dir, "g").await.unwrap();
    fs.rename(&h.cx, f, dir, "h").await.unwrap();
    assert_eq!(t.list(dir, 8192).await, ["h"]);
    assert_eq!(t.get(dir, "h").await, b"mine");
}
