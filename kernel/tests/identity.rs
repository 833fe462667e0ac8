//! Identity: uid and gid inherited at spawn, setuid/setgid (POSIX rules for real, effective
//! and saved ids), set-user-ID and set-group-ID images, the effective uid carried on
//! fileserver requests, execute permission at spawn, and who may signal whom.

mod common;

use common::{argv, as_init, cat, child, image, kpid, put};
use tokio::sync::oneshot;
use warren_kernel::{bin, Builder, ExitStatus, Pid, ProcContext, Signal, SpawnOptions};
use warren_proto::attr::setattr::{GID, MODE, UID};
use warren_proto::{Errno, Gid, SetAttr, Uid};

/// The test image with `/proc` and two bins that report their identity in a new file:
/// `ids PATH` writes `UID EUID GID EGID\n` and its `/proc/self/status`; `become UID PATH`
/// calls `setuid(UID)`, then writes `UID EUID GID EGID` and what `setuid(0)` returns.
fn setid_image() -> Builder {
    image()
        .procfs("/proc")
        .bin(
            "ids",
            bin(|cx: ProcContext| async move {
                let status = cat(&cx, "/proc/self/status").await;
                let text = format!("{}{status}", ids(&cx));
                put(&cx, &cx.argv()[1], &text).await;
                ExitStatus(0)
            }),
        )
        .bin(
            "become",
            bin(|cx: ProcContext| async move {
                let uid = cx.argv()[1].parse().map(Uid).unwrap();
                cx.setuid(uid).unwrap();
                let text = format!("{} {:?}", ids(&cx), cx.setuid(Uid(0)));
                put(&cx, &cx.argv()[2], &text.replace('\n', "")).await;
                ExitStatus(0)
            }),
        )
}

/// `UID EUID GID EGID\n` of `cx`.
fn ids(cx: &ProcContext) -> String {
    let (u, g) = (cx.uid().0, cx.gid().0);
    format!("{u} {} {g} {}\n", cx.euid().0, cx.egid().0)
}

/// Give `path` to `uid`:`gid` and set its mode (as root).
async fn chown_mode(cx: &ProcContext, path: &str, uid: u32, gid: u32, mode: u32) {
    let owner = SetAttr {
        valid: UID | GID,
        uid,
        gid,
        ..Default::default()
    };
    cx.wstat(path, &owner).await.unwrap();
    let bits = SetAttr {
        valid: MODE,
        mode,
        ..Default::default()
    };
    cx.wstat(path, &bits).await.unwrap();
}

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
async fn setuid_by_non_root_is_eperm() {
    let r = as_init(image(), |cx| async move {
        as_user(&cx, |c| async move {
            (
                c.setuid(Uid(0)),
                c.setgid(Gid(0)),
                c.setuid(Uid(1001)),
                c.setuid(Uid(1000)),
                (c.uid(), c.euid()),
            )
        })
        .await
    })
    .await;
    assert_eq!(r.0, Err(Errno::EPERM));
    assert_eq!(r.1, Err(Errno::EPERM));
    assert_eq!(r.2, Err(Errno::EPERM));
    assert_eq!(r.3, Ok(()), "its own uid is allowed (POSIX)");
    assert_eq!(r.4, (Uid(1000), Uid(1000)));
}

#[tokio::test]
async fn root_setuid_sets_real_and_effective() {
    let r = as_init(setid_image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let pid = child(&cx, move |c| async move {
            let set = c.setuid(Uid(1000));
            let ids = (c.uid(), c.euid());
            let _ = tx.send((set, ids, c.setuid(Uid(0))));
            ExitStatus(0)
        })
        .await;
        let root_child = rx.await.unwrap();
        chown_mode(&cx, "/bin/become", 0, 0, 0o4755).await;
        let by_user = as_user(&cx, |c| async move {
            let pid = c
                .spawn(
                    argv(&["become", "1000", "/tmp/out"]),
                    SpawnOptions::default(),
                )
                .await?;
            c.wait(pid).await
        })
        .await;
        cx.wait(pid).await.unwrap();
        (root_child, by_user, cat(&cx, "/tmp/out").await)
    })
    .await;
    assert_eq!(r.0, (Ok(()), (Uid(1000), Uid(1000)), Err(Errno::EPERM)));
    assert_eq!(r.1, Ok(ExitStatus(0)));
    assert_eq!(
        r.2, "1000 1000 1000 1000 Err(EPERM)",
        "a setuid-root program's setuid sets the real, effective and saved uid"
    );
}

#[tokio::test]
async fn setuid_file_runs_with_its_owners_euid() {
    let r = as_init(setid_image(), |cx| async move {
        chown_mode(&cx, "/bin/ids", 1001, 1002, 0o4755).await;
        let spawned = as_user(&cx, |c| async move {
            let pid = c
                .spawn(argv(&["ids", "/tmp/out"]), SpawnOptions::default())
                .await?;
            c.wait(pid).await
        })
        .await;
        let owner = cx.stat("/tmp/out").await.map(|a| (a.uid, a.gid));
        let before = cat(&cx, "/tmp/out").await;
        chown_mode(&cx, "/bin/ids", 1001, 1002, 0o6755).await;
        as_user(&cx, |c| async move {
            let pid = c.spawn(argv(&["ids", "/tmp/out2"]), SpawnOptions::default());
            c.wait(pid.await.unwrap()).await.unwrap()
        })
        .await;
        (spawned, owner, before, cat(&cx, "/tmp/out2").await)
    })
    .await;
    assert_eq!(r.0, Ok(ExitStatus(0)));
    assert_eq!(r.1, Ok((1001, 1000)), "files it creates belong to its euid");
    assert!(r.2.starts_with("1000 1001 1000 1000\n"), "{}", r.2);
    assert!(r.2.contains("\nuid 1000\ngid 1000\n"), "{}", r.2);
    assert!(r.2.ends_with("\neuid 1001\negid 1000\n"), "{}", r.2);
    assert!(r.3.starts_with("1000 1001 1000 1002\n"), "setgid: {}", r.3);
}

#[tokio::test]
async fn real_uid_is_kept_across_setuid_exec() {
    let r = as_init(setid_image(), |cx| async move {
        chown_mode(&cx, "/bin/ids", 0, 0, 0o6755).await;
        let ran = as_user(&cx, |c| async move {
            let pid = child(&c, |k| async move {
                let e = k.exec(argv(&["ids", "/tmp/out"])).await;
                panic!("exec returned {e:?}");
            })
            .await;
            let st = c.wait(pid).await;
            (st, c.uid(), c.euid())
        })
        .await;
        (ran, cat(&cx, "/tmp/out").await)
    })
    .await;
    let (st, uid, euid) = r.0;
    assert_eq!(st, Ok(ExitStatus(0)));
    assert_eq!(
        (uid, euid),
        (Uid(1000), Uid(1000)),
        "the parent is not changed"
    );
    let r = r.1;
    assert!(r.starts_with("1000 0 1000 0\n"), "{r}");
    assert!(r.contains("\nuid 1000\ngid 1000\n"), "{r}");
    assert!(r.ends_with("\neuid 0\negid 0\n"), "{r}");
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
