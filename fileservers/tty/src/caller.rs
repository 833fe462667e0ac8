//! The calling process's pid: a shim until `warren_proto::Caller` carries `pid`.
//!
//! Until then every caller is unknown (pid 0) outside this crate's tests, which run requests
//! inside [`as_pid`]. When the field lands, [`pid`] becomes `cx.pid` and the tests build their
//! `Caller` with it.

use warren_proto::Caller;

tokio::task_local! {
    /// The pid the crate's tests run a request as.
    static PID: u32;
}

/// The pid of the process making the request; 0 when unknown (a remote 9P client).
pub(crate) fn pid(cx: &Caller) -> u32 {
    let _ = cx;
    PID.try_with(|pid| *pid).unwrap_or(0)
}

/// Run `request` as process `pid`.
#[cfg(test)]
pub(crate) async fn as_pid<F: std::future::Future>(pid: u32, request: F) -> F::Output {
    PID.scope(pid, request).await
}
