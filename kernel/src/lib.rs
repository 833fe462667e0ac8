//! The Warren kernel: processes, process groups and sessions, signals, identity, fd tables,
//! namespaces (Plan 9 mounts, binds and unions), path resolution, program images, `/proc`
//! and boot.
//!
//! Bins see the kernel only through [`ProcContext`]; the host assembles a system with
//! [`Unix::builder`]. The kernel knows no particular fileserver: every file it touches is
//! reached through a [`warren_proto::FileServer`] mounted in some namespace.
//!
//! # Layout
//! - [`types`]: ids and small value types of the user-facing API.
//! - [`signal`]: signals, their default actions, what a process does with them.
//! - [`context`]: [`ProcContext`], the calls a bin makes.
//! - [`path`]: lexical path cleaning (`cleanname`).
//! - [`ns`]: namespaces: chans, the mount log and table, resolution, unions, path operations.
//! - [`proc`]: the process table, processes, groups and sessions, signal delivery, fd
//!   tables, spawn/exec/exit/wait, program images.
//! - [`procfs`]: `/proc`, the process table served as a fileserver.
//! - [`exportfs`]: a namespace served as a `FileServer` (Plan 9 `exportfs(4)`).
//! - [`boot`]: [`Unix::builder`], [`Unix`]: assembling, booting, running and stopping a
//!   system; [`Host`], the host's handle on its processes (signals, ttys).
//! - `kernel` (private): the state one booted system's processes share.

#![warn(missing_docs)]

pub mod boot;
pub mod context;
pub mod exportfs;
mod kernel;
pub mod ns;
pub mod path;
pub mod proc;
pub mod procfs;
mod run;
pub mod signal;
pub mod types;

pub use boot::{Builder, Host, Output, Stdio, Unix, PROCFS_LABEL};
pub use context::{bin, Bin, BinFuture, ProcContext};
pub use proc::image::bin_image;
pub use signal::{Action, DefaultAction, Signal};
pub use types::*;
