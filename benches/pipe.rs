//! Pipe throughput between two bins (target: at least 2 GB/s).
//!
//! Run: `cargo bench --bench pipe`. Pid 1 makes a pipe and spawns `pwrite N` with the
//! write end as stdout and `pread N` with the read end as stdin (fresh fd tables, so each
//! holds only its own end), closes both ends and waits for both. `pwrite` writes N bytes as
//! one 64 KiB `Bytes` cloned again and again (zero copy on the writer's side); `pread` reads
//! 64 KiB at a time until end of file and exits 0 only when it got exactly N bytes. One
//! iteration moves 1 GiB.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::{argv, image, runtime, System};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use warren_kernel::{bin, ExitStatus, Fd, ProcContext, Share, SpawnOptions};

/// The bytes one iteration moves.
const TOTAL: u64 = 1 << 30;
/// One write, and the count of one read, in bytes.
const CHUNK: usize = 64 * 1024;

/// `argv[1]` as a byte count (0 when missing or not a number).
fn count_arg(cx: &ProcContext) -> u64 {
    cx.argv().get(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `pwrite N`: write N bytes to stdout in [`CHUNK`] pieces of one shared buffer.
async fn pwrite(cx: ProcContext) -> ExitStatus {
    let chunk = Bytes::from(vec![0x5a; CHUNK]);
    let mut left = count_arg(&cx);
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        if cx.write_all(Fd::STDOUT, chunk.slice(..n)).await.is_err() {
            return ExitStatus::FAILURE;
        }
        left -= n as u64;
    }
    ExitStatus::SUCCESS
}

/// `pread N`: read stdin to end of file; exit 0 when exactly N bytes came.
async fn pread(cx: ProcContext) -> ExitStatus {
    let mut got = 0u64;
    loop {
        match cx.read(Fd::STDIN, CHUNK).await {
            Ok(b) if b.is_empty() => break,
            Ok(b) => got += b.len() as u64,
            Err(_) => return ExitStatus::FAILURE,
        }
    }
    if got == count_arg(&cx) {
        ExitStatus::SUCCESS
    } else {
        ExitStatus::FAILURE
    }
}

/// Spawn options: a fresh fd table holding only `parent` as `child`.
fn only_fd(child: Fd, parent: Fd) -> SpawnOptions {
    SpawnOptions {
        fds: Share::Fresh,
        fd_map: vec![(child, parent)],
        ..SpawnOptions::default()
    }
}

/// Time `iters` transfers of [`TOTAL`] bytes through a pipe from `pwrite` to `pread`.
async fn transfer(cx: ProcContext, iters: u64) -> Duration {
    let n = TOTAL.to_string();
    let mut took = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let (r, w) = cx.pipe().await.expect("pipe");
        let writer = cx.spawn(argv(&["pwrite", &n]), only_fd(Fd::STDOUT, w));
        let writer = writer.await.expect("spawn pwrite");
        let reader = cx.spawn(argv(&["pread", &n]), only_fd(Fd::STDIN, r));
        let reader = reader.await.expect("spawn pread");
        cx.close(r).await.expect("close the read end");
        cx.close(w).await.expect("close the write end");
        assert_eq!(cx.wait(writer).await, Ok(ExitStatus::SUCCESS), "pwrite");
        assert_eq!(cx.wait(reader).await, Ok(ExitStatus::SUCCESS), "pread");
        took += start.elapsed();
    }
    took
}

fn pipe(c: &mut Criterion) {
    let rt = runtime();
    let image = image().bin("pwrite", bin(pwrite)).bin("pread", bin(pread));
    let sys = System::boot(&rt, image);
    let mut g = c.benchmark_group("pipe");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .throughput(Throughput::Bytes(TOTAL));
    g.bench_function("warren pwrite | pread, 64 KiB writes", |b| {
        b.iter_custom(|iters| sys.run(&rt, move |cx| transfer(cx, iters)))
    });
    g.finish();
    sys.shutdown(&rt);
}

criterion_group!(benches, pipe);
criterion_main!(benches);
