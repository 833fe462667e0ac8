//! Shared by the `auth*` tests: a fileserver that tells who is asking, a fake authenticator,
//! a captured log, and served connections from any peer.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;
use bytes::Bytes;

use warren_proto::attr::Attr;
use warren_proto::server::{serve_connection, Authenticator, Credential, Peer, ServeOptions};
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Qid, QidType, Result, Uid};

/// alice's uid (and gid).
pub const ALICE: u32 = 1000;
/// alice's password and access key; root's password.
pub const ALICE_PW: &str = "alice password";
pub const ALICE_KEY: &str = "alice-key-0123";
pub const ROOT_PW: &str = "root password";

/// A fileserver of one file, its root: reading it gives `uid=U gid=G aname=A`, the caller
/// of the read and the tree named at attach (`""` or `tree`; anything else is `ENOENT`).
#[derive(Default)]
pub struct WhoFs {
    anames: Mutex<HashMap<Fid, String>>,
}

impl WhoFs {
    pub fn new() -> Arc<WhoFs> {
        Arc::new(WhoFs::default())
    }

    fn aname(&self, fid: Fid) -> Result<String> {
        let anames = self.anames.lock().unwrap();
        anames.get(&fid).cloned().ok_or(Errno::EBADF)
    }
}

const QID: Qid = Qid {
    ty: QidType::FILE,
    version: 0,
    path: 1,
};

#[async_trait]
impl FileServer for WhoFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !matches!(aname, "" | "tree") {
            return Err(Errno::ENOENT);
        }
        self.anames.lock().unwrap().insert(fid, aname.to_string());
        Ok(QID)
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let aname = self.aname(fid)?;
        if !wnames.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.anames.lock().unwrap().insert(newfid, aname);
        Ok(Vec::new())
    }

    async fn open(&self, _cx: &Caller, fid: Fid, _flags: u32) -> Result<(Qid, u32)> {
        self.aname(fid)?;
        Ok((QID, 0))
    }

    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, _count: u32) -> Result<Bytes> {
        let aname = self.aname(fid)?;
        let text = format!("uid={} gid={} aname={aname}", cx.uid.0, cx.gid.0);
        Ok(match offset {
            0 => Bytes::from(text),
            _ => Bytes::new(),
        })
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.anames
            .lock()
            .unwrap()
            .remove(&fid)
            .map(drop)
            .ok_or(Errno::EBADF)
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        self.aname(fid)?;
        Ok(Attr {
            qid: QID,
            mode: 0o100644,
            ..Attr::default()
        })
    }
}

/// alice (uid 1000) with [`ALICE_PW`] or [`ALICE_KEY`]; root (uid 0) with [`ROOT_PW`].
pub struct FakeAuth;

impl Authenticator for FakeAuth {
    fn check(
        &self,
        _peer: &Peer,
        uname: &str,
        _n_uname: u32,
        cred: Credential<'_>,
    ) -> Result<Caller> {
        let uid = match (uname, cred) {
            ("alice", Credential::Password(ALICE_PW) | Credential::Key(ALICE_KEY)) => ALICE,
            ("root", Credential::Password(ROOT_PW)) => 0,
            _ => return Err(Errno::EACCES),
        };
        Ok(Caller {
            uid: Uid(uid),
            gid: Gid(uid),
            pid: 0,
        })
    }
}

/// Default options with [`FakeAuth`].
pub fn with_auth() -> ServeOptions {
    ServeOptions {
        authenticator: Some(Arc::new(FakeAuth)),
        ..ServeOptions::default()
    }
}

/// A TCP peer at `addr` (`10.0.0.7:4000`).
pub fn tcp(addr: &str) -> Peer {
    Peer::Tcp(addr.parse().expect("socket address"))
}

/// Serve `fs` with `opts` over an in-memory pipe as if `peer` had connected; returns the
/// client's end.
pub fn connect_as(
    fs: Arc<dyn FileServer>,
    peer: Peer,
    opts: Arc<ServeOptions>,
) -> tokio::io::DuplexStream {
    let (client, server) = tokio::io::duplex(1 << 16);
    tokio::spawn(serve_connection(fs, server, peer, opts));
    client
}

/// The test binary's log: `warn` and above from every thread, as text. Tests tell their
/// lines apart by the peer address (each test uses its own).
pub struct Log {
    buf: Arc<Mutex<Vec<u8>>>,
}

impl Log {
    /// Start capturing (once per test binary: a global subscriber, since a thread-local one
    /// misses events when tests run in parallel) and return a view of the log.
    pub fn capture() -> Log {
        static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
        let buf = BUF.get_or_init(|| {
            let buf = Arc::new(Mutex::new(Vec::new()));
            let sink = buf.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::WARN)
                .with_ansi(false)
                .with_writer(move || Sink(sink.clone()))
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
            buf
        });
        Log { buf: buf.clone() }
    }

    /// The lines logged so far that contain every one of `words`.
    pub fn lines_with(&self, words: &[&str]) -> Vec<String> {
        let text = String::from_utf8_lossy(&self.buf.lock().unwrap()).into_owned();
        text.lines()
            .filter(|l| words.iter().all(|w| l.contains(w)))
            .map(str::to_string)
            .collect()
    }
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl io::Write for Sink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
