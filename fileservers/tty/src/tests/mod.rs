//! Scenario tests: a `TtyFs` over in-memory pairs and a fake kernel, driven as processes do.
//!
//! The fake kernel knows three processes: 10 leads session 10 (group 10), 11 is in session
//! 10 but group 11 (a background job), 20 leads session 20. Every call the tty makes on it is
//! recorded on a channel, in order.

mod announce;
mod drain;
mod hangup;
mod line;
mod remote;
mod session;
mod tree;
mod ws;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use warren_proto::attr::oflags::O_RDWR;
use warren_proto::{Caller, Fid, FileServer, Result};

use crate::{Backend, Kind, ProcInfo, Remote, TtyFs, TtyHost, TtySignal};

/// Failure guard for anything that waits: far longer than any correct run needs.
const GUARD: Duration = Duration::from_secs(10);

/// A call the tty made on its host.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Call {
    Signal(u32, TtySignal),
    Hangup(u32),
    Ctty(u32, Option<String>),
}

/// The fake kernel.
pub(crate) struct FakeHost {
    procs: Mutex<HashMap<u32, ProcInfo>>,
    calls: mpsc::UnboundedSender<Call>,
}

impl FakeHost {
    /// Remove process `pid` (it exited).
    pub(crate) fn exit(&self, pid: u32) {
        self.procs.lock().unwrap().remove(&pid);
    }
}

impl TtyHost for FakeHost {
    fn process(&self, pid: u32) -> Option<ProcInfo> {
        self.procs.lock().unwrap().get(&pid).copied()
    }

    fn group_session(&self, pgid: u32) -> Option<u32> {
        let procs = self.procs.lock().unwrap();
        procs.values().find(|p| p.pgid == pgid).map(|p| p.sid)
    }

    fn signal_group(&self, pgid: u32, sig: TtySignal) {
        let _ = self.calls.send(Call::Signal(pgid, sig));
    }

    fn hangup_session(&self, sid: u32) {
        let _ = self.calls.send(Call::Hangup(sid));
    }

    fn set_controlling_tty(&self, sid: u32, tty: Option<&str>) {
        let _ = self.calls.send(Call::Ctty(sid, tty.map(str::to_string)));
    }
}

/// A tty server with terminal 0 over an in-memory pair, and the fake kernel.
pub(crate) struct World {
    pub(crate) fs: Arc<TtyFs>,
    pub(crate) host: Arc<FakeHost>,
    pub(crate) calls: mpsc::UnboundedReceiver<Call>,
    pub(crate) remote: Remote,
}

/// A world whose terminal 0 has a backend of `kind`.
pub(crate) fn world(kind: Kind) -> World {
    let (tx, calls) = mpsc::unbounded_channel();
    let procs = [(10, 10, 10, true), (11, 10, 11, false), (20, 20, 20, true)]
        .into_iter()
        .map(|(pid, sid, pgid, leader)| (pid, ProcInfo { sid, pgid, leader }))
        .collect();
    let host = Arc::new(FakeHost {
        procs: Mutex::new(procs),
        calls: tx,
    });
    let fs = Arc::new(TtyFs::new(host.clone()));
    let (backend, remote) = Backend::pair(kind);
    assert_eq!(fs.add(backend), 0);
    World {
        fs,
        host,
        calls,
        remote,
    }
}

/// `fut`, failing the test if it does not finish within [`GUARD`].
pub(crate) async fn guard<F: Future>(what: &str, fut: F) -> F::Output {
    match tokio::time::timeout(GUARD, fut).await {
        Ok(out) => out,
        Err(_) => panic!("timed out: {what}"),
    }
}

impl World {
    /// Process `pid` of this world.
    pub(crate) fn proc(&self, pid: u32) -> Proc {
        Proc {
            fs: self.fs.clone(),
            pid,
        }
    }

    /// Type `keys` on the terminal.
    pub(crate) async fn type_keys(&mut self, keys: &[u8]) {
        guard("typing", self.remote.write_all(keys)).await.unwrap();
    }

    /// Assert that the terminal displays `want` next.
    pub(crate) async fn expect_display(&mut self, want: &[u8]) {
        let mut got = vec![0; want.len()];
        guard("display", self.remote.read_exact(&mut got))
            .await
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(want));
    }

    /// The next call the tty made on the kernel.
    pub(crate) async fn next_call(&mut self) -> Call {
        guard("host call", self.calls.recv()).await.unwrap()
    }

    /// Assert that the tty made no call on the kernel not yet seen.
    pub(crate) fn no_more_calls(&mut self) {
        assert_eq!(self.calls.try_recv().ok(), None);
    }
}

/// A process using the tty server.
pub(crate) struct Proc {
    fs: Arc<TtyFs>,
    pid: u32,
}

impl Proc {
    fn cx(&self) -> Caller {
        Caller {
            pid: self.pid,
            ..Caller::ROOT
        }
    }

    /// Run `request` as this process, guarded.
    async fn run<F: Future>(&self, request: F) -> F::Output {
        guard("request", request).await
    }

    /// Attach, walk to `name` (empty: the root) and open it with `flags`; on failure the fid
    /// is clunked, as the kernel does.
    pub(crate) async fn open(&self, name: &str, flags: u32) -> Result<Fid> {
        let cx = self.cx();
        let root = Fid::fresh();
        self.fs.attach(&cx, root, "").await?;
        let fid = Fid::fresh();
        let names: Vec<String> = name
            .split('/')
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        self.fs.walk(&cx, root, fid, &names).await?;
        self.fs.clunk(&cx, root).await?;
        if let Err(e) = self.run(self.fs.open(&cx, fid, flags)).await {
            self.fs.clunk(&cx, fid).await?;
            return Err(e);
        }
        Ok(fid)
    }

    /// Read up to `count` bytes.
    pub(crate) async fn read(&self, fid: Fid, count: u32) -> Result<Vec<u8>> {
        let data = self.run(self.fs.read(&self.cx(), fid, 0, count)).await?;
        Ok(data.to_vec())
    }

    /// Write `data`.
    pub(crate) async fn write(&self, fid: Fid, data: &[u8]) -> Result<u32> {
        let data = Bytes::copy_from_slice(data);
        self.run(self.fs.write(&self.cx(), fid, 0, data)).await
    }

    /// Write `cmd` to terminal `n`'s ctl file.
    pub(crate) async fn ctl(&self, n: u32, cmd: &str) -> Result<u32> {
        let fid = self.open(&format!("{n}ctl"), O_RDWR).await?;
        let r = self.write(fid, cmd.as_bytes()).await;
        self.fs.clunk(&self.cx(), fid).await?;
        r
    }

    /// Terminal `n`'s status line.
    pub(crate) async fn status(&self, n: u32) -> String {
        let fid = self.open(&format!("{n}ctl"), O_RDWR).await.unwrap();
        let text = self.read(fid, 200).await.unwrap();
        self.fs.clunk(&self.cx(), fid).await.unwrap();
        String::from_utf8(text).unwrap()
    }
}
