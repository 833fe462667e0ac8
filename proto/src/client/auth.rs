//! `Tattach` from the client, with a credential when one is configured: `Tauth`, the secret
//! written to the auth fid (`password SECRET` or `key SECRET`), `Tattach` naming it, then
//! `Tclunk` of the auth fid. Source: attach(5), 9P2000.L `Tauth`; the server's side is in
//! [`crate::server`] ("Authentication").

use bytes::Bytes;

use super::conn::Effect;
use super::fs::wstr;
use super::Client;
use crate::errno::{Errno, Result};
use crate::fs::{Caller, Fid, FileServer};
use crate::msg::{Rmsg, Tmsg, NOFID};
use crate::qid::Qid;
use crate::server::Secret;

impl Client {
    /// Attach `fid` to the tree `aname` as `cx`: `uname` is [`ClientOptions::uname`] or the
    /// uid in decimal, `n_uname` the uid; with [`ClientOptions::secret`] the attach names an
    /// auth fid holding it (unless the server answers `Tauth` with `EOPNOTSUPP`: it offers no
    /// authentication, and the attach goes without).
    ///
    /// [`ClientOptions::uname`]: super::ClientOptions::uname
    /// [`ClientOptions::secret`]: super::ClientOptions::secret
    ///
    /// # Errors
    /// `EACCES` when the server refuses the attach or the credential; `ENAMETOOLONG` for an
    /// aname over 65535 bytes; `EBADF` for a `fid` in use; transport errors.
    pub(super) async fn attach_as(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        let aname = wstr(aname)?;
        let uname = match &self.uname {
            Some(name) => name.clone(),
            None => cx.uid.0.to_string(),
        };
        let afid = match &self.secret {
            Some(secret) => self.authenticate(cx, &uname, &aname, secret).await?,
            None => None,
        };
        let res = self.tattach(fid, afid, uname, aname, cx).await;
        if let Some(a) = afid {
            let _ = self.clunk(cx, a).await;
        }
        res
    }

    /// `Tattach` of `fid` naming auth fid `afid` (`None`: `NOFID`).
    async fn tattach(
        &self,
        fid: Fid,
        afid: Option<Fid>,
        uname: String,
        aname: String,
        cx: &Caller,
    ) -> Result<Qid> {
        let afid = match afid {
            Some(a) => self.wire(a)?,
            None => NOFID,
        };
        let wire = self.alloc(fid)?;
        let msg = Tmsg::Attach {
            fid: wire,
            afid,
            uname,
            aname,
            n_uname: cx.uid.0,
        };
        let effect = Effect::Creates {
            fid,
            wire,
            nwname: None,
        };
        match self.rpc(&msg, effect).await? {
            Rmsg::Attach { qid } => Ok(qid),
            _ => Err(Errno::EPROTO),
        }
    }

    /// `Tauth` for `uname`, then write `secret` to the new auth fid; `None` when the server
    /// answers `Tauth` with `EOPNOTSUPP`.
    ///
    /// # Errors
    /// The server's errno for `Tauth` or the write (the auth fid is clunked); `EIO` for a
    /// short write.
    async fn authenticate(
        &self,
        cx: &Caller,
        uname: &str,
        aname: &str,
        secret: &Secret,
    ) -> Result<Option<Fid>> {
        let afid = Fid::fresh();
        let wire = self.alloc(afid)?;
        let msg = Tmsg::Auth {
            afid: wire,
            uname: uname.to_string(),
            aname: aname.to_string(),
            n_uname: cx.uid.0,
        };
        let effect = Effect::Creates {
            fid: afid,
            wire,
            nwname: None,
        };
        match self.rpc(&msg, effect).await {
            Ok(Rmsg::Auth { .. }) => {}
            Ok(_) => return Err(Errno::EPROTO),
            Err(Errno::EOPNOTSUPP) => return Ok(None),
            Err(e) => return Err(e),
        }
        let text = Bytes::from(secret.to_text());
        let len = text.len() as u32;
        match self.write(cx, afid, 0, text).await {
            Ok(n) if n == len => Ok(Some(afid)),
            res => {
                let _ = self.clunk(cx, afid).await;
                Err(res.err().unwrap_or(Errno::EIO))
            }
        }
    }
}
