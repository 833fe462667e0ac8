//! Boot: [`Unix::builder`] assembles mounts, files, bins and init into an image;
//! [`Builder::boot`] starts it (DESIGN.md "Boot", phase 1).
//!
//! The builder's steps (`mount`, `procfs`, `bind`, `dir`, `file`, `bin`, `chmod`, `chown`)
//! run in the order they were given, as root, in the namespace that becomes pid 1's; the
//! first MUST mount `/`. A mount's directory and a file's parent directories are made when
//! missing (mode 0755). `bin` registers a bin and writes `/bin/NAME` as a bin image (see
//! [`crate::proc::image`]).
//!
//! # Layout
//! - this file: [`Builder`].
//! - `steps`: building the boot namespace.
//! - `init`: starting pid 1 and its stdio ([`Stdio`]).
//! - `unix`: [`Unix`], the booted system.
//! - `host`: [`Host`], the host's calls on processes, groups and sessions (signals, ttys).

mod host;
mod init;
mod steps;
mod unix;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use warren_proto::attr::setattr;
use warren_proto::{Errno, FileServer, Result, SetAttr};

use crate::context::{Bin, BinFuture, ProcContext};
use crate::kernel::Kernel;
use crate::ns::Namespace;
use crate::path;
use crate::proc::image::bin_image;
use crate::proc::process::Env;
use crate::procfs::ProcFs;
use crate::types::{ExitStatus, MountFlags};
use init::Init;
use steps::Step;

pub use crate::run::Output;
pub use host::Host;
pub use init::Stdio;
pub use unix::Unix;

/// The label the process fileserver is registered and shown under.
pub const PROCFS_LABEL: &str = "#proc";

/// Assembles a system: see the module doc. Made by [`Unix::builder`].
#[derive(Default)]
pub struct Builder {
    steps: Vec<Step>,
    bins: HashMap<String, Bin>,
    servers: HashMap<String, Arc<dyn FileServer>>,
    pipe: Option<Arc<dyn FileServer>>,
    init: Option<Init>,
    env: Env,
    procfs: bool,
}

impl Builder {
    /// Mount `server` (attach name "") on `path` with `flags` (a union with what is there
    /// for `BEFORE`/`AFTER`); `label` (`#ramfs`) names it in `ns` lines and for
    /// `mount_dial`. The first step must mount `/` (its flags are ignored).
    pub fn mount(
        mut self,
        path: &str,
        label: &str,
        server: Arc<dyn FileServer>,
        flags: MountFlags,
    ) -> Builder {
        self.servers.insert(label.to_string(), server.clone());
        let (path, label) = (path::join("/", path), label.to_string());
        self.steps.push(Step::Mount {
            path,
            label,
            server,
            flags,
        });
        self
    }
    /// Make `new` show what `old` shows, with `flags` (Plan 9 `bind old new`; see
    /// [`ProcContext::bind`]). Both must exist when the step runs.
    pub fn bind(mut self, old: &str, new: &str, flags: MountFlags) -> Builder {
        self.steps.push(Step::Bind {
            old: path::join("/", old),
            new: path::join("/", new),
            flags,
        });
        self
    }
    /// Set the permission bits of `path` to `mode` (setuid, setgid and sticky bits
    /// included): `Tsetattr` as root.
    pub fn chmod(self, path: &str, mode: u32) -> Builder {
        let attr = SetAttr {
            valid: setattr::MODE,
            mode,
            ..SetAttr::default()
        };
        self.wstat(path, attr)
    }
    /// Give `path` to user `uid` and group `gid`: `Tsetattr` as root.
    pub fn chown(self, path: &str, uid: u32, gid: u32) -> Builder {
        let attr = SetAttr {
            valid: setattr::UID | setattr::GID,
            uid,
            gid,
            ..SetAttr::default()
        };
        self.wstat(path, attr)
    }
    /// A `Tsetattr` step.
    fn wstat(mut self, path: &str, attr: SetAttr) -> Builder {
        let path = path::join("/", path);
        self.steps.push(Step::Wstat { path, attr });
        self
    }
    /// Make directory `path` with permission bits `mode` (kept as is if it exists).
    pub fn dir(mut self, path: &str, mode: u32) -> Builder {
        self.steps.push(Step::Dir {
            path: path::join("/", path),
            mode,
        });
        self
    }
    /// Write file `path` with contents `data` and permission bits `mode`.
    pub fn file(mut self, path: &str, data: impl Into<Vec<u8>>, mode: u32) -> Builder {
        let (path, data) = (path::join("/", path), data.into());
        self.steps.push(Step::File { path, data, mode });
        self
    }
    /// Register `bin` as `name` and write `/bin/NAME` as its image (mode 0755).
    pub fn bin(mut self, name: &str, bin: Bin) -> Builder {
        self.bins.insert(name.to_string(), bin);
        let path = path::child("/bin", name);
        self.steps.push(Step::File {
            path,
            data: bin_image(name),
            mode: 0o755,
        });
        self
    }
    /// The pipe fileserver `pipe()` attaches to (Plan 9 `devpipe`; `warren_pipe::PipeFs`).
    pub fn pipe_server(mut self, server: Arc<dyn FileServer>) -> Builder {
        self.pipe = Some(server);
        self
    }
    /// Pid 1 runs `argv` (found like `spawn` does, with the boot environment's `PATH`),
    /// with fds 0, 1 and 2 opened on `stdio`: one path for all three (`"/dev/cons"`), or
    /// three (`["/dev/cons", "/dev/cons", "/dev/stderr"]`); see [`Stdio`].
    pub fn init(mut self, argv: Vec<String>, stdio: impl Into<Stdio>) -> Builder {
        self.init = Some(Init::Argv {
            argv,
            stdio: stdio.into(),
        });
        self
    }
    /// Pid 1 runs the closure `f` (argv `["init"]`, no open fds): for tests.
    pub fn init_fn<F, Fut>(mut self, f: F) -> Builder
    where
        F: FnOnce(ProcContext) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ExitStatus> + Send + 'static,
    {
        self.init = Some(Init::Fn(Box::new(move |cx| -> BinFuture {
            Box::pin(f(cx))
        })));
        self
    }
    /// Mount the process fileserver (Plan 9 `proc(3)`) on `path` (`"/proc"`), labelled
    /// [`PROCFS_LABEL`] (`#proc`, also for `mount_dial`); see [`crate::procfs`].
    pub fn procfs(mut self, path: &str) -> Builder {
        self.procfs = true;
        self.steps.push(Step::Procfs {
            path: path::join("/", path),
        });
        self
    }
    /// Set `name` in the boot environment (pid 1's, and `Unix::run`'s).
    pub fn env(mut self, name: &str, value: &str) -> Builder {
        self.env.insert(name.to_string(), value.to_string());
        self
    }

    /// Build the root namespace, then start pid 1 if an init was given (without one, the
    /// system runs only what [`Unix::run`] starts). MUST be called inside a tokio runtime.
    ///
    /// # Errors
    /// `EINVAL` (the first step does not mount `/`), any step's error (`ENOENT`,
    /// `EEXIST`, an attach's error), init's errors (opening its stdio, finding its bin:
    /// `ENOENT`, `EACCES`, `EINVAL`).
    pub async fn boot(self) -> Result<Unix> {
        if !matches!(self.steps.first(), Some(Step::Mount { path, .. }) if path == "/") {
            return Err(Errno::EINVAL);
        }
        let (mut servers, procfs) = (self.servers, self.procfs);
        let kernel = Arc::new_cyclic(|k| {
            if procfs {
                let server: Arc<dyn FileServer> = Arc::new(ProcFs::new(k.clone()));
                servers.insert(PROCFS_LABEL.to_string(), server);
            }
            Kernel {
                procs: Default::default(),
                bins: self.bins,
                pipe: self.pipe,
                servers,
            }
        });
        let mut ns = Namespace::new();
        for step in self.steps {
            steps::run(&mut ns, step, &kernel).await?;
        }
        let mut unix = Unix::new(kernel, Arc::new(Mutex::new(ns)), self.env);
        if let Some(init) = self.init {
            unix.init = Some(unix.start_init(init).await?);
        }
        Ok(unix)
    }
}
