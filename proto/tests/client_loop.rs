//! The client against Warren's own serving loop (`server::serve_stream`) over an in-memory
//! stream: the two halves of the protocol agree, including identity, errnos and Tflush.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use tokio::sync::Notify;
use warren_proto::attr::Attr;
use warren_proto::client::{Client, ClientOptions};
use warren_proto::server::{serve_stream, ServeOptions};
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Qid, QidType, Result, Uid};

const CX: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(1000),
    pid: 0,
};
const GUARD: Duration = Duration::from_secs(5);

/// A root directory holding `hello` (11 bytes) and `block` (reads never complete).
#[derive(Default)]
struct Tiny {
    fids: Mutex<HashMap<Fid, u64>>,
    callers: Mutex<Vec<Caller>>,
    read_cancelled: Arc<Notify>,
}

/// Notifies when dropped: a read future that was cancelled.
struct OnDrop(Arc<Notify>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        self.0.notify_one();
    }
}

fn qid(path: u64) -> Qid {
    let ty = if path == 1 {
        QidType::DIR
    } else {
        QidType::FILE
    };
    Qid {
        ty,
        version: 0,
        path,
    }
}

impl Tiny {
    fn path(&self, fid: Fid) -> Result<u64> {
        self.fids
            .lock()
            .unwrap()
            .get(&fid)
            .copied()
            .ok_or(Errno::EBADF)
    }
}

#[async_trait]
impl FileServer for Tiny {
    async fn attach(&self, cx: &Caller, fid: Fid, _aname: &str) -> Result<Qid> {
        self.callers.lock().unwrap().push(*cx);
        self.fids.lock().unwrap().insert(fid, 1);
        Ok(qid(1))
    }

    async fn walk(
        &self,
        _cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        let mut path = self.path(fid)?;
        let mut qids = Vec::new();
        for name in wnames {
            path = match (path, name.as_str()) {
                (1, "hello") => 2,
                (1, "block") => 3,
                _ if qids.is_empty() => return Err(Errno::ENOENT),
                _ => return Ok(qids),
            };
            qids.push(qid(path));
        }
        self.fids.lock().unwrap().insert(newfid, path);
        Ok(qids)
    }

    async fn open(&self, _cx: &Caller, fid: Fid, _flags: u32) -> Result<(Qid, u32)> {
        Ok((qid(self.path(fid)?), 0))
    }

    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        self.callers.lock().unwrap().push(*cx);
        match self.path(fid)? {
            2 => {
                let data = Bytes::from_static(b"hello world");
                let start = (offset as usize).min(data.len());
                Ok(data.slice(start..data.len().min(start + count as usize)))
            }
            3 => {
                let _guard = OnDrop(self.read_cancelled.clone());
                std::future::pending().await
            }
            _ => Err(Errno::EISDIR),
        }
    }

    async fn clunk(&self, _cx: &Caller, fid: Fid) -> Result<()> {
        self.fids.lock().unwrap().remove(&fid);
        Ok(())
    }

    async fn getattr(&self, _cx: &Caller, fid: Fid, _mask: u64) -> Result<Attr> {
        let path = self.path(fid)?;
        Ok(Attr {
            qid: qid(path),
            size: if path == 2 { 11 } else { 0 },
            ..Attr::default()
        })
    }
}

async fn connected(opts: ClientOptions) -> (Client, Arc<Tiny>) {
    let tiny = Arc::new(Tiny::default());
    let (a, b) = tokio::io::duplex(1 << 16);
    tokio::spawn(serve_stream(
        tiny.clone(),
        b,
        Arc::new(ServeOptions::default()),
    ));
    let client = Client::new(a, opts)
        .await
        .expect("handshake with serve_stream");
    (client, tiny)
}

#[tokio::test]
async fn client_reads_a_file_through_the_serving_loop_as_its_uid() {
    let (client, tiny) = connected(ClientOptions::default()).await;
    let (root, file) = (Fid::fresh(), Fid::fresh());
    assert_eq!(client.attach(&CX, root, "").await, Ok(qid(1)));
    assert_eq!(
        client.walk(&CX, root, file, &["hello".into()]).await,
        Ok(vec![qid(2)])
    );
    assert_eq!(client.open(&CX, file, 0).await.map(|(q, _)| q), Ok(qid(2)));
    assert_eq!(
        client.read(&CX, file, 6, 100).await,
        Ok(Bytes::from_static(b"world"))
    );
    assert_eq!(
        client.getattr(&CX, file, 0x7ff).await.map(|a| a.size),
        Ok(11)
    );
    assert_eq!(client.clunk(&CX, file).await, Ok(()));
    let uids: Vec<Uid> = tiny.callers.lock().unwrap().iter().map(|c| c.uid).collect();
    assert_eq!(uids, [Uid(1000), Uid(1000)]);
}

#[tokio::test]
async fn errno_from_the_server_reaches_the_client() {
    let (client, _) = connected(ClientOptions::default()).await;
    let root = Fid::fresh();
    client.attach(&CX, root, "").await.expect("attach");
    let res = client.walk(&CX, root, Fid::fresh(), &["nope".into()]).await;
    assert_eq!(res, Err(Errno::ENOENT));
    assert_eq!(
        client.read(&CX, root, 0, 10).await,
        Err(Errno::EBADF),
        "root is not open"
    );
}

#[tokio::test]
async fn timed_out_read_is_flushed_at_the_server_and_the_connection_goes_on() {
    let opts = ClientOptions {
        timeout: Some(Duration::from_millis(200)),
        ..Default::default()
    };
    let (client, tiny) = connected(opts).await;
    let (root, block) = (Fid::fresh(), Fid::fresh());
    client.attach(&CX, root, "").await.expect("attach");
    client
        .walk(&CX, root, block, &["block".into()])
        .await
        .expect("walk");
    client.open(&CX, block, 0).await.expect("open");
    let cancelled = tiny.read_cancelled.notified();
    assert_eq!(client.read(&CX, block, 0, 10).await, Err(Errno::ETIMEDOUT));
    tokio::time::timeout(GUARD, cancelled)
        .await
        .expect("server cancelled the read");
    assert_eq!(
        client.getattr(&CX, root, 0x7ff).await.map(|a| a.qid),
        Ok(qid(1))
    );
}
