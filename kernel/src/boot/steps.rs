//! Building the boot namespace: the builder's steps (mount, procfs, bind, dir, file,
//! chmod/chown), run as root.

use std::sync::Arc;

use warren_proto::attr::oflags::{O_CREAT, O_TRUNC, O_WRONLY};
use warren_proto::{Caller, Errno, FileServer, Result, SetAttr};

use super::PROCFS_LABEL;
use crate::kernel::Kernel;
use crate::ns::mount::Source;
use crate::ns::{ops, Chan, Loc, MountTable, Namespace};
use crate::path;
use crate::proc::fd::OpenFile;
use crate::types::MountFlags;

/// One step of building the boot namespace.
pub(super) enum Step {
    Mount {
        path: String,
        label: String,
        server: Arc<dyn FileServer>,
        flags: MountFlags,
    },
    Dir {
        path: String,
        mode: u32,
    },
    File {
        path: String,
        data: Vec<u8>,
        mode: u32,
    },
    Procfs {
        path: String,
    },
    Bind {
        old: String,
        new: String,
        flags: MountFlags,
    },
    Wstat {
        path: String,
        attr: SetAttr,
    },
}

/// Apply `step` to the boot namespace `ns`; `kernel` has the process fileserver.
pub(super) async fn run(ns: &mut Namespace, step: Step, kernel: &Kernel) -> Result<()> {
    let t = ns.table();
    match step {
        Step::Mount {
            path,
            label,
            server,
            flags,
        } => mount(ns, &path, label, server, flags).await,
        Step::Procfs { path } => {
            let server = kernel.servers.get(PROCFS_LABEL).cloned();
            let server = server.ok_or(Errno::ENOENT)?;
            let label = PROCFS_LABEL.to_string();
            mount(ns, &path, label, server, MountFlags::REPLACE).await
        }
        Step::Dir { path, mode } => make_dirs(&t, &path, mode).await,
        Step::File { path, data, mode } => write_file(&t, &path, data, mode).await,
        Step::Bind { old, new, flags } => bind(ns, &old, &new, flags).await,
        Step::Wstat { path, attr } => ops::wstat(&t, &Caller::ROOT, &path, &attr).await,
    }
}

/// Make `new` show what `old` shows (as `ProcContext::bind`).
async fn bind(ns: &mut Namespace, old: &str, new: &str, flags: MountFlags) -> Result<()> {
    let (cx, t) = (Caller::ROOT, ns.table());
    let src = t.resolve(&cx, old, true).await?;
    let target = t.resolve(&cx, new, true).await?;
    if src.chan().qid.is_dir() != target.chan().qid.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    let chans = src.members.iter().map(|m| m.chan.clone()).collect();
    let source = Source::Bind {
        old: src.path.clone(),
    };
    ns.add(source, &target, chans, flags)
}

/// Mount `server` on `path` (made if missing; the first mount of `/` becomes the root).
async fn mount(
    ns: &mut Namespace,
    path: &str,
    label: String,
    server: Arc<dyn FileServer>,
    flags: MountFlags,
) -> Result<()> {
    let (cx, t) = (Caller::ROOT, ns.table());
    let root = Chan::attach(server, &cx, "").await?;
    let (target, flags) = if path == "/" && t.root().is_err() {
        (
            Loc::single(path.to_string(), root.clone()),
            MountFlags::REPLACE,
        )
    } else {
        make_dirs(&t, path, 0o755).await?;
        (t.resolve(&cx, path, true).await?, flags)
    };
    let source = Source::Mount {
        label,
        aname: String::new(),
    };
    ns.add(source, &target, vec![root], flags)
}

/// Create or truncate `path` (making its parents) and write `data` into it.
async fn write_file(t: &MountTable, path: &str, data: Vec<u8>, mode: u32) -> Result<()> {
    let cx = Caller::ROOT;
    let (dir, _) = path::split(path).ok_or(Errno::EISDIR)?;
    make_dirs(t, &dir, 0o755).await?;
    let chan = ops::open(t, &cx, path, O_WRONLY | O_CREAT | O_TRUNC, mode).await?;
    let file = Arc::new(OpenFile::new(chan, O_WRONLY, path));
    let mut data = bytes::Bytes::from(data);
    while !data.is_empty() {
        let n = file.write(&cx, data.clone()).await?;
        if n == 0 {
            return Err(Errno::EIO);
        }
        let _ = data.split_to(n.min(data.len()));
    }
    file.close(&cx).await;
    Ok(())
}

/// `mkdir -p path`: the last directory gets `mode`, missing parents 0755.
async fn make_dirs(t: &MountTable, path: &str, mode: u32) -> Result<()> {
    let cx = Caller::ROOT;
    let mut p = String::from("/");
    let names = path::elements(path);
    for (i, n) in names.iter().enumerate() {
        p = path::child(&p, n);
        let m = if i + 1 == names.len() { mode } else { 0o755 };
        match ops::mkdir(t, &cx, &p, m).await {
            Ok(_) | Err(Errno::EEXIST) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
