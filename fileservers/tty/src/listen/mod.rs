//! Remote terminals: listeners that give each connection a terminal of its own (DESIGN.md
//! "Boot", phase 4; issue 4, point 8).
//!
//! [`listen_tcp`] serves raw byte streams (telnet, `nc`, `socat`): the connection's bytes
//! are keystrokes and the terminal's display is written back. [`listen_ws`] serves
//! WebSocket (browser terminals such as xterm.js): binary and text frames are keystrokes,
//! the display goes out as binary frames. Either way each accepted connection becomes
//! `/dev/tty/N` through [`TtyFs::add_remote`], announced on `/dev/tty/new` (init starts a
//! getty on it), with Warren's line discipline ([`Kind::Terminal`]); CR NL and CR NUL read as
//! one Return (telnet). Closing the connection is a hangup: `SIGHUP` to the session that
//! holds the terminal, which then disappears once nobody uses it.
//!
//! Listeners accept nothing until `/dev/tty/new` has been opened ([`TtyFs::watched`]), so
//! a connection made while the system boots is not added before init watches for it.
//! Telnet option negotiation is not spoken: a telnet client connecting to a port other than
//! 23 sends none, and echoes locally unless told otherwise (`nc` and `socat` with `raw,echo=0`
//! show the terminal's own echo only).
//!
//! # Layout
//! - this file: [`TtyListener`], [`listen_tcp`], [`listen_ws`], the accept loop.
//! - `crlf`: telnet end-of-line folding on input.
//! - `ws`: the WebSocket handshake and the frames-to-bytes bridge.

mod crlf;
mod ws;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::AbortHandle;
use tracing::{info, warn};
use warren_proto::dial::{transient, Listener, Stream};

use crate::backend::{Backend, Kind};
use crate::fs::TtyFs;
use crlf::CrLf;

/// Pause after a failed accept (out of file descriptors, say) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// A listening socket that turns connections into remote terminals. Dropping it stops
/// accepting (and removes a unix socket file); terminals already added stay until they hang
/// up.
pub struct TtyListener {
    dial: String,
    accept: AbortHandle,
}

impl TtyListener {
    /// The dial string clients reach this listener at, with the actual port for TCP
    /// (`tcp!127.0.0.1!40123` when asked for port 0) or the socket path (`unix!/tmp/t.sock`).
    pub fn dial_string(&self) -> String {
        self.dial.clone()
    }
}

impl Drop for TtyListener {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// How a listener's connections carry terminal bytes.
#[derive(Clone, Copy)]
enum Protocol {
    /// The connection's bytes are the terminal's bytes.
    Raw,
    /// WebSocket frames carry them.
    WebSocket,
}

/// Listen at `dial` (`tcp!HOST!PORT`, port 0 for any free one, or `unix!PATH`; see
/// [`warren_proto::dial`]) for raw terminal connections, adding a remote terminal to `ttys`
/// for each. Must be called inside a tokio runtime.
///
/// # Errors
/// `InvalidInput` for a bad dial string; `AddrInUse`; other bind errors.
pub async fn listen_tcp(ttys: Arc<TtyFs>, dial: &str) -> io::Result<TtyListener> {
    listen(ttys, dial, Protocol::Raw).await
}

/// Listen at `dial` (as [`listen_tcp`]) for WebSocket connections (RFC 6455; any request
/// path), adding a remote terminal to `ttys` for each one whose handshake succeeds within
/// 10 seconds. Must be called inside a tokio runtime.
///
/// # Errors
/// `InvalidInput` for a bad dial string; `AddrInUse`; other bind errors.
pub async fn listen_ws(ttys: Arc<TtyFs>, dial: &str) -> io::Result<TtyListener> {
    listen(ttys, dial, Protocol::WebSocket).await
}

async fn listen(ttys: Arc<TtyFs>, dial: &str, protocol: Protocol) -> io::Result<TtyListener> {
    let listener = Listener::bind(dial).await?;
    let dial = listener.dial_string();
    let accept = tokio::spawn(accept_loop(ttys, listener, protocol));
    Ok(TtyListener {
        dial,
        accept: accept.abort_handle(),
    })
}

/// Once `new` is watched, accept connections until the listening socket fails.
async fn accept_loop(ttys: Arc<TtyFs>, listener: Listener, protocol: Protocol) {
    ttys.watched().await;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) if transient(&e) => {
                warn!(%e, listener = %listener.dial_string(), "tty accept failed");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
            Err(e) => {
                warn!(%e, listener = %listener.dial_string(), "tty listener stopped");
                return;
            }
        };
        match protocol {
            Protocol::Raw => {
                let n = ttys.add_remote(raw_backend(stream));
                info!(tty = n, %peer, "remote terminal connected");
            }
            Protocol::WebSocket => {
                tokio::spawn(ws::serve(ttys.clone(), stream, peer));
            }
        }
    }
}

/// A terminal backend over a raw connection.
fn raw_backend(stream: Box<dyn Stream>) -> Backend {
    let (input, output) = tokio::io::split(stream);
    Backend::new(Kind::Terminal, Box::new(CrLf::new(input)), Box::new(output))
}
