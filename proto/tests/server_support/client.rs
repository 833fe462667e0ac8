//! The raw-frame test client and the helpers that start a served connection.

use std::sync::Arc;

use bytes::BytesMut;
use tokio::io::AsyncWriteExt;
use tokio::task::JoinHandle;

use warren_proto::codec::{decode_rmsg, encode_tmsg};
use warren_proto::dial::Stream;
use warren_proto::frame::read_frame;
use warren_proto::msg::{Rmsg, Tag, Tmsg, NOFID, NONUNAME};
use warren_proto::server::{serve_stream, ServeOptions};
use warren_proto::Errno;

use super::{TestFs, GUARD};

/// A client speaking raw frames.
pub struct Client {
    io: Box<dyn Stream>,
}

impl Client {
    pub fn new(io: Box<dyn Stream>) -> Client {
        Client { io }
    }

    /// Send one request.
    pub async fn send(&mut self, tag: u16, msg: Tmsg) {
        let mut buf = BytesMut::new();
        encode_tmsg(Tag(tag), &msg, &mut buf);
        self.send_raw(&buf).await;
    }

    /// Send several requests in one write (pipelined).
    pub async fn send_all(&mut self, msgs: Vec<(u16, Tmsg)>) {
        let mut buf = BytesMut::new();
        for (tag, msg) in msgs {
            encode_tmsg(Tag(tag), &msg, &mut buf);
        }
        self.send_raw(&buf).await;
    }

    /// Send raw bytes.
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.io.write_all(bytes).await.expect("write to server");
    }

    /// The next reply; `None` when the server closed the connection.
    pub async fn recv(&mut self) -> Option<(u16, Rmsg)> {
        let frame = tokio::time::timeout(GUARD, read_frame(&mut self.io, 1 << 24)).await;
        match frame.expect("no reply from server") {
            Ok(Some(frame)) => {
                let (tag, msg) = decode_rmsg(&frame).expect("server sent a bad frame");
                Some((tag.0, msg))
            }
            Ok(None) => None,
            Err(_) => None,
        }
    }

    /// Send one request and return its reply (which must be the next frame).
    pub async fn rpc(&mut self, tag: u16, msg: Tmsg) -> Rmsg {
        self.send(tag, msg).await;
        let (got, reply) = self.recv().await.expect("connection closed");
        assert_eq!(got, tag, "reply for another tag: {reply:?}");
        reply
    }

    /// `Tversion` with `msize`; returns the reply.
    pub async fn version(&mut self, msize: u32) -> Rmsg {
        let version = "9P2000.L".to_string();
        self.rpc(Tag::NOTAG.0, Tmsg::Version { msize, version })
            .await
    }

    /// `Tattach` of `fid` as uid `n_uname`; panics unless it succeeds.
    pub async fn attach(&mut self, fid: u32, n_uname: u32) {
        let msg = Tmsg::Attach {
            fid,
            afid: NOFID,
            uname: String::new(),
            aname: String::new(),
            n_uname,
        };
        let reply = self.rpc(1, msg).await;
        assert!(
            matches!(reply, Rmsg::Attach { .. }),
            "attach failed: {reply:?}"
        );
    }

    /// `Twalk` from `fid` to `newfid` through `names`.
    pub async fn walk(&mut self, fid: u32, newfid: u32, names: &[&str]) -> Rmsg {
        let wnames = names.iter().map(|n| n.to_string()).collect();
        self.rpc(
            2,
            Tmsg::Walk {
                fid,
                newfid,
                wnames,
            },
        )
        .await
    }

    /// `Tlopen` of `fid` read-only.
    pub async fn open(&mut self, fid: u32) -> Rmsg {
        self.rpc(3, Tmsg::Lopen { fid, flags: 0 }).await
    }

    /// `Tgetattr` of everything on `fid`.
    pub async fn getattr(&mut self, fid: u32) -> Rmsg {
        self.rpc(
            4,
            Tmsg::Getattr {
                fid,
                request_mask: 0x3fff,
            },
        )
        .await
    }

    /// `Tclunk` of `fid`.
    pub async fn clunk(&mut self, fid: u32) -> Rmsg {
        self.rpc(5, Tmsg::Clunk { fid }).await
    }
}

/// The errno of an `Rlerror`, or `None` for any other reply.
pub fn errno(reply: &Rmsg) -> Option<Errno> {
    match reply {
        Rmsg::Lerror { ecode } => Some(Errno::from_code(*ecode)),
        _ => None,
    }
}

/// Serve `fs` with `opts` over an in-memory pipe; the task ends when the connection does.
pub fn serve(fs: Arc<TestFs>, opts: ServeOptions) -> (Client, JoinHandle<std::io::Result<()>>) {
    let (client, server) = tokio::io::duplex(1 << 20);
    let task = tokio::spawn(serve_stream(fs, server, Arc::new(opts)));
    (Client::new(Box::new(client)), task)
}

/// A versioned session (msize 8192) with fid 0 attached as root.
pub async fn attached(
    opts: ServeOptions,
) -> (Client, Arc<TestFs>, JoinHandle<std::io::Result<()>>) {
    let fs = TestFs::new();
    let (mut c, task) = serve(fs.clone(), opts);
    assert!(matches!(
        c.version(8192).await,
        Rmsg::Version { msize: 8192, .. }
    ));
    c.attach(0, 0).await;
    (c, fs, task)
}

/// `attach` with `uname` by name only.
pub fn attach_by_name(fid: u32, uname: &str) -> Tmsg {
    Tmsg::Attach {
        fid,
        afid: NOFID,
        uname: uname.to_string(),
        aname: String::new(),
        n_uname: NONUNAME,
    }
}
