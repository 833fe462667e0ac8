//! `PipeFs`: the `FileServer` implementation (Plan 9 devpipe over 9P2000.L).

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result};

use crate::fids::{Access, Fids, OpenEnd};
use crate::pipe::{File, Pipe};

/// The pipe fileserver: every `attach` makes a fresh pipe whose root holds `data` and `data1`;
/// bytes written to one are read from the other, in both directions (Plan 9 `pipe(3)`).
///
/// Reads wait for data and return end of file (empty) once no fid has the other end open for
/// writing and nothing is buffered. Writes are taken whole, in order, without copying; they wait
/// while a direction holds [`CAPACITY`](crate::CAPACITY) bytes, and fail with `EPIPE` when no
/// fid has the other end open for reading. Both are cancel-safe.
#[derive(Default)]
pub struct PipeFs {
    fids: Fids,
}

impl PipeFs {
    /// A pipe server with no pipes yet.
    pub fn new() -> PipeFs {
        PipeFs::default()
    }

    /// The pipe, file and access of the open fid `fid`.
    ///
    /// # Errors
    /// `EBADF` for an unknown or unopened fid.
    fn opened(&self, fid: Fid) -> Result<(Arc<Pipe>, File, Access)> {
        let fids = self.fids.lock();
        let st = fids.get(&fid).ok_or(Errno::EBADF)?;
        let open = st.open.as_ref().ok_or(Errno::EBADF)?;
        Ok((st.pipe.clone(), st.file, open.access))
    }
}

#[async_trait]
impl FileServer for PipeFs {
    /// `Tattach`: a fresh pipe owned by the caller; `fid` names its directory.
    ///
    /// # Errors
    /// `ENOENT` for a non-empty `aname`.
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        let pipe = Pipe::new(*cx);
        let qid = pipe.qid(File::Dir);
        self.fids.insert(fid, pipe, File::Dir);
        Ok(qid)
    }

    /// `Twalk`: `data`, `data1` and `..` from the directory.
    ///
    /// # Errors
    /// `ENOENT` (unknown first name), `ENOTDIR` (first name walked from a data file), `EBADF`.
    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let (pipe, mut file) = self.fids.get(fid)?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            let next = match file {
                File::Dir => File::lookup(name).ok_or(Errno::ENOENT),
                _ => Err(Errno::ENOTDIR),
            };
            match next {
                Ok(f) => file = f,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(pipe.qid(file));
        }
        self.fids.insert(newfid, pipe, file);
        Ok(qids)
    }

    /// `Tlopen`: open the directory for reading or an end for reading and/or writing.
    ///
    /// # Errors
    /// `EISDIR` (write access to the directory), `ENOTDIR` (`O_DIRECTORY` on an end),
    /// `EINVAL` (access mode 3), `EBADF`.
    async fn open(&self, _cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let (pipe, file) = self.fids.get(fid)?;
        let qid = pipe.qid(file);
        let end = OpenEnd::new(pipe, file, flags)?;
        let old = match self.fids.lock().get_mut(&fid) {
            Some(st) => st.open.replace(end),
            None => return Err(Errno::EBADF),
        };
        drop(old);
        Ok((qid, 0))
    }

    /// `Tread`: up to `count` bytes from the other end's writes; empty at end of file.
    ///
    /// # Errors
    /// `EBADF` (not open for reading), `EISDIR` (the directory), `EAGAIN` (`O_NONBLOCK`).
    async fn read(&self, _cx: &Caller, fid: Fid, _offset: u64, count: u32) -> Result<Bytes> {
        let (pipe, file, access) = self.opened(fid)?;
        if file == File::Dir {
            return Err(Errno::EISDIR);
        }
        if !access.read {
            return Err(Errno::EBADF);
        }
        pipe.rx(file).read(count as usize, access.nonblock).await
    }

    /// `Twrite`: queue `data` whole for the other end (`offset` is ignored).
    ///
    /// # Errors
    /// `EBADF` (not open for writing), `EPIPE` (no reader), `EAGAIN` (`O_NONBLOCK`).
    async fn write(&self, _cx: &Caller, fid: Fid, _offset: u64, data: Bytes) -> Result<u32> {
        let (pipe, file, access) = self.opened(fid)?;
        if !access.write {
            return Err(Errno::EBADF);
        }
        pipe.tx(file).write(data, access.nonblock).await
    }

    /// `Tclunk`: forget `fid`; the last writer of a direction ends its readers' data (EOF), the
    /// last reader fails its writers (`EPIPE`).
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids.remove(fid)
    }

    /// `Tremove`: pipes cannot be removed; the fid is clunked.
    ///
    /// # Errors
    /// `EPERM` always, `EBADF` for an unknown fid.
    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids.remove(fid)?;
        Err(Errno::EPERM)
    }

    /// `Tgetattr`: see the attribute rules of the pipe (fifo mode, buffered size).
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let (pipe, file) = self.fids.get(fid)?;
        Ok(pipe.attr(file))
    }

    /// `Treaddir`: `.`, `..`, `data`, `data1` (cookies 1 to 4), as many as fit in `count`.
    ///
    /// # Errors
    /// `ENOTDIR` (a data file), `EBADF` (not open), `EINVAL` (`count` too small for one entry).
    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let (pipe, file, _) = self.opened(fid)?;
        if file != File::Dir {
            return Err(Errno::ENOTDIR);
        }
        let mut out = Vec::new();
        let mut room = count as usize;
        for entry in pipe.entries().into_iter().filter(|e| e.offset > offset) {
            if entry.wire_size() > room {
                break;
            }
            room -= entry.wire_size();
            out.push(entry);
        }
        if out.is_empty() && offset < 4 {
            return Err(Errno::EINVAL);
        }
        Ok(out)
    }
}
