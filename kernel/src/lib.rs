//! SKELETON: the Warren kernel. Signatures are fixed; bodies are being written.
#![allow(unused_variables)]

pub mod context;
pub mod types;

pub use context::{bin, Bin, BinFuture, ProcContext};
pub use types::*;
