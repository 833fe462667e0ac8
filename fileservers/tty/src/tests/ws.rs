//! Remote terminals over WebSocket: frames in are keystrokes, the display goes out as binary
//! frames, and the close of either side is a hangup.

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR};
use warren_proto::dial::{connect, Stream};

use super::{guard, world, Call, World};
use crate::{listen_ws, Kind, TtyListener};

type Client = WebSocketStream<Box<dyn Stream>>;

/// A WebSocket listener on a free loopback port of `w`'s tty server, with `new` open, and a
/// client connected to it whose terminal (number 1) was announced.
async fn connected(w: &World) -> (TtyListener, Client) {
    let init = w.proc(10);
    let new = init.open("new", O_RDONLY).await.unwrap();
    let l = listen_ws(w.fs.clone(), "tcp!127.0.0.1!0").await.unwrap();
    let stream = guard("connect", connect(&l.dial_string())).await.unwrap();
    let handshake = tokio_tungstenite::client_async("ws://127.0.0.1/tty", stream);
    let (ws, _) = guard("handshake", handshake).await.unwrap();
    assert_eq!(init.read(new, 16).await.unwrap(), b"1\n");
    (l, ws)
}

/// The display bytes in the client's next frames, until `len` of them arrived.
async fn display(ws: &mut Client, len: usize) -> Vec<u8> {
    let mut got = Vec::new();
    while got.len() < len {
        match guard("frame", ws.next()).await {
            Some(Ok(Message::Binary(data))) => got.extend_from_slice(&data),
            other => panic!("expected a binary frame, got {other:?}"),
        }
    }
    got
}

#[tokio::test]
async fn text_and_binary_frames_are_input_and_the_display_comes_back_binary() {
    let mut w = world(Kind::Terminal);
    let (_l, mut ws) = connected(&w).await;
    let shell = w.proc(20);
    let fd = shell.open("1", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(20, Some("tty/1".into())));
    ws.send(Message::Text("hi\r".into())).await.unwrap();
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"hi\n");
    ws.send(Message::Binary(Bytes::from_static(b"yo\r")))
        .await
        .unwrap();
    assert_eq!(shell.read(fd, 100).await.unwrap(), b"yo\n");
    assert_eq!(display(&mut ws, 8).await, b"hi\r\nyo\r\n");
    shell.write(fd, b"ok\n").await.unwrap();
    assert_eq!(display(&mut ws, 4).await, b"ok\r\n");
}

#[tokio::test]
async fn closing_the_websocket_hangs_up_the_session() {
    let mut w = world(Kind::Terminal);
    let (_l, mut ws) = connected(&w).await;
    let shell = w.proc(20);
    let fd = shell.open("1", O_RDWR).await.unwrap();
    assert_eq!(w.next_call().await, Call::Ctty(20, Some("tty/1".into())));
    guard("close", ws.close(None)).await.unwrap();
    assert_eq!(w.next_call().await, Call::Hangup(20));
    assert_eq!(shell.read(fd, 100).await, Ok(vec![]));
}

#[tokio::test]
async fn hangup_on_ctl_sends_the_output_then_a_close_frame() {
    let w = world(Kind::Terminal);
    let (_l, mut ws) = connected(&w).await;
    let p = w.proc(11);
    let fd = p.open("1", O_RDWR).await.unwrap();
    p.write(fd, b"bye\n").await.unwrap();
    p.ctl(1, "hangup").await.unwrap();
    assert_eq!(display(&mut ws, 5).await, b"bye\r\n");
    match guard("close frame", ws.next()).await {
        Some(Ok(Message::Close(_))) => {}
        other => panic!("expected a close frame, got {other:?}"),
    }
}
