//! Checks of `Tgetattr` and `Tsetattr`.

use super::Harness;
use crate::attr::oflags::O_RDWR;
use crate::attr::{setattr, S_IFDIR, S_IFMT, S_IFREG};
use crate::SetAttr;

/// getattr reports the type bits, the size and the link count of files and directories.
pub async fn getattr_reports_type_size_and_nlink(h: &Harness<'_>) {
    let (t, dir) = h.check("getattr_reports_type_size_and_nlink").await;
    let fid = t.create(dir, "f", O_RDWR).await;
    t.write(fid, 0, b"12345").await;
    let a = t.getattr(fid).await;
    t.eq(a.mode & S_IFMT, S_IFREG, "type bits of a file");
    t.eq(a.size, 5, "size of a file");
    t.eq(a.nlink, 1, "nlink of a file");
    t.truth(!a.qid.is_dir(), "file qid says directory");
    let d = t.getattr(dir).await;
    t.eq(d.mode & S_IFMT, S_IFDIR, "type bits of a directory");
    t.truth(d.nlink >= 2, "nlink of a directory is below 2");
    t.truth(d.qid.is_dir(), "directory qid is not a directory");
}

/// A write changes mtime (from a value set far in the past).
pub async fn write_changes_mtime(h: &Harness<'_>) {
    let (t, dir) = h.check("write_changes_mtime").await;
    let fid = t.create(dir, "f", O_RDWR).await;
    let old = SetAttr {
        valid: setattr::MTIME | setattr::MTIME_SET,
        mtime_sec: 1000,
        ..SetAttr::default()
    };
    t.ok(h.fs.setattr(&h.cx, fid, &old).await, "setattr mtime");
    t.write(fid, 0, b"x").await;
    let a = t.getattr(fid).await;
    t.truth(
        (a.mtime_sec, a.mtime_nsec) != (1000, 0),
        "mtime unchanged by a write",
    );
}

/// chmod changes the permission bits and keeps the type bits.
pub async fn setattr_chmod_changes_permission_bits(h: &Harness<'_>) {
    let (t, dir) = h.check("setattr_chmod_changes_permission_bits").await;
    t.put(dir, "f", b"").await;
    let fid = t.walk(dir, &["f"]).await;
    for (node, ty, mode) in [(fid, S_IFREG, 0o600), (dir, S_IFDIR, 0o711)] {
        let sa = SetAttr {
            valid: setattr::MODE,
            mode,
            ..SetAttr::default()
        };
        t.ok(h.fs.setattr(&h.cx, node, &sa).await, "setattr mode");
        t.eq(t.getattr(node).await.mode, ty | mode, "mode after chmod");
    }
}

/// Setting the size truncates or zero-extends the file.
pub async fn setattr_size_truncates_and_extends(h: &Harness<'_>) {
    let (t, dir) = h.check("setattr_size_truncates_and_extends").await;
    t.put(dir, "f", b"hello world").await;
    let fid = t.walk(dir, &["f"]).await;
    for (size, want) in [(5, &b"hello"[..]), (8, b"hello\0\0\0")] {
        let sa = SetAttr {
            valid: setattr::SIZE,
            size,
            ..SetAttr::default()
        };
        t.ok(
            h.fs.setattr(&h.cx, fid, &sa).await,
            &format!("setattr size {size}"),
        );
        t.eq(t.getattr(fid).await.size, size, "size");
        t.bytes(&t.get(dir, "f").await, want, "contents");
    }
}

/// Explicit atime and mtime are kept to the nanosecond.
pub async fn setattr_sets_atime_and_mtime(h: &Harness<'_>) {
    let (t, dir) = h.check("setattr_sets_atime_and_mtime").await;
    t.put(dir, "f", b"").await;
    let fid = t.walk(dir, &["f"]).await;
    let valid = setattr::ATIME | setattr::ATIME_SET | setattr::MTIME | setattr::MTIME_SET;
    let sa = SetAttr {
        valid,
        atime_sec: 1_000_000,
        atime_nsec: 5,
        mtime_sec: 2_000_000,
        mtime_nsec: 7,
        ..SetAttr::default()
    };
    t.ok(h.fs.setattr(&h.cx, fid, &sa).await, "setattr times");
    let a = t.getattr(fid).await;
    t.eq((a.atime_sec, a.atime_nsec), (1_000_000, 5), "atime");
    t.eq((a.mtime_sec, a.mtime_nsec), (2_000_000, 7), "mtime");
}
