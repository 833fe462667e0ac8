//! Processes: the table, process entries, fd tables, spawn and exit, program images.
//!
//! # Layout
//! - [`process`]: [`process::Process`], a table entry, and its resource [`process::Groups`].
//! - [`group`]: sessions and process groups, and their weak index.
//! - [`ident`]: real, effective and saved ids; set-id on exec.
//! - [`table`]: the process table, exit bookkeeping, `wait`.
//! - `jobs`: `setsid`, `setpgid` on the table.
//! - `signals`: a process's signal state; `kill`: targets, permission, delivery.
//! - `task`: the future a process's task runs (default actions, stop, `exec`).
//! - [`fd`]: open files and fd tables.
//! - [`spawn`]: resource groups at spawn, the task that runs a bin, exit.
//! - [`image`]: bin images, `#!` scripts, the `$PATH` search.

pub mod fd;
pub mod group;
pub mod ident;
pub mod image;
mod jobs;
mod kill;
pub mod process;
pub(crate) mod signals;
pub mod spawn;
pub mod table;
mod task;
