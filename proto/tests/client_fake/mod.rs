//! A scripted 9P server for client tests: the test reads each request the client sends and
//! chooses the reply, its order and its timing.

#![allow(dead_code)]

use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};
use warren_proto::client::{Client, ClientOptions};
use warren_proto::codec::{decode_tmsg, encode_rmsg};
use warren_proto::frame::read_frame;
use warren_proto::msg::{Rmsg, Tag, Tmsg};
use warren_proto::{Caller, Fid, FileServer, Gid, Qid, QidType, Uid};

/// Failure guard for waits that must complete.
pub const GUARD: Duration = Duration::from_secs(5);

/// The server end of a client's connection.
pub struct Fake {
    r: ReadHalf<DuplexStream>,
    w: WriteHalf<DuplexStream>,
}

impl Fake {
    /// A fake over the two halves of its end of a stream.
    pub fn from_halves(r: ReadHalf<DuplexStream>, w: WriteHalf<DuplexStream>) -> Fake {
        Fake { r, w }
    }

    /// The next request the client sent.
    pub async fn recv(&mut self) -> (Tag, Tmsg) {
        let frame = tokio::time::timeout(GUARD, read_frame(&mut self.r, 1 << 20))
            .await
            .expect("client sent a request in time")
            .expect("frame reads")
            .expect("stream still open");
        decode_tmsg(&frame).expect("client frames decode")
    }

    /// Send `reply` with `tag`.
    pub async fn send(&mut self, tag: Tag, reply: Rmsg) {
        let mut out = BytesMut::new();
        encode_rmsg(tag, &reply, &mut out);
        self.send_raw(&out).await;
    }

    /// Send raw bytes.
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.w.write_all(bytes).await.expect("client end open");
    }

    /// Answer the next request, which must be Tattach, with `qid`.
    pub async fn answer_attach(&mut self) -> Tmsg {
        let (tag, msg) = self.recv().await;
        assert!(
            matches!(msg, Tmsg::Attach { .. }),
            "expected Tattach, got {msg:?}"
        );
        self.send(tag, Rmsg::Attach { qid: root_qid() }).await;
        msg
    }
}

/// The qid the fake gives its root.
pub fn root_qid() -> Qid {
    Qid {
        ty: QidType::DIR,
        version: 0,
        path: 1,
    }
}

/// A file qid with path `path`.
pub fn file_qid(path: u64) -> Qid {
    Qid {
        ty: QidType::FILE,
        version: 0,
        path,
    }
}

/// The caller the tests use (uid 1000).
pub const CX: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(100),
    pid: 0,
};

/// A client connected to a fake server that answers Tversion with `server_msize`.
pub async fn connect(opts: ClientOptions, server_msize: u32) -> (Client, Fake) {
    let (a, b) = tokio::io::duplex(1 << 20);
    let (r, w) = tokio::io::split(b);
    let mut fake = Fake { r, w };
    let client = Client::new(a, opts);
    let server = async {
        let (tag, msg) = fake.recv().await;
        assert!(
            matches!(msg, Tmsg::Version { .. }),
            "expected Tversion, got {msg:?}"
        );
        fake.send(
            tag,
            Rmsg::Version {
                msize: server_msize,
                version: "9P2000.L".into(),
            },
        )
        .await;
    };
    let (client, ()) = tokio::join!(client, server);
    (client.expect("handshake succeeds"), fake)
}

/// A client with default options, attached: returns the root fid.
pub async fn attached() -> (Client, Fake, Fid) {
    let (client, mut fake) = connect(ClientOptions::default(), 1 << 20).await;
    let root = Fid::fresh();
    let (qid, _) = tokio::join!(client.attach(&CX, root, ""), fake.answer_attach());
    assert_eq!(qid, Ok(root_qid()));
    (client, fake, root)
}
