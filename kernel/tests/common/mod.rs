//! Shared by the kernel's scenario tests: a small image (ramfs at `/`, pipes, a few test
//! bins) and a way to run a test body as pid 1.
#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::sync::oneshot;
use warren_kernel::{
    bin, Builder, ExitStatus, Fd, MountFlags, Pid, ProcContext, SpawnOptions, Unix,
};
use warren_pipe::PipeFs;
use warren_proto::attr::oflags::{O_CREAT, O_TRUNC, O_WRONLY};
use warren_ramfs::RamFs;

/// Failure guard for a whole scenario (never a synchronisation).
pub const GUARD: Duration = Duration::from_secs(20);

/// `argv` from string slices.
pub fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// The test image: ramfs at `/`, `/bin`, `/tmp`, pipes, `PATH=/bin`, and the bins
/// `status N` (exit N), `echo ARGS` (print them), `cat` (stdin to stdout), `argv` (print
/// argv), `catf PATH` (print the file).
pub fn image() -> Builder {
    Unix::builder()
        .mount("/", "#ramfs", Arc::new(RamFs::new()), MountFlags::REPLACE)
        .dir("/bin", 0o755)
        .dir("/tmp", 0o777)
        .pipe_server(Arc::new(PipeFs::new()))
        .env("PATH", "/bin")
        .bin(
            "status",
            bin(|cx: ProcContext| async move {
                ExitStatus(cx.argv().get(1).and_then(|s| s.parse().ok()).unwrap_or(0))
            }),
        )
        .bin(
            "echo",
            bin(|cx: ProcContext| async move {
                let line = format!("{}\n", cx.argv()[1..].join(" "));
                status(cx.write_all(Fd::STDOUT, line).await.is_ok())
            }),
        )
        .bin(
            "argv",
            bin(|cx: ProcContext| async move {
                let line = cx.argv().join(" ");
                status(cx.write_all(Fd::STDOUT, line).await.is_ok())
            }),
        )
        .bin(
            "catf",
            bin(|cx: ProcContext| async move {
                let Some(p) = cx.argv().get(1).cloned() else {
                    return ExitStatus(2);
                };
                let Ok(fd) = cx.open(&p, 0, 0).await else {
                    return ExitStatus::FAILURE;
                };
                let data = slurp_fd(&cx, fd).await;
                status(cx.write_all(Fd::STDOUT, data).await.is_ok())
            }),
        )
        .bin(
            "cat",
            bin(|cx: ProcContext| async move {
                loop {
                    match cx.read(Fd::STDIN, 65536).await {
                        Ok(b) if b.is_empty() => return ExitStatus::SUCCESS,
                        Ok(b) => {
                            if cx.write_all(Fd::STDOUT, b).await.is_err() {
                                return ExitStatus::FAILURE;
                            }
                        }
                        Err(_) => return ExitStatus::FAILURE,
                    }
                }
            }),
        )
}

fn status(ok: bool) -> ExitStatus {
    if ok {
        ExitStatus::SUCCESS
    } else {
        ExitStatus::FAILURE
    }
}

/// Boot `b` with `f` as pid 1 and return what `f` returns (panics in `f` fail the test).
pub async fn as_init<T, F, Fut>(b: Builder, f: F) -> T
where
    T: Send + 'static,
    F: FnOnce(ProcContext) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    let unix = b
        .init_fn(move |cx| async move {
            let _ = tx.send(f(cx).await);
            ExitStatus::SUCCESS
        })
        .boot()
        .await
        .expect("boot");
    let v = tokio::time::timeout(GUARD, rx)
        .await
        .expect("scenario timed out")
        .expect("init panicked");
    unix.shutdown().await;
    v
}

/// Write `data` to a new file `path` (mode 0644).
pub async fn put(cx: &ProcContext, path: &str, data: &str) {
    let fd = cx
        .open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        .await
        .expect("create");
    cx.write_all(fd, data.to_string()).await.expect("write");
    cx.close(fd).await.expect("close");
}

/// Everything readable from `fd` until end of file.
pub async fn slurp_fd(cx: &ProcContext, fd: Fd) -> Bytes {
    let mut out = BytesMut::new();
    loop {
        let b = cx.read(fd, 65536).await.expect("read");
        if b.is_empty() {
            return out.freeze();
        }
        out.extend_from_slice(&b);
    }
}

/// The contents of `path`.
pub async fn cat(cx: &ProcContext, path: &str) -> String {
    let fd = cx.open(path, 0, 0).await.expect("open");
    let b = slurp_fd(cx, fd).await;
    cx.close(fd).await.expect("close");
    String::from_utf8_lossy(&b).into_owned()
}

/// Names of `readdir(path)`, in order.
pub async fn names(cx: &ProcContext, path: &str) -> Vec<String> {
    cx.readdir(path)
        .await
        .expect("readdir")
        .into_iter()
        .map(|e| e.name)
        .collect()
}

/// Start a child of `cx` running `f`, with the default spawn options.
pub async fn child<F, Fut>(cx: &ProcContext, f: F) -> Pid
where
    F: FnOnce(ProcContext) -> Fut + Send + 'static,
    Fut: Future<Output = ExitStatus> + Send + 'static,
{
    cx.spawn_fn(argv(&["child"]), SpawnOptions::default(), f)
        .await
        .expect("spawn_fn")
}

/// A child that blocks forever (until a signal ends it).
pub async fn blocked_child(cx: &ProcContext) -> Pid {
    child(cx, |_| std::future::pending()).await
}

/// `pid` as `kill` takes it.
pub fn kpid(pid: Pid) -> i32 {
    i32::try_from(pid.0).expect("pid fits kill's argument")
}
