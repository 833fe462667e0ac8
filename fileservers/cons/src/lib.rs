//! The console fileserver: the host terminal's byte streams as `/dev/cons` and `/dev/stderr`.
//!
//! Bins never touch host stdio; the host CLI hands this server its stdin, stdout and stderr,
//! and the image mounts it on `/dev`. Plan 9's `cons(3)`, reduced to what phase 1 of the boot
//! path needs: a read of `cons` returns what the host input has ready (a line, when the host
//! terminal is in cooked mode, whose line discipline then gives erase and kill); a write goes to
//! the host output at once. End of host input is end of file. Without an input (a headless
//! system) a read of `cons` blocks until it is cancelled. `cons` reports itself as a character
//! device (`S_IFCHR`) only when the host streams are a terminal, and as a FIFO otherwise, so a
//! bin's "is this a terminal?" (the shell's prompt, `ls`'s columns) follows the host's.
//!
//! # Layout
//! - this file: [`ConsFs`], its file table and the `FileServer` implementation.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use warren_proto::attr::{getattr, oflags, S_IFCHR, S_IFDIR, S_IFIFO};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, QidType, Result};

/// One file of the console: `(name, qid path, permission bits)`.
const FILES: &[(&str, u64, u32)] = &[("cons", 1, 0o666), ("stderr", 2, 0o222)];
/// The qid path of the root directory.
const ROOT: u64 = 0;
/// Largest read handed to the host input at once, in bytes.
const MAX_READ: usize = 64 * 1024;

type Input = tokio::sync::Mutex<Box<dyn AsyncRead + Send + Unpin>>;
type Output = tokio::sync::Mutex<Box<dyn AsyncWrite + Send + Unpin>>;

/// The console: a directory holding `cons` (read: host input; write: host output) and
/// `stderr` (write: host error output).
pub struct ConsFs {
    input: Option<Input>,
    output: Output,
    error: Output,
    terminal: bool,
    fids: Mutex<HashMap<Fid, u64>>,
}

impl ConsFs {
    /// A console over host streams. `input` is `None` for a headless system: reads of `cons`
    /// then block until cancelled. `terminal` says whether the host streams are a terminal.
    pub fn new(
        input: Option<Box<dyn AsyncRead + Send + Unpin>>,
        output: Box<dyn AsyncWrite + Send + Unpin>,
        error: Box<dyn AsyncWrite + Send + Unpin>,
        terminal: bool,
    ) -> ConsFs {
        ConsFs {
            input: input.map(tokio::sync::Mutex::new),
            output: tokio::sync::Mutex::new(output),
            error: tokio::sync::Mutex::new(error),
            terminal,
            fids: Mutex::new(HashMap::new()),
        }
    }

    /// The `st_mode` of the file at qid path `path`.
    fn mode_of(&self, path: u64) -> u32 {
        match FILES.iter().find(|f| f.1 == path) {
            Some(f) if self.terminal => S_IFCHR | f.2,
            Some(f) => S_IFIFO | f.2,
            None => S_IFDIR | 0o555,
        }
    }

    /// The qid path `fid` names. Errors: `EBADF` for an unknown fid.
    fn path_of(&self, fid: Fid) -> Result<u64> {
        self.fids
            .lock()
            .unwrap()
            .get(&fid)
            .copied()
            .ok_or(Errno::EBADF)
    }

    fn set(&self, fid: Fid, path: u64) {
        self.fids.lock().unwrap().insert(fid, path);
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

fn lookup(name: &str) -> Option<u64> {
    FILES.iter().find(|f| f.0 == name).map(|f| f.1)
}

async fn write_to(out: &Output, data: &[u8]) -> Result<u32> {
    let mut out = out.lock().await;
    out.write_all(data).await?;
    out.flush().await?;
    Ok(data.len() as u32)
}

#[async_trait]
impl FileServer for ConsFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.set(fid, ROOT);
        Ok(qid(ROOT))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut path = self.path_of(fid)?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            let next = match (path, name.as_str()) {
                (ROOT, "..") => Some(ROOT),
                (ROOT, n) => lookup(n),
                _ => None,
            };
            match next {
                Some(p) => path = p,
                None if qids.is_empty() && path == ROOT => return Err(Errno::ENOENT),
                None if qids.is_empty() => return Err(Errno::ENOTDIR),
                None => return Ok(qids),
            }
            qids.push(qid(path));
        }
        self.set(newfid, path);
        Ok(qids)
    }

    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let path = self.path_of(fid)?;
        if path == ROOT && flags & oflags::O_ACCMODE != oflags::O_RDONLY {
            return Err(Errno::EISDIR);
        }
        Ok((qid(path), 0))
    }

    async fn read(&self, _cx: &Caller, fid: Fid, _offset: u64, count: u32) -> Result<Bytes> {
        match self.path_of(fid)? {
            1 => {}
            ROOT => return Err(Errno::EISDIR),
            _ => return Err(Errno::EBADF),
        }
        let Some(input) = &self.input else {
            return std::future::pending().await;
        };
        let mut buf = vec![0; (count as usize).min(MAX_READ)];
        let n = input.lock().await.read(&mut buf).await?;
        buf.truncate(n);
        Ok(Bytes::from(buf))
    }

    async fn write(&self, _cx: &Caller, fid: Fid, _offset: u64, data: Bytes) -> Result<u32> {
        match self.path_of(fid)? {
            1 => write_to(&self.output, &data).await,
            2 => write_to(&self.error, &data).await,
            _ => Err(Errno::EISDIR),
        }
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids
            .lock()
            .unwrap()
            .remove(&fid)
            .map(|_| ())
            .ok_or(Errno::EBADF)
    }

    async fn getattr(&self, cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let path = self.path_of(fid)?;
        Ok(Attr {
            valid: getattr::BASIC,
            qid: qid(path),
            mode: self.mode_of(path),
            uid: cx.uid.0,
            gid: cx.gid.0,
            nlink: 1,
            blksize: 4096,
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
        if self.path_of(fid)? != ROOT {
            return Err(Errno::ENOTDIR);
        }
        let entries = [(".", ROOT), ("..", ROOT)]
            .into_iter()
            .chain(FILES.iter().map(|f| (f.0, f.1)));
        let mut out = Vec::new();
        let mut used = 0;
        for (i, (name, path)) in entries.enumerate().skip(offset as usize) {
            let e = DirEntry {
                qid: qid(path),
                offset: i as u64 + 1,
                ty: DirEntry::dtype(self.mode_of(path)),
                name: name.into(),
            };
            used += e.wire_size();
            if used > count as usize {
                break;
            }
            out.push(e);
        }
        Ok(out)
    }
}
