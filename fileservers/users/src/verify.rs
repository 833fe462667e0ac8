//! Checking a credential against the store: [`UserFs::verify`], and the store as the
//! [`Authenticator`] of a 9P listener (`warren_proto::server`, "Authentication").
//!
//! Stricter than console login: a credential must be a secret, so an empty password or key
//! proves nothing, and neither does an empty (no password needed) or locked hash. The hash
//! is copied out and checked without holding the store's lock (argon2 takes tens of
//! milliseconds), so a check never stalls the fileserver.

use warren_proto::server::{Authenticator, Credential, Peer};
use warren_proto::{Caller, Errno, Gid, Result, Uid};

use crate::fs::UserFs;
use crate::hash::verify_password;

impl UserFs {
    /// Who `name` is, if `cred` proves it: a password checked against the user's
    /// `/etc/shadow` hash, a key against the user's `/etc/keys` hash. Returns the user's uid
    /// and primary gid; `None` for an unknown user, a wrong, empty or locked credential, or
    /// a user with no hash of that kind (or an empty one). Slow by design (argon2).
    pub fn verify(&self, name: &str, cred: Credential<'_>) -> Option<(Uid, Gid)> {
        let (ids, hash, secret) = {
            let store = self.store();
            let user = store.user(name)?;
            let (hash, secret) = match cred {
                Credential::Password(p) => (store.password_hash(name)?, p),
                Credential::Key(k) => (store.key_hash(name)?, k),
            };
            ((user.uid, user.gid), hash.to_string(), secret)
        };
        let proven = !secret.is_empty() && !hash.is_empty() && verify_password(&hash, secret);
        proven.then_some(ids)
    }
}

impl UserFs {
    /// The login name `uname` stands for: a user's name, or else a uid in decimal (Warren's
    /// client sends the caller's uid as its uname).
    fn login_name(&self, uname: &str) -> Option<String> {
        let store = self.store();
        let user = match store.user(uname) {
            Some(user) => user,
            None => store.user_by_uid(Uid(uname.parse().ok()?))?,
        };
        Some(user.name.clone())
    }
}

impl Authenticator for UserFs {
    /// [`UserFs::verify`] of the user `uname` names (a login name, or a uid in decimal):
    /// the caller is that user (its uid and primary gid), whatever `n_uname` claims.
    ///
    /// # Errors
    /// `EACCES` when `uname` names no user or the credential does not prove it.
    fn check(
        &self,
        _peer: &Peer,
        uname: &str,
        _n_uname: u32,
        cred: Credential<'_>,
    ) -> Result<Caller> {
        let name = self.login_name(uname).ok_or(Errno::EACCES)?;
        let (uid, gid) = self.verify(&name, cred).ok_or(Errno::EACCES)?;
        Ok(Caller { uid, gid, pid: 0 })
    }
}
