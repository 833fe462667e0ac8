//! [`UserFs`]: the store served as a directory of three files.
//!
//! Qid paths: 0 is the root directory, 1 `passwd`, 2 `group`, 3 `shadow`, 4 `keys` (the
//! table [`FILES`]). Every file belongs to uid 0, gid 0, and the server enforces its mode
//! bits itself on open: root may do anything, a caller in group 0 gets the group bits,
//! everyone else the other bits, so `shadow` and `keys` (0600) are root's alone (`EACCES`).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use bytes::Bytes;
use warren_proto::attr::{getattr, oflags, setattr, S_IFDIR, S_IFREG};
use warren_proto::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, QidType, Result};
use warren_proto::{SetAttr, Uid};

use crate::edit::Edit;
use crate::group::{parse_group, Group};
use crate::keys::AccessKey;
use crate::passwd::{parse_passwd, User};
use crate::shadow::{parse_shadow, Shadow};
use crate::store::{Store, Table};

/// One file of the store: Plan 9's `Dirtab`.
struct Entry {
    name: &'static str,
    path: u64,
    /// Permission bits; the owner is always uid 0, gid 0.
    mode: u32,
    table: Table,
}

/// The store's files, in directory order.
const FILES: [Entry; 4] = [
    Entry {
        name: "passwd",
        path: 1,
        mode: 0o644,
        table: Table::Passwd,
    },
    Entry {
        name: "group",
        path: 2,
        mode: 0o644,
        table: Table::Group,
    },
    Entry {
        name: "shadow",
        path: 3,
        mode: 0o600,
        table: Table::Shadow,
    },
    Entry {
        name: "keys",
        path: 4,
        mode: 0o600,
        table: Table::Keys,
    },
];
/// Qid path of the root directory.
const ROOT: u64 = 0;
/// Permission bits of the root directory.
const ROOT_MODE: u32 = 0o755;
/// Setattr bits that only touch times, accepted and ignored.
const TIMES: u32 = setattr::ATIME | setattr::MTIME | setattr::CTIME;

/// What a fid names, and its open state.
struct FidState {
    /// Index into [`FILES`], or `None` for the root directory.
    file: Option<usize>,
    /// The text served to reads, taken at each read at offset 0.
    snapshot: Bytes,
    /// Whether the fid is open.
    open: bool,
    /// The pending edit of a fid open for writing.
    edit: Option<Edit>,
}

impl FidState {
    /// A fid naming `file`, not open.
    fn new(file: Option<usize>) -> FidState {
        FidState {
            file,
            snapshot: Bytes::new(),
            open: false,
            edit: None,
        }
    }
}

/// The user store fileserver: a directory holding `passwd`, `group`, `shadow` and `keys`.
///
/// The image mounts it on `/etc` with MBEFORE, so `/etc` keeps its other files. Reads return
/// the current text; writes follow the rule of the `edit` module (every write validated,
/// `EINVAL` changes nothing, a write ending a line commits). See the crate docs.
pub struct UserFs {
    store: Mutex<Store>,
    fids: Mutex<HashMap<Fid, FidState>>,
}

impl UserFs {
    /// A store holding `users`, `groups` and `shadow` entries.
    ///
    /// # Errors
    /// `EINVAL` for an entry that would not format and parse back (a bad name, a `:` or a
    /// control character in a field, a bad hash), a duplicate name, uid or gid, or a shadow
    /// entry naming no user.
    pub fn new(users: Vec<User>, groups: Vec<Group>, shadow: Vec<Shadow>) -> Result<UserFs> {
        let store = Mutex::new(Store::new(users, groups, shadow)?);
        Ok(UserFs {
            store,
            fids: Mutex::new(HashMap::new()),
        })
    }

    /// A store parsed from the texts of `/etc/passwd`, `/etc/group` and `/etc/shadow`.
    ///
    /// # Errors
    /// `EINVAL` as [`crate::parse_passwd`], [`crate::parse_group`], [`crate::parse_shadow`],
    /// or a shadow line naming no user.
    pub fn from_text(passwd: &str, group: &str, shadow: &str) -> Result<UserFs> {
        UserFs::new(
            parse_passwd(passwd)?,
            parse_group(group)?,
            parse_shadow(shadow)?,
        )
    }

    /// The same store with `keys` as its access keys (`/etc/keys`, empty until then).
    ///
    /// # Errors
    /// `EINVAL` for a key that would not format and parse back (a bad name, an empty or
    /// malformed hash), two keys for one name, or a key naming no user.
    pub fn with_keys(self, keys: Vec<AccessKey>) -> Result<UserFs> {
        self.store().set_keys(keys)?;
        Ok(self)
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn fids(&self) -> MutexGuard<'_, HashMap<Fid, FidState>> {
        self.fids.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The qid of `file` (`None`: the root).
    fn qid(&self, file: Option<usize>) -> Qid {
        match file {
            None => Qid {
                ty: QidType::DIR,
                version: 0,
                path: ROOT,
            },
            Some(i) => {
                let version = self.store().stamp(FILES[i].table).version;
                Qid {
                    ty: QidType::FILE,
                    version,
                    path: FILES[i].path,
                }
            }
        }
    }

    /// What `fid` names. Errors: `EBADF` for an unknown fid.
    fn file_of(&self, fid: Fid) -> Result<Option<usize>> {
        self.fids().get(&fid).map(|s| s.file).ok_or(Errno::EBADF)
    }
}

/// Whether `cx` may open a file of permission bits `mode` (owner uid 0, gid 0) with `flags`.
///
/// # Errors
/// `EACCES` when the bits deny read (`O_RDONLY`, `O_RDWR`) or write (`O_WRONLY`, `O_RDWR`,
/// `O_TRUNC`).
fn check_open(cx: &Caller, mode: u32, flags: u32) -> Result<()> {
    if cx.uid == Uid::ROOT {
        return Ok(());
    }
    let bits = if cx.gid.0 == 0 { mode >> 3 } else { mode } & 0o7;
    let acc = flags & oflags::O_ACCMODE;
    let read = acc != oflags::O_WRONLY;
    let write = acc != oflags::O_RDONLY || flags & oflags::O_TRUNC != 0;
    match (read && bits & 4 == 0) || (write && bits & 2 == 0) {
        true => Err(Errno::EACCES),
        false => Ok(()),
    }
}

#[async_trait]
impl FileServer for UserFs {
    async fn attach(&self, _cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        if !aname.is_empty() {
            return Err(Errno::ENOENT);
        }
        self.fids().insert(fid, FidState::new(None));
        Ok(self.qid(None))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut file = self.file_of(fid)?;
        let mut qids = Vec::with_capacity(wnames.len());
        for name in wnames {
            let next = match (file, name.as_str()) {
                (Some(_), _) => Err(Errno::ENOTDIR),
                (None, "..") => Ok(None),
                (None, name) => FILES
                    .iter()
                    .position(|e| e.name == name)
                    .map(Some)
                    .ok_or(Errno::ENOENT),
            };
            match next {
                Ok(next) => file = next,
                Err(e) if qids.is_empty() => return Err(e),
                Err(_) => return Ok(qids),
            }
            qids.push(self.qid(file));
        }
        self.fids().insert(newfid, FidState::new(file));
        Ok(qids)
    }

    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        let file = self.file_of(fid)?;
        let wants_write = flags & oflags::O_ACCMODE != oflags::O_RDONLY;
        let edit = match file {
            None if wants_write || flags & oflags::O_TRUNC != 0 => return Err(Errno::EISDIR),
            None => None,
            Some(i) => {
                check_open(cx, FILES[i].mode, flags)?;
                let text = self.store().text(FILES[i].table);
                wants_write.then(|| Edit::new(flags, &text))
            }
        };
        let mut fids = self.fids();
        let state = fids.get_mut(&fid).ok_or(Errno::EBADF)?;
        state.open = true;
        state.edit = edit;
        drop(fids);
        Ok((self.qid(file), 0))
    }

    async fn read(&self, _cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        let file = match self.file_of(fid)? {
            None => return Err(Errno::EISDIR),
            Some(i) => &FILES[i],
        };
        let fresh = (offset == 0).then(|| Bytes::from(self.store().text(file.table)));
        let mut fids = self.fids();
        let state = fids.get_mut(&fid).filter(|s| s.open).ok_or(Errno::EBADF)?;
        if let Some(text) = fresh {
            state.snapshot = text;
        }
        let len = state.snapshot.len();
        let start = usize::try_from(offset).map_or(len, |o| o.min(len));
        let end = start.saturating_add(count as usize).min(len);
        Ok(state.snapshot.slice(start..end))
    }

    async fn write(&self, _cx: &Caller, fid: Fid, offset: u64, data: Bytes) -> Result<u32> {
        let mut fids = self.fids();
        let state = fids.get_mut(&fid).ok_or(Errno::EBADF)?;
        let (Some(i), Some(edit)) = (state.file, state.edit.as_mut()) else {
            return Err(Errno::EBADF);
        };
        let mut store = self.store();
        edit.write(&mut store, FILES[i].table, offset, &data)
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        let state = self.fids().remove(&fid).ok_or(Errno::EBADF)?;
        if let (Some(i), Some(edit)) = (state.file, state.edit) {
            edit.finish(&mut self.store(), FILES[i].table);
        }
        Ok(())
    }

    async fn remove(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids().remove(&fid).ok_or(Errno::EBADF)?;
        Err(Errno::EPERM)
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let file = self.file_of(fid)?;
        let qid = self.qid(file);
        let attr = Attr {
            valid: getattr::BASIC,
            qid,
            blksize: 4096,
            ..Attr::default()
        };
        let Some(i) = file else {
            return Ok(Attr {
                mode: S_IFDIR | ROOT_MODE,
                nlink: 2,
                ..attr
            });
        };
        let store = self.store();
        let (size, mtime) = (
            store.text(FILES[i].table).len() as u64,
            store.stamp(FILES[i].table).mtime,
        );
        Ok(Attr {
            mode: S_IFREG | FILES[i].mode,
            nlink: 1,
            size,
            blocks: size.div_ceil(512),
            atime_sec: mtime,
            mtime_sec: mtime,
            ctime_sec: mtime,
            ..attr
        })
    }

    async fn setattr(&self, _cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        self.file_of(fid)?;
        match attr.valid & !(TIMES | setattr::ATIME_SET | setattr::MTIME_SET) {
            0 => Ok(()),
            _ => Err(Errno::EPERM),
        }
    }

    async fn readdir(
        &self,
        _cx: &Caller,
        fid: Fid,
        offset: u64,
        count: u32,
    ) -> Result<Vec<DirEntry>> {
        let fids = self.fids();
        let state = fids.get(&fid).filter(|s| s.open).ok_or(Errno::EBADF)?;
        if state.file.is_some() {
            return Err(Errno::ENOTDIR);
        }
        drop(fids);
        let mut budget = count as usize;
        let mut out = Vec::new();
        for (i, entry) in FILES.iter().enumerate().skip(offset as usize) {
            let dirent = DirEntry {
                qid: self.qid(Some(i)),
                offset: i as u64 + 1,
                ty: DirEntry::dtype(S_IFREG),
                name: entry.name.to_string(),
            };
            if dirent.wire_size() > budget {
                break;
            }
            budget -= dirent.wire_size();
            out.push(dirent);
        }
        Ok(out)
    }
}
