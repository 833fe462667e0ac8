//! [`Unix::run`]: start a command from the host with its stdio on pipes and collect what it
//! writes: the harness of scenario tests and benches, and the core of a terminal runtime.

use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use warren_proto::{Caller, Result};

use crate::boot::Unix;
use crate::proc::fd::{lock, FdTable, OpenFile};
use crate::proc::ident::Ident;
use crate::proc::process::{Birth, Groups};
use crate::proc::spawn::Join;
use crate::types::{ExitStatus, Pid};

/// Bytes asked for per read while collecting output.
const CHUNK: usize = 64 * 1024;

/// What a command run by [`Unix::run`] left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything written to its fd 1 (by it and by anything sharing that pipe).
    pub stdout: Bytes,
    /// Everything written to its fd 2.
    pub stderr: Bytes,
}

impl Unix {
    /// Run `argv` as root, from `/`, in a copy of the root namespace with the boot
    /// environment, as the leader of a new session and group: found like `spawn` (PATH search, bin images, `#!` scripts), with
    /// fd 0 a pipe fed `stdin` (then closed) and fds 1 and 2 pipes collected until every
    /// writer has closed them. The process has parent pid 0 and is reaped by this call.
    ///
    /// # Errors
    /// `ENOSYS` (booted without a pipe server), spawn's errors (`ENOENT`, `EACCES`,
    /// `EINVAL`).
    pub async fn run(&self, argv: Vec<String>, stdin: impl Into<Bytes>) -> Result<Output> {
        let cx = Caller::ROOT;
        let (in_r, in_w) = self.kernel.pipe(&cx).await?;
        let (out_r, out_w) = self.kernel.pipe(&cx).await?;
        let (err_r, err_w) = self.kernel.pipe(&cx).await?;
        let mut fds = FdTable::default();
        for f in [in_r, out_w, err_w] {
            fds.install(Arc::new(f))?;
        }
        let ns = lock(&self.ns).clone();
        let groups = Groups {
            fds: Arc::new(Mutex::new(fds)),
            ns: Arc::new(Mutex::new(ns)),
            env: Arc::new(Mutex::new(self.env.clone())),
        };
        let table = lock(&groups.ns).table();
        let prog = self.lookup(&table, argv).await?;
        let bin = prog.bin;
        let birth = Birth {
            ppid: Pid(0),
            ident: Ident::new(cx.uid, cx.gid).exec(prog.setid),
            argv: prog.argv,
            groups,
            cwd: "/".into(),
            ignore: 0,
        };
        let p = self
            .kernel
            .start(birth, Join::NewSession, Box::new(move |c| bin(c)));
        let (_, stdout, stderr, status) = tokio::join!(
            feed(in_w, stdin.into()),
            drain(out_r),
            drain(err_r),
            p.exited()
        );
        Ok(Output {
            status,
            stdout: stdout?,
            stderr: stderr?,
        })
    }
}

/// Write `data` to the pipe `w` (stopping early if the reader goes), then close it.
async fn feed(w: OpenFile, mut data: Bytes) {
    let cx = Caller::ROOT;
    while !data.is_empty() {
        match w.write(&cx, data.clone()).await {
            Ok(n) if n > 0 => drop(data.split_to(n.min(data.len()))),
            _ => break,
        }
    }
    Arc::new(w).close(&cx).await;
}

/// Everything read from `r` until end of file.
async fn drain(r: OpenFile) -> Result<Bytes> {
    let cx = Caller::ROOT;
    let mut out = BytesMut::new();
    loop {
        let chunk = r.read(&cx, CHUNK).await?;
        if chunk.is_empty() {
            break;
        }
        out.extend_from_slice(&chunk);
    }
    Arc::new(r).close(&cx).await;
    Ok(out.freeze())
}
