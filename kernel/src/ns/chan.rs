//! `Chan`: a server-side fid on one fileserver, clunked when its last reference drops.
//!
//! Plan 9's `Chan` (`port/chan.c`): the kernel's handle on a file. A `Chan` is cheap to clone;
//! clones share the fid. The qid and the device number (`dev`: which attach the fid came
//! from) travel beside the shared fid, so a walk result can be relabelled without a new fid.
//! Chans held by mount tables are never opened; an open or create first clones the fid
//! (`Chan::clone_fid`) unless the chan is the only reference (`Chan::into_owned`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use warren_proto::{Caller, Errno, Fid, FileServer, Qid, Result};

/// A fid on `server`; dropping the last reference clunks it on the tokio runtime.
///
/// Invariant: the fid is valid on `server` for as long as a `FidRef` exists and is armed.
pub(crate) struct FidRef {
    server: Arc<dyn FileServer>,
    fid: Fid,
    caller: Caller,
    armed: bool,
}

impl Drop for FidRef {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let (server, fid, caller) = (self.server.clone(), self.fid, self.caller);
        // Outside a runtime (a test dropping a kernel after its runtime) the fid is left
        // to the server: there is no one left to talk to it.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let _ = server.clunk(&caller, fid).await;
            });
        }
    }
}

/// A handle on one file of one fileserver: Plan 9's `Chan`.
#[derive(Clone)]
pub struct Chan {
    fid: Arc<FidRef>,
    /// The file's qid as its server last reported it.
    pub qid: Qid,
    /// Which attach the fid descends from: two chans with equal `dev` are in one tree.
    pub dev: u64,
}

impl Chan {
    /// Wrap a fid that `caller` made valid on `server` (by attach or walk).
    pub(crate) fn new(
        server: Arc<dyn FileServer>,
        fid: Fid,
        qid: Qid,
        dev: u64,
        caller: Caller,
    ) -> Chan {
        let fid = Arc::new(FidRef {
            server,
            fid,
            caller,
            armed: true,
        });
        Chan { fid, qid, dev }
    }

    /// `Tattach` to `server` as `cx`: a chan on the root of tree `aname`, with a new `dev`.
    ///
    /// # Errors
    /// The server's attach error (`ENOENT` for an unknown `aname`, `EACCES`).
    pub(crate) async fn attach(
        server: Arc<dyn FileServer>,
        cx: &Caller,
        aname: &str,
    ) -> Result<Chan> {
        static NEXT_DEV: AtomicU64 = AtomicU64::new(1);
        let fid = Fid::fresh();
        let qid = server.attach(cx, fid, aname).await?;
        let dev = NEXT_DEV.fetch_add(1, Ordering::Relaxed);
        Ok(Chan::new(server, fid, qid, dev, *cx))
    }

    /// The server this chan's fid lives on.
    pub fn server(&self) -> &Arc<dyn FileServer> {
        &self.fid.server
    }

    /// The server-side fid.
    pub fn fid(&self) -> Fid {
        self.fid.fid
    }

    /// The same fid under another qid (after `Tlcreate` or `Tlopen` report it).
    pub(crate) fn with_qid(self, qid: Qid) -> Chan {
        Chan { qid, ..self }
    }

    /// `Twalk` from this chan through `wnames` to a new fid, as the server answers it.
    ///
    /// Returns the qids walked and, when every name was walked, the new chan.
    ///
    /// # Errors
    /// The walk's error for the first name (`ENOENT`, `ENOTDIR`).
    pub(crate) async fn walk(
        &self,
        cx: &Caller,
        wnames: &[String],
    ) -> Result<(Vec<Qid>, Option<Chan>)> {
        let newfid = Fid::fresh();
        let qids = self.server().walk(cx, self.fid(), newfid, wnames).await?;
        if qids.len() < wnames.len() {
            return Ok((qids, None));
        }
        let qid = qids.last().copied().unwrap_or(self.qid);
        let chan = Chan::new(self.server().clone(), newfid, qid, self.dev, *cx);
        Ok((qids, Some(chan)))
    }

    /// A new fid naming the same file (`Twalk` with no names).
    ///
    /// # Errors
    /// `EBADF` if the server lost the fid.
    pub(crate) async fn clone_fid(&self, cx: &Caller) -> Result<Chan> {
        match self.walk(cx, &[]).await? {
            (_, Some(c)) => Ok(c),
            (_, None) => Err(Errno::EIO),
        }
    }

    /// This chan if it is the only reference to its fid, else a clone of the fid: a chan
    /// that may be opened or created through without disturbing anyone.
    ///
    /// # Errors
    /// as [`Chan::clone_fid`].
    pub(crate) async fn into_owned(self, cx: &Caller) -> Result<Chan> {
        if Arc::strong_count(&self.fid) == 1 {
            return Ok(self);
        }
        self.clone_fid(cx).await
    }

    /// Drop this reference; if it was the last, clunk the fid now rather than later.
    pub(crate) async fn release(self, cx: &Caller) {
        if let Ok(mut fid) = Arc::try_unwrap(self.fid) {
            fid.armed = false;
            let _ = fid.server.clunk(cx, fid.fid).await;
        }
    }
}
