//! Boot: builder steps, init's stdio, the boot namespace.

mod common;

use std::sync::Arc;

use common::{argv, image};
use warren_kernel::{ExitStatus, MountFlags, Unix};
use warren_proto::Errno;
use warren_ramfs::RamFs;

#[tokio::test]
async fn boot_without_a_root_mount_first_is_einval() {
    let r = Unix::builder().dir("/bin", 0o755).boot().await;
    assert_eq!(r.err(), Some(Errno::EINVAL));
}

#[tokio::test]
async fn init_gets_one_open_file_per_stdio_path() {
    let unix = image()
        .file("/dev/in", "typed input", 0o644)
        .file("/dev/out", "", 0o644)
        .file("/dev/err", "", 0o644)
        .init(argv(&["cat"]), ["/dev/in", "/dev/out", "/dev/err"])
        .boot()
        .await
        .unwrap();
    assert_eq!(unix.wait_init().await, ExitStatus::SUCCESS);
    let out = unix.run(argv(&["catf", "/dev/out"]), "").await.unwrap();
    assert_eq!(&out.stdout[..], b"typed input");
    unix.shutdown().await;
}

#[tokio::test]
async fn a_boot_mount_with_before_makes_a_union() {
    let unix = image()
        .file("/dev/old", "from root", 0o644)
        .mount("/dev", "#two", Arc::new(RamFs::new()), MountFlags::BEFORE)
        .boot()
        .await
        .unwrap();
    let out = unix.run(argv(&["catf", "/dev/old"]), "").await.unwrap();
    assert_eq!(&out.stdout[..], b"from root");
    assert_eq!(
        unix.ns_lines(),
        vec![
            "mount '#ramfs' /".to_string(),
            "mount -b '#two' /dev".into()
        ]
    );
    unix.shutdown().await;
}

#[tokio::test]
async fn boot_steps_bind_chmod_and_chown_shape_the_tree() {
    let unix = image()
        .file("/etc/real", "bound", 0o644)
        .file("/dev/cons", "", 0o666)
        .bind("/etc/real", "/dev/cons", MountFlags::REPLACE)
        .dir("/home/ann", 0o755)
        .chown("/home/ann", 1000, 100)
        .chmod("/home/ann", 0o700)
        .boot()
        .await
        .unwrap();
    let out = unix.run(argv(&["catf", "/dev/cons"]), "").await.unwrap();
    assert_eq!(&out.stdout[..], b"bound");
    assert!(unix
        .ns_lines()
        .contains(&"bind /etc/real /dev/cons".to_string()));
    let home = unix.export();
    let cx = warren_proto::Caller::ROOT;
    let (root, fid) = (warren_proto::Fid::fresh(), warren_proto::Fid::fresh());
    home.attach(&cx, root, "").await.unwrap();
    let names = ["home".to_string(), "ann".to_string()];
    home.walk(&cx, root, fid, &names).await.unwrap();
    let a = home
        .getattr(&cx, fid, warren_proto::attr::getattr::BASIC)
        .await
        .unwrap();
    assert_eq!((a.mode & 0o7777, a.uid, a.gid), (0o700, 1000, 100));
    unix.shutdown().await;
}
