//! ramfs passes the FileServer conformance suite, in-process.

use warren_ramfs::RamFs;

#[tokio::test]
async fn ramfs_passes_the_conformance_suite() {
    warren_proto::conformance::run(&RamFs::new()).await;
}

#[tokio::test]
async fn one_ramfs_passes_the_suite_twice() {
    let fs = RamFs::new();
    warren_proto::conformance::run(&fs).await;
    warren_proto::conformance::run(&fs).await;
}
