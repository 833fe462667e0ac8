//! Identity: uid and gid inherited at spawn, setuid/setgid only for uid 0, the uid carried
//! on fileserver requests, execute permission at spawn, and who may signal whom.

mod common;

use common::{argv, as_init, image, kpid, put};
use tokio::sync::oneshot;
use warren_kernel::{ExitStatus, Pid, ProcContext, Signal, SpawnOptions};
use warren_proto::attr::setattr::MODE;
use warren_proto::{Errno, Gid, SetAttr, Uid};

/// Run `f` in a child that first becomes uid/gid 1000, and return what it sends back.
async fn as_user<T, F, Fut>(cx: &ProcContext, f: F) -> T
where
    T: Send + 'static,
    F: FnOnce(ProcContext) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    let pid = cx
        .spawn_fn(
            argv(&["user"]),
            SpawnOptions::default(),
            move |c| async move {
                c.setgid(Gid(1000)).unwrap();
                c.setuid(Uid(1000)).unwrap();
                let _ = tx.send(f(c).await);
                ExitStatus(0)
            },
        )
        .await
        .unwrap();
    let v = rx.await.expect("child result");
    cx.wait(pid).await.unwrap();
    v
}

#[tokio::test]
async fn children_inherit_uid_and_gid() {
    let ids = as_init(image(), |cx| async move {
        as_user(&cx, |c| async move {
            let (tx, rx) = oneshot::channel();
            let opts = SpawnOptions::default();
            let pid = c
                .spawn_fn(argv(&["kid"]), opts, move |k| async move {
                    let _ = tx.send((k.uid(), k.gid()));
                    ExitStatus(0)
                })
                .await
                .unwrap();
            c.wait(pid).await.unwrap();
            rx.await.unwrap()
        })
        .await
    })
    .await;
    assert_eq!(ids, (Uid(1000), Gid(1000)));
}

#[tokio::test]
async fn setuid_and_setgid_by_non_root_are_eperm() {
    let r = as_init(image(), |cx| async move {
        as_user(&cx, |c| async move {
            (
                c.setuid(Uid(0)),
                c.setgid(Gid(0)),
                c.setuid(Uid(1000)),
                c.uid(),
            )
        })
        .await
    })
    .await;
    assert_eq!(
        r,
        (
            Err(Errno::EPERM),
            Err(Errno::EPERM),
            Err(Errno::EPERM),
            Uid(1000)
        )
    );
}

#[tokio::test]
async fn files_created_after_setuid_belong_to_the_new_user() {
    let (uid, gid) = as_init(image(), |cx| async move {
        as_user(&cx, |c| async move {
            put(&c, "/tmp/mine", "x").await;
            let a = c.stat("/tmp/mine").await.unwrap();
            (a.uid, a.gid)
        })
        .await
    })
    .await;
    assert_eq!((uid, gid), (1000, 1000));
}

#[tokio::test]
async fn spawn_needs_an_execute_bit_for_the_callers_class() {
    let r = as_init(image(), |cx| async move {
        let chmod = |m| SetAttr {
            valid: MODE,
            mode: m,
            ..Default::default()
        };
        cx.wstat("/bin/status", &chmod(0o700)).await.unwrap();
        let root_may = cx
            .spawn(argv(&["status", "3"]), SpawnOptions::default())
            .await;
        let root_status = match root_may {
            Ok(pid) => cx.wait(pid).await,
            Err(e) => Err(e),
        };
        let user_denied = as_user(&cx, |c| async move {
            c.spawn(argv(&["status"]), SpawnOptions::default()).await
        })
        .await;
        cx.wstat("/bin/status", &chmod(0o701)).await.unwrap();
        let user_other = as_user(&cx, |c| async move {
            let pid = c
                .spawn(argv(&["status", "4"]), SpawnOptions::default())
                .await?;
            c.wait(pid).await
        })
        .await;
        cx.wstat("/bin/status", &chmod(0o644)).await.unwrap();
        let root_denied = cx.spawn(argv(&["status"]), SpawnOptions::default()).await;
        (root_status, user_denied, user_other, root_denied)
    })
    .await;
    assert_eq!(r.0, Ok(ExitStatus(3)));
    assert_eq!(r.1, Err(Errno::EACCES));
    assert_eq!(r.2, Ok(ExitStatus(4)));
    assert_eq!(r.3, Err(Errno::EACCES), "root needs some execute bit");
}

#[tokio::test]
async fn kill_of_another_users_process_is_eperm_and_root_may() {
    let r = as_init(image(), |cx| async move {
        let victim = cx
            .spawn_fn(argv(&["root-owned"]), SpawnOptions::default(), |_| {
                std::future::pending()
            })
            .await
            .unwrap();
        let denied = as_user(&cx, move |c| async move {
            (c.kill(kpid(victim), Signal::Term), c.kill(1, Signal::Term))
        })
        .await;
        let own = as_user(&cx, |c| async move {
            let pid = c
                .spawn_fn(argv(&["mine"]), SpawnOptions::default(), |_| {
                    std::future::pending()
                })
                .await
                .unwrap();
            let sent = c.kill(kpid(pid), Signal::Term);
            (sent, c.wait(pid).await)
        })
        .await;
        cx.kill(kpid(victim), Signal::Term).unwrap();
        (denied, own, cx.wait(victim).await, cx.pid())
    })
    .await;
    assert_eq!(r.0, (Err(Errno::EPERM), Err(Errno::EPERM)));
    assert_eq!(r.1, (Ok(()), Ok(ExitStatus(143))));
    assert_eq!(r.2, Ok(ExitStatus(143)));
    assert_eq!(r.3, Pid(1));
}
