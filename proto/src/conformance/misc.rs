//! Checks of `Tstatfs` and `Tclunk`.

use super::Harness;
use crate::{Errno, Fid};

/// `Tstatfs` answers with a block size and a name length.
pub async fn statfs_answers(h: &Harness<'_>) {
    let (t, dir) = h.check("statfs_answers").await;
    let st = t.ok(h.fs.statfs(&h.cx, dir).await, "statfs");
    t.truth(st.bsize > 0, "statfs block size is 0");
    t.truth(st.namelen > 0, "statfs name length is 0");
}

/// `Tclunk` of a fid the server never saw is `EBADF` (this suite requires the errno, not Ok).
pub async fn clunk_of_an_unknown_fid_is_ebadf(h: &Harness<'_>) {
    let (t, _) = h.check("clunk_of_an_unknown_fid_is_ebadf").await;
    t.err(
        h.fs.clunk(&h.cx, Fid::fresh()).await,
        Errno::EBADF,
        "clunk of an unknown fid",
    );
}
