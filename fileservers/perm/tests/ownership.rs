//! New files belong to their creator even over an inner server that ignores the caller.

use async_trait::async_trait;
use bytes::Bytes;
use warren_perm::Perm;
use warren_proto::attr::{getattr, oflags};
use warren_proto::{Attr, Caller, Fid, FileServer, Gid, Qid, Result, SetAttr, Uid};
use warren_ramfs::RamFs;

/// A ramfs that creates everything as root in group 0, whoever asks.
struct Careless(RamFs);

#[async_trait]
impl FileServer for Careless {
    async fn attach(&self, cx: &Caller, fid: Fid, aname: &str) -> Result<Qid> {
        self.0.attach(cx, fid, aname).await
    }
    async fn walk(
        &self,
        cx: &Caller,
        fid: Fid,
        newfid: Fid,
        wnames: &[String],
    ) -> Result<Vec<Qid>> {
        self.0.walk(cx, fid, newfid, wnames).await
    }
    async fn open(&self, cx: &Caller, fid: Fid, flags: u32) -> Result<(Qid, u32)> {
        self.0.open(cx, fid, flags).await
    }
    async fn create(
        &self,
        _cx: &Caller,
        fid: Fid,
        name: &str,
        flags: u32,
        mode: u32,
        _gid: u32,
    ) -> Result<(Qid, u32)> {
        self.0
            .create(&Caller::ROOT, fid, name, flags, mode, 0)
            .await
    }
    async fn mkdir(
        &self,
        _cx: &Caller,
        dfid: Fid,
        name: &str,
        mode: u32,
        _gid: u32,
    ) -> Result<Qid> {
        self.0.mkdir(&Caller::ROOT, dfid, name, mode, 0).await
    }
    async fn read(&self, cx: &Caller, fid: Fid, offset: u64, count: u32) -> Result<Bytes> {
        self.0.read(cx, fid, offset, count).await
    }
    async fn clunk(&self, cx: &Caller, fid: Fid) -> Result<()> {
        self.0.clunk(cx, fid).await
    }
    async fn getattr(&self, cx: &Caller, fid: Fid, mask: u64) -> Result<Attr> {
        self.0.getattr(cx, fid, mask).await
    }
    async fn setattr(&self, cx: &Caller, fid: Fid, attr: &SetAttr) -> Result<()> {
        self.0.setattr(cx, fid, attr).await
    }
}

async fn owner(fs: &Perm<Careless>, name: &str) -> (u32, u32) {
    let (root, fid) = (Fid::fresh(), Fid::fresh());
    fs.attach(&Caller::ROOT, root, "").await.unwrap();
    fs.walk(&Caller::ROOT, root, fid, &[name.to_string()])
        .await
        .unwrap();
    let attr = fs
        .getattr(&Caller::ROOT, fid, getattr::BASIC)
        .await
        .unwrap();
    (attr.uid, attr.gid)
}

#[tokio::test]
async fn new_file_gets_creators_uid_and_gid_over_a_careless_server() {
    let fs = Perm::new(Careless(RamFs::new()));
    let alice = Caller {
        uid: Uid(1000),
        gid: Gid(100),
        pid: 0,
    };
    let root = Fid::fresh();
    fs.attach(&Caller::ROOT, root, "").await.unwrap();
    let chmod = SetAttr {
        valid: warren_proto::attr::setattr::MODE,
        mode: 0o777,
        ..SetAttr::default()
    };
    fs.setattr(&Caller::ROOT, root, &chmod).await.unwrap();
    let dir = Fid::fresh();
    fs.walk(&alice, root, dir, &[]).await.unwrap();
    fs.mkdir(&alice, dir, "d", 0o755, 0).await.unwrap();
    fs.create(&alice, dir, "f", oflags::O_WRONLY, 0o644, 0)
        .await
        .unwrap();
    assert_eq!(owner(&fs, "d").await, (1000, 100));
    assert_eq!(owner(&fs, "f").await, (1000, 100));
}
