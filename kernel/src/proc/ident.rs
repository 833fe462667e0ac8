//! A process's identity: real, effective and saved user and group ids (POSIX "Process
//! Identity", `setuid(2)`, `setgid(2)`, `execve(2)`, `kill(2)`).
//!
//! The real ids say who started the process; the effective ids are the ones every
//! fileserver request carries (the `Caller`) and every permission check in the kernel uses;
//! the saved ids remember the effective ids an `exec` gave, so a set-user-ID program that
//! switched its effective id to the real one may switch back. Exec of a file with `S_ISUID`
//! makes its owner the effective (and saved) user; `S_ISGID` its group the effective (and
//! saved) group. Scripts (`#!`) are never set-id: only the bin image that finally runs counts.

use warren_proto::{Attr, Caller, Errno, Gid, Result, Uid};

/// Set-user-ID on execution (mode bit).
pub const S_ISUID: u32 = 0o4000;
/// Set-group-ID on execution (mode bit).
pub const S_ISGID: u32 = 0o2000;

/// The user and group ids of a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ident {
    /// Real user id: who started the process.
    pub uid: Uid,
    /// Real group id.
    pub gid: Gid,
    /// Effective user id: permissions are checked against it.
    pub euid: Uid,
    /// Effective group id.
    pub egid: Gid,
    /// Saved set-user-ID: the effective user id the last exec gave.
    pub suid: Uid,
    /// Saved set-group-ID.
    pub sgid: Gid,
}

/// What an exec'd image's set-id bits ask for: its owner as effective user (`S_ISUID`),
/// its group as effective group (`S_ISGID`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetId {
    /// The image's owner, when it is set-user-ID.
    pub uid: Option<Uid>,
    /// The image's group, when it is set-group-ID.
    pub gid: Option<Gid>,
}

impl SetId {
    /// The set-id request of a file with attributes `attr`.
    pub fn of(attr: &Attr) -> SetId {
        SetId {
            uid: (attr.mode & S_ISUID != 0).then_some(Uid(attr.uid)),
            gid: (attr.mode & S_ISGID != 0).then_some(Gid(attr.gid)),
        }
    }
}

impl Ident {
    /// Every id (real, effective, saved) `uid` and `gid`.
    pub fn new(uid: Uid, gid: Gid) -> Ident {
        Ident {
            uid,
            gid,
            euid: uid,
            egid: gid,
            suid: uid,
            sgid: gid,
        }
    }

    /// The identity requests of process `pid` carry: the effective ids.
    pub fn caller(&self, pid: u32) -> Caller {
        Caller {
            uid: self.euid,
            gid: self.egid,
            pid,
        }
    }

    /// Whether the effective user is root (POSIX "appropriate privileges").
    pub fn privileged(&self) -> bool {
        self.euid == Uid::ROOT
    }

    /// The identity after an exec of an image asking `setid` (POSIX `execve(2)`): the
    /// effective ids change as asked; the saved ids become the effective ones; the real ids
    /// stay.
    pub fn exec(self, setid: SetId) -> Ident {
        let euid = setid.uid.unwrap_or(self.euid);
        let egid = setid.gid.unwrap_or(self.egid);
        Ident {
            euid,
            egid,
            suid: euid,
            sgid: egid,
            ..self
        }
    }

    /// `setuid(2)`: with root's privilege, real, effective and saved user ids become `uid`;
    /// without, the effective id may become the real or saved id (dropping or regaining a
    /// set-user-ID program's privilege).
    ///
    /// # Errors
    /// `EPERM` when not privileged and `uid` is neither the real nor the saved user id.
    pub fn setuid(&mut self, uid: Uid) -> Result<()> {
        if self.privileged() {
            (self.uid, self.euid, self.suid) = (uid, uid, uid);
        } else if uid == self.uid || uid == self.suid {
            self.euid = uid;
        } else {
            return Err(Errno::EPERM);
        }
        Ok(())
    }

    /// `setgid(2)`: as [`Ident::setuid`] for the group ids (privilege is still the effective
    /// user's).
    ///
    /// # Errors
    /// `EPERM` when not privileged and `gid` is neither the real nor the saved group id.
    pub fn setgid(&mut self, gid: Gid) -> Result<()> {
        if self.privileged() {
            (self.gid, self.egid, self.sgid) = (gid, gid, gid);
        } else if gid == self.gid || gid == self.sgid {
            self.egid = gid;
        } else {
            return Err(Errno::EPERM);
        }
        Ok(())
    }

    /// Whether this process may signal one with identity `target` (POSIX `kill(2)`): root,
    /// or the sender's real or effective user id is the target's real or saved one (so a
    /// user may signal the set-user-ID programs they started).
    pub fn may_signal(&self, target: &Ident) -> bool {
        self.privileged()
            || [self.uid, self.euid]
                .iter()
                .any(|u| *u == target.uid || *u == target.suid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u32) -> Ident {
        Ident::new(Uid(id), Gid(id))
    }

    #[test]
    fn exec_of_a_setuid_image_changes_effective_and_saved_ids_only() {
        let attr = Attr {
            mode: 0o104755,
            uid: 0,
            gid: 5,
            ..Default::default()
        };
        let id = user(1000).exec(SetId::of(&attr));
        assert_eq!((id.uid, id.euid, id.suid), (Uid(1000), Uid(0), Uid(0)));
        assert_eq!(
            (id.gid, id.egid, id.sgid),
            (Gid(1000), Gid(1000), Gid(1000))
        );
    }

    #[test]
    fn a_setuid_program_may_drop_its_privilege_to_the_real_id_and_back() {
        let mut id = user(1000).exec(SetId {
            uid: Some(Uid(7)),
            gid: None,
        });
        assert_eq!(id.setuid(Uid(1000)), Ok(()));
        assert_eq!((id.uid, id.euid, id.suid), (Uid(1000), Uid(1000), Uid(7)));
        assert_eq!(id.setuid(Uid(7)), Ok(()));
        assert_eq!(id.setuid(Uid(8)), Err(Errno::EPERM));
        assert_eq!(id.setgid(Gid(0)), Err(Errno::EPERM));
    }

    #[test]
    fn a_user_may_signal_the_setuid_program_they_started() {
        let prog = user(1000).exec(SetId {
            uid: Some(Uid(0)),
            gid: None,
        });
        assert!(user(1000).may_signal(&prog));
        assert!(!user(1001).may_signal(&prog));
        assert!(prog.may_signal(&user(1001)));
    }
}
