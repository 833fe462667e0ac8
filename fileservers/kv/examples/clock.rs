//! A read-only clock fileserver in one file, the walk-through of `docs/extending.md`: its root
//! holds one file, `time`, that reads as the seconds and nanoseconds since the Unix epoch
//! (after Plan 9's `/dev/time`), and `main` serves it as 9P2000.L.
//!
//! Run: `cargo run -p warren-kv --example clock -- 'unix!/tmp/clock.sock'` (the default). A
//! unix socket is trusted by default; a TCP listener needs credentials or a trust rule
//! (`ServeOptions::trust`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::{getattr, oflags, S_IFDIR, S_IFREG};
use warren_proto::dial::Listener;
use warren_proto::server::ServeOptions;
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, QidType, Result};

/// Qid path of the root directory.
const ROOT: u64 = 0;
/// Qid path of `time`.
const TIME: u64 = 1;

/// The clock. Its only state: which file (qid path) each fid names.
#[derive(Default)]
pub struct Clock {
    fids: Mutex<HashMap<Fid, u64>>,
}

impl Clock {
    fn fids(&self) -> MutexGuard<'_, HashMap<Fid, u64>> {
        self.fids.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file `fid` names. Errors: `EBADF` for a fid this server never saw.
    fn file(&self, fid: Fid) -> Result<u64> {
        self.fids().get(&fid).copied().ok_or(Errno::EBADF)
    }
}

fn qid(path: u64) -> Qid {
    let ty = if path == ROOT {
        QidType::DIR
    } else {
        QidType::FILE
    };
    Qid {
        ty,
        version: 0,
        path,
    }
}

/// What `time` holds right now: `"SECONDS NANOSECONDS\n"`.
fn now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!("{} {}\n", d.as_secs(), d.subsec_nanos())
}

#[async_trait]
impl FileServer for Clock {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.fids().insert(fid, ROOT);
        Ok(qid(ROOT))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut path = self.file(fid)?;
        let mut qids = Vec::new();
        for name in wnames {
            path = match (path, name.as_str()) {
                (ROOT, "time") => TIME,
                (ROOT, "..") => ROOT,
                (ROOT, _) if qids.is_empty() => return Err(Errno::ENOENT),
                _ if qids.is_empty() => return Err(Errno::ENOTDIR),
                _ => return Ok(qids), // a partial walk: newfid is not made
            };
            qids.push(qid(path));
        }
        self.fids().insert(newfid, path);
        Ok(qids)
    }

    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let path = self.file(fid)?;
        match flags & oflags::O_ACCMODE {
            oflags::O_RDONLY => Ok((qid(path), 0)),
            _ if path == ROOT => Err(Errno::EISDIR),
            _ => Err(Errno::EROFS),
        }
    }

    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        if self.file(fid)? == ROOT {
            return Err(Errno::EISDIR);
        }
        let text = now().into_bytes();
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let end = start.saturating_add(count as usize).min(text.len());
        Ok(Bytes::copy_from_slice(&text[start..end]))
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids().remove(&fid).map(drop).ok_or(Errno::EBADF)
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let path = self.file(fid)?;
        let (mode, nlink) = if path == ROOT {
            (S_IFDIR | 0o555, 2)
        } else {
            (S_IFREG | 0o444, 1)
        };
        Ok(Attr {
            valid: getattr::BASIC,
            qid: qid(path),
            mode,
            nlink,
            ..Attr::default()
        })
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        if self.file(fid)? != ROOT {
            return Err(Errno::ENOTDIR);
        }
        // One entry, with cookie 1: a listing continued after it is over.
        let time = DirEntry {
            qid: qid(TIME),
            offset: 1,
            ty: DirEntry::dtype(S_IFREG),
            name: "time".into(),
        };
        match offset {
            0 if time.wire_size() > count as usize => Err(Errno::EINVAL),
            0 => Ok(vec![time]),
            _ => Ok(Vec::new()),
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let dial = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "unix!/tmp/clock.sock".into());
    let listener = Listener::bind(&dial).await?;
    eprintln!("clock: serving 9P2000.L on {}", listener.dial_string());
    listener
        .serve(
            Arc::new(Clock::default()),
            Arc::new(ServeOptions::default()),
        )
        .await
}
