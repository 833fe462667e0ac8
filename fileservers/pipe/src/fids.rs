//! The fid table: which pipe file each fid names, and the open ends it holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use warren_proto::attr::oflags;
use warren_proto::{Errno, Fid, Result};

use crate::pipe::{File, Pipe};

/// What a fid names: a file of one pipe, and how it is open.
pub(crate) struct FidState {
    /// The pipe the fid belongs to.
    pub(crate) pipe: Arc<Pipe>,
    /// The file it names.
    pub(crate) file: File,
    /// Set by `open`; dropping it (clunk, remove) closes the ends.
    pub(crate) open: Option<OpenEnd>,
}

/// An open fid's access to a pipe end. Its counts in the two queues are taken on creation and
/// given back on drop, so a clunked fid can never keep a pipe from reaching EOF or EPIPE.
pub(crate) struct OpenEnd {
    pipe: Arc<Pipe>,
    file: File,
    pub(crate) access: Access,
}

/// How a fid is open.
#[derive(Clone, Copy)]
pub(crate) struct Access {
    /// Open for reading.
    pub(crate) read: bool,
    /// Open for writing.
    pub(crate) write: bool,
    /// `O_NONBLOCK`: answer `EAGAIN` instead of waiting.
    pub(crate) nonblock: bool,
}

impl OpenEnd {
    /// Open `file` of `pipe` with Linux open `flags`, counting its reader and writer.
    ///
    /// # Errors
    /// `EISDIR` (write access to the directory), `ENOTDIR` (`O_DIRECTORY` on a data file),
    /// `EINVAL` (access mode 3).
    pub(crate) fn new(pipe: Arc<Pipe>, file: File, flags: u32) -> Result<OpenEnd> {
        let (read, write) = match flags & oflags::O_ACCMODE {
            oflags::O_RDONLY => (true, false),
            oflags::O_WRONLY => (false, true),
            oflags::O_RDWR => (true, true),
            _ => return Err(Errno::EINVAL),
        };
        match file {
            File::Dir if write => return Err(Errno::EISDIR),
            File::Dir => {}
            _ if flags & oflags::O_DIRECTORY != 0 => return Err(Errno::ENOTDIR),
            end => {
                pipe.rx(end).open(read, false);
                pipe.tx(end).open(false, write);
            }
        }
        let nonblock = flags & oflags::O_NONBLOCK != 0;
        let access = Access {
            read,
            write,
            nonblock,
        };
        Ok(OpenEnd { pipe, file, access })
    }
}

impl Drop for OpenEnd {
    fn drop(&mut self) {
        if self.file == File::Dir {
            return;
        }
        if self.access.read {
            self.pipe.rx(self.file).close_reader();
        }
        if self.access.write {
            self.pipe.tx(self.file).close_writer();
        }
    }
}

/// The fids of one `PipeFs`. Its lock is never held across an await or while a fid's ends
/// are closed.
#[derive(Default)]
pub(crate) struct Fids(Mutex<HashMap<Fid, FidState>>);

impl Fids {
    /// The table, locked.
    pub(crate) fn lock(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pipe and file `fid` names.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn get(&self, fid: Fid) -> Result<(Arc<Pipe>, File)> {
        let fids = self.lock();
        let st = fids.get(&fid).ok_or(Errno::EBADF)?;
        Ok((st.pipe.clone(), st.file))
    }

    /// Make `fid` name `file` of `pipe`, unopened (replacing what it named).
    pub(crate) fn insert(&self, fid: Fid, pipe: Arc<Pipe>, file: File) {
        let old = self.lock().insert(
            fid,
            FidState {
                pipe,
                file,
                open: None,
            },
        );
        drop(old);
    }

    /// Forget `fid`, closing its ends after the table lock is released.
    ///
    /// # Errors
    /// `EBADF` for an unknown fid.
    pub(crate) fn remove(&self, fid: Fid) -> Result<()> {
        let old = self.lock().remove(&fid);
        old.map(drop).ok_or(Errno::EBADF)
    }
}
