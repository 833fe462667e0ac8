//! The `FileServer` conformance suite: the trait's contract ([`crate::fs`]) as runnable checks.
//!
//! Every fileserver crate runs [`run`] on its own server from a test, in-process, and the same
//! suite runs through the serving loop and the client, so both paths are held to one semantics.
//! The suite attaches as [`Caller::ROOT`](crate::Caller::ROOT) with aname `""`, makes a fresh
//! directory `conformance-N` in the root and one directory per check inside it, so one server
//! instance can run the suite any number of times; it leaves its files behind. A failing check
//! panics with a message naming the check and the values or errno it saw.
//!
//! The server must allow creating directories, files and symlinks in its root for the caller
//! root. What the suite requires beyond the trait's doc: a partial walk's newfid and a clunked
//! or removed fid answer `EBADF`; `.` and `..` in readdir are optional and ignored.
//!
//! ```text
//! #[tokio::test]
//! async fn ramfs_conforms() {
//!     warren_proto::conformance::run(&warren_ramfs::RamFs::new()).await;
//! }
//! ```
//!
//! # Layout
//! - [`harness`]: [`Harness`] (attach, the suite's directory) and [`Check`] (request helpers
//!   that panic naming the check).
//! - [`walk`]: attach, clone, missing names, partial walks, `..`.
//! - [`io`]: create, read and write at offsets, zero fill, `O_TRUNC`, `O_APPEND`, `EEXIST`.
//! - [`dirs`]: mkdir and readdir, cookies across additions and removals, 300 entries.
//! - [`attrs`]: getattr types, sizes and link counts; chmod, truncate, times.
//! - [`names`]: rename, renameat, unlinkat, remove, symlink, readlink.
//! - [`misc`]: statfs, clunk.

pub mod attrs;
pub mod dirs;
pub mod harness;
pub mod io;
pub mod misc;
pub mod names;
pub mod walk;

pub use harness::{Check, Harness};

use crate::FileServer;

/// Run every check on `fs` (an `Arc<dyn FileServer>` or a client passes `&*arc`).
///
/// # Panics
/// On the first failing check, naming it and what it saw.
pub async fn run(fs: &dyn FileServer) {
    let h = Harness::new(fs).await;
    walk::attach_gives_a_directory_qid(&h).await;
    walk::walk_with_no_names_clones(&h).await;
    walk::walk_of_missing_first_name_is_enoent(&h).await;
    walk::partial_walk_returns_fewer_qids_without_newfid(&h).await;
    walk::walk_dotdot_reaches_the_parent(&h).await;
    walk::walk_through_a_file_is_enotdir(&h).await;
    io::create_write_read_at_offsets(&h).await;
    io::write_past_the_end_zero_fills(&h).await;
    io::open_with_o_trunc_truncates(&h).await;
    io::o_append_writes_go_to_the_end(&h).await;
    io::create_of_an_existing_name_is_eexist(&h).await;
    io::create_in_a_file_is_enotdir(&h).await;
    io::access_modes_are_enforced(&h).await;
    dirs::mkdir_and_readdir_list_every_name(&h).await;
    dirs::readdir_lists_names_added_between_batches(&h).await;
    dirs::readdir_omits_names_removed_before_they_are_returned(&h).await;
    dirs::readdir_of_300_entries_in_small_batches_is_complete(&h).await;
    attrs::getattr_reports_type_size_and_nlink(&h).await;
    attrs::write_changes_mtime(&h).await;
    attrs::setattr_chmod_changes_permission_bits(&h).await;
    attrs::setattr_size_truncates_and_extends(&h).await;
    attrs::setattr_sets_atime_and_mtime(&h).await;
    names::rename_within_a_directory_keeps_contents(&h).await;
    names::rename_across_directories_keeps_contents(&h).await;
    names::rename_replaces_an_existing_file(&h).await;
    names::rename_of_a_directory_follows_posix(&h).await;
    names::unlinkat_removes_a_file(&h).await;
    names::unlinkat_of_directories_follows_posix(&h).await;
    names::remove_unlinks_and_frees_the_fid(&h).await;
    names::symlink_then_readlink_gives_the_target(&h).await;
    names::readlink_of_a_non_symlink_is_einval(&h).await;
    misc::statfs_answers(&h).await;
    misc::clunk_of_an_unknown_fid_is_ebadf(&h).await;
}
