//! Checks of `Tlcreate`, `Tlopen`, `Tread` and `Twrite`.

use super::Harness;
use crate::attr::oflags::{O_APPEND, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
use crate::Errno;

/// Bytes written at offsets read back at those offsets.
pub async fn create_write_read_at_offsets(h: &Harness<'_>) {
    let (t, dir) = h.check("create_write_read_at_offsets").await;
    let fid = t.create(dir, "f", O_RDWR).await;
    t.write(fid, 0, b"hello world").await;
    t.write(fid, 6, b"WORLD").await;
    t.bytes(&t.read_all(fid).await, b"hello WORLD", "contents");
    let part = t.ok(h.fs.read(&h.cx, fid, 3, 4).await, "read 4 at 3");
    t.bytes(&part, b"lo W", "read 4 bytes at offset 3");
    let end = t.ok(h.fs.read(&h.cx, fid, 11, 10).await, "read at the end");
    t.truth(end.is_empty(), "read at the end is not empty");
    t.clunk(fid).await;
    t.bytes(
        &t.get(dir, "f").await,
        b"hello WORLD",
        "contents through a new fid",
    );
}

/// A write past the end fills the gap with zeros.
pub async fn write_past_the_end_zero_fills(h: &Harness<'_>) {
    let (t, dir) = h.check("write_past_the_end_zero_fills").await;
    let fid = t.create(dir, "f", O_RDWR).await;
    t.write(fid, 0, b"ab").await;
    t.write(fid, 5, b"cd").await;
    t.bytes(&t.read_all(fid).await, b"ab\0\0\0cd", "contents");
    t.eq(t.getattr(fid).await.size, 7, "size");
}

/// `O_TRUNC` empties a file opened for writing.
pub async fn open_with_o_trunc_truncates(h: &Harness<'_>) {
    let (t, dir) = h.check("open_with_o_trunc_truncates").await;
    t.put(dir, "f", b"old contents").await;
    let fid = t.open(dir, "f", O_WRONLY | O_TRUNC).await;
    t.eq(t.getattr(fid).await.size, 0, "size after O_TRUNC");
    t.write(fid, 0, b"new").await;
    t.clunk(fid).await;
    t.bytes(&t.get(dir, "f").await, b"new", "contents");
}

/// Writes through an `O_APPEND` fid go to the end whatever their offset.
pub async fn o_append_writes_go_to_the_end(h: &Harness<'_>) {
    let (t, dir) = h.check("o_append_writes_go_to_the_end").await;
    t.put(dir, "f", b"one").await;
    let fid = t.open(dir, "f", O_WRONLY | O_APPEND).await;
    t.write(fid, 0, b"two").await;
    t.write(fid, 1, b"three").await;
    t.clunk(fid).await;
    t.bytes(&t.get(dir, "f").await, b"onetwothree", "contents");
}

/// Creating a name that exists is `EEXIST`, and the existing file is untouched.
pub async fn create_of_an_existing_name_is_eexist(h: &Harness<'_>) {
    let (t, dir) = h.check("create_of_an_existing_name_is_eexist").await;
    t.put(dir, "f", b"kept").await;
    t.ok(h.fs.mkdir(&h.cx, dir, "d", 0o755, 0).await, "mkdir d");
    for name in ["f", "d"] {
        let fid = t.walk(dir, &[]).await;
        let r = h.fs.create(&h.cx, fid, name, O_RDWR, 0o644, 0).await;
        t.err(r, Errno::EEXIST, &format!("create of existing {name:?}"));
    }
    t.err(
        h.fs.mkdir(&h.cx, dir, "f", 0o755, 0).await,
        Errno::EEXIST,
        "mkdir of existing f",
    );
    t.bytes(&t.get(dir, "f").await, b"kept", "contents");
}

/// Creating inside a regular file is `ENOTDIR`.
pub async fn create_in_a_file_is_enotdir(h: &Harness<'_>) {
    let (t, dir) = h.check("create_in_a_file_is_enotdir").await;
    t.put(dir, "f", b"").await;
    let fid = t.walk(dir, &["f"]).await;
    let r = h.fs.create(&h.cx, fid, "x", O_RDWR, 0o644, 0).await;
    t.err(r, Errno::ENOTDIR, "create in a file");
}

/// I/O needs the matching access mode, and a directory opens only for reading.
pub async fn access_modes_are_enforced(h: &Harness<'_>) {
    let (t, dir) = h.check("access_modes_are_enforced").await;
    t.put(dir, "f", b"data").await;
    let rd = t.open(dir, "f", O_RDONLY).await;
    let r =
        h.fs.write(&h.cx, rd, 0, bytes::Bytes::from_static(b"x"))
            .await;
    t.err(r, Errno::EBADF, "write to a read-only fid");
    let wr = t.open(dir, "f", O_WRONLY).await;
    t.err(
        h.fs.read(&h.cx, wr, 0, 10).await,
        Errno::EBADF,
        "read of a write-only fid",
    );
    let d = t.walk(dir, &[]).await;
    t.err(
        h.fs.open(&h.cx, d, O_RDWR).await,
        Errno::EISDIR,
        "open a directory for writing",
    );
}
