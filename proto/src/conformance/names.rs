//! Checks of `Trename`, `Trenameat`, `Tunlinkat`, `Tremove`, `Tsymlink` and `Treadlink`.

use super::Harness;
use crate::attr::{S_IFLNK, S_IFMT};
use crate::Errno;

/// `AT_REMOVEDIR` for `Tunlinkat`.
const AT_REMOVEDIR: u32 = 0x200;

/// `Trename` and `Trenameat` inside one directory: the old name is gone, the contents kept.
pub async fn rename_within_a_directory_keeps_contents(h: &Harness<'_>) {
    let (t, dir) = h.check("rename_within_a_directory_keeps_contents").await;
    t.put(dir, "f", b"data").await;
    let fid = t.walk(dir, &["f"]).await;
    t.ok(h.fs.rename(&h.cx, fid, dir, "g").await, "rename f to g");
    t.err(
        t.try_walk(dir, &["f"]).await.1,
        Errno::ENOENT,
        "walk to the old name",
    );
    t.bytes(&t.get(dir, "g").await, b"data", "contents after rename");
    t.ok(
        h.fs.renameat(&h.cx, dir, "g", dir, "h").await,
        "renameat g to h",
    );
    t.err(
        t.try_walk(dir, &["g"]).await.1,
        Errno::ENOENT,
        "walk to the old name",
    );
    t.bytes(&t.get(dir, "h").await, b"data", "contents after renameat");
    t.eq(
        t.list(dir, 8192).await,
        vec!["h".to_string()],
        "names after renames",
    );
}

/// `Trenameat` and `Trename` between directories.
pub async fn rename_across_directories_keeps_contents(h: &Harness<'_>) {
    let (t, dir) = h.check("rename_across_directories_keeps_contents").await;
    for name in ["a", "b"] {
        t.ok(h.fs.mkdir(&h.cx, dir, name, 0o755, 0).await, "mkdir");
    }
    let (a, b) = (t.walk(dir, &["a"]).await, t.walk(dir, &["b"]).await);
    t.put(a, "f", b"moved").await;
    t.ok(
        h.fs.renameat(&h.cx, a, "f", b, "g").await,
        "renameat a/f to b/g",
    );
    t.err(t.try_walk(a, &["f"]).await.1, Errno::ENOENT, "walk to a/f");
    t.bytes(&t.get(b, "g").await, b"moved", "contents of b/g");
    let g = t.walk(b, &["g"]).await;
    t.ok(
        h.fs.rename(&h.cx, g, a, "back").await,
        "rename b/g to a/back",
    );
    t.err(t.try_walk(b, &["g"]).await.1, Errno::ENOENT, "walk to b/g");
    t.bytes(&t.get(a, "back").await, b"moved", "contents of a/back");
}

/// Renaming onto an existing file replaces it.
pub async fn rename_replaces_an_existing_file(h: &Harness<'_>) {
    let (t, dir) = h.check("rename_replaces_an_existing_file").await;
    t.put(dir, "new", b"new").await;
    t.put(dir, "old", b"old").await;
    t.ok(
        h.fs.renameat(&h.cx, dir, "new", dir, "old").await,
        "renameat new onto old",
    );
    t.bytes(
        &t.get(dir, "old").await,
        b"new",
        "contents of the replaced name",
    );
    t.eq(
        t.list(dir, 8192).await,
        vec!["old".to_string()],
        "names after replacing",
    );
}

/// A directory may replace an empty directory, not a non-empty one, and never moves into
/// itself or below itself.
pub async fn rename_of_a_directory_follows_posix(h: &Harness<'_>) {
    let (t, dir) = h.check("rename_of_a_directory_follows_posix").await;
    for name in ["d", "empty", "full"] {
        t.ok(
            h.fs.mkdir(&h.cx, dir, name, 0o755, 0).await,
            &format!("mkdir {name}"),
        );
    }
    let d = t.walk(dir, &["d"]).await;
    t.ok(h.fs.mkdir(&h.cx, d, "sub", 0o755, 0).await, "mkdir d/sub");
    let full = t.walk(dir, &["full"]).await;
    t.put(full, "x", b"").await;
    t.err(
        h.fs.renameat(&h.cx, dir, "d", dir, "full").await,
        Errno::ENOTEMPTY,
        "onto full",
    );
    t.err(
        h.fs.renameat(&h.cx, dir, "d", d, "in").await,
        Errno::EINVAL,
        "into itself",
    );
    let sub = t.walk(dir, &["d", "sub"]).await;
    t.err(
        h.fs.renameat(&h.cx, dir, "d", sub, "in").await,
        Errno::EINVAL,
        "below itself",
    );
    t.ok(
        h.fs.renameat(&h.cx, dir, "d", dir, "empty").await,
        "renameat d onto empty",
    );
    t.walk(dir, &["empty", "sub"]).await;
    t.err(
        t.try_walk(dir, &["d"]).await.1,
        Errno::ENOENT,
        "walk to the old name",
    );
}

/// `Tunlinkat` of a file removes its name.
pub async fn unlinkat_removes_a_file(h: &Harness<'_>) {
    let (t, dir) = h.check("unlinkat_removes_a_file").await;
    t.put(dir, "f", b"x").await;
    t.ok(h.fs.unlinkat(&h.cx, dir, "f", 0).await, "unlinkat f");
    t.err(
        t.try_walk(dir, &["f"]).await.1,
        Errno::ENOENT,
        "walk to the removed name",
    );
    t.eq(
        t.list(dir, 8192).await,
        Vec::<String>::new(),
        "names after unlinkat",
    );
    t.err(
        h.fs.unlinkat(&h.cx, dir, "f", 0).await,
        Errno::ENOENT,
        "unlinkat f again",
    );
}

/// `Tunlinkat` of a directory needs `AT_REMOVEDIR` (else `EISDIR`) and an empty directory
/// (else `ENOTEMPTY`); `AT_REMOVEDIR` on a file is `ENOTDIR`.
pub async fn unlinkat_of_directories_follows_posix(h: &Harness<'_>) {
    let (t, dir) = h.check("unlinkat_of_directories_follows_posix").await;
    t.ok(h.fs.mkdir(&h.cx, dir, "d", 0o755, 0).await, "mkdir d");
    t.err(
        h.fs.unlinkat(&h.cx, dir, "d", 0).await,
        Errno::EISDIR,
        "unlinkat d without AT_REMOVEDIR",
    );
    let d = t.walk(dir, &["d"]).await;
    t.put(d, "f", b"").await;
    t.err(
        h.fs.unlinkat(&h.cx, dir, "d", AT_REMOVEDIR).await,
        Errno::ENOTEMPTY,
        "rmdir of non-empty d",
    );
    t.err(
        h.fs.unlinkat(&h.cx, d, "f", AT_REMOVEDIR).await,
        Errno::ENOTDIR,
        "rmdir of a file",
    );
    t.ok(h.fs.unlinkat(&h.cx, d, "f", 0).await, "unlinkat d/f");
    t.ok(
        h.fs.unlinkat(&h.cx, dir, "d", AT_REMOVEDIR).await,
        "rmdir of empty d",
    );
    t.err(
        t.try_walk(dir, &["d"]).await.1,
        Errno::ENOENT,
        "walk to the removed directory",
    );
}

/// `Tremove` unlinks the file and frees the fid even though it succeeded.
pub async fn remove_unlinks_and_frees_the_fid(h: &Harness<'_>) {
    let (t, dir) = h.check("remove_unlinks_and_frees_the_fid").await;
    t.put(dir, "f", b"x").await;
    let fid = t.walk(dir, &["f"]).await;
    t.ok(h.fs.remove(&h.cx, fid).await, "remove f");
    t.err(
        h.fs.clunk(&h.cx, fid).await,
        Errno::EBADF,
        "clunk of the removed fid",
    );
    t.err(
        t.try_walk(dir, &["f"]).await.1,
        Errno::ENOENT,
        "walk to the removed name",
    );
}

/// `Tsymlink` makes a link whose `Treadlink` is the target, typed as a symlink.
pub async fn symlink_then_readlink_gives_the_target(h: &Harness<'_>) {
    let (t, dir) = h.check("symlink_then_readlink_gives_the_target").await;
    let qid = t.ok(
        h.fs.symlink(&h.cx, dir, "l", "../some/target", 0).await,
        "symlink",
    );
    t.truth(qid.is_symlink(), "symlink qid is not a symlink");
    let fid = t.walk(dir, &["l"]).await;
    t.eq(
        t.ok(h.fs.readlink(&h.cx, fid).await, "readlink"),
        "../some/target".into(),
        "target",
    );
    t.eq(
        t.getattr(fid).await.mode & S_IFMT,
        S_IFLNK,
        "type bits of a symlink",
    );
    t.err(
        h.fs.symlink(&h.cx, dir, "l", "x", 0).await,
        Errno::EEXIST,
        "symlink of an existing name",
    );
}

/// `Treadlink` of a file or directory is `EINVAL`.
pub async fn readlink_of_a_non_symlink_is_einval(h: &Harness<'_>) {
    let (t, dir) = h.check("readlink_of_a_non_symlink_is_einval").await;
    t.put(dir, "f", b"").await;
    let fid = t.walk(dir, &["f"]).await;
    t.err(
        h.fs.readlink(&h.cx, fid).await,
        Errno::EINVAL,
        "readlink of a file",
    );
    t.err(
        h.fs.readlink(&h.cx, dir).await,
        Errno::EINVAL,
        "readlink of a directory",
    );
}
