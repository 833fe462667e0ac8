//! The vocabulary of authenticated attaches: who the peer is ([`Peer`]), whom a listener
//! believes without a credential ([`Trust`]), what a client proves itself with ([`Secret`],
//! [`Credential`]) and who checks it ([`Authenticator`]).
//!
//! The wire forms of a secret (module docs of [`super`], "Authentication"): the text written
//! to an auth fid is `password SECRET` or `key SECRET`; an attach's `aname` may start with
//! `key=SECRET`, optionally followed by `:TREE`.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::errno::Result;
use crate::fs::{Caller, Uid};

/// The far end of a served connection, as the listener saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    /// A TCP connection from this address.
    Tcp(SocketAddr),
    /// A connection accepted on the unix socket at this path.
    Unix(PathBuf),
    /// An in-process stream ([`super::serve_stream`]): the kernel or a test.
    Memory,
}

impl Peer {
    /// Whether this is a TCP connection from a loopback address (127.0.0.0/8, `::1`, or an
    /// IPv4-mapped loopback address).
    pub fn is_loopback(&self) -> bool {
        match self {
            Peer::Tcp(a) => a.ip().to_canonical().is_loopback(),
            Peer::Unix(_) | Peer::Memory => false,
        }
    }

    /// Whether this is a TCP connection.
    pub fn is_tcp(&self) -> bool {
        matches!(self, Peer::Tcp(_))
    }

    /// The name failed attempts are counted under: the IP address for TCP (every port of
    /// one host counts together), else the [`Display`](fmt::Display) form.
    pub(crate) fn key(&self) -> String {
        match self {
            Peer::Tcp(a) => a.ip().to_canonical().to_string(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Peer {
    /// `tcp!ADDRESS!PORT`, `unix!PATH` or `memory`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Peer::Tcp(a) => write!(f, "tcp!{}!{}", a.ip(), a.port()),
            Peer::Unix(path) => write!(f, "unix!{}", path.display()),
            Peer::Memory => f.write_str("memory"),
        }
    }
}

/// Which peers a listener believes without a credential: their attach is identified by
/// `n_uname`/`uname` ([`super::ServeOptions::identify`]). Any other attach needs a
/// credential, or is refused with `EACCES`.
///
/// Whatever the rule, an attach that carries a credential is judged by the credential alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Trust {
    /// Nobody: every attach needs a credential, even over an in-process stream.
    None,
    /// Unix sockets and in-process streams (the socket file's mode guards who connects);
    /// TCP needs a credential. The default.
    #[default]
    Unix,
    /// As `Unix`, plus TCP from a loopback address, except uid 0: root over TCP always
    /// needs root's credential. Any local user can connect to a loopback port.
    Loopback,
    /// Everyone, root over any TCP connection included: for tests and networks you control
    /// entirely.
    Any,
}

impl Trust {
    /// Whether an attach from `peer` identified as `uid` is believed without a credential:
    /// [`Trust::trusts`] the peer, and `uid` is not 0 over TCP (unless the rule is `Any`).
    pub fn admits(self, peer: &Peer, uid: Uid) -> bool {
        let root_over_tcp = uid == Uid::ROOT && peer.is_tcp() && self != Trust::Any;
        self.trusts(peer) && !root_over_tcp
    }

    /// Whether the rule believes `peer` at all (for some uid).
    pub fn trusts(self, peer: &Peer) -> bool {
        match (self, peer) {
            (Trust::Any, _) => true,
            (Trust::None, _) => false,
            (Trust::Unix | Trust::Loopback, Peer::Unix(_) | Peer::Memory) => true,
            (Trust::Loopback, p) => p.is_loopback(),
            (Trust::Unix, Peer::Tcp(_)) => false,
        }
    }
}

/// What a client proves itself with, borrowed: handed to an [`Authenticator`].
///
/// `Debug` shows the kind only, never the secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Credential<'a> {
    /// The user's login password (checked against `/etc/shadow`).
    Password(&'a str),
    /// One of the user's access keys (checked against `/etc/keys`).
    Key(&'a str),
}

impl fmt::Debug for Credential<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Password(_) => f.write_str("Password(..)"),
            Credential::Key(_) => f.write_str("Key(..)"),
        }
    }
}

/// An owned [`Credential`]: what a Warren client is configured with
/// ([`crate::client::ClientOptions::secret`]) and what the server holds until it checks it.
///
/// `Debug` shows the kind only, never the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// A login password.
    Password(String),
    /// An access key.
    Key(String),
}

impl Secret {
    /// The borrowed form, for [`Authenticator::check`].
    pub fn credential(&self) -> Credential<'_> {
        match self {
            Secret::Password(s) => Credential::Password(s),
            Secret::Key(s) => Credential::Key(s),
        }
    }

    /// The text a client writes to its auth fid: `password SECRET` or `key SECRET`.
    pub fn to_text(&self) -> String {
        match self {
            Secret::Password(s) => format!("password {s}"),
            Secret::Key(s) => format!("key {s}"),
        }
    }

    /// Parse what a client wrote to its auth fid ([`Secret::to_text`]); one trailing
    /// newline is ignored. `None` for anything else (not UTF-8, another word, no space).
    pub(crate) fn parse(text: &[u8]) -> Option<Secret> {
        let text = std::str::from_utf8(text).ok()?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        match text.split_once(' ')? {
            ("password", s) => Some(Secret::Password(s.to_string())),
            ("key", s) => Some(Secret::Key(s.to_string())),
            _ => None,
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.credential().fmt(f)
    }
}

/// Split an attach's `aname` into the access key it carries, if any, and the tree it
/// names: `key=SECRET` is `(Some(SECRET), "")`, `key=SECRET:TREE` is `(Some(SECRET), TREE)`,
/// anything else is `(None, aname)`. A key therefore cannot contain `:` (nor `,`, which
/// Linux's mount option parser splits at).
pub(crate) fn split_aname(aname: &str) -> (Option<&str>, &str) {
    match aname.strip_prefix("key=") {
        Some(rest) => match rest.split_once(':') {
            Some((key, tree)) => (Some(key), tree),
            None => (Some(rest), ""),
        },
        None => (None, aname),
    }
}

/// Checks credentials: the policy a listener consults for every attach that carries one.
///
/// Warren's image implements it over its user store (`warren_users::UserFs`); tests use
/// fakes. Called on tokio's blocking pool (a password hash is slow by design), at most
/// a few at a time per listener.
pub trait Authenticator: Send + Sync + 'static {
    /// Who `uname` is, proven by `cred`, connecting from `peer`. `n_uname` is the client's
    /// numeric claim (Linux sends the local uid); an implementation MUST NOT grant more
    /// than the credential's owner has, whatever `n_uname` says.
    ///
    /// # Errors
    /// `EACCES` when the credential does not prove `uname` (unknown user, wrong secret,
    /// locked account). Any errno returned is what the attach gets.
    fn check(&self, peer: &Peer, uname: &str, n_uname: u32, cred: Credential<'_>)
        -> Result<Caller>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(addr: &str) -> Peer {
        Peer::Tcp(addr.parse().expect("address"))
    }

    #[test]
    fn loopback_trust_admits_local_tcp_but_never_root() {
        let t = Trust::Loopback;
        assert!(t.admits(&tcp("127.0.0.1:9"), Uid(1000)));
        assert!(t.admits(&tcp("[::ffff:127.0.0.1]:9"), Uid(1000)));
        assert!(!t.admits(&tcp("127.0.0.1:9"), Uid::ROOT));
        assert!(!t.admits(&tcp("10.0.0.1:9"), Uid(1000)));
        assert!(t.admits(&Peer::Unix("/s".into()), Uid::ROOT));
    }

    #[test]
    fn unix_trust_refuses_tcp_and_none_refuses_memory() {
        assert!(!Trust::Unix.admits(&tcp("127.0.0.1:9"), Uid(1000)));
        assert!(Trust::Unix.admits(&Peer::Memory, Uid::ROOT));
        assert!(!Trust::None.admits(&Peer::Memory, Uid(1000)));
        assert!(Trust::Any.admits(&tcp("10.0.0.1:9"), Uid::ROOT));
        assert!(Trust::Loopback.trusts(&tcp("127.0.0.1:9")));
        assert!(!Trust::Unix.trusts(&tcp("127.0.0.1:9")));
    }

    #[test]
    fn secrets_parse_from_their_text_and_hide_in_debug() {
        for s in [Secret::Password("a b".into()), Secret::Key("k".into())] {
            assert_eq!(Secret::parse(s.to_text().as_bytes()), Some(s.clone()));
        }
        assert_eq!(Secret::parse(b"key k\n"), Some(Secret::Key("k".into())));
        assert_eq!(Secret::parse(b"token k"), None);
        assert_eq!(Secret::parse(b"password"), None);
        assert_eq!(Secret::parse(b"key \xff"), None);
        assert_eq!(format!("{:?}", Secret::Key("hunter2".into())), "Key(..)");
    }

    #[test]
    fn aname_key_splits_from_the_tree() {
        assert_eq!(split_aname("key=abc"), (Some("abc"), ""));
        assert_eq!(split_aname("key=abc:/home"), (Some("abc"), "/home"));
        assert_eq!(split_aname("/home"), (None, "/home"));
        assert_eq!(split_aname(""), (None, ""));
    }

    #[test]
    fn peers_count_failures_by_host() {
        assert_eq!(tcp("10.0.0.1:5").key(), tcp("10.0.0.1:6").key());
        assert_eq!(tcp("[::ffff:10.0.0.1]:5").key(), "10.0.0.1");
        assert_eq!(Peer::Memory.to_string(), "memory");
        assert_eq!(tcp("10.0.0.1:5").to_string(), "tcp!10.0.0.1!5");
    }
}
