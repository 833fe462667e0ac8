//! Remote mounts: one system's namespace exported over 9P2000.L and mounted by another.

mod common;

use std::sync::Arc;

use common::{argv, as_init, cat, image, names, put};
use warren_kernel::{ExitStatus, MountFlags};
use warren_proto::dial::Listener;
use warren_proto::server::{ServeOptions, Trust};
use warren_proto::Errno;

#[tokio::test]
async fn mount_dial_shows_an_exported_namespace_over_tcp() {
    let far = image()
        .file("/etc/motd", "far away\n", 0o644)
        .boot()
        .await
        .unwrap();
    let listener = Listener::bind("tcp!127.0.0.1!0").await.unwrap();
    let dial = listener.dial_string();
    let trust_all = ServeOptions {
        trust: Trust::Any,
        ..ServeOptions::default()
    };
    let serving = tokio::spawn(listener.serve(far.export(), Arc::new(trust_all)));
    let d = dial.clone();
    let r = as_init(image(), move |cx| async move {
        cx.mkdir("/n", 0o755).await.unwrap();
        cx.mkdir("/n/far", 0o755).await.unwrap();
        cx.mount_dial(&d, "", "/n/far", MountFlags::REPLACE)
            .await
            .unwrap();
        let motd = cat(&cx, "/n/far/etc/motd").await;
        put(&cx, "/n/far/tmp/note", "written from near").await;
        let listing = names(&cx, "/n/far/tmp").await;
        let refused = cx
            .mount_dial("tcp!127.0.0.1!1", "", "/n", MountFlags::REPLACE)
            .await;
        (motd, listing, refused, cx.ns_lines())
    })
    .await;
    assert_eq!(r.0, "far away\n");
    assert_eq!(r.1, vec!["note".to_string()]);
    assert_eq!(r.2, Err(Errno::ECONNREFUSED));
    assert_eq!(r.3[1], format!("mount {dial} /n/far"));
    let out = far.run(argv(&["catf", "/tmp/note"]), "").await.unwrap();
    assert_eq!(
        (out.status, &out.stdout[..]),
        (ExitStatus::SUCCESS, &b"written from near"[..])
    );
    serving.abort();
    far.shutdown().await;
}
