//! ramfs under concurrent renames, creates, removals and listings from several threads.

use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use warren_proto::conformance::Harness;
use warren_proto::{Caller, Fid, FileServer};
use warren_ramfs::RamFs;

const CX: Caller = Caller::ROOT;
const ROUNDS: usize = 2000;

/// Run `f` on its own thread and runtime; its result arrives on `done`.
fn worker<F, Fut>(done: &mpsc::Sender<()>, f: F) -> thread::JoinHandle<()>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let done = done.clone();
    thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(f());
        let _ = done.send(());
    })
}

/// Move a directory back and forth between `a` and `b`, the other way round from its twin.
async fn shuttle(fs: Arc<RamFs>, a: Fid, b: Fid, name: &'static str) {
    for _ in 0..ROUNDS {
        fs.renameat(&CX, a, name, b, name)
            .await
            .expect("rename a to b");
        fs.renameat(&CX, b, name, a, name)
            .await
            .expect("rename b to a");
    }
}

/// Create, list and remove entries in `dir`, and rename a subdirectory of `a` below `b` and back.
async fn churn(fs: Arc<RamFs>, dir: Fid, a: Fid, b: Fid) {
    for i in 0..ROUNDS {
        let name = format!("n{i}");
        fs.mkdir(&CX, dir, &name, 0o755, 0).await.expect("mkdir");
        let listing = Fid::fresh();
        fs.walk(&CX, dir, listing, &[]).await.expect("walk");
        fs.open(&CX, listing, 0).await.expect("open");
        fs.readdir(&CX, listing, 0, 4096).await.expect("readdir");
        fs.clunk(&CX, listing).await.expect("clunk");
        fs.unlinkat(&CX, dir, &name, 0x200).await.expect("rmdir");
        let _ = fs.renameat(&CX, a, "deep", b, "deep").await;
        let _ = fs.renameat(&CX, b, "deep", a, "deep").await;
    }
}

#[test]
fn concurrent_cross_renames_and_churn_finish_with_a_consistent_tree() {
    let fs = Arc::new(RamFs::new());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let (a, b) = rt.block_on(async {
        let h = Harness::new(&*fs).await;
        let (t, dir) = h.check("concurrency").await;
        for name in ["a", "b", "a/x", "b/y", "a/deep"] {
            let (parent, leaf) = name.split_once('/').unwrap_or((".", name));
            let pfid = if parent == "." {
                dir
            } else {
                t.walk(dir, &[parent]).await
            };
            fs.mkdir(&CX, pfid, leaf, 0o755, 0).await.expect("mkdir");
        }
        (t.walk(dir, &["a"]).await, t.walk(dir, &["b"]).await)
    });
    let (done, finished) = mpsc::channel();
    let workers = [
        worker(&done, {
            let fs = fs.clone();
            move || shuttle(fs, a, b, "x")
        }),
        worker(&done, {
            let fs = fs.clone();
            move || shuttle(fs, b, a, "y")
        }),
        worker(&done, {
            let fs = fs.clone();
            move || churn(fs, a, a, b)
        }),
        worker(&done, {
            let fs = fs.clone();
            move || churn(fs, b, b, a)
        }),
    ];
    for _ in 0..workers.len() {
        finished
            .recv_timeout(Duration::from_secs(120))
            .expect("a worker deadlocked or panicked");
    }
    for w in workers {
        w.join().expect("worker panicked");
    }
    rt.block_on(async {
        let mut names = Vec::new();
        for dir in [a, b] {
            let fid = Fid::fresh();
            fs.walk(&CX, dir, fid, &[]).await.unwrap();
            fs.open(&CX, fid, 0).await.unwrap();
            let entries = fs.readdir(&CX, fid, 0, 8192).await.unwrap();
            names.extend(
                entries
                    .into_iter()
                    .map(|e| e.name)
                    .filter(|n| !n.starts_with('.')),
            );
        }
        names.sort();
        assert_eq!(names, ["deep", "x", "y"]);
    });
}
