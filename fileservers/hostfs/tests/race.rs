//! A host thread keeps swapping a directory of the export with a symlink pointing outside
//! (atomically, `RENAME_EXCHANGE`) while walks, opens, reads and listings run: every read
//! sees the inside file, every listing the inside names, never anything outside.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use common::World;
use rustix::fs::{renameat_with, RenameFlags, CWD};
use warren_hostfs::HostOptions;
use warren_proto::attr::oflags::O_RDONLY;
use warren_proto::conformance::Check;
use warren_proto::{Caller, Errno, Fid};

const CX: Caller = Caller::ROOT;
/// Rounds the reader makes at least, and reads and swaps it waits for...
const ROUNDS: usize = 600;
const MIN_READS: usize = 20;
const MIN_SWAPS: usize = 100;
/// ... and the most rounds it makes waiting for them.
const MAX_ROUNDS: usize = 100_000;
/// The most swaps the host thread makes, whatever the reader does.
const MAX_SWAPS: usize = 2_000_000;
const INSIDE: &[u8] = b"inside";

/// Swap `a` and `b` until `stop` (or [`MAX_SWAPS`]), counting swaps in `swaps`.
fn swapper(a: &Path, b: &Path, stop: &AtomicBool, swaps: &AtomicUsize) {
    for _ in 0..MAX_SWAPS {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).expect("exchange");
        swaps.fetch_add(1, Ordering::Relaxed);
    }
}

/// One round: walk to `path` and read it, or fail without reaching it. Whether it was read.
async fn walk_open_read(t: &Check<'_>, root: Fid, path: &[&str]) -> bool {
    let (fid, r) = t.try_walk(root, path).await;
    match r {
        Ok(qids) if qids.len() == path.len() => {}
        Ok(_) => return false,
        Err(e) => panic!("walk {path:?}: {e:?}"),
    }
    match t.fs.open(&CX, fid, O_RDONLY).await {
        Ok(_) => {}
        Err(Errno::ELOOP) => return false,
        Err(e) => panic!("open {path:?}: {e:?}"),
    }
    assert_eq!(t.read_all(fid).await, INSIDE, "contents of {path:?}");
    t.clunk(fid).await;
    true
}

/// One round: list directory `d` if it is one now; its names must be the inside ones.
async fn list_if_dir(t: &Check<'_>, root: Fid) {
    let dir = t.walk(root, &["d"]).await;
    if !t.getattr(dir).await.qid.is_symlink() {
        let mut names = t.list(dir, 8192).await;
        names.sort();
        assert_eq!(names, ["etc", "file"], "names listed in d");
    }
    t.clunk(dir).await;
}

/// Serve an export whose `d` swaps with a symlink to `outside/` (or `/`), and run the rounds.
async fn race_against(host_root: bool) {
    let w = World::new(HostOptions::default());
    let root_path = w.root();
    for base in [root_path.join("d"), w.outside()] {
        std::fs::create_dir_all(base.join("etc")).expect("mkdir etc");
    }
    std::fs::write(root_path.join("d/file"), INSIDE).expect("write d/file");
    std::fs::write(root_path.join("d/etc/passwd"), INSIDE).expect("write d/etc/passwd");
    std::fs::write(w.outside().join("file"), b"OUTSIDE").expect("write outside/file");
    std::fs::write(w.outside().join("etc/passwd"), b"OUTSIDE").expect("write outside/etc");
    let target = if host_root { "/".into() } else { w.outside() };
    symlink(target, root_path.join("spare")).expect("plant link");
    let stop = Arc::new(AtomicBool::new(false));
    let swaps = Arc::new(AtomicUsize::new(0));
    let host = {
        let (stop, swaps) = (stop.clone(), swaps.clone());
        let (a, b) = (root_path.join("d"), root_path.join("spare"));
        thread::spawn(move || swapper(&a, &b, &stop, &swaps))
    };
    let t = w.check("race");
    let root = w.attach().await;
    let mut reads = 0;
    for round in 0..MAX_ROUNDS {
        let swapped = swaps.load(Ordering::Relaxed);
        if round >= ROUNDS && reads >= MIN_READS && swapped >= MIN_SWAPS {
            break;
        }
        let path: &[&str] = match round % 3 {
            0 => &["d", "file"],
            1 => &["d", "etc", "passwd"],
            _ => {
                list_if_dir(&t, root).await;
                continue;
            }
        };
        reads += usize::from(walk_open_read(&t, root, path).await);
    }
    stop.store(true, Ordering::Relaxed);
    host.join().expect("swapper thread");
    let swapped = swaps.load(Ordering::Relaxed);
    assert!(
        swapped >= MIN_SWAPS,
        "the host swapped only {swapped} times"
    );
    assert!(
        reads >= MIN_READS,
        "only {reads} rounds read the inside file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_swapped_with_a_link_outside_never_reads_outside() {
    race_against(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_swapped_with_a_link_to_the_host_root_never_reads_outside() {
    race_against(true).await;
}
