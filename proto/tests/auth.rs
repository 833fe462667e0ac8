//! Authenticated attaches on the wire (raw frames): the trust rule, auth fids, keys in the
//! aname, and failed attempts (logged, rate-limited, locked out).

mod auth_support;
mod server_support;

use std::sync::Arc;

use auth_support::*;
use bytes::Bytes;
use server_support::{errno, Client};
use warren_proto::msg::{Rmsg, Tmsg, NOFID, NONUNAME};
use warren_proto::server::{Peer, ServeOptions, Trust, LOG_LINES, MAX_FAILURES};
use warren_proto::{Errno, QidType};

/// A versioned raw session with a fresh [`WhoFs`], as if from `peer`.
async fn session(peer: Peer, opts: ServeOptions) -> Client {
    let io = connect_as(WhoFs::new(), peer, Arc::new(opts));
    let mut c = Client::new(Box::new(io));
    c.version(8192).await;
    c
}

fn attach(fid: u32, afid: u32, uname: &str, aname: &str, n_uname: u32) -> Tmsg {
    Tmsg::Attach {
        fid,
        afid,
        uname: uname.into(),
        aname: aname.into(),
        n_uname,
    }
}

/// `Tattach` of `fid`: `Ok(())` or the errno.
async fn attach_res(c: &mut Client, msg: Tmsg) -> Result<(), Errno> {
    match c.rpc(1, msg).await {
        Rmsg::Attach { .. } => Ok(()),
        other => Err(errno(&other).expect("Rattach or Rlerror")),
    }
}

/// Open the attached `fid` and read what [`WhoFs`] says about the caller.
async fn whoami(c: &mut Client, fid: u32) -> String {
    assert!(matches!(c.open(fid).await, Rmsg::Lopen { .. }));
    let read = Tmsg::Read {
        fid,
        offset: 0,
        count: 256,
    };
    match c.rpc(6, read).await {
        Rmsg::Read { data } => String::from_utf8(data.to_vec()).expect("utf-8"),
        other => panic!("read failed: {other:?}"),
    }
}

/// `Tauth` of `afid` for `uname`, then write `text` to it.
async fn auth_with(c: &mut Client, afid: u32, uname: &str, text: &str) {
    let tauth = Tmsg::Auth {
        afid,
        uname: uname.into(),
        aname: String::new(),
        n_uname: NONUNAME,
    };
    assert!(matches!(c.rpc(7, tauth).await, Rmsg::Auth { aqid } if aqid.ty == QidType::AUTH));
    let write = Tmsg::Write {
        fid: afid,
        offset: 0,
        data: Bytes::copy_from_slice(text.as_bytes()),
    };
    assert_eq!(
        c.rpc(8, write).await,
        Rmsg::Write {
            count: text.len() as u32
        }
    );
}

#[tokio::test]
async fn attach_without_credentials_over_tcp_is_eacces_by_default() {
    let mut c = session(tcp("127.0.0.1:4000"), with_auth()).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "alice", "", ALICE)).await,
        Err(Errno::EACCES)
    );
    let mut c = session(tcp("127.0.0.1:4001"), ServeOptions::default()).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "", "", ALICE)).await,
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn right_password_through_tauth_attaches_as_its_user() {
    let opts = ServeOptions {
        trust: Trust::None,
        ..with_auth()
    };
    let mut c = session(tcp("10.0.0.1:4000"), opts).await;
    auth_with(&mut c, 9, "alice", &format!("password {ALICE_PW}\n")).await;
    assert_eq!(
        attach_res(&mut c, attach(0, 9, "alice", "", 0)).await,
        Ok(())
    );
    assert_eq!(whoami(&mut c, 0).await, "uid=1000 gid=1000 aname=");
    assert_eq!(c.clunk(9).await, Rmsg::Clunk);
}

#[tokio::test]
async fn wrong_key_or_wrong_user_through_tauth_is_eacces() {
    let mut c = session(tcp("10.0.0.2:4000"), with_auth()).await;
    auth_with(&mut c, 9, "alice", "key not-alices-key").await;
    assert_eq!(
        attach_res(&mut c, attach(0, 9, "alice", "", ALICE)).await,
        Err(Errno::EACCES)
    );
    auth_with(&mut c, 10, "alice", &format!("key {ALICE_KEY}")).await;
    assert_eq!(
        attach_res(&mut c, attach(0, 10, "root", "", 0)).await,
        Err(Errno::EACCES),
        "afid made for alice"
    );
    auth_with(&mut c, 11, "alice", &format!("token {ALICE_KEY}")).await;
    assert_eq!(
        attach_res(&mut c, attach(0, 11, "alice", "", ALICE)).await,
        Err(Errno::EACCES),
        "malformed"
    );
}

#[tokio::test]
async fn root_without_roots_credential_is_eacces_even_from_a_trusted_loopback() {
    let opts = ServeOptions {
        trust: Trust::Loopback,
        ..with_auth()
    };
    let mut c = session(tcp("127.0.0.1:4000"), opts).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "root", "", 0)).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "", "", ALICE)).await,
        Ok(())
    );
    assert_eq!(whoami(&mut c, 0).await, "uid=1000 gid=1000 aname=");
    auth_with(&mut c, 9, "root", &format!("password {ROOT_PW}")).await;
    assert_eq!(
        attach_res(&mut c, attach(1, 9, "root", "", 0)).await,
        Ok(())
    );
    assert_eq!(whoami(&mut c, 1).await, "uid=0 gid=0 aname=");
}

#[tokio::test]
async fn loopback_trust_does_not_admit_other_hosts() {
    let opts = ServeOptions {
        trust: Trust::Loopback,
        ..with_auth()
    };
    let mut c = session(tcp("192.168.1.9:4000"), opts).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "", "", ALICE)).await,
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn key_in_aname_attaches_as_its_owner_whatever_n_uname_says() {
    let mut c = session(tcp("10.0.0.3:4000"), with_auth()).await;
    let aname = format!("key={ALICE_KEY}");
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "alice", &aname, 0)).await,
        Ok(())
    );
    assert_eq!(whoami(&mut c, 0).await, "uid=1000 gid=1000 aname=");
    let aname = format!("key={ALICE_KEY}:tree");
    assert_eq!(
        attach_res(&mut c, attach(1, NOFID, "alice", &aname, 0)).await,
        Ok(())
    );
    assert_eq!(whoami(&mut c, 1).await, "uid=1000 gid=1000 aname=tree");
    let aname = format!("key={ALICE_KEY}:elsewhere");
    assert_eq!(
        attach_res(&mut c, attach(2, NOFID, "alice", &aname, 0)).await,
        Err(Errno::ENOENT)
    );
    assert_eq!(
        attach_res(&mut c, attach(2, NOFID, "alice", "key=wrong", 0)).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        attach_res(
            &mut c,
            attach(2, NOFID, "root", &format!("key={ALICE_KEY}"), 0)
        )
        .await,
        Err(Errno::EACCES)
    );
}

#[tokio::test]
async fn credentials_without_an_authenticator_are_refused() {
    let mut c = session(Peer::Memory, ServeOptions::default()).await;
    let tauth = Tmsg::Auth {
        afid: 9,
        uname: "alice".into(),
        aname: String::new(),
        n_uname: ALICE,
    };
    assert_eq!(errno(&c.rpc(7, tauth).await), Some(Errno::EOPNOTSUPP));
    let aname = format!("key={ALICE_KEY}");
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "alice", &aname, ALICE)).await,
        Err(Errno::EACCES)
    );
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "", "", ALICE)).await,
        Ok(()),
        "trusted without"
    );
}

#[tokio::test]
async fn auth_fids_read_nothing_and_refuse_everything_but_io_and_clunk() {
    let mut c = session(tcp("10.0.0.4:4000"), with_auth()).await;
    auth_with(&mut c, 9, "alice", "key ").await;
    let read = Tmsg::Read {
        fid: 9,
        offset: 0,
        count: 64,
    };
    assert_eq!(c.rpc(6, read).await, Rmsg::Read { data: Bytes::new() });
    assert_eq!(errno(&c.walk(9, 10, &[]).await), Some(Errno::EBADF));
    assert_eq!(errno(&c.getattr(9).await), Some(Errno::EBADF));
    let big = Tmsg::Write {
        fid: 9,
        offset: 0,
        data: Bytes::from(vec![b'x'; 2048]),
    };
    assert_eq!(errno(&c.rpc(8, big).await), Some(Errno::EINVAL));
    let both = attach(0, 9, "alice", &format!("key={ALICE_KEY}"), ALICE);
    assert_eq!(attach_res(&mut c, both).await, Err(Errno::EINVAL));
    assert_eq!(c.clunk(9).await, Rmsg::Clunk);
    assert_eq!(
        attach_res(&mut c, attach(0, 9, "alice", "", ALICE)).await,
        Err(Errno::EBADF)
    );
}

#[tokio::test]
async fn failed_attempts_are_logged_with_the_peer_rate_limited_and_locked_out() {
    let log = Log::capture();
    let mut c = session(tcp("10.0.0.7:4000"), with_auth()).await;
    let attempts = 2 * MAX_FAILURES + LOG_LINES as usize;
    for i in 0..attempts {
        let aname = format!("key=guess{i}");
        assert_eq!(
            attach_res(&mut c, attach(0, NOFID, "alice", &aname, ALICE)).await,
            Err(Errno::EACCES)
        );
    }
    let refused = log.lines_with(&["9P attach refused", "tcp!10.0.0.7!4000", "\"alice\""]);
    assert_eq!(refused.len(), LOG_LINES as usize, "{refused:#?}");
    assert!(refused[0].contains("bad credential"), "{}", refused[0]);
    assert_eq!(log.lines_with(&["9P peer locked out", "10.0.0.7"]).len(), 1);
    let right = format!("key={ALICE_KEY}");
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "alice", &right, ALICE)).await,
        Err(Errno::EACCES),
        "locked out"
    );
}

#[tokio::test]
async fn lockout_is_per_listener_and_per_host() {
    let opts = with_auth();
    let shared = opts.guard.clone();
    let mut bad = session(tcp("10.0.0.8:4000"), opts.clone()).await;
    for _ in 0..MAX_FAILURES {
        let _ = attach_res(&mut bad, attach(0, NOFID, "alice", "key=nope", ALICE)).await;
    }
    let right = format!("key={ALICE_KEY}");
    let mut same_host = session(
        tcp("10.0.0.8:4001"),
        ServeOptions {
            guard: shared,
            ..opts.clone()
        },
    )
    .await;
    assert_eq!(
        attach_res(&mut same_host, attach(0, NOFID, "alice", &right, 0)).await,
        Err(Errno::EACCES)
    );
    let mut other_host = session(tcp("10.0.0.9:4000"), opts.clone()).await;
    assert_eq!(
        attach_res(&mut other_host, attach(0, NOFID, "alice", &right, 0)).await,
        Ok(())
    );
    let mut other_listener = session(tcp("10.0.0.8:4002"), with_auth()).await;
    assert_eq!(
        attach_res(&mut other_listener, attach(0, NOFID, "alice", &right, 0)).await,
        Ok(())
    );
}

#[tokio::test]
async fn v9fs_per_user_attaches_with_an_empty_uname_are_checked_as_the_mounts_user() {
    let mut c = session(tcp("10.0.0.5:4000"), with_auth()).await;
    let aname = format!("key={ALICE_KEY}");
    let per_uid = attach(1, NOFID, "", &aname, 1234);
    assert_eq!(
        attach_res(&mut c, per_uid.clone()).await,
        Err(Errno::EACCES),
        "nobody proven yet"
    );
    let mount = attach(0, NOFID, "alice", &aname, NONUNAME);
    assert_eq!(attach_res(&mut c, mount).await, Ok(()));
    assert_eq!(attach_res(&mut c, per_uid).await, Ok(()));
    assert_eq!(whoami(&mut c, 1).await, "uid=1000 gid=1000 aname=");
    let wrong = attach(2, NOFID, "", "key=wrong", 0);
    assert_eq!(attach_res(&mut c, wrong).await, Err(Errno::EACCES));
}

#[tokio::test]
async fn an_untrusted_attach_is_logged_as_having_no_credential() {
    let log = Log::capture();
    let mut c = session(tcp("10.0.0.6:4000"), with_auth()).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "bob", "", 1001)).await,
        Err(Errno::EACCES)
    );
    let opts = ServeOptions {
        trust: Trust::Loopback,
        ..with_auth()
    };
    let mut c = session(tcp("127.0.0.1:4600"), opts).await;
    assert_eq!(
        attach_res(&mut c, attach(0, NOFID, "root", "", 0)).await,
        Err(Errno::EACCES)
    );
    let untrusted = log.lines_with(&["9P attach refused", "tcp!10.0.0.6!4000"]);
    assert_eq!(untrusted.len(), 1, "{untrusted:#?}");
    assert!(untrusted[0].contains("no credential"), "{}", untrusted[0]);
    let root = log.lines_with(&["9P attach refused", "tcp!127.0.0.1!4600"]);
    assert_eq!(root.len(), 1, "{root:#?}");
    assert!(root[0].contains("root over TCP"), "{}", root[0]);
}
