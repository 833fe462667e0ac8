//! Behaviour of the pipe fileserver seen through the `FileServer` trait.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use bytes::Bytes;
use warren_pipe::{PipeFs, CAPACITY};
use warren_proto::attr::{oflags, S_IFIFO, S_IFMT};
use warren_proto::{Caller, Errno, Fid, FileServer};

const CX: Caller = Caller::ROOT;

/// A fresh pipe: its directory fid.
async fn attach(fs: &PipeFs) -> Fid {
    let root = Fid::fresh();
    let qid = fs.attach(&CX, root, "").await.expect("attach");
    assert!(qid.is_dir());
    root
}

/// Walk `name` from `root` and open it with `flags`.
async fn open(fs: &PipeFs, root: Fid, name: &str, flags: u32) -> Fid {
    let fid = Fid::fresh();
    fs.walk(&CX, root, fid, &[name.to_string()])
        .await
        .expect("walk");
    fs.open(&CX, fid, flags).await.expect("open");
    fid
}

/// A pipe with `data` open for reading and `data1` open for writing: `(read, write)`.
async fn pipe(fs: &PipeFs) -> (Fid, Fid) {
    let root = attach(fs).await;
    let rd = open(fs, root, "data", oflags::O_RDONLY).await;
    let wr = open(fs, root, "data1", oflags::O_WRONLY).await;
    (rd, wr)
}

/// Poll `fut` once; true when it is still pending.
async fn pending<F: Future>(fut: &mut Pin<Box<F>>) -> bool {
    poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx).is_pending())).await
}

#[tokio::test]
async fn read_after_writer_clunks_is_eof_once_drained() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    fs.write(&CX, wr, 0, Bytes::from_static(b"bye"))
        .await
        .unwrap();
    fs.clunk(&CX, wr).await.unwrap();
    assert_eq!(fs.read(&CX, rd, 0, 100).await.unwrap(), "bye");
    assert_eq!(fs.read(&CX, rd, 0, 100).await.unwrap(), "");
}

#[tokio::test]
async fn blocked_read_sees_eof_when_writer_clunks() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let mut read = Box::pin(fs.read(&CX, rd, 0, 100));
    assert!(pending(&mut read).await);
    fs.clunk(&CX, wr).await.unwrap();
    assert_eq!(read.await.unwrap(), "");
}

#[tokio::test]
async fn write_with_no_reader_is_epipe() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    fs.clunk(&CX, rd).await.unwrap();
    assert_eq!(
        fs.write(&CX, wr, 0, Bytes::from_static(b"x")).await,
        Err(Errno::EPIPE)
    );
}

#[tokio::test]
async fn blocked_read_is_woken_by_write() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let mut read = Box::pin(fs.read(&CX, rd, 0, 100));
    assert!(pending(&mut read).await);
    fs.write(&CX, wr, 0, Bytes::from_static(b"hello"))
        .await
        .unwrap();
    assert_eq!(read.await.unwrap(), "hello");
}

#[tokio::test]
async fn writer_blocked_on_full_buffer_is_woken_by_read() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let full = Bytes::from(vec![7u8; CAPACITY]);
    assert_eq!(fs.write(&CX, wr, 0, full).await.unwrap() as usize, CAPACITY);
    let mut write = Box::pin(fs.write(&CX, wr, 0, Bytes::from_static(b"more")));
    assert!(pending(&mut write).await);
    let got = fs.read(&CX, rd, 0, CAPACITY as u32).await.unwrap();
    assert_eq!(got.len(), CAPACITY);
    assert_eq!(write.await.unwrap(), 4);
    assert_eq!(fs.read(&CX, rd, 0, 100).await.unwrap(), "more");
}

#[tokio::test]
async fn blocked_writer_gets_epipe_when_last_reader_clunks() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    fs.write(&CX, wr, 0, Bytes::from(vec![0u8; CAPACITY]))
        .await
        .unwrap();
    let mut write = Box::pin(fs.write(&CX, wr, 0, Bytes::from_static(b"x")));
    assert!(pending(&mut write).await);
    fs.clunk(&CX, rd).await.unwrap();
    assert_eq!(write.await, Err(Errno::EPIPE));
}

#[tokio::test]
async fn order_is_preserved_across_many_writes() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let mut want = Vec::new();
    for i in 0..1000u32 {
        let chunk = format!("{i},");
        want.extend_from_slice(chunk.as_bytes());
        fs.write(&CX, wr, 0, Bytes::from(chunk)).await.unwrap();
    }
    fs.clunk(&CX, wr).await.unwrap();
    let mut got = Vec::new();
    loop {
        let data = fs.read(&CX, rd, 0, 777).await.unwrap();
        if data.is_empty() {
            break;
        }
        got.extend_from_slice(&data);
    }
    assert_eq!(got, want);
}

#[tokio::test]
async fn large_write_is_read_back_without_copying() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let data = Bytes::from(vec![1u8; 64 * 1024]);
    let ptr = data.as_ptr();
    fs.write(&CX, wr, 0, data).await.unwrap();
    let got = fs.read(&CX, rd, 0, 128 * 1024).await.unwrap();
    assert_eq!(got.len(), 64 * 1024);
    assert_eq!(got.as_ptr(), ptr);
}

#[tokio::test]
async fn short_reads_split_a_write_in_order() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    fs.write(&CX, wr, 0, Bytes::from_static(b"abcdef"))
        .await
        .unwrap();
    assert_eq!(fs.read(&CX, rd, 0, 4).await.unwrap(), "abcd");
    assert_eq!(fs.read(&CX, rd, 0, 4).await.unwrap(), "ef");
}

#[tokio::test]
async fn cancelled_read_loses_no_bytes() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    let mut read = Box::pin(fs.read(&CX, rd, 0, 100));
    assert!(pending(&mut read).await);
    drop(read);
    fs.write(&CX, wr, 0, Bytes::from_static(b"kept"))
        .await
        .unwrap();
    assert_eq!(fs.read(&CX, rd, 0, 100).await.unwrap(), "kept");
}

#[tokio::test]
async fn pipes_carry_data_both_ways() {
    let fs = PipeFs::new();
    let root = attach(&fs).await;
    let a = open(&fs, root, "data", oflags::O_RDWR).await;
    let b = open(&fs, root, "data1", oflags::O_RDWR).await;
    fs.write(&CX, a, 0, Bytes::from_static(b"to b"))
        .await
        .unwrap();
    fs.write(&CX, b, 0, Bytes::from_static(b"to a"))
        .await
        .unwrap();
    assert_eq!(fs.read(&CX, b, 0, 100).await.unwrap(), "to b");
    assert_eq!(fs.read(&CX, a, 0, 100).await.unwrap(), "to a");
}

#[tokio::test]
async fn each_attach_is_a_fresh_pipe() {
    let fs = PipeFs::new();
    let (rd1, wr1) = pipe(&fs).await;
    let (rd2, wr2) = pipe(&fs).await;
    fs.write(&CX, wr1, 0, Bytes::from_static(b"one"))
        .await
        .unwrap();
    fs.write(&CX, wr2, 0, Bytes::from_static(b"two"))
        .await
        .unwrap();
    assert_eq!(fs.read(&CX, rd2, 0, 100).await.unwrap(), "two");
    assert_eq!(fs.read(&CX, rd1, 0, 100).await.unwrap(), "one");
}

#[tokio::test]
async fn nonblocking_read_of_empty_pipe_is_eagain() {
    let fs = PipeFs::new();
    let root = attach(&fs).await;
    let rd = open(&fs, root, "data", oflags::O_RDONLY | oflags::O_NONBLOCK).await;
    let _wr = open(&fs, root, "data1", oflags::O_WRONLY).await;
    assert_eq!(fs.read(&CX, rd, 0, 10).await, Err(Errno::EAGAIN));
}

#[tokio::test]
async fn getattr_reports_fifo_mode_and_buffered_size() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    fs.write(&CX, wr, 0, Bytes::from_static(b"12345"))
        .await
        .unwrap();
    let attr = fs.getattr(&CX, rd, u64::MAX).await.unwrap();
    assert_eq!(attr.mode, S_IFIFO | 0o600);
    assert_eq!(attr.size, 5);
    assert_eq!(fs.getattr(&CX, wr, u64::MAX).await.unwrap().size, 0);
}

#[tokio::test]
async fn io_on_wrong_access_mode_is_ebadf() {
    let fs = PipeFs::new();
    let (rd, wr) = pipe(&fs).await;
    assert_eq!(
        fs.write(&CX, rd, 0, Bytes::from_static(b"x")).await,
        Err(Errno::EBADF)
    );
    assert_eq!(fs.read(&CX, wr, 0, 1).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn directory_lists_both_ends_and_refuses_write_open() {
    let fs = PipeFs::new();
    let root = attach(&fs).await;
    let dir = Fid::fresh();
    fs.walk(&CX, root, dir, &[]).await.unwrap();
    assert_eq!(
        fs.open(&CX, dir, oflags::O_WRONLY).await,
        Err(Errno::EISDIR)
    );
    fs.open(&CX, dir, oflags::O_RDONLY).await.unwrap();
    let names: Vec<String> = fs
        .readdir(&CX, dir, 0, 8192)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, [".", "..", "data", "data1"]);
    assert!(fs.readdir(&CX, dir, 4, 8192).await.unwrap().is_empty());
    let attr = fs.getattr(&CX, dir, u64::MAX).await.unwrap();
    assert_eq!(attr.mode & S_IFMT, warren_proto::attr::S_IFDIR);
}

#[tokio::test]
async fn walk_of_unknown_name_is_enoent_and_through_a_file_is_enotdir() {
    let fs = PipeFs::new();
    let root = attach(&fs).await;
    let fid = Fid::fresh();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        fs.walk(&CX, root, fid, &names(&["nope"])).await,
        Err(Errno::ENOENT)
    );
    let partial = fs
        .walk(&CX, root, fid, &names(&["data", "x"]))
        .await
        .unwrap();
    assert_eq!(partial.len(), 1);
    assert_eq!(fs.getattr(&CX, fid, u64::MAX).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn clunk_of_unknown_fid_is_ebadf() {
    let fs = PipeFs::new();
    assert_eq!(fs.clunk(&CX, Fid::fresh()).await, Err(Errno::EBADF));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writer_and_reader_move_a_megabyte_in_order() {
    let fs = std::sync::Arc::new(PipeFs::new());
    let (rd, wr) = pipe(&fs).await;
    let want: Vec<u8> = (0..1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let chunks: Vec<Bytes> = want.chunks(10_000).map(Bytes::copy_from_slice).collect();
    let writer = {
        let fs = fs.clone();
        tokio::spawn(async move {
            for chunk in chunks {
                fs.write(&CX, wr, 0, chunk).await.unwrap();
            }
            fs.clunk(&CX, wr).await.unwrap();
        })
    };
    let mut got = Vec::new();
    loop {
        let data = fs.read(&CX, rd, 0, 8192).await.unwrap();
        if data.is_empty() {
            break;
        }
        got.extend_from_slice(&data);
    }
    writer.await.unwrap();
    assert_eq!(got, want);
}
