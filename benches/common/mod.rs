//! Shared by the benchmarks: the tokio runtime `warren` itself uses, and a system booted
//! in-process whose pid 1 runs benchmark loops as jobs, so that every measured call is made
//! from inside a bin (a process's own task), as `sh` makes it.
//!
//! `remote`: the 9P servers of the `ninep` bench.
#![allow(dead_code)]

pub mod remote;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::runtime::Runtime;
use tokio::sync::{mpsc, oneshot};
use warren_kernel::{Builder, ExitStatus, MountFlags, ProcContext, Unix};
use warren_pipe::PipeFs;
use warren_ramfs::RamFs;

/// A multi-threaded runtime with one worker per core: what `#[tokio::main]` gives `warren`.
pub fn runtime() -> Runtime {
    named_runtime("tokio-runtime-worker")
}

/// As [`runtime`], with threads called `name` (so a profile tells runtimes apart).
pub fn named_runtime(name: &str) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name(name)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The bench image: ramfs at `/` with `/bin` and `/tmp`, pipes, `PATH=/bin`. Add bins with
/// [`Builder::bin`].
pub fn image() -> Builder {
    Unix::builder()
        .mount("/", "#ramfs", Arc::new(RamFs::new()), MountFlags::REPLACE)
        .dir("/bin", 0o755)
        .dir("/tmp", 0o777)
        .pipe_server(Arc::new(PipeFs::new()))
        .env("PATH", "/bin")
}

/// A future a job returns, run by pid 1.
type JobFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
/// One piece of work for pid 1, given pid 1's context.
type Job = Box<dyn FnOnce(ProcContext) -> JobFuture + Send>;

/// A booted system whose pid 1 runs the jobs sent to it, one at a time, in its own task.
pub struct System {
    unix: Unix,
    jobs: mpsc::UnboundedSender<Job>,
}

impl System {
    /// Boot `image` on `rt` with the job loop as pid 1.
    pub fn boot(rt: &Runtime, image: Builder) -> System {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        let image = image.init_fn(move |cx| async move {
            while let Some(job) = rx.recv().await {
                job(cx.clone()).await;
            }
            ExitStatus::SUCCESS
        });
        let unix = rt.block_on(image.boot()).expect("boot the bench image");
        System { unix, jobs }
    }

    /// Run `f` as pid 1 and return what it returns (blocks the calling thread).
    pub fn run<T, F, Fut>(&self, rt: &Runtime, f: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(ProcContext) -> Fut + Send + 'static,
        Fut: Future<Output = T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |cx| {
            Box::pin(async move {
                let _ = tx.send(f(cx).await);
            })
        });
        self.jobs.send(job).expect("pid 1 is running");
        rt.block_on(rx).expect("the job finished")
    }

    /// End pid 1 and every other process.
    pub fn shutdown(self, rt: &Runtime) {
        drop(self.jobs);
        rt.block_on(self.unix.shutdown());
    }
}

/// `argv` from string slices.
pub fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}
