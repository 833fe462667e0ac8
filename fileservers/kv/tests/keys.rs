//! KvFs behaviour beyond the conformance suite: seeding and snapshots, owners, removed keys
//! still open, limits, and what it refuses.

use std::collections::BTreeMap;

use bytes::Bytes;
use warren_kv::{KvFs, MAX_VALUE};
use warren_proto::attr::oflags::{O_RDONLY, O_RDWR};
use warren_proto::attr::setattr;
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Result, SetAttr, Uid};

const ROOT: Caller = Caller::ROOT;
const ALICE: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(100),
    pid: 0,
};

/// Attach to `fs` as `cx`: the root's fid.
async fn attach(fs: &KvFs, cx: &Caller) -> Fid {
    let root = Fid::fresh();
    fs.attach(cx, root, "").await.expect("attach");
    root
}

/// Walk from `from` through `path`'s elements into a fresh fid. Errors: the walk's, or
/// `ENOENT` for a partial walk.
async fn walk(fs: &KvFs, from: Fid, path: &str) -> Result<Fid> {
    let fid = Fid::fresh();
    let names: Vec<String> = path.split('/').map(String::from).collect();
    let qids = fs.walk(&ROOT, from, fid, &names).await?;
    if qids.len() < names.len() {
        return Err(Errno::ENOENT);
    }
    Ok(fid)
}

/// The value of key `path`, read through the trait.
async fn get(fs: &KvFs, path: &str) -> Result<Vec<u8>> {
    let root = attach(fs, &ROOT).await;
    let fid = walk(fs, root, path).await?;
    fs.open(&ROOT, fid, O_RDONLY).await?;
    let data = fs.read(&ROOT, fid, 0, 1 << 20).await?;
    fs.clunk(&ROOT, fid).await?;
    Ok(data.to_vec())
}

/// Create key `name` in the root as `cx`, holding `value`: its fid, open for reading and
/// writing.
async fn put(fs: &KvFs, cx: &Caller, name: &str, value: &[u8]) -> Fid {
    let fid = attach(fs, cx).await;
    fs.create(cx, fid, name, O_RDWR, 0o640, cx.gid.0)
        .await
        .expect("create");
    let n = fs.write(cx, fid, 0, Bytes::copy_from_slice(value)).await;
    assert_eq!(n, Ok(value.len() as u32));
    fid
}

fn pairs(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let owned = list
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()));
    owned.collect()
}

#[tokio::test]
async fn keys_given_to_from_pairs_read_back_through_the_trait() {
    let fs = KvFs::from_pairs([("motd", "hello\n"), ("users/alice", "admin")]).unwrap();
    assert_eq!(get(&fs, "motd").await, Ok(b"hello\n".to_vec()));
    assert_eq!(get(&fs, "users/alice").await, Ok(b"admin".to_vec()));
    assert_eq!(get(&fs, "users/bob").await, Err(Errno::ENOENT));
    let root = attach(&fs, &ROOT).await;
    let users = walk(&fs, root, "users").await.unwrap();
    assert_eq!(fs.getattr(&ROOT, users, 0).await.unwrap().mode, 0o040755);
}

#[tokio::test]
async fn snapshot_follows_creates_renames_and_removes() {
    let fs = KvFs::from_pairs([("users/alice", "admin")]).unwrap();
    let fid = put(&fs, &ROOT, "k", b"v").await;
    let want = pairs(&[("k", "v"), ("users/alice", "admin")]);
    assert_eq!(fs.snapshot(), want);
    let root = attach(&fs, &ROOT).await;
    fs.rename(&ROOT, fid, root, "j").await.unwrap();
    assert_eq!(
        fs.snapshot(),
        pairs(&[("j", "v"), ("users/alice", "admin")])
    );
    fs.unlinkat(&ROOT, root, "j", 0).await.unwrap();
    let users = walk(&fs, root, "users").await.unwrap();
    fs.unlinkat(&ROOT, users, "alice", 0).await.unwrap();
    assert_eq!(fs.snapshot(), BTreeMap::new());
}

#[tokio::test]
async fn a_created_key_belongs_to_the_caller_with_the_given_mode() {
    let fs = KvFs::new();
    let fid = put(&fs, &ALICE, "notes", b"12345").await;
    let a = fs.getattr(&ALICE, fid, 0).await.unwrap();
    assert_eq!((a.uid, a.gid, a.mode), (1000, 100, 0o100640));
    assert_eq!((a.size, a.nlink), (5, 1));
}

#[tokio::test]
async fn a_removed_key_still_open_keeps_its_value_until_clunked() {
    let fs = KvFs::new();
    let fid = put(&fs, &ROOT, "k", b"kept").await;
    let root = attach(&fs, &ROOT).await;
    fs.unlinkat(&ROOT, root, "k", 0).await.unwrap();
    assert_eq!(get(&fs, "k").await, Err(Errno::ENOENT));
    let data = fs.read(&ROOT, fid, 0, 100).await.unwrap();
    assert_eq!(&data[..], b"kept");
    assert_eq!(fs.getattr(&ROOT, fid, 0).await.unwrap().nlink, 0);
    assert_eq!(fs.remove(&ROOT, fid).await, Err(Errno::ENOENT));
    assert_eq!(fs.getattr(&ROOT, fid, 0).await, Err(Errno::EBADF));
}

#[tokio::test]
async fn values_past_max_value_are_efbig_and_change_nothing() {
    let fs = KvFs::new();
    let fid = put(&fs, &ROOT, "k", b"small").await;
    let byte = Bytes::from_static(b"x");
    assert_eq!(
        fs.write(&ROOT, fid, MAX_VALUE, byte.clone()).await,
        Err(Errno::EFBIG)
    );
    assert_eq!(
        fs.write(&ROOT, fid, u64::MAX, byte).await,
        Err(Errno::EFBIG)
    );
    let grow = SetAttr {
        valid: setattr::SIZE,
        size: MAX_VALUE + 1,
        ..SetAttr::default()
    };
    assert_eq!(fs.setattr(&ROOT, fid, &grow).await, Err(Errno::EFBIG));
    assert_eq!(fs.getattr(&ROOT, fid, 0).await.unwrap().size, 5);
}

#[tokio::test]
async fn from_pairs_refuses_bad_and_conflicting_keys() {
    let cases: [(&[(&str, &str)], Errno); 6] = [
        (&[("../x", "")], Errno::EINVAL),
        (&[("a//b", "")], Errno::EINVAL),
        (&[("", "")], Errno::EINVAL),
        (&[("a", "1"), ("a", "2")], Errno::EEXIST),
        (&[("a", "1"), ("a/b", "2")], Errno::ENOTDIR),
        (&[(&"n".repeat(256), "")], Errno::ENAMETOOLONG),
    ];
    for (keys, want) in cases {
        let got = KvFs::from_pairs(keys.iter().copied()).map(|fs| fs.snapshot());
        assert_eq!(got, Err(want), "from_pairs({keys:?})");
    }
}

#[tokio::test]
async fn the_root_cannot_be_removed_or_renamed_and_has_one_tree() {
    let fs = KvFs::new();
    let root = attach(&fs, &ROOT).await;
    let other = attach(&fs, &ROOT).await;
    assert_eq!(fs.rename(&ROOT, root, other, "x").await, Err(Errno::EBUSY));
    assert_eq!(fs.remove(&ROOT, root).await, Err(Errno::EBUSY));
    let named = fs.attach(&ROOT, Fid::fresh(), "other").await;
    assert_eq!(named, Err(Errno::ENOENT));
}
