//! Authenticated attaches from Warren's client, over in-memory pipes and real listeners:
//! `ClientOptions::secret` goes through `Tauth`, and the attach is the secret's owner.

mod auth_support;

use std::sync::Arc;

use auth_support::*;
use warren_proto::client::{Client, ClientOptions};
use warren_proto::dial::Listener;
use warren_proto::server::{Peer, Secret, ServeOptions};
use warren_proto::{Caller, Errno, Fid, FileServer, Gid, Uid};

/// A caller with uid and gid `uid`.
fn caller(uid: u32) -> Caller {
    Caller {
        uid: Uid(uid),
        gid: Gid(uid),
        pid: 0,
    }
}

/// Client options naming `uname` with `secret`.
fn proving(uname: &str, secret: Secret) -> ClientOptions {
    ClientOptions {
        uname: Some(uname.to_string()),
        secret: Some(secret),
        ..ClientOptions::default()
    }
}

/// Attach as `cx` and read what [`WhoFs`] says about the caller; or the attach's errno.
async fn whoami(client: &Client, cx: &Caller) -> Result<String, Errno> {
    let fid = Fid::fresh();
    client.attach(cx, fid, "").await?;
    client.open(cx, fid, 0).await?;
    let data = client.read(cx, fid, 0, 256).await?;
    client.clunk(cx, fid).await?;
    Ok(String::from_utf8(data.to_vec()).expect("utf-8"))
}

/// A client of a fresh [`WhoFs`] served with `opts`, as if from `peer`.
async fn client_as(peer: Peer, opts: ServeOptions, copts: ClientOptions) -> Client {
    let io = connect_as(WhoFs::new(), peer, Arc::new(opts));
    Client::new(io, copts).await.expect("version")
}

#[tokio::test]
async fn client_with_the_right_password_attaches_as_the_user_not_as_its_caller() {
    let copts = proving("alice", Secret::Password(ALICE_PW.into()));
    let client = client_as(tcp("10.1.0.1:4000"), with_auth(), copts).await;
    assert_eq!(
        whoami(&client, &caller(4242)).await.as_deref(),
        Ok("uid=1000 gid=1000 aname=")
    );
    assert_eq!(
        whoami(&client, &Caller::ROOT).await.as_deref(),
        Ok("uid=1000 gid=1000 aname="),
        "a credential never gives more than its owner"
    );
}

#[tokio::test]
async fn client_with_a_wrong_key_is_eacces() {
    let copts = proving("alice", Secret::Key("not-the-key".into()));
    let client = client_as(tcp("10.1.0.2:4000"), with_auth(), copts).await;
    assert_eq!(whoami(&client, &caller(ALICE)).await, Err(Errno::EACCES));
}

#[tokio::test]
async fn client_with_roots_password_attaches_as_root_over_tcp() {
    let copts = proving("root", Secret::Password(ROOT_PW.into()));
    let client = client_as(tcp("10.1.0.3:4000"), with_auth(), copts).await;
    assert_eq!(
        whoami(&client, &Caller::ROOT).await.as_deref(),
        Ok("uid=0 gid=0 aname=")
    );
}

#[tokio::test]
async fn client_with_a_secret_attaches_without_it_where_the_server_offers_no_tauth() {
    let copts = proving("alice", Secret::Key(ALICE_KEY.into()));
    let client = client_as(Peer::Memory, ServeOptions::default(), copts).await;
    assert_eq!(
        whoami(&client, &caller(7)).await.as_deref(),
        Ok("uid=7 gid=7 aname="),
        "trusted in-process stream: identified by n_uname"
    );
}

#[tokio::test]
async fn tcp_listener_refuses_a_client_without_credentials_and_admits_one_with_a_key() {
    let listener = Listener::bind("tcp!127.0.0.1!0").await.expect("bind");
    let at = listener.dial_string();
    let serving = tokio::spawn(listener.serve(WhoFs::new(), Arc::new(with_auth())));
    let plain = Client::dial(&at, ClientOptions::default())
        .await
        .expect("dial");
    assert_eq!(whoami(&plain, &caller(ALICE)).await, Err(Errno::EACCES));
    let copts = proving("alice", Secret::Key(ALICE_KEY.into()));
    let keyed = Client::dial(&at, copts).await.expect("dial");
    assert_eq!(
        whoami(&keyed, &caller(ALICE)).await.as_deref(),
        Ok("uid=1000 gid=1000 aname=")
    );
    serving.abort();
}

#[tokio::test]
async fn trusted_unix_socket_attaches_by_n_uname() {
    let dir = std::env::temp_dir().join(format!("warren-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dial = format!("unix!{}", dir.join("who.sock").display());
    let listener = Listener::bind(&dial).await.expect("bind");
    let serving = tokio::spawn(listener.serve(WhoFs::new(), Arc::new(ServeOptions::default())));
    let client = Client::dial(&dial, ClientOptions::default())
        .await
        .expect("dial");
    assert_eq!(
        whoami(&client, &caller(ALICE)).await.as_deref(),
        Ok("uid=1000 gid=1000 aname=")
    );
    assert_eq!(
        whoami(&client, &Caller::ROOT).await.as_deref(),
        Ok("uid=0 gid=0 aname=")
    );
    serving.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
