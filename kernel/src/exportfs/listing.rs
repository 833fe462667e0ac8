//! `Treaddir` through an export: a plain directory is passed to its server (cookies are the
//! server's); a union is read whole at offset 0 and served from that snapshot (cookies are
//! positions), so names added during a listing of a union appear on the next listing.

use std::sync::Arc;

use warren_proto::{Caller, DirEntry, Result};

use super::fids::{map_qid, ExFid};
use crate::ns::{dir, MountTable};

/// Entries of the opened directory `f` after cookie `offset`, within `count` bytes.
/// Returns the entries and, for a union read from offset 0, the new snapshot to keep.
///
/// # Errors
/// `EBADF` (not open), the members' readdir errors.
pub async fn readdir(
    t: &MountTable,
    cx: &Caller,
    f: &ExFid,
    offset: u64,
    count: u32,
) -> Result<(Vec<DirEntry>, Option<Arc<Vec<DirEntry>>>)> {
    let chan = f.opened()?;
    if f.loc.members.len() == 1 {
        let mut es = chan.server().readdir(cx, chan.fid(), offset, count).await?;
        for e in &mut es {
            let dev = dir::fix_mount_qid(t, &f.loc.path, chan.dev, e);
            e.qid = map_qid(dev, e.qid);
        }
        return Ok((es, None));
    }
    let (listing, fresh) = match (&f.listing, offset) {
        (Some(l), o) if o > 0 => (l.clone(), None),
        _ => {
            let all = dir::read_all(t, cx, &f.loc, true).await?;
            let es = all.into_iter().enumerate().map(|(i, (dev, e))| DirEntry {
                qid: map_qid(dev, e.qid),
                offset: i as u64 + 1,
                ..e
            });
            let l = Arc::new(es.collect::<Vec<_>>());
            (l.clone(), Some(l))
        }
    };
    let mut used = 0;
    let page = listing
        .iter()
        .skip(offset as usize)
        .take_while(|e| {
            used += e.wire_size();
            used <= count as usize
        })
        .cloned()
        .collect();
    Ok((page, fresh))
}
