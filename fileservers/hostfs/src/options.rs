//! What an export allows ([`HostOptions`]) and how host owners show to Warren ([`IdMap`]).

use warren_proto::{Gid, Uid};

/// How a [`HostFs`](crate::HostFs) serves its directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostOptions {
    /// Refuse every change with `EROFS`: create, write, open for writing or with `O_TRUNC`,
    /// setattr, mkdir, symlink, link, rename, unlink, remove, mknod.
    pub read_only: bool,
    /// How host file owners map to Warren ids and back.
    pub ids: IdMap,
}

impl Default for HostOptions {
    /// Read-write, host ids shown as they are ([`IdMap::identity`]).
    fn default() -> HostOptions {
        HostOptions {
            read_only: false,
            ids: IdMap::identity(),
        }
    }
}

/// How host uids and gids map to Warren's, both ways.
///
/// Host → Warren (`Tgetattr`) is total: every host id shows as some Warren id.
/// Warren → host (`Tsetattr` uid/gid, i.e. chown) is partial: a Warren id with no host id
/// is refused with `EPERM`, and the host then applies its own rules to the host id.
/// Files created by a host process running as root get the caller's mapped ids (an unmapped
/// one is left as root's); otherwise, and always with [`IdMap::squash`], they get the host
/// process's own ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdMap {
    rule: Rule,
}

/// The three mappings [`IdMap`] offers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    /// Host id n is Warren id n, both ways.
    Identity,
    /// Every host id shows as `uid`/`gid`, which map back to the host process's ids.
    Squash {
        uid: Uid,
        gid: Gid,
        host_uid: u32,
        host_gid: u32,
    },
    /// Listed `(host, warren)` pairs, and a default for unlisted host ids.
    List {
        uids: Vec<(u32, Uid)>,
        gids: Vec<(u32, Gid)>,
        default_uid: Uid,
        default_gid: Gid,
    },
}

impl IdMap {
    /// Host uid/gid n shows as Warren uid/gid n, and chown to n sets host n.
    pub fn identity() -> IdMap {
        IdMap {
            rule: Rule::Identity,
        }
    }

    /// Every file shows as owned by `uid`/`gid`; chown to `uid`/`gid` sets the host process's
    /// own ids (effective uid and gid, read now), chown to anything else is `EPERM`. Files
    /// created get the host process's ids.
    pub fn squash(uid: Uid, gid: Gid) -> IdMap {
        let host_uid = rustix::process::geteuid().as_raw();
        let host_gid = rustix::process::getegid().as_raw();
        IdMap {
            rule: Rule::Squash {
                uid,
                gid,
                host_uid,
                host_gid,
            },
        }
    }

    /// Explicit `(host id, Warren id)` pairs for users and groups; a host id not listed shows
    /// as `default_uid`/`default_gid`. Back to the host, a Warren id maps to the host id of
    /// its first pair, and a Warren id in no pair (the defaults included, unless listed) is
    /// `EPERM`.
    pub fn list(
        uids: Vec<(u32, Uid)>,
        gids: Vec<(u32, Gid)>,
        default_uid: Uid,
        default_gid: Gid,
    ) -> IdMap {
        IdMap {
            rule: Rule::List {
                uids,
                gids,
                default_uid,
                default_gid,
            },
        }
    }

    /// The Warren uid a file owned by host uid `host` shows.
    pub fn warren_uid(&self, host: u32) -> Uid {
        match &self.rule {
            Rule::Identity => Uid(host),
            Rule::Squash { uid, .. } => *uid,
            Rule::List {
                uids, default_uid, ..
            } => forward(uids, host).unwrap_or(*default_uid),
        }
    }

    /// The Warren gid a file of host gid `host` shows.
    pub fn warren_gid(&self, host: u32) -> Gid {
        match &self.rule {
            Rule::Identity => Gid(host),
            Rule::Squash { gid, .. } => *gid,
            Rule::List {
                gids, default_gid, ..
            } => forward(gids, host).unwrap_or(*default_gid),
        }
    }

    /// The host uid a chown to Warren uid `uid` sets; `None` when `uid` has none (`EPERM`).
    pub fn host_uid(&self, uid: Uid) -> Option<u32> {
        match &self.rule {
            Rule::Identity => Some(uid.0),
            Rule::Squash {
                uid: squash,
                host_uid,
                ..
            } => (uid == *squash).then_some(*host_uid),
            Rule::List { uids, .. } => back(uids, uid),
        }
    }

    /// The host gid a chown to Warren gid `gid` sets; `None` when `gid` has none (`EPERM`).
    pub fn host_gid(&self, gid: Gid) -> Option<u32> {
        match &self.rule {
            Rule::Identity => Some(gid.0),
            Rule::Squash {
                gid: squash,
                host_gid,
                ..
            } => (gid == *squash).then_some(*host_gid),
            Rule::List { gids, .. } => back(gids, gid),
        }
    }

    /// Whether created files always keep the host process's ids ([`IdMap::squash`]).
    pub(crate) fn squashes(&self) -> bool {
        matches!(self.rule, Rule::Squash { .. })
    }
}

/// The Warren id of the first pair for host id `host`.
fn forward<W: Copy>(pairs: &[(u32, W)], host: u32) -> Option<W> {
    pairs.iter().find(|(h, _)| *h == host).map(|(_, w)| *w)
}

/// The host id of the first pair for Warren id `warren`.
fn back<W: PartialEq>(pairs: &[(u32, W)], warren: W) -> Option<u32> {
    pairs.iter().find(|(_, w)| *w == warren).map(|(h, _)| *h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_id_to_itself_both_ways() {
        let ids = IdMap::identity();
        assert_eq!(
            (ids.warren_uid(1000), ids.warren_gid(7)),
            (Uid(1000), Gid(7))
        );
        assert_eq!(
            (ids.host_uid(Uid(0)), ids.host_gid(Gid(5))),
            (Some(0), Some(5))
        );
    }

    #[test]
    fn squash_shows_one_owner_and_maps_only_it_back_to_the_process() {
        let ids = IdMap::squash(Uid(1000), Gid(100));
        assert_eq!(
            (ids.warren_uid(0), ids.warren_gid(42)),
            (Uid(1000), Gid(100))
        );
        let me = rustix::process::geteuid().as_raw();
        assert_eq!(ids.host_uid(Uid(1000)), Some(me));
        assert_eq!(ids.host_uid(Uid(0)), None);
        assert_eq!(ids.host_gid(Gid(0)), None);
    }

    #[test]
    fn list_maps_listed_ids_and_defaults_one_way_only() {
        let ids = IdMap::list(
            vec![(1500, Uid(1000)), (1501, Uid(1000))],
            vec![(300, Gid(100))],
            Uid(65534),
            Gid(65534),
        );
        assert_eq!(ids.warren_uid(1501), Uid(1000));
        assert_eq!(ids.warren_uid(9), Uid(65534));
        assert_eq!(ids.warren_gid(300), Gid(100));
        assert_eq!(ids.host_uid(Uid(1000)), Some(1500), "the first pair wins");
        assert_eq!(
            ids.host_uid(Uid(65534)),
            None,
            "the default does not map back"
        );
        assert_eq!(ids.host_gid(Gid(100)), Some(300));
    }
}
