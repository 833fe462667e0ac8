//! Stopping and continuing: SIGSTOP and SIGTSTP stop a process (its bin is not polled),
//! `waitpid` with `untraced` reports each stop once, SIGCONT resumes, and signals that
//! arrive while stopped.

mod common;

use common::{argv, as_init, blocked_child, image, kpid, slurp_fd};
use warren_kernel::{ExitStatus, Fd, Pgid, Signal, SpawnOptions, WaitFor, WaitOptions, WaitStatus};

#[tokio::test]
async fn sigstop_stops_wait_untraced_reports_it_and_sigcont_resumes() {
    let r = as_init(image(), |cx| async move {
        let (rd, wr) = cx.pipe().await.unwrap();
        let (out_r, out_w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fd_map: vec![(Fd(0), rd), (Fd(1), out_w)],
            ..Default::default()
        };
        let pid = cx.spawn(argv(&["cat"]), opts).await.unwrap();
        cx.close(rd).await.unwrap();
        cx.close(out_w).await.unwrap();
        let untraced = WaitOptions {
            untraced: true,
            ..Default::default()
        };
        cx.kill(kpid(pid), Signal::Stop).unwrap();
        let stopped = cx.waitpid(WaitFor::Pid(pid), untraced).await;
        let again = cx
            .waitpid(
                WaitFor::Pid(pid),
                WaitOptions {
                    nohang: true,
                    ..untraced
                },
            )
            .await;
        cx.write_all(wr, "hello").await.unwrap();
        cx.close(wr).await.unwrap();
        cx.kill(kpid(pid), Signal::Cont).unwrap();
        let continued = cx
            .waitpid(
                WaitFor::Pid(pid),
                WaitOptions {
                    continued: true,
                    ..Default::default()
                },
            )
            .await;
        let out = slurp_fd(&cx, out_r).await;
        (stopped, again, continued, out, cx.wait(pid).await)
    })
    .await;
    assert_eq!(
        r.0,
        Ok(Some((
            r.0.unwrap().unwrap().0,
            WaitStatus::Stopped(Signal::Stop)
        )))
    );
    assert_eq!(r.1, Ok(None), "a stop is reported once");
    assert!(matches!(r.2, Ok(Some((_, WaitStatus::Continued)))));
    assert_eq!(&r.3[..], b"hello");
    assert_eq!(r.4, Ok(ExitStatus(0)));
}

#[tokio::test]
async fn sigtstp_stops_a_job_and_waitpid_on_the_group_reports_it() {
    let r = as_init(image(), |cx| async move {
        let a = blocked_child(&cx).await;
        cx.setpgid(a, Pgid(0)).unwrap();
        cx.kill(-kpid(a), Signal::Tstp).unwrap();
        let opts = WaitOptions {
            untraced: true,
            ..Default::default()
        };
        let stopped = cx.waitpid(WaitFor::Group(Pgid(a.0)), opts).await;
        // A stopped process still dies of SIGKILL.
        cx.kill(kpid(a), Signal::Kill).unwrap();
        (a, stopped, cx.wait(a).await)
    })
    .await;
    let (a, stopped, status) = r;
    assert_eq!(stopped, Ok(Some((a, WaitStatus::Stopped(Signal::Tstp)))));
    assert_eq!(status, Ok(ExitStatus(137)));
}

#[tokio::test]
async fn sigterm_to_a_stopped_process_takes_effect_on_sigcont() {
    let r = as_init(image(), |cx| async move {
        let a = blocked_child(&cx).await;
        let untraced = WaitOptions {
            untraced: true,
            ..Default::default()
        };
        cx.kill(kpid(a), Signal::Stop).unwrap();
        cx.waitpid(WaitFor::Pid(a), untraced).await.unwrap();
        cx.kill(kpid(a), Signal::Term).unwrap();
        let nohang = WaitOptions {
            nohang: true,
            ..Default::default()
        };
        let still = cx.waitpid(WaitFor::Pid(a), nohang).await;
        cx.kill(kpid(a), Signal::Cont).unwrap();
        (still, cx.wait(a).await)
    })
    .await;
    assert_eq!(r, (Ok(None), Ok(ExitStatus(143))));
}
