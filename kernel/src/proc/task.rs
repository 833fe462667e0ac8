//! The future a process's task runs: its bin, under the process's signal state.
//!
//! Default signal actions happen here, at the task level: the task ends with 128+N as soon
//! as a terminating signal is set (`SIGKILL` even while stopped), the bin's future being
//! dropped at whatever await it was in; while the process is stopped the bin is not polled;
//! an `exec` swaps the bin's future for the new program's before it is polled again.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::process::Process;
use crate::context::{BinFuture, ProcContext};
use crate::kernel::Kernel;
use crate::types::ExitStatus;

/// A process's bin under its signal state; resolves to the process's exit status.
pub(crate) struct Task {
    kernel: Arc<Kernel>,
    proc: Arc<Process>,
    bin: BinFuture,
}

impl Task {
    /// Run `bin` as `proc`.
    pub fn new(kernel: Arc<Kernel>, proc: Arc<Process>, bin: BinFuture) -> Task {
        Task { kernel, proc, bin }
    }

    /// Replace the bin with the program `exec` left, if any.
    fn exec(&mut self) -> bool {
        match self.proc.take_exec() {
            Some(main) => {
                self.bin = main(ProcContext::new(self.kernel.clone(), self.proc.clone()));
                true
            }
            None => false,
        }
    }
}

impl Future for Task {
    type Output = ExitStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<ExitStatus> {
        let this = self.get_mut();
        this.proc.sig.register(cx.waker());
        loop {
            if let Some(s) = this.proc.sig.fatal_status() {
                return Poll::Ready(ExitStatus(s));
            }
            if this.proc.sig.stopped().is_some() {
                return Poll::Pending;
            }
            if this.exec() {
                continue;
            }
            if let Poll::Ready(s) = this.bin.as_mut().poll(cx) {
                // A signal that ended the process while the bin returned wins.
                return Poll::Ready(this.proc.sig.doom_status().map_or(s, ExitStatus));
            }
            if !this.proc.sig.doomed() && !this.exec() {
                return Poll::Pending;
            }
        }
    }
}
