//! 9P2000.L over loopback TCP through Warren's client (`warren_proto::client::Client`):
//! small-op round trips (target: at most 30 us) and sequential read throughput, against
//! Warren's serving loop (a bare ramfs, and a booted system's namespace as `warren boot
//! --listen` serves it) and against diod.
//!
//! Run: `cargo bench --bench ninep` (the diod runs need `diod` on `PATH`; set
//! `WARREN_BENCH_DIAL` to also measure a server already running, see `common::remote`).
//! Per server:
//! - `getattr`: one `Tgetattr` (`BASIC` mask) of a walked fid.
//! - `walk+clunk`: `Twalk` of one name to a new fid, then `Tclunk` of it.
//! - `create+stat+unlink`: the seven requests v9fs makes, about, for `creat`+`close`, `stat` and
//!   `unlink` of a new file (see `create_stat_unlinks`).
//! - `read 64 MiB`: one iteration reads a 64 MiB file from offset 0 to end of file in
//!   1 MiB `Tread`s (the client proposes msize 1 MiB + 24; a server answering smaller makes
//!   the reads smaller: the negotiated msize is printed). diod answers 64 KiB, so Warren's
//!   ramfs also runs at a proposed 64 KiB (`warren-ramfs-64k`) for a like-for-like row.
//!
//! Every loop runs in a task on the client's runtime, as a bin's calls do.

mod common;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::remote::{Remote, MSIZE, MSIZE_64K};
use common::runtime;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use tokio::runtime::Runtime;
use warren_proto::attr::getattr::BASIC;
use warren_proto::attr::oflags::{O_CREAT, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY};
use warren_proto::client::Client;
use warren_proto::{Caller, Fid, FileServer};

/// The size of the big file, in bytes.
const BIG: u64 = 64 << 20;
/// The count of one read, in bytes.
const READ: u32 = 1 << 20;
/// Who every request is made as.
const ROOT: Caller = Caller::ROOT;

/// Create `name` in `root` holding `size` bytes, written in iounit-sized `Twrite`s.
async fn put(c: &Client, root: Fid, name: &str, size: u64) {
    let f = Fid::fresh();
    c.walk(&ROOT, root, f, &[])
        .await
        .expect("clone the root fid");
    let flags = O_WRONLY | O_CREAT | O_TRUNC;
    c.create(&ROOT, f, name, flags, 0o644, 0)
        .await
        .expect("create");
    let chunk = Bytes::from(vec![0xa5; c.iounit() as usize]);
    let mut off = 0;
    while off < size {
        let n = chunk.len().min((size - off) as usize);
        off += u64::from(
            c.write(&ROOT, f, off, chunk.slice(..n))
                .await
                .expect("write"),
        );
    }
    c.clunk(&ROOT, f).await.expect("clunk");
}

/// A new fid for `name` in `root`.
async fn walk_to(c: &Client, root: Fid, name: &str) -> Fid {
    let f = Fid::fresh();
    c.walk(&ROOT, root, f, &[name.to_string()])
        .await
        .expect("walk");
    f
}

/// Make the files the benches use: `small` (empty) and `big` ([`BIG`] bytes).
fn prepare(rt: &Runtime, r: &Remote) {
    rt.block_on(async {
        put(&r.client, r.root, "small", 0).await;
        put(&r.client, r.root, "big", BIG).await;
    });
}

/// Remove what [`prepare`] made (a server still running after the bench keeps nothing).
fn clean(rt: &Runtime, r: &Remote) {
    rt.block_on(async {
        for name in ["small", "big"] {
            r.client
                .unlinkat(&ROOT, r.root, name, 0)
                .await
                .expect("unlinkat");
        }
    });
}

/// Run the timed loop `f` in a task on `rt`; the time it reports.
fn timed<Fut>(rt: &Runtime, f: Fut) -> Duration
where
    Fut: Future<Output = Duration> + Send + 'static,
{
    rt.block_on(rt.spawn(f)).expect("the timed loop")
}

/// `iters` getattrs of `fid`.
async fn getattrs(c: Arc<Client>, fid: Fid, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        c.getattr(&ROOT, fid, BASIC).await.expect("getattr");
    }
    start.elapsed()
}

/// `iters` rounds of walk `root` to `small` + clunk.
async fn walk_clunks(c: Arc<Client>, root: Fid, iters: u64) -> Duration {
    let names = ["small".to_string()];
    let start = Instant::now();
    for _ in 0..iters {
        let f = Fid::fresh();
        c.walk(&ROOT, root, f, &names).await.expect("walk");
        c.clunk(&ROOT, f).await.expect("clunk");
    }
    start.elapsed()
}

/// `iters` rounds of the calls a v9fs `creat` + `close`, `stat` and `unlink` of a new file
/// make: clone the root fid, `Tlcreate`, `Tclunk`; walk to the file, `Tgetattr`, `Tclunk`;
/// `Tunlinkat`.
async fn create_stat_unlinks(c: Arc<Client>, root: Fid, iters: u64) -> Duration {
    let start = Instant::now();
    for i in 0..iters {
        let name = format!("f{i}");
        let f = Fid::fresh();
        c.walk(&ROOT, root, f, &[]).await.expect("clone");
        let flags = O_WRONLY | O_CREAT | O_EXCL;
        c.create(&ROOT, f, &name, flags, 0o644, 0)
            .await
            .expect("create");
        c.clunk(&ROOT, f).await.expect("clunk");
        let f = walk_to(&c, root, &name).await;
        c.getattr(&ROOT, f, BASIC).await.expect("getattr");
        c.clunk(&ROOT, f).await.expect("clunk");
        c.unlinkat(&ROOT, root, &name, 0).await.expect("unlinkat");
    }
    start.elapsed()
}

/// `iters` sequential reads of the whole of the opened `fid` in [`READ`]-byte requests.
async fn read_files(c: Arc<Client>, fid: Fid, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        let mut off = 0u64;
        loop {
            let b = c.read(&ROOT, fid, off, READ).await.expect("read");
            if b.is_empty() {
                break;
            }
            off += b.len() as u64;
        }
        assert_eq!(off, BIG, "read the whole file");
    }
    start.elapsed()
}

/// The servers to compare: Warren's ramfs (at 1 MiB and at diod's 64 KiB msize), Warren's
/// exported namespace, diod when installed.
fn remotes(rt: &Runtime) -> Vec<Remote> {
    let mut all = vec![
        Remote::warren_ramfs(rt, MSIZE),
        Remote::warren_ramfs(rt, MSIZE_64K),
        Remote::warren_export(rt),
    ];
    all.extend(Remote::diod(rt));
    all.extend(Remote::external(rt));
    for r in &all {
        prepare(rt, r);
    }
    all
}

/// `9p getattr`: one `Tgetattr` of `small`.
fn getattr(c: &mut Criterion, rt: &Runtime, remotes: &[Remote]) {
    let mut g = c.benchmark_group("9p getattr");
    for r in remotes {
        let fid = rt.block_on(walk_to(&r.client, r.root, "small"));
        g.bench_function(BenchmarkId::from_parameter(&r.name), |b| {
            b.iter_custom(|n| timed(rt, getattrs(r.client.clone(), fid, n)))
        });
    }
    g.finish();
}

/// `9p walk+clunk` and `9p create+stat+unlink`.
fn names(c: &mut Criterion, rt: &Runtime, remotes: &[Remote]) {
    let mut g = c.benchmark_group("9p walk+clunk");
    for r in remotes {
        g.bench_function(BenchmarkId::from_parameter(&r.name), |b| {
            b.iter_custom(|n| timed(rt, walk_clunks(r.client.clone(), r.root, n)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("9p create+stat+unlink");
    for r in remotes {
        g.bench_function(BenchmarkId::from_parameter(&r.name), |b| {
            b.iter_custom(|n| timed(rt, create_stat_unlinks(r.client.clone(), r.root, n)))
        });
    }
    g.finish();
}

/// `9p read 64 MiB in 1 MiB reads`: the whole of `big`, in bytes per second.
fn read(c: &mut Criterion, rt: &Runtime, remotes: &[Remote]) {
    let mut g = c.benchmark_group("9p read 64 MiB in 1 MiB reads");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .throughput(Throughput::Bytes(BIG));
    for r in remotes {
        let fid = rt.block_on(async {
            let f = walk_to(&r.client, r.root, "big").await;
            r.client.open(&ROOT, f, O_RDONLY).await.expect("open");
            f
        });
        g.bench_function(BenchmarkId::from_parameter(&r.name), |b| {
            b.iter_custom(|n| timed(rt, read_files(r.client.clone(), fid, n)))
        });
    }
    g.finish();
}

fn ninep(c: &mut Criterion) {
    let rt = runtime();
    let remotes = remotes(&rt);
    getattr(c, &rt, &remotes);
    names(c, &rt, &remotes);
    read(c, &rt, &remotes);
    for r in &remotes {
        clean(&rt, r);
    }
}

criterion_group!(benches, ninep);
criterion_main!(benches);
