//! WebSocket terminals: the handshake, then a bridge between frames and the terminal's
//! byte-stream backend (an in-memory pipe).
//!
//! Inbound binary and text frames are keystrokes; a close frame, an error or the end of the
//! socket ends the terminal's input, a hangup. The terminal's display goes out as binary
//! frames; when the terminal hangs up (its output ends) a close frame is sent and the client
//! gets [`CLOSE_GRACE`] to answer it. Source: RFC 6455; tokio-tungstenite.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use tracing::{debug, info};
use warren_proto::dial::Stream;

use super::CrLf;
use crate::backend::{Backend, Kind};
use crate::fs::TtyFs;

/// How long a client has to complete the WebSocket handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// How long a client has to answer our close frame before the socket is dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(5);
/// Bytes each direction of the bridge buffers before its writer waits.
const BRIDGE_BUFFER: usize = 64 * 1024;
/// The most display bytes sent in one frame.
const FRAME: usize = 4096;

type Socket = WebSocketStream<Box<dyn Stream>>;

/// Complete the handshake on `stream` from `peer`, add a remote terminal for it to `ttys`
/// and move bytes until either side ends.
pub(super) async fn serve(ttys: Arc<TtyFs>, stream: Box<dyn Stream>, peer: String) {
    let handshake = tokio::time::timeout(HANDSHAKE, tokio_tungstenite::accept_async(stream));
    let socket = match handshake.await {
        Ok(Ok(socket)) => socket,
        Ok(Err(e)) => {
            debug!(%e, %peer, "websocket handshake failed");
            return;
        }
        Err(_) => {
            debug!(%peer, "websocket handshake timed out");
            return;
        }
    };
    let (near, far) = tokio::io::duplex(BRIDGE_BUFFER);
    let (input, output) = tokio::io::split(near);
    let backend = Backend::new(Kind::Terminal, Box::new(CrLf::new(input)), Box::new(output));
    let n = ttys.add_remote(backend);
    drop(ttys);
    info!(tty = n, %peer, "remote websocket terminal connected");
    bridge(socket, far).await;
}

/// Run both directions until the client goes, or until the terminal's display ends and the
/// client answered the close (or [`CLOSE_GRACE`] passed).
async fn bridge(socket: Socket, far: DuplexStream) {
    let (sink, frames) = socket.split();
    let (from_tty, to_tty) = tokio::io::split(far);
    let inbound = inbound(frames, to_tty);
    tokio::pin!(inbound);
    tokio::select! {
        () = &mut inbound => {}
        () = outbound(from_tty, sink) => {
            let _ = tokio::time::timeout(CLOSE_GRACE, inbound).await;
        }
    }
}

/// Frames from the client to the terminal's input; ends the input when the client goes.
async fn inbound(mut frames: SplitStream<Socket>, mut to_tty: WriteHalf<DuplexStream>) {
    while let Some(Ok(msg)) = frames.next().await {
        let data = match msg {
            Message::Binary(data) => data,
            Message::Text(text) => Bytes::from(text),
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
        };
        if to_tty.write_all(&data).await.is_err() {
            break;
        }
    }
    let _ = to_tty.shutdown().await;
}

/// The terminal's display to the client as binary frames; a close frame when it ends.
async fn outbound(mut from_tty: ReadHalf<DuplexStream>, mut sink: SplitSink<Socket, Message>) {
    let mut buf = vec![0; FRAME];
    loop {
        let n = match from_tty.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let frame = Message::Binary(Bytes::copy_from_slice(&buf[..n]));
        if sink.send(frame).await.is_err() {
            return;
        }
    }
    let _ = sink.close().await;
}
