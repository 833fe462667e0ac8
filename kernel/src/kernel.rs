//! `Kernel`: the state every process of one booted system shares: the process table, the
//! bin table, the pipe server and the named in-process servers.

use std::collections::HashMap;
use std::sync::Arc;

use warren_proto::attr::oflags::{O_RDONLY, O_WRONLY};
use warren_proto::{Caller, Errno, FileServer, Result};

use crate::context::Bin;
use crate::ns::Chan;
use crate::proc::fd::OpenFile;
use crate::proc::table::ProcTable;

/// One booted system's shared state. Fixed at boot except for the process table.
pub(crate) struct Kernel {
    /// Every process.
    pub procs: ProcTable,
    /// Bins by the name their image's magic line gives.
    pub bins: HashMap<String, Bin>,
    /// The pipe fileserver (Plan 9 `devpipe`): each attach is a new pipe.
    pub pipe: Option<Arc<dyn FileServer>>,
    /// In-process servers by label (`#ramfs`), for `mount_dial("#ramfs", ...)` and `ns` lines.
    pub servers: HashMap<String, Arc<dyn FileServer>>,
}

impl Kernel {
    /// A new pipe: `(read end, write end)`, `data` opened `O_RDONLY` and `data1` opened
    /// `O_WRONLY` on a fresh attach of the pipe server (Plan 9 `pipe(2)`).
    ///
    /// # Errors
    /// `ENOSYS` when the system was booted without a pipe server; the server's error.
    pub async fn pipe(&self, cx: &Caller) -> Result<(OpenFile, OpenFile)> {
        let server = self.pipe.clone().ok_or(Errno::ENOSYS)?;
        let root = Chan::attach(server, cx, "").await?;
        let r = open_child(cx, &root, "data", O_RDONLY).await?;
        let w = open_child(cx, &root, "data1", O_WRONLY).await?;
        root.release(cx).await;
        Ok((
            OpenFile::new(r, O_RDONLY, "#pipe"),
            OpenFile::new(w, O_WRONLY, "#pipe"),
        ))
    }

    /// The label `ns` lines show for `server`: its registered name, else `#anon`.
    pub fn label_of(&self, server: &Arc<dyn FileServer>) -> String {
        let same =
            |s: &&Arc<dyn FileServer>| std::ptr::addr_eq(Arc::as_ptr(s), Arc::as_ptr(server));
        let named = self.servers.iter().find(|(_, s)| same(s));
        named.map_or_else(|| "#anon".to_string(), |(label, _)| label.clone())
    }
}

/// Walk from `dir` to `name` and open it with `flags`.
async fn open_child(cx: &Caller, dir: &Chan, name: &str, flags: u32) -> Result<Chan> {
    let (_, c) = dir.walk(cx, &[name.to_string()]).await?;
    let c = c.ok_or(Errno::ENOENT)?;
    let (qid, _) = c.server().open(cx, c.fid(), flags).await?;
    Ok(c.with_qid(qid))
}
