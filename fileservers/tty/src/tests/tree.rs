//! The tree: names, listing, attributes and the errors of misuse.

use warren_proto::attr::oflags::{O_RDONLY, O_RDWR, O_WRONLY};
use warren_proto::attr::{S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT};
use warren_proto::{Caller, Errno, Fid, FileServer};

use super::world;
use crate::{Backend, Kind};

#[tokio::test]
async fn root_lists_ctty_and_each_terminal_with_its_ctl() {
    let w = world(Kind::Terminal);
    w.fs.add(Backend::pair(Kind::Terminal).0);
    let p = w.proc(11);
    let dir = p.open("", O_RDONLY).await.unwrap();
    let cx = Caller::ROOT;
    let first = w.fs.readdir(&cx, dir, 0, 60).await.unwrap();
    let rest =
        w.fs.readdir(&cx, dir, first.last().unwrap().offset, 4096)
            .await
            .unwrap();
    let names: Vec<String> = first.iter().chain(&rest).map(|e| e.name.clone()).collect();
    assert_eq!(names, [".", "..", "ctty", "new", "0", "0ctl", "1", "1ctl"]);
}

#[tokio::test]
async fn terminals_are_character_devices_in_a_directory() {
    let w = world(Kind::Terminal);
    let cx = Caller::ROOT;
    let root = Fid::fresh();
    w.fs.attach(&cx, root, "").await.unwrap();
    let tty = Fid::fresh();
    w.fs.walk(&cx, root, tty, &["0".into()]).await.unwrap();
    assert_eq!(
        w.fs.getattr(&cx, root, 0).await.unwrap().mode & S_IFMT,
        S_IFDIR
    );
    assert_eq!(
        w.fs.getattr(&cx, tty, 0).await.unwrap().mode & S_IFMT,
        S_IFCHR
    );
}

#[tokio::test]
async fn walk_to_a_missing_terminal_is_enoent() {
    let w = world(Kind::Terminal);
    let p = w.proc(11);
    assert_eq!(p.open("1", O_RDWR).await, Err(Errno::ENOENT));
    assert_eq!(p.open("00", O_RDWR).await, Err(Errno::ENOENT));
}

#[tokio::test]
async fn walk_through_a_terminal_is_enotdir_or_partial() {
    let w = world(Kind::Terminal);
    let cx = Caller::ROOT;
    let root = Fid::fresh();
    w.fs.attach(&cx, root, "").await.unwrap();
    let names = ["0".to_string(), "x".to_string()];
    assert_eq!(
        w.fs.walk(&cx, root, Fid::fresh(), &names)
            .await
            .unwrap()
            .len(),
        1
    );
    let tty = Fid::fresh();
    w.fs.walk(&cx, root, tty, &names[..1]).await.unwrap();
    let r = w.fs.walk(&cx, tty, Fid::fresh(), &names[1..]).await;
    assert_eq!(r, Err(Errno::ENOTDIR));
}

#[tokio::test]
async fn writing_the_root_is_eisdir_and_a_bad_ctl_command_is_einval() {
    let w = world(Kind::Terminal);
    let p = w.proc(11);
    assert_eq!(p.open("", O_WRONLY).await, Err(Errno::EISDIR));
    assert_eq!(p.ctl(0, "rawon\nbogus").await, Err(Errno::EINVAL));
    assert!(p.status(0).await.contains(" raw off "));
}

#[tokio::test]
async fn ctl_reads_honour_the_offset() {
    let w = world(Kind::Terminal);
    let p = w.proc(11);
    let fd = p.open("0ctl", O_RDONLY).await.unwrap();
    let tail = w.fs.read(&Caller::ROOT, fd, 6, 100).await.unwrap();
    assert_eq!(&tail[..], b"fgpgrp 0 sid 0 raw off echo on\n");
}

#[tokio::test]
async fn a_terminal_over_a_stream_is_a_fifo() {
    let w = world(Kind::Stream);
    let p = w.proc(11);
    let fd = p.open("0", O_RDWR).await.unwrap();
    let mode = w.fs.getattr(&Caller::ROOT, fd, 0).await.unwrap().mode;
    assert_eq!(mode & S_IFMT, S_IFIFO);
}
