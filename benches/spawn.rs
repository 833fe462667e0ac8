//! Process creation: `spawn(["true"]) + wait(pid)` inside Warren (target: at most 10 us)
//! beside a host `fork` + `exec` of `/bin/true` (`std::process::Command`).
//!
//! Run: `cargo bench --bench spawn`. Each Warren iteration runs inside pid 1 (see
//! `common`): the child is found as `/bin/true` through `$PATH` in the namespace (a ramfs
//! walk and read of the bin image), gets a copy of pid 1's fds, namespace and environment,
//! runs, exits, and is reaped. `spawn_fn` skips the image lookup (a fork of a closure).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{argv, image, runtime, System};
use criterion::{criterion_group, criterion_main, Criterion};
use warren_kernel::{bin, ExitStatus, ProcContext, SpawnOptions};

/// Time `iters` rounds of spawn + wait of `true` in `cx`'s process.
async fn spawn_wait(cx: ProcContext, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        let pid = cx
            .spawn(argv(&["true"]), SpawnOptions::default())
            .await
            .expect("spawn true");
        let status = cx.wait(pid).await.expect("wait");
        assert_eq!(status, ExitStatus::SUCCESS, "true exits 0");
    }
    start.elapsed()
}

/// Time `iters` rounds of spawn_fn + wait of a closure that exits 0.
async fn spawn_fn_wait(cx: ProcContext, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        let pid = cx
            .spawn_fn(argv(&["true"]), SpawnOptions::default(), |_| async {
                ExitStatus::SUCCESS
            })
            .await
            .expect("spawn_fn");
        let status = cx.wait(pid).await.expect("wait");
        assert_eq!(status, ExitStatus::SUCCESS, "the closure exits 0");
    }
    start.elapsed()
}

fn warren(c: &mut Criterion) {
    let rt = runtime();
    let image = image().bin("true", bin(|_| async { ExitStatus::SUCCESS }));
    let sys = System::boot(&rt, image);
    let mut g = c.benchmark_group("spawn");
    g.bench_function("warren spawn+wait true", |b| {
        b.iter_custom(|iters| sys.run(&rt, move |cx| spawn_wait(cx, iters)))
    });
    g.bench_function("warren spawn_fn+wait", |b| {
        b.iter_custom(|iters| sys.run(&rt, move |cx| spawn_fn_wait(cx, iters)))
    });
    g.finish();
    sys.shutdown(&rt);
}

fn host(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn");
    g.bench_function("host fork+exec /bin/true", |b| {
        b.iter(|| {
            let status = Command::new("/bin/true").status().expect("run /bin/true");
            assert!(status.success(), "/bin/true exits 0");
        })
    });
    g.finish();
}

criterion_group!(benches, warren, host);
criterion_main!(benches);
