//! Listeners and dial strings: serving over TCP and unix sockets, one bad connection at a time.

mod server_support;

use std::path::PathBuf;
use std::sync::Arc;

use server_support::{Client, TestFs};
use tokio::io::AsyncWriteExt;
use warren_proto::dial::{connect, Listener};
use warren_proto::msg::Rmsg;
use warren_proto::server::{ServeOptions, Trust};

/// Start serving a fresh [`TestFs`] at `dial`, trusting every peer (these tests are about
/// listeners, not authentication); returns the listener's dial string.
async fn listen(dial: &str) -> String {
    let listener = Listener::bind(dial).await.expect("bind");
    let at = listener.dial_string();
    let fs: Arc<TestFs> = TestFs::new();
    let opts = ServeOptions {
        trust: Trust::Any,
        ..ServeOptions::default()
    };
    tokio::spawn(listener.serve(fs, Arc::new(opts)));
    at
}

/// A versioned, attached client of the server at `dial`.
async fn client(dial: &str) -> Client {
    let mut c = Client::new(connect(dial).await.expect("connect"));
    assert!(matches!(
        c.version(8192).await,
        Rmsg::Version { msize: 8192, .. }
    ));
    c.attach(0, 0).await;
    c
}

fn socket_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("warren-{}-{name}.sock", std::process::id()))
}

#[tokio::test]
async fn tcp_listener_on_port_zero_reports_its_port_and_serves() {
    let at = listen("tcp!127.0.0.1!0").await;
    assert!(
        at.starts_with("tcp!127.0.0.1!") && !at.ends_with("!0"),
        "{at}"
    );
    let mut c = client(&at).await;
    assert!(matches!(c.getattr(0).await, Rmsg::Getattr { attr } if attr.qid.path == 1));
}

#[tokio::test]
async fn unix_listener_replaces_a_stale_socket_and_refuses_a_live_one() {
    let path = socket_path("stale");
    let _ = std::fs::remove_file(&path);
    drop(std::os::unix::net::UnixListener::bind(&path).expect("make a stale socket"));
    assert!(path.exists());
    let dial = format!("unix!{}", path.display());
    let at = listen(&dial).await;
    assert_eq!(at, dial);
    let mut c = client(&at).await;
    assert!(matches!(c.getattr(0).await, Rmsg::Getattr { .. }));
    let again = Listener::bind(&dial).await.err().map(|e| e.kind());
    assert_eq!(again, Some(std::io::ErrorKind::AddrInUse));
}

#[tokio::test]
async fn bad_frames_close_only_their_own_connection() {
    let at = listen("tcp!127.0.0.1!0").await;
    let mut good = client(&at).await;
    let size_too_small = vec![3u8, 0, 0, 0];
    let size_over_msize = vec![0xff, 0xff, 0xff, 0xff, 100, 0, 0];
    // Twalk whose size is right but which claims 3 names and carries none.
    let lying_count = vec![17u8, 0, 0, 0, 110, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0];
    for garbage in [size_too_small, size_over_msize, lying_count] {
        let mut bad = client(&at).await;
        bad.send_raw(&garbage).await;
        assert_eq!(bad.recv().await, None, "{garbage:?}");
        assert!(matches!(good.getattr(0).await, Rmsg::Getattr { .. }));
    }
}

#[tokio::test]
async fn stream_ending_inside_a_frame_closes_only_that_connection() {
    let at = listen("tcp!127.0.0.1!0").await;
    let mut good = client(&at).await;
    let mut raw = connect(&at).await.expect("connect");
    raw.write_all(&[100, 0, 0, 0, 100, 0xff, 0xff])
        .await
        .unwrap();
    raw.shutdown().await.unwrap();
    let mut bad = Client::new(raw);
    assert_eq!(bad.recv().await, None);
    assert!(matches!(good.getattr(0).await, Rmsg::Getattr { .. }));
}

#[tokio::test]
async fn bad_dial_strings_are_invalid_input() {
    let kind = |r: std::io::Result<_>| r.err().map(|e: std::io::Error| e.kind());
    assert_eq!(
        kind(connect("tcp!localhost").await.map(|_| ())),
        Some(std::io::ErrorKind::InvalidInput)
    );
    assert_eq!(
        kind(Listener::bind("udp!*!1").await.map(|_| ())),
        Some(std::io::ErrorKind::InvalidInput)
    );
}
