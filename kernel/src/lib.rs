//! The Warren kernel: processes, fd tables, namespaces (Plan 9 mounts, binds and unions),
//! path resolution, program images and boot.
//!
//! Bins see the kernel only through [`ProcContext`]; the host assembles a system with
//! [`Unix::builder`]. The kernel knows no particular fileserver: every file it touches is
//! reached through a [`warren_proto::FileServer`] mounted in some namespace.
//!
//! # Layout
//! - [`types`]: ids and small value types of the user-facing API.
//! - [`context`]: [`ProcContext`], the calls a bin makes.
//! - [`path`]: lexical path cleaning (`cleanname`).
//! - [`ns`]: namespaces: chans, the mount log and table, resolution, unions, path operations.
//! - [`proc`]: the process table, processes, fd tables, spawn/exit/wait, program images.
//! - [`exportfs`]: a namespace served as a `FileServer` (Plan 9 `exportfs(4)`).
//! - [`boot`]: [`Unix::builder`], [`Unix`]: assembling, booting, running and stopping a system.
//! - `kernel` (private): the state one booted system's processes share.

#![warn(missing_docs)]

pub mod boot;
pub mod context;
pub mod exportfs;
mod kernel;
pub mod ns;
pub mod path;
pub mod proc;
mod run;
pub mod types;

pub use boot::{Builder, Output, Stdio, Unix};
pub use context::{bin, Bin, BinFuture, ProcContext};
pub use proc::image::bin_image;
pub use types::*;
