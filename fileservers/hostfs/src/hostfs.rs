//! [`HostFs`]: the server's state, its construction, and the rules every request shares.

use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;
use std::sync::Arc;

use rustix::fs::{self as host, AtFlags, Mode, OFlags};
use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
use warren_proto::{Caller, Errno, Gid, Result};

use crate::fids::Fids;
use crate::node::Node;
use crate::options::HostOptions;
use crate::sys::{self, OrErrno, ProcFds};

/// A host directory served as a 9P2000.L file tree, with no way out of it.
///
/// Every request is confined to the directory given to [`HostFs::new`]: `..` at its root
/// stays there, symlinks are never followed (walking onto one gives the link itself, opening
/// it is `ELOOP`, walking through it `ENOTDIR`), and files are re-opened through the
/// descriptor their walk obtained, so a name swapped for a symlink meanwhile cannot redirect
/// anything. Host errors reach the caller number for number. See the crate doc for details.
///
/// Cloning is cheap and shares the fids.
#[derive(Clone)]
pub struct HostFs {
    /// The state every request uses, shared with the host calls run off the runtime.
    pub(crate) host: Arc<Host>,
    /// The fid table.
    pub(crate) fids: Arc<Fids>,
}

/// The export: its root, the way to re-open descriptors, and its options.
pub(crate) struct Host {
    /// The root directory (`O_PATH`), the parent of nothing.
    pub(crate) root: Arc<Node>,
    /// `/proc/self/fd`.
    pub(crate) proc: ProcFds,
    /// What the export allows, and the id mapping.
    pub(crate) opts: HostOptions,
    /// Whether the host process runs as root (and so may give created files away).
    pub(crate) as_root: bool,
}

impl HostFs {
    /// Export the host directory `root` with `opts`.
    ///
    /// `root` itself is resolved once, here, as the host resolves any path (symlinks in it
    /// are followed); everything below it is confined. Needs Linux 5.6 or later (`openat2`)
    /// and procfs at `/proc`. Every fid holds a host descriptor (and shares those of the
    /// directories it was walked through), so this raises the process's soft limit of open
    /// files (`RLIMIT_NOFILE`) to its hard limit, as virtiofsd and diod do.
    ///
    /// # Errors
    /// The host's for `root` (`NotFound`, `PermissionDenied`, `ENOTDIR`); `Unsupported` when
    /// the kernel lacks `openat2`; `NotFound` when `/proc/self/fd` is missing, `Other` when
    /// it is not procfs.
    pub fn new(root: &Path, opts: HostOptions) -> io::Result<HostFs> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = host::open(root, flags, Mode::empty())?;
        sys::probe_openat2(fd.as_fd())?;
        let proc = ProcFds::open()?;
        raise_open_file_limit();
        let root = Node::root(fd).map_err(|e| io::Error::from_raw_os_error(e.code() as i32))?;
        let host = Host {
            root: Arc::new(root),
            proc,
            opts,
            as_root: rustix::process::geteuid().is_root(),
        };
        Ok(HostFs {
            host: Arc::new(host),
            fids: Arc::new(Fids::default()),
        })
    }

    /// Whether this export refuses every change.
    pub fn read_only(&self) -> bool {
        self.host.opts.read_only
    }
}

impl Host {
    /// Check that the export may be changed.
    ///
    /// # Errors
    /// `EROFS` when it is read-only.
    pub(crate) fn writable(&self) -> Result<()> {
        match self.opts.read_only {
            true => Err(Errno::EROFS),
            false => Ok(()),
        }
    }

    /// Give the file `fd` just created for `cx` its owners: the caller's uid and group `gid`
    /// (`u32::MAX`: the caller's gid), mapped to host ids, when the host process runs as root
    /// and the map does not squash; otherwise (or for an unmapped id) the host process's.
    ///
    /// # Errors
    /// The host's (`EPERM`).
    pub(crate) fn own(&self, fd: BorrowedFd<'_>, cx: &Caller, gid: u32) -> Result<()> {
        let ids = &self.opts.ids;
        if !self.as_root || ids.squashes() {
            return Ok(());
        }
        let gid = if gid == u32::MAX { cx.gid } else { Gid(gid) };
        let uid = ids.host_uid(cx.uid).map(host::Uid::from_raw);
        let gid = ids.host_gid(gid).map(host::Gid::from_raw);
        if uid.is_none() && gid.is_none() {
            return Ok(());
        }
        host::chownat(fd, "", uid, gid, AtFlags::EMPTY_PATH).or_errno()
    }
}

/// Raise the soft `RLIMIT_NOFILE` to the hard one; a failure leaves the limit as it was
/// (requests then meet `EMFILE` sooner).
fn raise_open_file_limit() {
    let limit = getrlimit(Resource::Nofile);
    if limit.maximum != limit.current {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        let _ = setrlimit(Resource::Nofile, raised);
    }
}

/// Run the host calls `f` on tokio's blocking pool, so a slow disk does not stall the
/// runtime; a panic in `f` becomes `EIO`.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or(Err(Errno::EIO))
}
