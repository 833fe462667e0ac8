//! Path resolution: walk a clean path from the root mount, through mount points, union
//! directories and symlinks (Plan 9 `namec`/`walk` in `port/chan.c`).
//!
//! Names are walked in batches: one `Twalk` carries every element up to the next mount
//! point. In a union the batch is tried in each member in order; the first member whose
//! server walks the first name wins (Plan 9: "the first name wins"), and the rest of the
//! batch is walked there. A symlink met on the way is replaced by its target (relative to
//! the link's directory, or absolute from the root) and resolution restarts from the root;
//! after [`MAX_LINKS`] links it fails with `ELOOP`.

use warren_proto::{Caller, Errno, Qid, Result};

use super::{Chan, Loc, MountTable};
use crate::path;

/// Symlinks followed in one resolution before `ELOOP` (Linux's `MAXSYMLINKS`).
pub const MAX_LINKS: usize = 40;

/// How far a batch got: `walked` names, ending at `chan`.
struct Step {
    walked: usize,
    chan: Chan,
}

impl MountTable {
    /// Resolve the clean absolute `path`; `follow` says whether a final symlink is followed
    /// (open, stat, chdir) or returned as itself (lstat, readlink, remove).
    ///
    /// # Errors
    /// `ENOENT` (a missing element, or no root), `ENOTDIR` (walk through a file), `ELOOP`
    /// (more than [`MAX_LINKS`] symlinks), a server's walk or readlink error.
    pub async fn resolve(&self, cx: &Caller, path: &str, follow: bool) -> Result<Loc> {
        self.walk_from(cx, self.root()?, path::elements(path), follow)
            .await
    }

    /// Walk `names` (single elements, no `.` or `..`) from `start`.
    ///
    /// # Errors
    /// as [`MountTable::resolve`].
    pub async fn walk_from(
        &self,
        cx: &Caller,
        start: Loc,
        mut names: Vec<String>,
        follow: bool,
    ) -> Result<Loc> {
        let (mut loc, mut i, mut links) = (start, 0, 0);
        while i < names.len() {
            let k = self.next_mount(&loc.path, &names, i);
            if k == i {
                let p = path::child(&loc.path, &names[i]);
                loc = self.loc(&p).ok_or(Errno::ENOENT)?;
                i += 1;
                continue;
            }
            let step = walk_batch(cx, &loc, &names[i..k]).await?;
            let end = i + step.walked;
            let at = names[i..end]
                .iter()
                .fold(loc.path.clone(), |p, n| path::child(&p, n));
            let link = step.chan.qid.is_symlink() && (end < names.len() || follow);
            if !link {
                loc = Loc::single(at, step.chan);
                i = end;
                continue;
            }
            links += 1;
            if links > MAX_LINKS {
                return Err(Errno::ELOOP);
            }
            names = follow_link(cx, &step.chan, &at, &names[end..]).await?;
            (loc, i) = (self.root()?, 0);
        }
        Ok(loc)
    }

    /// The index of the first name at or after `i` whose path is a mount point, or
    /// `names.len()`.
    fn next_mount(&self, dir: &str, names: &[String], i: usize) -> usize {
        if self.len() <= 1 {
            return names.len();
        }
        let mut p = dir.to_string();
        for (k, n) in names.iter().enumerate().skip(i) {
            p = path::child(&p, n);
            if self.is_mount(&p) {
                return k;
            }
        }
        names.len()
    }
}

/// The elements of the path a walk continues on after meeting the symlink `link` at path
/// `at`: its target (relative to `at`'s directory) followed by the names not yet walked.
async fn follow_link(cx: &Caller, link: &Chan, at: &str, rest: &[String]) -> Result<Vec<String>> {
    let target = link.server().readlink(cx, link.fid()).await?;
    let dir = path::split(at).map_or_else(|| "/".to_string(), |(d, _)| d);
    let mut next = path::join(&dir, &target);
    for n in rest {
        next = path::child(&next, n);
    }
    Ok(path::elements(&next))
}

/// Walk `names` (non-empty, no mount point among their prefixes) from the union `loc`:
/// the first member that has `names[0]` wins. Stops early after a symlink.
async fn walk_batch(cx: &Caller, loc: &Loc, names: &[String]) -> Result<Step> {
    let mut first_err = None;
    for m in loc.members.iter() {
        match m.chan.walk(cx, names).await {
            Err(e) => {
                first_err.get_or_insert(e);
            }
            Ok((qids, chan)) => return finish_batch(cx, &m.chan, names, &qids, chan).await,
        }
    }
    Err(first_err.unwrap_or(Errno::ENOENT))
}

/// Turn one member's walk answer into a [`Step`]: the whole batch, or the prefix ending at
/// the first symlink (walked again to get a fid on it), or the error a partial walk means.
async fn finish_batch(
    cx: &Caller,
    from: &Chan,
    names: &[String],
    qids: &[Qid],
    chan: Option<Chan>,
) -> Result<Step> {
    let link = qids.iter().position(|q| q.is_symlink());
    match (link, chan) {
        (Some(s), chan) if s + 1 < names.len() || chan.is_none() => {
            drop(chan);
            let (_, c) = from.walk(cx, &names[..=s]).await?;
            let chan = c.ok_or(Errno::ENOENT)?;
            Ok(Step {
                walked: s + 1,
                chan,
            })
        }
        (_, Some(chan)) => Ok(Step {
            walked: names.len(),
            chan,
        }),
        (_, None) => match qids.last() {
            Some(q) if !q.is_dir() => Err(Errno::ENOTDIR),
            _ => Err(Errno::ENOENT),
        },
    }
}
