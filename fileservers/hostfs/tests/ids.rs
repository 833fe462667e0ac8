//! Host owners show through the configured [`IdMap`], chown maps Warren ids back (or is
//! `EPERM`), and created files get the owners the map promises.

mod common;

use std::os::unix::fs::MetadataExt;

use common::World;
use warren_hostfs::{HostOptions, IdMap};
use warren_proto::attr::oflags::O_RDWR;
use warren_proto::attr::setattr;
use warren_proto::{Caller, Errno, FileServer, Gid, SetAttr, Uid};

const ALICE: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(100),
    pid: 0,
};

/// The test process's effective uid and gid: the owner of every file it makes.
fn me() -> (u32, u32) {
    (
        rustix::process::geteuid().as_raw(),
        rustix::process::getegid().as_raw(),
    )
}

fn world(ids: IdMap) -> World {
    let w = World::new(HostOptions {
        read_only: false,
        ids,
    });
    std::fs::write(w.root().join("f"), b"f").expect("write f");
    w
}

/// The Warren owners `name` in the export's root shows.
async fn owners(w: &World, name: &str) -> (u32, u32) {
    let t = w.check("owners");
    let root = w.attach().await;
    let a = t.getattr(t.walk(root, &[name]).await).await;
    (a.uid, a.gid)
}

fn chown(uid: Option<u32>, gid: Option<u32>) -> SetAttr {
    SetAttr {
        valid: uid.map_or(0, |_| setattr::UID) | gid.map_or(0, |_| setattr::GID),
        uid: uid.unwrap_or(0),
        gid: gid.unwrap_or(0),
        ..SetAttr::default()
    }
}

#[tokio::test]
async fn squash_shows_every_file_as_the_squash_owner() {
    let w = world(IdMap::squash(Uid(1000), Gid(100)));
    std::fs::create_dir(w.root().join("d")).expect("mkdir d");
    assert_eq!(owners(&w, "f").await, (1000, 100));
    assert_eq!(owners(&w, "d").await, (1000, 100));
}

#[tokio::test]
async fn listed_host_ids_show_their_warren_ids_and_others_the_default() {
    let (uid, gid) = me();
    let listed = IdMap::list(
        vec![(uid, Uid(1000))],
        vec![(gid, Gid(100))],
        Uid(65534),
        Gid(65533),
    );
    assert_eq!(owners(&world(listed), "f").await, (1000, 100));
    let unlisted = IdMap::list(
        vec![(uid.wrapping_add(1), Uid(1000))],
        vec![],
        Uid(65534),
        Gid(65533),
    );
    assert_eq!(owners(&world(unlisted), "f").await, (65534, 65533));
}

#[tokio::test]
async fn chown_to_a_mapped_warren_id_sets_its_host_id() {
    let (uid, gid) = me();
    // Root may give a file away; anyone may "give" it to themselves.
    let (host_uid, host_gid) = if uid == 0 { (4242, 4343) } else { (uid, gid) };
    let ids = IdMap::list(
        vec![(host_uid, Uid(1000))],
        vec![(host_gid, Gid(100))],
        Uid(65534),
        Gid(65534),
    );
    let w = world(ids);
    let t = w.check("chown");
    let f = t.walk(w.attach().await, &["f"]).await;
    let r =
        w.fs.setattr(&Caller::ROOT, f, &chown(Some(1000), Some(100)))
            .await;
    assert_eq!(r, Ok(()));
    let host = std::fs::metadata(w.root().join("f")).expect("stat f");
    assert_eq!((host.uid(), host.gid()), (host_uid, host_gid));
    assert_eq!(owners(&w, "f").await, (1000, 100));
}

#[tokio::test]
async fn chown_to_an_unmapped_warren_id_is_eperm() {
    let (uid, gid) = me();
    let listed = IdMap::list(vec![(uid, Uid(1000))], vec![], Uid(65534), Gid(65534));
    let squashed = IdMap::squash(Uid(1000), Gid(100));
    for (ids, unmapped) in [(listed, 65534), (squashed, 0)] {
        let w = world(ids);
        let t = w.check("chown unmapped");
        let f = t.walk(w.attach().await, &["f"]).await;
        for sa in [chown(Some(unmapped), None), chown(None, Some(5555))] {
            let r = w.fs.setattr(&Caller::ROOT, f, &sa).await;
            assert_eq!(r, Err(Errno::EPERM), "{sa:?}");
        }
        let host = std::fs::metadata(w.root().join("f")).expect("stat f");
        assert_eq!((host.uid(), host.gid()), (uid, gid));
    }
}

#[tokio::test]
async fn created_files_get_the_callers_ids_only_when_the_host_process_may_give_them() {
    let (uid, gid) = me();
    let want = if uid == 0 { (1000, 7) } else { (uid, gid) };
    let w = world(IdMap::identity());
    let t = w.check("create owners");
    let root = w.attach().await;
    let dir = t.walk(root, &[]).await;
    w.fs.create(&ALICE, dir, "new", O_RDWR, 0o644, 7)
        .await
        .expect("create");
    w.fs.mkdir(&ALICE, root, "sub", 0o755, 7)
        .await
        .expect("mkdir");
    for name in ["new", "sub"] {
        let host = std::fs::metadata(w.root().join(name)).expect("stat");
        assert_eq!((host.uid(), host.gid()), want, "{name}");
    }
}

#[tokio::test]
async fn squashed_exports_create_files_as_the_host_process() {
    let w = world(IdMap::squash(Uid(1000), Gid(100)));
    let t = w.check("squash create");
    let dir = t.walk(w.attach().await, &[]).await;
    w.fs.create(&ALICE, dir, "new", O_RDWR, 0o644, 7)
        .await
        .expect("create");
    let host = std::fs::metadata(w.root().join("new")).expect("stat");
    assert_eq!((host.uid(), host.gid()), me());
    assert_eq!(owners(&w, "new").await, (1000, 100));
}
