//! ramfs passes the FileServer conformance suite through a socket: served by Warren's serving
//! loop on a unix socket and a TCP port, and reached through Warren's 9P2000.L client. The
//! same suite as in-process (design: "Two protocols, one semantics").

use std::sync::Arc;

use warren_proto::client::{Client, ClientOptions};
use warren_proto::dial::Listener;
use warren_proto::server::{ServeOptions, Trust};
use warren_ramfs::RamFs;

async fn suite_through(dial: &str) {
    let listener = Listener::bind(dial).await.expect("listen");
    let addr = listener.dial_string();
    let trust_all = ServeOptions {
        trust: Trust::Any,
        ..ServeOptions::default()
    };
    let server = tokio::spawn(listener.serve(Arc::new(RamFs::new()), Arc::new(trust_all)));
    let client = Client::dial(&addr, ClientOptions::default())
        .await
        .expect("dial");
    warren_proto::conformance::run(&client).await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ramfs_passes_the_conformance_suite_over_a_unix_socket() {
    let dir = std::env::temp_dir().join(format!("warren-conf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    suite_through(&format!("unix!{}", dir.join("ramfs.sock").display())).await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ramfs_passes_the_conformance_suite_over_tcp() {
    suite_through("tcp!127.0.0.1!0").await;
}
