//! Sessions and process groups: setsid, setpgid, getsid, getpgid, inheritance, orphans and
//! the lifetime of empty groups (POSIX, the axprocess cases of `seeds/001_...`).

mod common;

use common::{argv, as_init, child, image, kpid, slurp_fd};
use tokio::sync::oneshot;
use warren_kernel::{ExitStatus, Fd, Pgid, Pid, Sid, Signal, SpawnOptions};
use warren_proto::Errno;

#[tokio::test]
async fn init_leads_session_one_and_group_one() {
    let ids = as_init(image(), |cx| async move {
        (cx.sid(), cx.pgid(), cx.getsid(Pid(0)))
    })
    .await;
    assert_eq!(ids, (Sid(1), Pgid(1), Ok(Sid(1))));
}

#[tokio::test]
async fn children_inherit_the_session_and_group() {
    let (sid, pgid) = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let pid = child(&cx, move |k| async move {
            let _ = tx.send((k.sid(), k.pgid()));
            ExitStatus::SUCCESS
        })
        .await;
        cx.wait(pid).await.unwrap();
        rx.await.unwrap()
    })
    .await;
    assert_eq!((sid, pgid), (Sid(1), Pgid(1)));
}

#[tokio::test]
async fn new_session_leads_a_new_group_and_is_not_in_the_parents_session() {
    let (me, got, seen_by_parent) = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let pid = child(&cx, move |k| async move {
            let r = k.setsid();
            let _ = tx.send((k.pid(), r, k.pgid()));
            let _ = done_rx.await;
            ExitStatus::SUCCESS
        })
        .await;
        let got = rx.await.unwrap();
        let seen = (cx.getsid(pid), cx.getpgid(pid));
        drop(done_tx);
        cx.wait(pid).await.unwrap();
        (pid, got, seen)
    })
    .await;
    let (pid, sid, pgid) = got;
    assert_eq!(pid, me);
    assert_eq!(sid, Ok(Sid(me.0)));
    assert_eq!(pgid, Pgid(me.0));
    assert_eq!(seen_by_parent, (Ok(Sid(me.0)), Ok(Pgid(me.0))));
    assert_ne!(Sid(me.0), Sid(1));
}

#[tokio::test]
async fn setsid_by_group_leader_is_eperm() {
    let (init, child_leader) = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let pid = child(&cx, move |k| async move {
            k.setpgid(Pid(0), Pgid(0)).unwrap();
            let _ = tx.send(k.setsid());
            ExitStatus::SUCCESS
        })
        .await;
        cx.wait(pid).await.unwrap();
        (cx.setsid(), rx.await.unwrap())
    })
    .await;
    assert_eq!(init, Err(Errno::EPERM));
    assert_eq!(child_leader, Err(Errno::EPERM));
}

#[tokio::test]
async fn moving_a_process_to_a_group_of_another_session_is_eperm() {
    let r = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let (done2_tx, done2_rx) = oneshot::channel::<()>();
        let a = child(&cx, move |k| async move {
            let _ = tx.send(k.setsid());
            let _ = done_rx.await;
            ExitStatus::SUCCESS
        })
        .await;
        let other = rx.await.unwrap().unwrap();
        let b = child(&cx, move |_| async move {
            let _ = done2_rx.await;
            ExitStatus::SUCCESS
        })
        .await;
        let moved_child = cx.setpgid(b, Pgid(other.0));
        let moved_self = cx.setpgid(Pid(0), Pgid(other.0));
        let moved_leader = cx.setpgid(a, Pgid(1));
        drop((done_tx, done2_tx));
        cx.wait(a).await.unwrap();
        cx.wait(b).await.unwrap();
        (moved_child, moved_self, moved_leader, cx.getpgid(Pid(0)))
    })
    .await;
    assert_eq!(r.0, Err(Errno::EPERM));
    assert_eq!(r.1, Err(Errno::EPERM));
    assert_eq!(r.2, Err(Errno::EPERM), "a session leader cannot be moved");
    assert_eq!(r.3, Ok(Pgid(1)));
}

#[tokio::test]
async fn setpgid_moves_a_child_into_a_new_then_an_existing_group_of_the_session() {
    let r = as_init(image(), |cx| async move {
        let (done_tx, done_rx) = tokio::sync::watch::channel(false);
        let mut pids = Vec::new();
        for _ in 0..2 {
            let mut rx = done_rx.clone();
            pids.push(
                child(&cx, move |_| async move {
                    let _ = rx.wait_for(|d| *d).await;
                    ExitStatus::SUCCESS
                })
                .await,
            );
        }
        let (a, b) = (pids[0], pids[1]);
        cx.setpgid(a, Pgid(0)).unwrap();
        let joined = cx.setpgid(b, Pgid(a.0));
        let groups = (cx.getpgid(a), cx.getpgid(b), cx.getsid(b));
        let no_such_group = cx.setpgid(b, Pgid(9999));
        let _ = done_tx.send(true);
        cx.wait(a).await.unwrap();
        cx.wait(b).await.unwrap();
        (joined, groups, no_such_group)
    })
    .await;
    let (joined, (ga, gb, sb), no_such_group) = r;
    assert_eq!(joined, Ok(()));
    assert_eq!(ga, gb);
    assert_eq!(sb, Ok(Sid(1)));
    assert_eq!(no_such_group, Err(Errno::EPERM));
}

#[tokio::test]
async fn setpgid_of_unknown_pid_or_non_child_is_esrch() {
    let r = as_init(image(), |cx| async move {
        let unknown = cx.setpgid(Pid(4242), Pgid(0));
        let (tx, rx) = oneshot::channel();
        let pid = child(&cx, move |k| async move {
            let _ = tx.send(k.setpgid(Pid(1), Pgid(0)));
            ExitStatus::SUCCESS
        })
        .await;
        cx.wait(pid).await.unwrap();
        (
            unknown,
            rx.await.unwrap(),
            cx.getsid(Pid(4242)),
            cx.getpgid(Pid(4242)),
        )
    })
    .await;
    assert_eq!(r.0, Err(Errno::ESRCH));
    assert_eq!(r.1, Err(Errno::ESRCH), "the parent is not a child");
    assert_eq!(r.2, Err(Errno::ESRCH));
    assert_eq!(r.3, Err(Errno::ESRCH));
}

#[tokio::test]
async fn a_group_whose_last_member_is_reaped_disappears() {
    let r = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fd_map: vec![(Fd(3), w)],
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["lone"]), opts, |k| async move {
                k.setpgid(Pid(0), Pgid(0)).unwrap();
                ExitStatus(5)
            })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        // End of file: the child has exited; as a zombie it is still in its group.
        slurp_fd(&cx, r).await;
        let pgid = Pgid(pid.0);
        let before = (cx.getpgid(pid), cx.kill(-kpid(pid), Signal::Cont));
        let status = cx.wait(pid).await;
        let after = (cx.getpgid(pid), cx.kill(-kpid(pid), Signal::Term));
        (pgid, before, status, after)
    })
    .await;
    let (pgid, before, status, after) = r;
    assert_eq!(before, (Ok(pgid), Ok(())));
    assert_eq!(status, Ok(ExitStatus(5)));
    assert_eq!(after, (Err(Errno::ESRCH), Err(Errno::ESRCH)));
}

#[tokio::test]
async fn orphans_go_to_init_which_reaps_them_with_wait_any() {
    let (orphan, ppid, reaped) = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let (go_tx, go_rx) = oneshot::channel::<()>();
        let (ppid_tx, ppid_rx) = oneshot::channel();
        let middle = child(&cx, move |k| async move {
            let grandchild = k
                .spawn_fn(
                    argv(&["orphan"]),
                    SpawnOptions::default(),
                    move |g| async move {
                        let _ = go_rx.await;
                        let _ = ppid_tx.send(g.ppid());
                        ExitStatus(9)
                    },
                )
                .await
                .unwrap();
            let _ = tx.send(grandchild);
            ExitStatus(0)
        })
        .await;
        let orphan = rx.await.unwrap();
        let first = cx.wait_any().await.unwrap();
        assert_eq!(first, (middle, ExitStatus(0)));
        let _ = go_tx.send(());
        let ppid = ppid_rx.await.unwrap();
        (orphan, ppid, cx.wait_any().await)
    })
    .await;
    assert_eq!(ppid, Pid(1));
    assert_eq!(reaped, Ok((orphan, ExitStatus(9))));
}

#[tokio::test]
async fn init_reaps_a_zombie_orphaned_by_its_parents_exit() {
    let (middle, zombie, mut reaped, none_left) = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let middle = child(&cx, move |k| async move {
            let (r, w) = k.pipe().await.unwrap();
            let opts = SpawnOptions {
                fd_map: vec![(Fd(3), w)],
                ..Default::default()
            };
            let z = k
                .spawn_fn(argv(&["zombie"]), opts, |_| async { ExitStatus(2) })
                .await
                .unwrap();
            k.close(w).await.unwrap();
            // End of file: the grandchild has exited and is a zombie nobody reaps.
            slurp_fd(&k, r).await;
            let _ = tx.send(z);
            ExitStatus(0)
        })
        .await;
        let zombie = rx.await.unwrap();
        let reaped = vec![cx.wait_any().await.unwrap(), cx.wait_any().await.unwrap()];
        (middle, zombie, reaped, cx.wait_any().await)
    })
    .await;
    reaped.sort();
    assert_eq!(
        reaped,
        vec![(middle, ExitStatus(0)), (zombie, ExitStatus(2))]
    );
    assert_eq!(none_left, Err(Errno::ECHILD));
}

#[tokio::test]
async fn spawn_with_pgid_zero_starts_the_child_in_a_new_group_and_others_can_join_it() {
    let r = as_init(image(), |cx| async move {
        let new_group = SpawnOptions {
            pgid: Some(Pgid(0)),
            ..Default::default()
        };
        let a = cx
            .spawn_fn(argv(&["a"]), new_group, |_| std::future::pending())
            .await
            .unwrap();
        let join = SpawnOptions {
            pgid: Some(Pgid(a.0)),
            ..Default::default()
        };
        let b = cx
            .spawn_fn(argv(&["b"]), join, |_| std::future::pending())
            .await
            .unwrap();
        let nowhere = SpawnOptions {
            pgid: Some(Pgid(4242)),
            ..Default::default()
        };
        let refused = cx.spawn(argv(&["status"]), nowhere).await;
        let groups = (cx.getpgid(a), cx.getpgid(b), cx.getsid(b));
        cx.kill(-kpid(a), Signal::Kill).unwrap();
        let st = (cx.wait(a).await, cx.wait(b).await);
        (a, groups, refused, st)
    })
    .await;
    let (a, groups, refused, st) = r;
    assert_eq!(groups, (Ok(Pgid(a.0)), Ok(Pgid(a.0)), Ok(Sid(1))));
    assert_eq!(refused, Err(Errno::EPERM));
    assert_eq!(st, (Ok(ExitStatus(137)), Ok(ExitStatus(137))));
}
