//! Namespace calls of [`ProcContext`]: mount, mount_dial, bind, unmount, ns lines
//! (Plan 9 `bind(2)`, `mount(2)`, `unmount(2)`).

use std::sync::Arc;

use warren_proto::client::{Client, ClientOptions};
use warren_proto::{Errno, FileServer, Result};

use super::ProcContext;
use crate::ns::mount::Source;
use crate::ns::{Chan, Loc};
use crate::proc::fd::lock;
use crate::types::MountFlags;

impl ProcContext {
    /// Mount `server` (attached with `aname` as this process's user) on the directory
    /// `path`. In `ns` lines the server shows as the name it was registered under at boot
    /// (`#ramfs`), else `#anon`.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR`, `EINVAL` (`BEFORE` and `AFTER` both set), the attach's error.
    pub async fn mount(
        &self,
        server: Arc<dyn FileServer>,
        aname: &str,
        path: &str,
        flags: MountFlags,
    ) -> Result<()> {
        let label = self.kernel.label_of(&server);
        self.mount_server(server, label, aname, path, flags).await
    }
    /// Mount the server a dial string names on `path`: `#NAME` for a server registered at
    /// boot, else a 9P2000.L server at `tcp!host!port` or `unix!/path`, reached through
    /// [`Client::dial`] with no request deadline (a remote pipe or tty read may block for
    /// as long as it likes).
    ///
    /// # Errors
    /// `ENOENT` (unknown `#NAME`, missing `path`), `ECONNREFUSED`, `EINVAL` (bad dial
    /// string), `EPROTO` (not a 9P2000.L server), the attach's error.
    pub async fn mount_dial(
        &self,
        dial: &str,
        aname: &str,
        path: &str,
        flags: MountFlags,
    ) -> Result<()> {
        let server: Arc<dyn FileServer> = if dial.starts_with('#') {
            self.kernel
                .servers
                .get(dial)
                .cloned()
                .ok_or(Errno::ENOENT)?
        } else {
            let opts = ClientOptions {
                timeout: None,
                ..ClientOptions::default()
            };
            Arc::new(Client::dial(dial, opts).await?)
        };
        self.mount_server(server, dial.to_string(), aname, path, flags)
            .await
    }
    /// Attach to `server` and join its root onto `path`.
    async fn mount_server(
        &self,
        server: Arc<dyn FileServer>,
        label: String,
        aname: &str,
        path: &str,
        flags: MountFlags,
    ) -> Result<()> {
        let target = self.target(path).await?;
        if !target.chan().qid.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        let root = Chan::attach(server, &self.caller(), aname).await?;
        let source = Source::Mount {
            label,
            aname: aname.to_string(),
        };
        lock(&self.proc.groups().ns).add(source, &target, vec![root], flags)
    }
    /// Make `new` show what `old` shows (Plan 9 `bind old new`): with `REPLACE` instead of
    /// what was there, with `BEFORE`/`AFTER` as a union searched before/after it; `CREATE`
    /// makes creations in the union go to `old`'s tree. Binding a union binds all its
    /// members.
    ///
    /// # Errors
    /// `ENOENT`, `ENOTDIR` (one is a directory and the other not), `EINVAL`.
    pub async fn bind(&self, old: &str, new: &str, flags: MountFlags) -> Result<()> {
        let src = self.target(old).await?;
        let target = self.target(new).await?;
        if src.chan().qid.is_dir() != target.chan().qid.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        let chans = src.members.iter().map(|m| m.chan.clone()).collect();
        let source = Source::Bind {
            old: src.path.clone(),
        };
        lock(&self.proc.groups().ns).add(source, &target, chans, flags)
    }
    /// Undo binds and mounts on `new`: all of them, or only those of `old` (a bound path,
    /// or a mount's dial string or `#NAME`). When only the original directory is left,
    /// `new` is no longer a mount point.
    ///
    /// # Errors
    /// `EINVAL` (nothing mounted there, or nothing from `old`), `ENOENT`.
    pub async fn unmount(&self, old: Option<&str>, new: &str) -> Result<()> {
        let key = self
            .target(new)
            .await
            .map_or_else(|_| self.abs(new), |l| l.path);
        let old_path = match old {
            Some(o) => Some(
                self.target(o)
                    .await
                    .map_or_else(|_| self.abs(o), |l| l.path),
            ),
            None => None,
        };
        let old = old.zip(old_path.as_deref());
        lock(&self.proc.groups().ns).remove(old, &key)
    }
    /// The namespace as lines (`mount -b '#ramfs' /n/x`, `bind -a /a /b`) that rebuild it
    /// when run in order (Plan 9 `ns(1)`).
    pub fn ns_lines(&self) -> Vec<String> {
        lock(&self.proc.groups().ns).lines()
    }

    /// Resolve `path` (following symlinks) for a mount or bind.
    async fn target(&self, path: &str) -> Result<Loc> {
        self.table()
            .resolve(&self.caller(), &self.abs(path), true)
            .await
    }
}
