//! Signals: terminating defaults (128+N), catching and ignoring, delivery to a pid, a group
//! and a session (also from the host), EINTR, SIGCHLD, SIGPIPE. Stops are in `stops.rs`.

mod common;

use common::{argv, as_init, blocked_child, child, image, kpid, GUARD};
use tokio::sync::oneshot;
use warren_kernel::{
    Action, ExitStatus, Fd, Pgid, Pid, ProcContext, Signal, SpawnOptions, Unix, WaitFor,
    WaitOptions,
};
use warren_proto::Errno;

/// A child that runs `setup`, says it is ready, then runs `body`; returns once it is ready.
async fn ready_child<S, F, Fut>(cx: &ProcContext, setup: S, body: F) -> Pid
where
    S: FnOnce(&ProcContext) + Send + 'static,
    F: FnOnce(ProcContext) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ExitStatus> + Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    let pid = child(cx, move |c| async move {
        setup(&c);
        let _ = tx.send(());
        body(c).await
    })
    .await;
    rx.await.expect("child ready");
    pid
}

#[tokio::test]
async fn sigterm_ends_a_blocked_process_with_143() {
    let st = as_init(image(), |cx| async move {
        let pid = blocked_child(&cx).await;
        cx.kill(kpid(pid), Signal::Term).unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(143)));
}

#[tokio::test]
async fn sigkill_to_a_process_group_ends_all_of_it_with_137() {
    let r = as_init(image(), |cx| async move {
        let a = blocked_child(&cx).await;
        let b = blocked_child(&cx).await;
        let outside = blocked_child(&cx).await;
        cx.setpgid(a, Pgid(0)).unwrap();
        cx.setpgid(b, Pgid(a.0)).unwrap();
        cx.kill(-kpid(a), Signal::Kill).unwrap();
        let got = (cx.wait(a).await, cx.wait(b).await);
        let still = cx
            .waitpid(
                WaitFor::Pid(outside),
                WaitOptions {
                    nohang: true,
                    ..Default::default()
                },
            )
            .await;
        cx.kill(kpid(outside), Signal::Kill).unwrap();
        (got, still, cx.wait(outside).await)
    })
    .await;
    assert_eq!(r.0, (Ok(ExitStatus(137)), Ok(ExitStatus(137))));
    assert_eq!(r.1, Ok(None), "a process outside the group is untouched");
    assert_eq!(r.2, Ok(ExitStatus(137)));
}

#[tokio::test]
async fn caught_signal_is_taken_by_next_signal_and_the_process_goes_on() {
    let r = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let pid = ready_child(
            &cx,
            |c| {
                c.signal_action(Signal::Int, Action::Catch).unwrap();
            },
            |c| async move {
                let s = c.next_signal().await;
                let _ = tx.send(s);
                ExitStatus(3)
            },
        )
        .await;
        cx.kill(kpid(pid), Signal::Int).unwrap();
        (rx.await.unwrap(), cx.wait(pid).await)
    })
    .await;
    assert_eq!(r, (Signal::Int, Ok(ExitStatus(3))));
}

#[tokio::test]
async fn ignored_signal_does_nothing_and_sigkill_still_kills() {
    let r = as_init(image(), |cx| async move {
        let pid = ready_child(
            &cx,
            |c| {
                c.signal_action(Signal::Term, Action::Ignore).unwrap();
                c.signal_action(Signal::Hup, Action::Ignore).unwrap();
            },
            |_| std::future::pending(),
        )
        .await;
        cx.kill(kpid(pid), Signal::Term).unwrap();
        cx.kill(kpid(pid), Signal::Hup).unwrap();
        let alive = cx
            .waitpid(
                WaitFor::Pid(pid),
                WaitOptions {
                    nohang: true,
                    ..Default::default()
                },
            )
            .await;
        cx.kill(kpid(pid), Signal::Kill).unwrap();
        (alive, cx.wait(pid).await)
    })
    .await;
    assert_eq!(r, (Ok(None), Ok(ExitStatus(137))));
}

#[tokio::test]
async fn sigkill_and_sigstop_cannot_be_caught_or_ignored() {
    let r = as_init(image(), |cx| async move {
        (
            cx.signal_action(Signal::Kill, Action::Catch),
            cx.signal_action(Signal::Stop, Action::Ignore),
            cx.signal_action(Signal::Kill, Action::Default),
            cx.signal_action(Signal::Term, Action::Catch),
            cx.signal_action(Signal::Term, Action::Default),
        )
    })
    .await;
    assert_eq!(r.0, Err(Errno::EINVAL));
    assert_eq!(r.1, Err(Errno::EINVAL));
    assert_eq!(r.2, Ok(Action::Default));
    assert_eq!(r.3, Ok(Action::Default));
    assert_eq!(r.4, Ok(Action::Catch));
}

#[tokio::test]
async fn blocking_read_returns_eintr_when_a_caught_signal_arrives() {
    let r = as_init(image(), |cx| async move {
        let (rd, _wr) = cx.pipe().await.unwrap();
        let (tx, rx) = oneshot::channel();
        let opts = SpawnOptions {
            fd_map: vec![(Fd(0), rd)],
            ..Default::default()
        };
        let (ready_tx, ready_rx) = oneshot::channel();
        let pid = cx
            .spawn_fn(argv(&["reader"]), opts, move |c| async move {
                c.signal_action(Signal::Int, Action::Catch).unwrap();
                let _ = ready_tx.send(());
                let read = c.read(Fd::STDIN, 10).await;
                let _ = tx.send((read, c.try_signal(), c.try_signal()));
                ExitStatus(0)
            })
            .await
            .unwrap();
        ready_rx.await.unwrap();
        cx.kill(kpid(pid), Signal::Int).unwrap();
        let got = rx.await.unwrap();
        cx.wait(pid).await.unwrap();
        got
    })
    .await;
    assert_eq!(r.0, Err(Errno::EINTR));
    assert_eq!(r.1, Some(Signal::Int));
    assert_eq!(r.2, None);
}

#[tokio::test]
async fn wait_returns_eintr_when_a_caught_signal_arrives() {
    let r = as_init(image(), |cx| async move {
        cx.signal_action(Signal::Term, Action::Catch).unwrap();
        let pid = blocked_child(&cx).await;
        cx.kill(1, Signal::Term).unwrap();
        let interrupted = cx.wait(pid).await;
        let taken = cx.try_signal();
        cx.kill(kpid(pid), Signal::Kill).unwrap();
        (interrupted, taken, cx.wait(pid).await)
    })
    .await;
    assert_eq!(
        r,
        (Err(Errno::EINTR), Some(Signal::Term), Ok(ExitStatus(137)))
    );
}

#[tokio::test]
async fn sigchld_reaches_a_parent_that_catches_it() {
    let r = as_init(image(), |cx| async move {
        cx.signal_action(Signal::Chld, Action::Catch).unwrap();
        let pid = child(&cx, |_| async { ExitStatus(4) }).await;
        let sig = cx.next_signal().await;
        (sig, cx.wait(pid).await)
    })
    .await;
    assert_eq!(r, (Signal::Chld, Ok(ExitStatus(4))));
}

#[tokio::test]
async fn write_to_a_pipe_with_no_reader_ends_the_writer_with_141() {
    let st = as_init(image(), |cx| async move {
        let pid = child(&cx, |c| async move {
            let (r, w) = c.pipe().await.unwrap();
            c.close(r).await.unwrap();
            let _ = c.write(w, "x".into()).await;
            ExitStatus(0)
        })
        .await;
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(141)));
}

#[tokio::test]
async fn caught_sigpipe_leaves_the_write_failing_with_epipe() {
    let r = as_init(image(), |cx| async move {
        cx.signal_action(Signal::Pipe, Action::Catch).unwrap();
        let (r, w) = cx.pipe().await.unwrap();
        cx.close(r).await.unwrap();
        (cx.write(w, "x".into()).await, cx.try_signal())
    })
    .await;
    assert_eq!(r, (Err(Errno::EPIPE), Some(Signal::Pipe)));
}

#[tokio::test]
async fn kill_of_an_unknown_pid_or_group_is_esrch() {
    let r = as_init(image(), |cx| async move {
        (
            cx.kill(4242, Signal::Term),
            cx.kill(-4242, Signal::Term),
            cx.kill_session(warren_kernel::Sid(4242), Signal::Term),
        )
    })
    .await;
    assert_eq!(r, (Err(Errno::ESRCH), Err(Errno::ESRCH), Err(Errno::ESRCH)));
}

#[tokio::test]
async fn kill_session_signals_every_process_of_the_session() {
    let r = as_init(image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let leader = child(&cx, move |c| async move {
            c.setsid().unwrap();
            let member = c
                .spawn_fn(argv(&["member"]), SpawnOptions::default(), |_| {
                    std::future::pending()
                })
                .await
                .unwrap();
            let _ = tx.send(member);
            let st = c.wait(member).await;
            ExitStatus(st.map_or(1, |s| s.0))
        })
        .await;
        let member = rx.await.unwrap();
        let outside = blocked_child(&cx).await;
        cx.kill_session(warren_kernel::Sid(leader.0), Signal::Hup)
            .unwrap();
        let got = cx.wait(leader).await;
        cx.kill(kpid(outside), Signal::Kill).unwrap();
        (member, got, cx.wait(outside).await)
    })
    .await;
    assert_eq!(r.1, Ok(ExitStatus(129)), "the leader died of SIGHUP");
    assert_eq!(
        r.2,
        Ok(ExitStatus(137)),
        "outside the session: untouched until killed"
    );
}

#[tokio::test]
async fn host_hangup_sends_sighup_to_the_session_and_signal_group_to_a_group() {
    let (host_tx, host_rx) = oneshot::channel::<warren_kernel::Host>();
    let (res_tx, res_rx) = oneshot::channel();
    let unix: Unix = image()
        .init_fn(move |cx| async move {
            let host = host_rx.await.unwrap();
            let a = blocked_child(&cx).await;
            cx.setpgid(a, Pgid(0)).unwrap();
            let info = host.process_info(a);
            let sid = host.group_session(Pgid(a.0));
            let found = host.signal_group(Pgid(a.0), Signal::Int);
            let none = host.signal_group(Pgid(999), Signal::Int);
            let st = cx.wait(a).await;
            let b = blocked_child(&cx).await;
            let (host_b, session) = (host.clone(), warren_kernel::Sid(1));
            cx.signal_action(Signal::Hup, Action::Ignore).unwrap();
            host_b.hangup_session(session);
            let st_b = cx.wait(b).await;
            let _ = res_tx.send((info, sid, found, none, st, st_b, host.process_info(a)));
            ExitStatus(0)
        })
        .boot()
        .await
        .unwrap();
    let _ = host_tx.send(unix.host());
    let r = tokio::time::timeout(GUARD, res_rx).await.unwrap().unwrap();
    unix.shutdown().await;
    let (info, sid, found, none, st, st_b, gone) = r;
    assert_eq!(info.map(|(s, _, l)| (s.0, l)), Some((1, false)));
    assert!(info.is_some_and(|(_, g, _)| g.0 > 1));
    assert_eq!(sid, Some(warren_kernel::Sid(1)));
    assert!(found && !none);
    assert_eq!(st, Ok(ExitStatus(130)));
    assert_eq!(
        st_b,
        Ok(ExitStatus(129)),
        "init ignored SIGHUP, its child did not"
    );
    assert_eq!(gone, None);
}

#[tokio::test]
async fn children_inherit_ignored_signals_unless_spawned_with_default_signals() {
    let r = as_init(image(), |cx| async move {
        cx.signal_action(Signal::Int, Action::Ignore).unwrap();
        cx.signal_action(Signal::Quit, Action::Catch).unwrap();
        let report = |opts: SpawnOptions| {
            let cx = cx.clone();
            async move {
                let (tx, rx) = oneshot::channel();
                let pid = cx
                    .spawn_fn(argv(&["kid"]), opts, move |c| async move {
                        let int = c.signal_action(Signal::Int, Action::Default);
                        let quit = c.signal_action(Signal::Quit, Action::Default);
                        let _ = tx.send((int, quit));
                        ExitStatus(0)
                    })
                    .await
                    .unwrap();
                cx.wait(pid).await.unwrap();
                rx.await.unwrap()
            }
        };
        let inherited = report(SpawnOptions::default()).await;
        let reset = report(SpawnOptions {
            default_signals: true,
            ..Default::default()
        })
        .await;
        (inherited, reset)
    })
    .await;
    assert_eq!(r.0, (Ok(Action::Ignore), Ok(Action::Default)));
    assert_eq!(r.1, (Ok(Action::Default), Ok(Action::Default)));
}
