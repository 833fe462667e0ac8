//! Checks of `Tattach` and `Twalk`.

use super::Harness;
use crate::{Errno, Fid};

/// `Tattach` gives a directory qid.
pub async fn attach_gives_a_directory_qid(h: &Harness<'_>) {
    let (t, _) = h.check("attach_gives_a_directory_qid").await;
    let fid = Fid::fresh();
    let qid = t.ok(h.fs.attach(&h.cx, fid, "").await, "attach");
    t.truth(qid.is_dir(), "attach qid is not a directory");
    t.clunk(fid).await;
}

/// A walk with no names clones the fid: same file, independent fid.
pub async fn walk_with_no_names_clones(h: &Harness<'_>) {
    let (t, dir) = h.check("walk_with_no_names_clones").await;
    let (clone, qids) = t.try_walk(dir, &[]).await;
    t.eq(t.ok(qids, "walk []").len(), 0, "qids of a clone");
    t.eq(
        t.getattr(clone).await.qid.path,
        t.getattr(dir).await.qid.path,
        "clone's qid path",
    );
    t.clunk(clone).await;
    t.getattr(dir).await;
}

/// A walk whose first name is missing is `ENOENT`.
pub async fn walk_of_missing_first_name_is_enoent(h: &Harness<'_>) {
    let (t, dir) = h.check("walk_of_missing_first_name_is_enoent").await;
    let (_, r) = t.try_walk(dir, &["missing"]).await;
    t.err(r, Errno::ENOENT, "walk [missing]");
}

/// A walk failing after its first name returns the qids walked and does not create `newfid`:
/// any later use of it is an error (this suite requires `EBADF` for getattr).
pub async fn partial_walk_returns_fewer_qids_without_newfid(h: &Harness<'_>) {
    let (t, dir) = h
        .check("partial_walk_returns_fewer_qids_without_newfid")
        .await;
    t.ok(h.fs.mkdir(&h.cx, dir, "sub", 0o755, 0).await, "mkdir sub");
    t.put(dir, "file", b"x").await;
    for names in [
        &["sub", "missing"][..],
        &["file", "below"],
        &["sub", "..", "nope", "x"],
    ] {
        let (fid, r) = t.try_walk(dir, names).await;
        let qids = t.ok(r, &format!("walk {names:?}"));
        t.truth(
            qids.len() < names.len(),
            &format!("walk {names:?} claims to be complete"),
        );
        t.truth(
            !qids.is_empty(),
            &format!("walk {names:?} returned no qids"),
        );
        t.err(
            h.fs.getattr(&h.cx, fid, 0).await,
            Errno::EBADF,
            "getattr of a partial walk's newfid",
        );
    }
}

/// `..` from a subdirectory reaches its parent; at the root it stays at the root.
pub async fn walk_dotdot_reaches_the_parent(h: &Harness<'_>) {
    let (t, dir) = h.check("walk_dotdot_reaches_the_parent").await;
    t.ok(h.fs.mkdir(&h.cx, dir, "sub", 0o755, 0).await, "mkdir sub");
    let up = t.walk(dir, &["sub", ".."]).await;
    t.eq(
        t.getattr(up).await.qid.path,
        t.getattr(dir).await.qid.path,
        "qid path of sub/..",
    );
    let top = t.walk(h.root, &[".."]).await;
    t.eq(
        t.getattr(top).await.qid.path,
        t.getattr(h.root).await.qid.path,
        "qid path of /..",
    );
}

/// Walking through a regular file is `ENOTDIR`.
pub async fn walk_through_a_file_is_enotdir(h: &Harness<'_>) {
    let (t, dir) = h.check("walk_through_a_file_is_enotdir").await;
    t.put(dir, "file", b"x").await;
    let file = t.walk(dir, &["file"]).await;
    let (_, r) = t.try_walk(file, &["x"]).await;
    t.err(r, Errno::ENOTDIR, "walk from a file");
}
