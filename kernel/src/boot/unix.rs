//! [`Unix`]: a booted system.

use std::sync::{Arc, Mutex};

use warren_proto::{Caller, FileServer, Result};

use super::Builder;
use crate::kernel::Kernel;
use crate::ns::{MountTable, Namespace};
use crate::proc::fd::lock;
use crate::proc::image::{Lookup, Program};
use crate::proc::process::{Env, Process};
use crate::types::ExitStatus;

/// A booted system: its processes, its root namespace and the kernel they share.
pub struct Unix {
    pub(crate) kernel: Arc<Kernel>,
    pub(super) init: Option<Arc<Process>>,
    pub(crate) ns: Arc<Mutex<Namespace>>,
    pub(crate) env: Env,
}

impl Unix {
    /// A builder for a new system.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A system with no processes yet.
    pub(super) fn new(kernel: Arc<Kernel>, ns: Arc<Mutex<Namespace>>, env: Env) -> Unix {
        Unix {
            kernel,
            init: None,
            ns,
            env,
        }
    }

    /// Find what runs `argv` in `t` with the boot `PATH`, from `/`.
    pub(crate) async fn lookup(&self, t: &MountTable, argv: Vec<String>) -> Result<Program> {
        let lookup = Lookup {
            table: t,
            cx: &Caller::ROOT,
            cwd: "/",
            path_var: self.env.get("PATH").map(String::as_str),
            bins: &self.kernel.bins,
        };
        lookup.load(argv).await
    }

    /// Pid 1's exit status, once it has exited (at once `SUCCESS` when booted without init).
    pub async fn wait_init(&self) -> ExitStatus {
        match &self.init {
            Some(p) => p.exited().await,
            None => ExitStatus::SUCCESS,
        }
    }

    /// The root namespace (pid 1's, shared with it) served as a 9P2000.L fileserver, for
    /// `warren boot --listen` (Plan 9 `exportfs(4)`).
    pub fn export(&self) -> Arc<dyn FileServer> {
        Arc::new(crate::exportfs::ExportFs::new(self.ns.clone()))
    }

    /// The root namespace's `ns` lines.
    pub fn ns_lines(&self) -> Vec<String> {
        lock(&self.ns).lines()
    }

    /// End every process (their tasks are aborted: they exit with status 137) and wait
    /// until each has exited and closed its fds. The root namespace's chans are clunked as
    /// the `Unix` drops.
    pub async fn shutdown(self) {
        loop {
            let all = self.kernel.procs.all().into_iter();
            let running: Vec<_> = all
                .chain(self.init.clone())
                .filter(|p| p.status().is_none())
                .collect();
            if running.is_empty() {
                break;
            }
            running.iter().for_each(|p| p.abort());
            for p in running {
                p.exited().await;
            }
        }
    }
}
