//! Perm over ramfs passes the FileServer conformance suite as root (everything allowed).

use warren_perm::Perm;
use warren_ramfs::RamFs;

#[tokio::test]
async fn perm_over_ramfs_passes_the_conformance_suite_as_root() {
    warren_proto::conformance::run(&Perm::new(RamFs::new())).await;
}
