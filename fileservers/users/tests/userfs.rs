//! `UserFs` as a fileserver: who may read and write which file, and what writes do.

use bytes::Bytes;
use warren_proto::attr::{oflags, SetAttr, S_IFREG};
use warren_proto::{attr::setattr, Caller, Errno, Fid, FileServer, Gid, Result, Uid};
use warren_users::UserFs;

const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n";
const GROUP: &str = "root:x:0:\nalice:x:1000:\nwheel:x:10:alice\n";
const SHADOW: &str = "root::::::::\nalice:*:19000::::::\n";
const BOB: &str = "bob:x:1001:1001::/home/bob:/bin/sh\n";
const GUEST: Caller = Caller {
    uid: Uid(1000),
    gid: Gid(1000),
    pid: 0,
};

fn store() -> UserFs {
    UserFs::from_text(PASSWD, GROUP, SHADOW).unwrap()
}

/// Walk from a fresh attach to `name` and open it with `flags`.
async fn open(fs: &UserFs, cx: &Caller, name: &str, flags: u32) -> Result<Fid> {
    let (root, fid) = (Fid::fresh(), Fid::fresh());
    fs.attach(cx, root, "").await?;
    fs.walk(cx, root, fid, &[name.to_string()]).await?;
    fs.clunk(cx, root).await?;
    if let Err(e) = fs.open(cx, fid, flags).await {
        fs.clunk(cx, fid).await?;
        return Err(e);
    }
    Ok(fid)
}

/// The text of `name` as `cx` reads it.
async fn read(fs: &UserFs, cx: &Caller, name: &str) -> Result<String> {
    let fid = open(fs, cx, name, oflags::O_RDONLY).await?;
    let data = fs.read(cx, fid, 0, 1 << 16).await;
    fs.clunk(cx, fid).await?;
    Ok(String::from_utf8(data?.to_vec()).unwrap())
}

/// Open `name` with `flags`, write `data` at offset 0 in one write, clunk.
async fn write(fs: &UserFs, cx: &Caller, name: &str, flags: u32, data: &str) -> Result<u32> {
    let fid = open(fs, cx, name, flags).await?;
    let n = fs
        .write(cx, fid, 0, Bytes::copy_from_slice(data.as_bytes()))
        .await;
    fs.clunk(cx, fid).await?;
    n
}

const APPEND: u32 = oflags::O_WRONLY | oflags::O_APPEND;
const TRUNC: u32 = oflags::O_WRONLY | oflags::O_TRUNC;

#[tokio::test]
async fn everyone_reads_passwd_and_group() {
    let fs = store();
    assert_eq!(read(&fs, &GUEST, "passwd").await, Ok(PASSWD.to_string()));
    assert_eq!(read(&fs, &GUEST, "group").await, Ok(GROUP.to_string()));
}

#[tokio::test]
async fn shadow_is_unreadable_by_uid_1000_and_readable_by_root() {
    let fs = store();
    assert_eq!(read(&fs, &GUEST, "shadow").await, Err(Errno::EACCES));
    assert_eq!(
        write(&fs, &GUEST, "shadow", APPEND, "x").await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        read(&fs, &Caller::ROOT, "shadow").await,
        Ok(SHADOW.to_string())
    );
}

#[tokio::test]
async fn passwd_is_not_writable_by_uid_1000() {
    let fs = store();
    assert_eq!(
        write(&fs, &GUEST, "passwd", APPEND, BOB).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        open(&fs, &GUEST, "passwd", oflags::O_RDONLY | oflags::O_TRUNC).await,
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn appending_a_line_adds_a_user() {
    let fs = store();
    assert_eq!(
        write(&fs, &Caller::ROOT, "passwd", APPEND, BOB).await,
        Ok(BOB.len() as u32)
    );
    assert_eq!(
        read(&fs, &GUEST, "passwd").await,
        Ok(format!("{PASSWD}{BOB}"))
    );
}

#[tokio::test]
async fn a_write_ending_a_line_is_visible_before_clunk() {
    let fs = store();
    let fid = open(&fs, &Caller::ROOT, "passwd", APPEND).await.unwrap();
    fs.write(&Caller::ROOT, fid, 0, Bytes::from(BOB))
        .await
        .unwrap();
    assert_eq!(
        read(&fs, &GUEST, "passwd").await,
        Ok(format!("{PASSWD}{BOB}"))
    );
    fs.clunk(&Caller::ROOT, fid).await.unwrap();
}

#[tokio::test]
async fn rewriting_with_o_trunc_replaces_the_text() {
    let fs = store();
    let text = "root:x:0:0::/root:/bin/sh\n";
    assert_eq!(
        write(&fs, &Caller::ROOT, "passwd", TRUNC, text).await,
        Ok(text.len() as u32)
    );
    assert_eq!(read(&fs, &GUEST, "passwd").await, Ok(text.to_string()));
}

#[tokio::test]
async fn each_rejected_write_is_einval_and_leaves_the_file_unchanged() {
    let cases = [
        ("passwd", "bob:x:1001:1001::/home/bob\n"), // malformed: six fields
        ("passwd", "alice:x:1001:1001::/home/bob:/bin/sh\n"), // duplicate name
        ("passwd", "bob:x:1000:1001::/home/bob:/bin/sh\n"), // duplicate uid
        ("passwd", "\n"),                           // blank line
        ("passwd", "bob:x:1001:1001:\u{7}:/home/bob:/bin/sh\n"), // control character
        ("group", "wheel:x:11:\n"),                 // duplicate group name
        ("group", "staff:x:10:\n"),                 // duplicate gid
        ("shadow", "carol:*:::::::\n"),             // unknown user
        ("shadow", "root:hunter2:::::::\n"),        // not a hash
    ];
    for (name, line) in cases {
        let fs = store();
        let before = read(&fs, &Caller::ROOT, name).await.unwrap();
        assert_eq!(
            write(&fs, &Caller::ROOT, name, APPEND, line).await,
            Err(Errno::EINVAL),
            "{line:?}"
        );
        assert_eq!(read(&fs, &Caller::ROOT, name).await, Ok(before), "{line:?}");
    }
}

#[tokio::test]
async fn rejected_rewrite_is_einval_and_leaves_the_file_unchanged() {
    let fs = store();
    let dup = "root:x:0:0::/root:/bin/sh\nroot:x:1:1::/root:/bin/sh\n";
    assert_eq!(
        write(&fs, &Caller::ROOT, "passwd", TRUNC, dup).await,
        Err(Errno::EINVAL)
    );
    assert_eq!(read(&fs, &GUEST, "passwd").await, Ok(PASSWD.to_string()));
    let not_utf8 = Bytes::from_static(b"r\xffot:x:0:0::/root:/bin/sh\n");
    let fid = open(&fs, &Caller::ROOT, "passwd", TRUNC).await.unwrap();
    assert_eq!(
        fs.write(&Caller::ROOT, fid, 0, not_utf8).await,
        Err(Errno::EINVAL)
    );
    fs.clunk(&Caller::ROOT, fid).await.unwrap();
    assert_eq!(read(&fs, &GUEST, "passwd").await, Ok(PASSWD.to_string()));
}

#[tokio::test]
async fn an_unfinished_line_waits_for_the_write_that_ends_it() {
    let fs = store();
    let (head, tail) = BOB.split_at(10);
    let fid = open(&fs, &Caller::ROOT, "passwd", APPEND).await.unwrap();
    fs.write(&Caller::ROOT, fid, 0, Bytes::from(head))
        .await
        .unwrap();
    assert_eq!(read(&fs, &GUEST, "passwd").await, Ok(PASSWD.to_string()));
    fs.write(&Caller::ROOT, fid, 0, Bytes::from(tail))
        .await
        .unwrap();
    assert_eq!(
        read(&fs, &GUEST, "passwd").await,
        Ok(format!("{PASSWD}{BOB}"))
    );
    fs.clunk(&Caller::ROOT, fid).await.unwrap();
}

#[tokio::test]
async fn an_unfinished_valid_last_line_is_committed_at_clunk_and_an_invalid_one_dropped() {
    let fs = store();
    write(&fs, &Caller::ROOT, "passwd", APPEND, BOB.trim_end())
        .await
        .unwrap();
    assert_eq!(
        read(&fs, &GUEST, "passwd").await,
        Ok(format!("{PASSWD}{BOB}"))
    );
    write(&fs, &Caller::ROOT, "passwd", APPEND, "carol:x:1002")
        .await
        .unwrap();
    assert_eq!(
        read(&fs, &GUEST, "passwd").await,
        Ok(format!("{PASSWD}{BOB}"))
    );
}

#[tokio::test]
async fn removing_a_user_from_passwd_drops_their_shadow_line() {
    let fs = store();
    write(
        &fs,
        &Caller::ROOT,
        "passwd",
        TRUNC,
        "root:x:0:0:root:/root:/bin/sh\n",
    )
    .await
    .unwrap();
    assert_eq!(
        read(&fs, &Caller::ROOT, "shadow").await,
        Ok("root::::::::\n".to_string())
    );
}

#[tokio::test]
async fn writes_need_a_fid_open_for_writing() {
    let fs = store();
    let fid = open(&fs, &Caller::ROOT, "passwd", oflags::O_RDONLY)
        .await
        .unwrap();
    assert_eq!(
        fs.write(&Caller::ROOT, fid, 0, Bytes::from(BOB)).await,
        Err(Errno::EBADF)
    );
}

#[tokio::test]
async fn the_root_lists_four_files_and_walks_to_nothing_else() {
    let fs = store();
    let root = Fid::fresh();
    fs.attach(&GUEST, root, "").await.unwrap();
    let missing = fs
        .walk(&GUEST, root, Fid::fresh(), &["motd".to_string()])
        .await;
    assert_eq!(missing, Err(Errno::ENOENT));
    fs.open(&GUEST, root, oflags::O_RDONLY).await.unwrap();
    let names: Vec<String> = fs
        .readdir(&GUEST, root, 0, 4096)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["passwd", "group", "shadow", "keys"]);
    assert_eq!(fs.readdir(&GUEST, root, 4, 4096).await, Ok(vec![]));
}

#[tokio::test]
async fn stat_shows_root_ownership_and_modes_and_chmod_is_eperm() {
    let fs = store();
    let fid = open(&fs, &Caller::ROOT, "shadow", oflags::O_RDONLY)
        .await
        .unwrap();
    let attr = fs.getattr(&GUEST, fid, u64::MAX).await.unwrap();
    assert_eq!(
        (attr.mode, attr.uid, attr.gid, attr.size),
        (S_IFREG | 0o600, 0, 0, SHADOW.len() as u64)
    );
    let chmod = SetAttr {
        valid: setattr::MODE,
        mode: 0o644,
        ..SetAttr::default()
    };
    assert_eq!(
        fs.setattr(&Caller::ROOT, fid, &chmod).await,
        Err(Errno::EPERM)
    );
}

#[test]
fn a_store_whose_shadow_names_an_unknown_user_is_einval() {
    let shadow = format!("{SHADOW}carol:*:::::::\n");
    assert!(matches!(
        UserFs::from_text(PASSWD, GROUP, &shadow),
        Err(Errno::EINVAL)
    ));
}
