//! The clock of `examples/clock.rs` (the walk-through of `docs/extending.md`) does what the
//! guide says: `time` reads as the time now, writes are refused, the root lists `time`.

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../examples/clock.rs"]
mod clock;

use std::time::{SystemTime, UNIX_EPOCH};

use clock::Clock;
use warren_proto::attr::oflags::{O_RDONLY, O_WRONLY};
use warren_proto::{Caller, Errno, Fid, FileServer};

const CX: Caller = Caller::ROOT;

#[tokio::test]
async fn clock_time_reads_as_the_seconds_now() {
    let fs = Clock::default();
    let root = Fid::fresh();
    fs.attach(&CX, root, "").await.unwrap();
    let time = Fid::fresh();
    fs.walk(&CX, root, time, &["time".into()]).await.unwrap();
    fs.open(&CX, time, O_RDONLY).await.unwrap();
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let text = fs.read(&CX, time, 0, 100).await.unwrap();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let text = String::from_utf8(text.to_vec()).unwrap();
    let secs: u64 = text.split(' ').next().unwrap().parse().unwrap();
    assert!(text.ends_with('\n'), "{text:?}");
    assert!(
        (before.as_secs()..=after.as_secs()).contains(&secs),
        "{text:?}"
    );
}

#[tokio::test]
async fn clock_refuses_writes_and_lists_time() {
    let fs = Clock::default();
    let root = Fid::fresh();
    fs.attach(&CX, root, "").await.unwrap();
    let time = Fid::fresh();
    fs.walk(&CX, root, time, &["time".into()]).await.unwrap();
    assert_eq!(fs.open(&CX, time, O_WRONLY).await, Err(Errno::EROFS));
    let missing = fs.walk(&CX, root, Fid::fresh(), &["date".into()]).await;
    assert_eq!(missing, Err(Errno::ENOENT));
    fs.open(&CX, root, O_RDONLY).await.unwrap();
    let names: Vec<String> = fs
        .readdir(&CX, root, 0, 8192)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["time"]);
    assert_eq!(fs.readdir(&CX, root, 1, 8192).await, Ok(Vec::new()));
}
