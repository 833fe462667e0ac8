//! Processes: the table, process entries, fd tables, spawn and exit, program images.
//!
//! # Layout
//! - [`process`]: [`process::Process`], a table entry, and its resource [`process::Groups`].
//! - [`table`]: the process table, exit bookkeeping, `wait`.
//! - [`fd`]: open files and fd tables.
//! - [`spawn`]: resource groups at spawn, the task that runs a bin, exit.
//! - [`image`]: bin images, `#!` scripts, the `$PATH` search.

pub mod fd;
pub mod image;
pub mod process;
pub mod spawn;
pub mod table;
