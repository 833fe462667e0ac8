//! Shared by the `server_*` tests: a small FileServer with known behaviour and a client that
//! speaks raw 9P2000.L frames to `serve_stream`.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod client;

pub use client::*;

use async_trait::async_trait;
use bytes::Bytes;
use tokio::sync::Semaphore;

use warren_proto::attr::{Attr, DirEntry};
use warren_proto::{Caller, Errno, Fid, FileServer, Qid, QidType, Result};

/// How long a test waits for something that must happen before calling it a failure.
pub const GUARD: Duration = Duration::from_secs(10);

/// The tree: `(path, qid path, is_dir)`. `/block` reads never complete, `/sync` reads block
/// their worker thread until [`TestFs::release_sync`] (so they cannot be cancelled
/// meanwhile), `/greedy` reads return more than asked, `/failclunk` fails its clunk, `/d` holds 10 entries and its
/// readdir ignores the count.
const TREE: &[(&str, u64, bool)] = &[
    ("/", 1, true),
    ("/a", 2, false),
    ("/d", 3, true),
    ("/block", 4, false),
    ("/greedy", 5, false),
    ("/failclunk", 6, false),
    ("/sync", 7, false),
];

/// A FileServer whose behaviour the tests know, recording clunks.
pub struct TestFs {
    fids: Mutex<HashMap<Fid, &'static str>>,
    /// Paths of the clunked fids, in order.
    pub clunked: Mutex<Vec<&'static str>>,
    /// One permit per clunk.
    pub clunks: Semaphore,
    /// One permit per `/block` or `/sync` read that started.
    pub blocked: Semaphore,
    /// One permit per `/block` read that was cancelled (its future dropped).
    pub cancelled: Arc<Semaphore>,
    sync_tx: Mutex<std::sync::mpsc::Sender<()>>,
    sync_rx: Mutex<std::sync::mpsc::Receiver<()>>,
}

fn node(path: &str) -> Option<&'static (&'static str, u64, bool)> {
    TREE.iter().find(|(p, _, _)| *p == path)
}

fn qid(path: &str) -> Qid {
    match node(path) {
        Some((_, n, true)) => Qid {
            ty: QidType::DIR,
            version: 0,
            path: *n,
        },
        Some((_, n, false)) => Qid {
            ty: QidType::FILE,
            version: 0,
            path: *n,
        },
        None => Qid::default(),
    }
}

fn child(dir: &str, name: &str) -> Option<&'static str> {
    let want = if name == ".." {
        "/".to_string()
    } else if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    };
    node(&want).map(|(p, _, _)| *p)
}

/// Cancelled-read witness: adds a permit when dropped.
struct OnDrop(Arc<Semaphore>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        self.0.add_permits(1);
    }
}

impl TestFs {
    pub fn new() -> Arc<TestFs> {
        let (sync_tx, sync_rx) = std::sync::mpsc::channel();
        Arc::new(TestFs {
            fids: Mutex::new(HashMap::new()),
            clunked: Mutex::new(Vec::new()),
            clunks: Semaphore::new(0),
            blocked: Semaphore::new(0),
            cancelled: Arc::new(Semaphore::new(0)),
            sync_tx: Mutex::new(sync_tx),
            sync_rx: Mutex::new(sync_rx),
        })
    }

    fn path(&self, fid: Fid) -> Result<&'static str> {
        self.fids
            .lock()
            .unwrap()
            .get(&fid)
            .copied()
            .ok_or(Errno::EBADF)
    }

    /// Wait (guarded) until `n` more clunks happened.
    pub async fn wait_clunks(&self, n: u32) {
        let got = tokio::time::timeout(GUARD, self.clunks.acquire_many(n)).await;
        got.expect("clunks did not happen").unwrap().forget();
    }

    /// Wait (guarded) until `n` more `/block` reads are in progress.
    pub async fn wait_blocked(&self, n: u32) {
        let got = tokio::time::timeout(GUARD, self.blocked.acquire_many(n)).await;
        got.expect("blocked reads did not start").unwrap().forget();
    }

    /// Let one `/sync` read finish.
    pub fn release_sync(&self) {
        self.sync_tx.lock().unwrap().send(()).unwrap();
    }

    /// Wait (guarded) until `n` more `/block` reads were cancelled.
    pub async fn wait_cancelled(&self, n: u32) {
        let got = tokio::time::timeout(GUARD, self.cancelled.acquire_many(n)).await;
        got.expect("blocked reads were not cancelled")
            .unwrap()
            .forget();
    }
}

#[async_trait]
impl FileServer for TestFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.fids.lock().unwrap().insert(fid, "/");
        Ok(qid("/"))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut at = self.path(fid)?;
        let mut qids = Vec::new();
        for name in wnames {
            match child(at, name) {
                Some(p) => at = p,
                None if qids.is_empty() => return Err(Errno::ENOENT),
                None => return Ok(qids),
            }
            qids.push(qid(at));
        }
        self.fids.lock().unwrap().insert(newfid, at);
        Ok(qids)
    }

    async fn open(&self, _cx: &Caller, fid: Fid, _flags: u32) -> Result<(Qid, u32)> {
        Ok((qid(self.path(fid)?), 0))
    }

    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        match self.path(fid)? {
            "/block" => {
                let _witness = OnDrop(self.cancelled.clone());
                self.blocked.add_permits(1);
                std::future::pending::<()>().await;
                Ok(Bytes::new())
            }
            "/sync" => {
                self.blocked.add_permits(1);
                let released = self.sync_rx.lock().unwrap().recv_timeout(GUARD);
                released.map_err(|_| Errno::ETIMEDOUT)?;
                Ok(Bytes::from_static(b"sync"))
            }
            "/greedy" => Ok(Bytes::from(vec![b'g'; count as usize + 10_000])),
            "/a" => Ok(Bytes::from_static(b"hello").slice((offset as usize).min(5)..)),
            _ => Err(Errno::EISDIR),
        }
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let path = self.fids.lock().unwrap().remove(&fid).ok_or(Errno::EBADF)?;
        self.clunked.lock().unwrap().push(path);
        self.clunks.add_permits(1);
        if path == "/failclunk" {
            return Err(Errno::EIO);
        }
        Ok(())
    }

    async fn getattr(&self, cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let path = self.path(fid)?;
        Ok(Attr {
            qid: qid(path),
            uid: cx.uid.0,
            gid: cx.gid.0,
            ..Attr::default()
        })
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        _offset: u64,
        _count: u32,
    ) -> Result<Vec<DirEntry>> {
        if self.path(fid)? != "/d" {
            return Err(Errno::ENOTDIR);
        }
        let entry = |i: u64| DirEntry {
            qid: Qid {
                ty: QidType::FILE,
                version: 0,
                path: 100 + i,
            },
            offset: i + 1,
            ty: 8,
            name: format!("entry-{i:02}"),
        };
        Ok((0..10).map(entry).collect())
    }

    async fn mkdir(
        &self,
        _cx: &Caller,
        _dfid: Fid,
        _name: &str,
        _mode: u32,
        _gid: u32,
    ) -> Result<Qid> {
        Ok(Qid {
            ty: QidType::DIR,
            version: 0,
            path: 50,
        })
    }

    async fn renameat(&self, _cx: &Caller, _o: Fid, _on: &str, _n: Fid, _nn: &str) -> Result<()> {
        Ok(())
    }
}
