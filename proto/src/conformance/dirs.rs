//! Checks of `Tmkdir` and `Treaddir`, including cookies across concurrent changes.

use std::collections::BTreeSet;

use super::harness::Check;
use super::Harness;
use crate::{DirEntry, Fid};

/// `Treaddir` batch size for "small batches": room for a handful of entries.
const SMALL: u32 = 100;

/// Fail unless `names` holds each of `want` exactly once and nothing else.
fn exactly(t: &Check<'_>, names: &[String], want: &BTreeSet<String>, what: &str) {
    let got: BTreeSet<String> = names.iter().cloned().collect();
    t.eq(
        got.len(),
        names.len(),
        &format!("{what}: a name listed twice in {names:?}"),
    );
    t.eq(&got, want, what);
}

/// Create `n` empty files `{prefix}{i:03}` in `dir`; their names.
async fn files(t: &Check<'_>, dir: Fid, prefix: &str, n: usize) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for i in 0..n {
        let name = format!("{prefix}{i:03}");
        t.put(dir, &name, b"").await;
        names.insert(name);
    }
    names
}

/// Continue listing the open directory `fid` after cookie `offset`, in small batches.
async fn rest(t: &Check<'_>, fid: Fid, mut offset: u64) -> Vec<DirEntry> {
    let mut out = Vec::new();
    loop {
        let batch = t.readdir(fid, offset, SMALL).await;
        let Some(last) = batch.last() else { return out };
        offset = last.offset;
        out.extend(batch);
    }
}

/// Names of `entries` without `.` and `..`.
fn names(entries: &[DirEntry]) -> Vec<String> {
    let real = entries.iter().filter(|e| e.name != "." && e.name != "..");
    real.map(|e| e.name.clone()).collect()
}

/// `Treaddir` lists every file and directory made, with their types, in big or small batches.
pub async fn mkdir_and_readdir_list_every_name(h: &Harness<'_>) {
    let (t, dir) = h.check("mkdir_and_readdir_list_every_name").await;
    let mut want = files(&t, dir, "f", 3).await;
    let qid = t.ok(h.fs.mkdir(&h.cx, dir, "sub", 0o755, 0).await, "mkdir sub");
    t.truth(qid.is_dir(), "mkdir qid is not a directory");
    want.insert("sub".into());
    exactly(
        &t,
        &t.list(dir, 8192).await,
        &want,
        "names listed in one batch",
    );
    exactly(
        &t,
        &t.list(dir, SMALL).await,
        &want,
        "names listed in small batches",
    );
    let fid = t.open_dir(dir).await;
    let entries = rest(&t, fid, 0).await;
    for e in entries.iter().filter(|e| e.name != "." && e.name != "..") {
        let dtype = if e.name == "sub" { 4 } else { 8 };
        t.eq(e.ty, dtype, &format!("d_type of {:?}", e.name));
    }
}

/// Names created between `Treaddir` batches are listed once the listing goes on.
pub async fn readdir_lists_names_added_between_batches(h: &Harness<'_>) {
    let (t, dir) = h.check("readdir_lists_names_added_between_batches").await;
    let mut want = files(&t, dir, "early", 10).await;
    let fid = t.open_dir(dir).await;
    let first = t.readdir(fid, 0, SMALL).await;
    let Some(last) = first.last() else {
        t.fail("first readdir batch is empty")
    };
    want.append(&mut files(&t, dir, "late", 3).await);
    let mut seen = names(&first);
    seen.extend(names(&rest(&t, fid, last.offset).await));
    exactly(&t, &seen, &want, "names listed across a change");
}

/// A name removed before the listing reaches it is not listed; the others are, once each.
pub async fn readdir_omits_names_removed_before_they_are_returned(h: &Harness<'_>) {
    let (t, dir) = h
        .check("readdir_omits_names_removed_before_they_are_returned")
        .await;
    let mut want = files(&t, dir, "e", 20).await;
    let fid = t.open_dir(dir).await;
    let first = t.readdir(fid, 0, SMALL).await;
    let Some(last) = first.last() else {
        t.fail("first readdir batch is empty")
    };
    let mut seen = names(&first);
    let Some(gone) = want.iter().find(|n| !seen.contains(n)).cloned() else {
        t.fail("first small batch listed every name")
    };
    t.ok(h.fs.unlinkat(&h.cx, dir, &gone, 0).await, "unlinkat");
    want.remove(&gone);
    seen.extend(names(&rest(&t, fid, last.offset).await));
    exactly(&t, &seen, &want, "names listed across a removal");
}

/// A directory of 300 entries lists completely, in many small batches.
pub async fn readdir_of_300_entries_in_small_batches_is_complete(h: &Harness<'_>) {
    let (t, dir) = h
        .check("readdir_of_300_entries_in_small_batches_is_complete")
        .await;
    let want = files(&t, dir, "n", 300).await;
    exactly(&t, &t.list(dir, SMALL).await, &want, "names of 300 entries");
}
