//! hostfs passes the FileServer conformance suite on a temporary directory, in-process and
//! through Warren's serving loop and client on a unix socket.

use std::sync::Arc;

use warren_hostfs::{HostFs, HostOptions};
use warren_proto::client::{Client, ClientOptions};
use warren_proto::dial::Listener;
use warren_proto::server::ServeOptions;

fn export() -> (tempfile::TempDir, HostFs) {
    let dir = tempfile::tempdir().expect("tempdir");
    let fs = HostFs::new(dir.path(), HostOptions::default()).expect("export");
    (dir, fs)
}

#[tokio::test]
async fn hostfs_passes_the_conformance_suite() {
    let (_dir, fs) = export();
    warren_proto::conformance::run(&fs).await;
}

#[tokio::test]
async fn one_hostfs_passes_the_suite_twice() {
    let (_dir, fs) = export();
    warren_proto::conformance::run(&fs).await;
    warren_proto::conformance::run(&fs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostfs_passes_the_conformance_suite_over_a_unix_socket() {
    let (dir, fs) = export();
    let sockets = tempfile::tempdir().expect("tempdir");
    let dial = format!("unix!{}", sockets.path().join("hostfs.sock").display());
    let listener = Listener::bind(&dial).await.expect("listen");
    let server = tokio::spawn(listener.serve(Arc::new(fs), Arc::new(ServeOptions::default())));
    let client = Client::dial(&dial, ClientOptions::default())
        .await
        .expect("dial");
    warren_proto::conformance::run(&client).await;
    server.abort();
    drop(dir);
}
