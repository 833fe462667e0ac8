//! The console as a bin sees it: bytes written to `cons` reach the host output, reads return
//! host input, and end of host input is end of file.

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warren_cons::ConsFs;
use warren_proto::attr::oflags::{O_RDONLY, O_WRONLY};
use warren_proto::{Caller, Errno, Fid, FileServer};

async fn open(fs: &ConsFs, name: &str, flags: u32) -> Fid {
    let (root, fid) = (Fid::fresh(), Fid::fresh());
    fs.attach(&Caller::ROOT, root, "").await.unwrap();
    fs.walk(&Caller::ROOT, root, fid, &[name.to_string()])
        .await
        .unwrap();
    fs.open(&Caller::ROOT, fid, flags).await.unwrap();
    fid
}

#[tokio::test]
async fn cons_and_stderr_reach_their_host_streams_and_input_ends_with_eof() {
    let (mut host_in, cons_in) = tokio::io::duplex(64);
    let (cons_out, mut host_out) = tokio::io::duplex(64);
    let (cons_err, mut host_err) = tokio::io::duplex(64);
    let fs = ConsFs::new(
        Some(Box::new(cons_in)),
        Box::new(cons_out),
        Box::new(cons_err),
        false,
    );
    let cx = Caller::ROOT;

    let out = open(&fs, "cons", O_WRONLY).await;
    assert_eq!(
        fs.write(&cx, out, 0, Bytes::from_static(b"hello\n")).await,
        Ok(6)
    );
    let err = open(&fs, "stderr", O_WRONLY).await;
    assert_eq!(
        fs.write(&cx, err, 0, Bytes::from_static(b"oops\n")).await,
        Ok(5)
    );
    let mut buf = [0; 6];
    host_out.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"hello\n");
    host_err.read_exact(&mut buf[..5]).await.unwrap();
    assert_eq!(&buf[..5], b"oops\n");

    let input = open(&fs, "cons", O_RDONLY).await;
    host_in.write_all(b"ls /\n").await.unwrap();
    assert_eq!(
        fs.read(&cx, input, 0, 100).await.unwrap(),
        Bytes::from_static(b"ls /\n")
    );
    drop(host_in);
    assert_eq!(fs.read(&cx, input, 0, 100).await.unwrap(), Bytes::new());
}

#[tokio::test]
async fn walk_to_a_missing_name_is_enoent() {
    let (out, _keep) = tokio::io::duplex(8);
    let (err, _keep2) = tokio::io::duplex(8);
    let fs = ConsFs::new(None, Box::new(out), Box::new(err), false);
    let root = Fid::fresh();
    fs.attach(&Caller::ROOT, root, "").await.unwrap();
    let r = fs
        .walk(&Caller::ROOT, root, Fid::fresh(), &["nope".to_string()])
        .await;
    assert_eq!(r, Err(Errno::ENOENT));
}

#[tokio::test(start_paused = true)]
async fn headless_console_read_blocks_until_cancelled() {
    let (out, _keep) = tokio::io::duplex(8);
    let (err, _keep2) = tokio::io::duplex(8);
    let fs = ConsFs::new(None, Box::new(out), Box::new(err), false);
    let input = open(&fs, "cons", O_RDONLY).await;
    let read = fs.read(&Caller::ROOT, input, 0, 10);
    let r = tokio::time::timeout(std::time::Duration::from_secs(3600), read).await;
    assert!(r.is_err(), "a headless console read returned {r:?}");
}

#[tokio::test]
async fn cons_is_a_character_device_only_on_a_terminal() {
    for (terminal, kind) in [
        (true, warren_proto::attr::S_IFCHR),
        (false, warren_proto::attr::S_IFIFO),
    ] {
        let (out, _keep) = tokio::io::duplex(8);
        let (err, _keep2) = tokio::io::duplex(8);
        let fs = ConsFs::new(None, Box::new(out), Box::new(err), terminal);
        let fid = open(&fs, "cons", O_RDONLY).await;
        let attr = fs
            .getattr(&Caller::ROOT, fid, warren_proto::attr::getattr::BASIC)
            .await
            .unwrap();
        assert_eq!(attr.mode & warren_proto::attr::S_IFMT, kind);
    }
}
