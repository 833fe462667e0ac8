//! [`Perm`]: the wrapper's state (the parent of each fid) and the helpers its requests share.
//!
//! `Tremove` and `Trename` name only the file, but the check is on the directory holding it,
//! so Perm keeps, for each client fid reached by a walk or a create, a fid of its own on the
//! inner server naming that fid's parent directory (a clone taken during the walk). The
//! parent fid follows the directory if it is renamed, and is clunked with the client fid.
//! A fid without one (an attach fid, the result of a walk ending in `..`) is a directory, and
//! its parent is found by walking `..` from a clone. Known limit: when another fid renames a
//! file into another directory, fids that were already naming it keep the old parent.
//! A request cancelled midway (its future dropped) may leave one of Perm's own fids
//! unclunked on the inner server: a leak, never a wrong answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use warren_proto::attr::{getattr, setattr};
use warren_proto::{Attr, Caller, Errno, Fid, FileServer, Result, SetAttr, Uid};

use crate::access::{may, Access};
use crate::policy::check_dir_write;

/// What Perm needs of an inner file's attributes.
const MASK: u64 = getattr::MODE | getattr::UID | getattr::GID;

/// The permission middleware: a fileserver that checks the caller against the owner, group
/// and other mode bits of the files of `inner`, then forwards the request to it.
///
/// See the crate docs for which request needs what. Concurrency: Perm's own lock guards only
/// its fid table and is never held across a call to `inner`.
pub struct Perm<S: ?Sized> {
    pub(crate) inner: Arc<S>,
    /// Client fid → Perm's fid on `inner` naming its parent directory.
    parents: Mutex<HashMap<Fid, Fid>>,
}

impl<S: FileServer + ?Sized> Perm<S> {
    /// Wrap `inner`: `Perm::new(RamFs::new())`, or `Perm::<dyn FileServer>::new(arc)`.
    pub fn new(inner: impl Into<Arc<S>>) -> Perm<S> {
        Perm {
            inner: inner.into(),
            parents: Mutex::new(HashMap::new()),
        }
    }

    fn parents(&self) -> MutexGuard<'_, HashMap<Fid, Fid>> {
        self.parents.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Record `parent` as the parent fid of `fid`, clunking the one it replaces.
    pub(crate) async fn set_parent(&self, cx: &Caller, fid: Fid, parent: Option<Fid>) {
        let old = match parent {
            Some(p) => self.parents().insert(fid, p),
            None => self.parents().remove(&fid),
        };
        self.clunk_quietly(cx, old).await;
    }

    /// Forget the parent fid of `fid` and clunk it.
    pub(crate) async fn drop_parent(&self, cx: &Caller, fid: Fid) {
        self.set_parent(cx, fid, None).await;
    }

    /// The parent fid recorded for `fid`, if any.
    pub(crate) fn parent_of(&self, fid: Fid) -> Option<Fid> {
        self.parents().get(&fid).copied()
    }

    /// Clunk Perm's own fid, if any; errors reach nobody.
    pub(crate) async fn clunk_quietly(&self, cx: &Caller, fid: Option<Fid>) {
        if let Some(fid) = fid {
            let _ = self.inner.clunk(cx, fid).await;
        }
    }

    /// A new fid of Perm's own naming what `fid` names. Errors: the inner walk's.
    pub(crate) async fn clone_fid(&self, cx: &Caller, fid: Fid) -> Result<Fid> {
        self.walk_own(cx, fid, &[]).await
    }

    /// A new fid of Perm's own: `fid` walked through `names` on the inner server, unchecked.
    ///
    /// # Errors
    /// The inner walk's; `ENOENT` when it stops short.
    pub(crate) async fn walk_own(&self, cx: &Caller, fid: Fid, names: &[String]) -> Result<Fid> {
        let own = Fid::fresh();
        let qids = self.inner.walk(cx, fid, own, names).await?;
        if qids.len() != names.len() {
            return Err(Errno::ENOENT);
        }
        Ok(own)
    }

    /// The mode, uid and gid of what `fid` names. Errors: the inner getattr's.
    pub(crate) async fn attr(&self, cx: &Caller, fid: Fid) -> Result<Attr> {
        self.inner.getattr(cx, fid, MASK).await
    }

    /// The attributes of `name` in the directory `dir` (`None` if there is no such entry).
    pub(crate) async fn attr_at(&self, cx: &Caller, dir: Fid, name: &str) -> Option<Attr> {
        let own = self.walk_own(cx, dir, &[name.to_string()]).await.ok()?;
        let attr = self.attr(cx, own).await;
        self.clunk_quietly(cx, Some(own)).await;
        attr.ok()
    }

    /// The attributes of the directory holding what `fid` names (see the module docs).
    ///
    /// # Errors
    /// The inner server's, from the getattr or the walk to `..`.
    pub(crate) async fn parent_attr(&self, cx: &Caller, fid: Fid) -> Result<Attr> {
        if let Some(parent) = self.parent_of(fid) {
            return self.attr(cx, parent).await;
        }
        let up = self.walk_own(cx, fid, &["..".to_string()]).await?;
        let attr = self.attr(cx, up).await;
        self.clunk_quietly(cx, Some(up)).await;
        attr
    }

    /// Check that `cx` may access what `fid` names as `want`.
    ///
    /// # Errors
    /// `EACCES` when the mode bits deny it; the inner getattr's errors.
    pub(crate) async fn require(&self, cx: &Caller, fid: Fid, want: Access) -> Result<()> {
        match may(&self.attr(cx, fid).await?, cx, want) {
            true => Ok(()),
            false => Err(Errno::EACCES),
        }
    }

    /// Check that `cx` may add or remove names in the directory `dir` (w and x).
    ///
    /// # Errors
    /// `EACCES` when the mode bits deny it; the inner getattr's errors.
    pub(crate) async fn require_dir_write(&self, cx: &Caller, dir: Fid) -> Result<()> {
        check_dir_write(&self.attr(cx, dir).await?, cx)
    }

    /// Make what `fid` names belong to `cx` (uid and gid), as root, unless it already does.
    ///
    /// # Errors
    /// The inner getattr's or setattr's.
    pub(crate) async fn give_to(&self, cx: &Caller, fid: Fid) -> Result<()> {
        let attr = self.attr(cx, fid).await?;
        if (attr.uid, attr.gid) == (cx.uid.0, cx.gid.0) {
            return Ok(());
        }
        let valid = setattr::UID | setattr::GID;
        let change = SetAttr {
            valid,
            uid: cx.uid.0,
            gid: cx.gid.0,
            ..SetAttr::default()
        };
        self.inner.setattr(&Caller::ROOT, fid, &change).await
    }

    /// [`Perm::give_to`] for the entry `name` of the directory `dir`.
    ///
    /// # Errors
    /// The inner walk's, getattr's or setattr's.
    pub(crate) async fn give_at(&self, cx: &Caller, dir: Fid, name: &str) -> Result<()> {
        let own = self.walk_own(cx, dir, &[name.to_string()]).await?;
        let given = self.give_to(cx, own).await;
        self.clunk_quietly(cx, Some(own)).await;
        given
    }
}

/// Whether `cx` is the superuser, whom Perm lets do anything.
pub(crate) fn is_root(cx: &Caller) -> bool {
    cx.uid == Uid::ROOT
}
