//! KvFs passes the FileServer conformance suite in-process and through a socket: served by
//! Warren's serving loop on a unix socket and a TCP port, and reached through Warren's
//! 9P2000.L client (design: "Two protocols, one semantics").

use std::sync::Arc;

use warren_kv::KvFs;
use warren_proto::client::{Client, ClientOptions};
use warren_proto::dial::Listener;
use warren_proto::server::{ServeOptions, Trust};

#[tokio::test]
async fn kv_passes_the_conformance_suite_in_process() {
    warren_proto::conformance::run(&KvFs::new()).await;
}

#[tokio::test]
async fn one_kv_passes_the_suite_twice() {
    let fs = KvFs::new();
    warren_proto::conformance::run(&fs).await;
    warren_proto::conformance::run(&fs).await;
}

/// Serve a fresh `KvFs` on `dial` and run the suite through the client. The suite attaches
/// as root without a credential, which only `Trust::Any` admits over TCP.
async fn suite_through(dial: &str) {
    let listener = Listener::bind(dial).await.expect("listen");
    let addr = listener.dial_string();
    let opts = Arc::new(ServeOptions {
        trust: Trust::Any,
        ..ServeOptions::default()
    });
    let server = tokio::spawn(listener.serve(Arc::new(KvFs::new()), opts));
    let client = Client::dial(&addr, ClientOptions::default())
        .await
        .expect("dial");
    warren_proto::conformance::run(&client).await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kv_passes_the_conformance_suite_over_a_unix_socket() {
    let dir = std::env::temp_dir().join(format!("warren-kv-conf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    suite_through(&format!("unix!{}", dir.join("kv.sock").display())).await;
    std::fs::remove_dir_all(&dir).expect("remove temp dir");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kv_passes_the_conformance_suite_over_tcp() {
    suite_through("tcp!127.0.0.1!0").await;
}
