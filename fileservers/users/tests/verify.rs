//! `/etc/keys` and checking credentials against the store: `UserFs::verify` and the store as
//! a 9P listener's `Authenticator`.

use bytes::Bytes;
use warren_proto::attr::oflags;
use warren_proto::server::{Authenticator, Credential, Peer};
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Result, Uid};
use warren_users::{hash_password, AccessKey, Shadow, User, UserFs};

const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh
alice:x:1000:100:Alice:/home/alice:/bin/sh
bob:x:1001:1001::/home/bob:/bin/sh
";
const GROUP: &str = "root:x:0:\nusers:x:100:\nbob:x:1001:\n";
const ALICE_PW: &str = "correct horse";
const ALICE_KEY: &str = "k-7f3a9c";
const ALICE: Option<(Uid, Gid)> = Some((Uid(1000), Gid(100)));

/// root with no password (empty hash), alice with a password and a key, bob locked.
fn store() -> UserFs {
    let shadow = format!(
        "root::::::::\nalice:{}:::::::\nbob:!{}:::::::\n",
        hash_password(ALICE_PW),
        hash_password("bob pw")
    );
    UserFs::from_text(PASSWD, GROUP, &shadow)
        .unwrap()
        .with_keys(vec![AccessKey::new("alice", ALICE_KEY)])
        .unwrap()
}

/// The text of the store file `name` as `cx` reads it, or the errno.
async fn read(fs: &UserFs, cx: &Caller, name: &str) -> Result<String> {
    let fid = walk_open(fs, cx, name, oflags::O_RDONLY).await?;
    let data = fs.read(cx, fid, 0, 1 << 16).await;
    fs.clunk(cx, fid).await?;
    Ok(String::from_utf8(data?.to_vec()).unwrap())
}

/// Append `line` to the store file `name` as root.
async fn append(fs: &UserFs, name: &str, line: &str) -> Result<u32> {
    let cx = Caller::ROOT;
    let fid = walk_open(fs, &cx, name, oflags::O_WRONLY | oflags::O_APPEND).await?;
    let n = fs.write(&cx, fid, 0, Bytes::from(line.to_string())).await;
    fs.clunk(&cx, fid).await?;
    n
}

async fn walk_open(fs: &UserFs, cx: &Caller, name: &str, flags: u32) -> Result<Fid> {
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

#[test]
fn verify_accepts_the_users_password_and_key_and_nothing_else() {
    let fs = store();
    assert_eq!(fs.verify("alice", Credential::Password(ALICE_PW)), ALICE);
    assert_eq!(fs.verify("alice", Credential::Key(ALICE_KEY)), ALICE);
    assert_eq!(fs.verify("alice", Credential::Password("wrong")), None);
    assert_eq!(fs.verify("alice", Credential::Key("wrong")), None);
    assert_eq!(fs.verify("alice", Credential::Password(ALICE_KEY)), None);
    assert_eq!(fs.verify("alice", Credential::Key(ALICE_PW)), None);
    assert_eq!(fs.verify("carol", Credential::Password(ALICE_PW)), None);
}

#[test]
fn empty_hashes_empty_secrets_and_locked_accounts_prove_nothing() {
    let fs = store();
    assert_eq!(fs.verify("root", Credential::Password("")), None);
    assert_eq!(
        fs.verify("root", Credential::Key("")),
        None,
        "root has no key"
    );
    assert_eq!(fs.verify("bob", Credential::Password("bob pw")), None);
}

#[test]
fn the_store_authenticates_as_the_credentials_owner_named_by_login_or_uid() {
    let fs = store();
    let peer = Peer::Memory;
    let alice = Caller {
        uid: Uid(1000),
        gid: Gid(100),
        pid: 0,
    };
    assert_eq!(
        fs.check(&peer, "alice", 0, Credential::Key(ALICE_KEY)),
        Ok(alice)
    );
    assert_eq!(
        fs.check(&peer, "root", 0, Credential::Key(ALICE_KEY)),
        Err(Errno::EACCES)
    );
    assert_eq!(
        fs.check(&peer, "1000", 0, Credential::Key(ALICE_KEY)),
        Ok(alice),
        "Warren's client names the user by uid"
    );
    assert_eq!(
        fs.check(&peer, "0", 0, Credential::Key(ALICE_KEY)),
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn keys_are_root_only_and_hold_hashes_not_keys() {
    let fs = store();
    let guest = Caller {
        uid: Uid(1000),
        gid: Gid(100),
        pid: 0,
    };
    assert_eq!(read(&fs, &guest, "keys").await, Err(Errno::EACCES));
    let text = read(&fs, &Caller::ROOT, "keys").await.unwrap();
    assert!(text.starts_with("alice:$argon2id$"), "{text}");
    assert!(!text.contains(ALICE_KEY));
}

#[tokio::test]
async fn an_appended_key_line_is_validated_and_then_verifies() {
    let fs = store();
    let hash = hash_password("bob-key");
    for bad in [
        format!("carol:{hash}\n"),     // unknown user
        "bob:\n".to_string(),          // empty hash
        "bob:bob-key\n".to_string(),   // a key in clear is not a hash
        format!("alice:{hash}\n"),     // a second key for alice
        format!("bob:{hash}:extra\n"), // three fields
    ] {
        assert_eq!(
            append(&fs, "keys", &bad).await,
            Err(Errno::EINVAL),
            "{bad:?}"
        );
    }
    assert_eq!(fs.verify("bob", Credential::Key("bob-key")), None);
    let line = format!("bob:{hash}\n");
    assert_eq!(append(&fs, "keys", &line).await, Ok(line.len() as u32));
    assert_eq!(
        fs.verify("bob", Credential::Key("bob-key")),
        Some((Uid(1001), Gid(1001)))
    );
}

#[tokio::test]
async fn removing_a_user_drops_their_key() {
    let fs = store();
    let cx = Caller::ROOT;
    let fid = walk_open(&fs, &cx, "passwd", oflags::O_WRONLY | oflags::O_TRUNC)
        .await
        .unwrap();
    let text = "root:x:0:0:root:/root:/bin/sh\n";
    fs.write(&cx, fid, 0, Bytes::from(text)).await.unwrap();
    fs.clunk(&cx, fid).await.unwrap();
    assert_eq!(read(&fs, &cx, "keys").await, Ok(String::new()));
    assert_eq!(fs.verify("alice", Credential::Key(ALICE_KEY)), None);
}

#[test]
fn keys_for_unknown_users_or_without_a_hash_are_refused_at_construction() {
    let users = vec![User {
        name: "alice".into(),
        uid: Uid(1000),
        gid: Gid(100),
        gecos: String::new(),
        home: "/home/alice".into(),
        shell: String::new(),
    }];
    let shadow = vec![Shadow::new("alice", "")];
    let fs = || UserFs::new(users.clone(), Vec::new(), shadow.clone()).unwrap();
    let unknown = vec![AccessKey::new("carol", "k")];
    assert!(matches!(fs().with_keys(unknown), Err(Errno::EINVAL)));
    let empty = vec![AccessKey {
        name: "alice".into(),
        hash: String::new(),
    }];
    assert!(matches!(fs().with_keys(empty), Err(Errno::EINVAL)));
}
