//! exec: the same process (pid, parent, fds, environment, working directory, session,
//! group, uid) runs a new program; failures return the errno; signal actions reset.

mod common;

use common::{argv, as_init, image, kpid, slurp_fd};
use warren_kernel::{
    bin, Action, Builder, ExitStatus, Fd, Pgid, ProcContext, Signal, SpawnOptions,
};
use warren_proto::{Errno, Gid, Uid};

/// The test image plus `ids`, which prints `pid ppid sid pgid uid gid cwd X=$X argv...`, and
/// `actions`, which prints its actions for INT and TERM.
fn exec_image() -> Builder {
    image()
        .bin(
            "ids",
            bin(|cx: ProcContext| async move {
                let line = format!(
                    "{} {} {} {} {} {} {} X={} {}",
                    cx.pid().0,
                    cx.ppid().0,
                    cx.sid().0,
                    cx.pgid().0,
                    cx.uid().0,
                    cx.gid().0,
                    cx.cwd(),
                    cx.getenv("X").unwrap_or_default(),
                    cx.argv().join(" "),
                );
                ExitStatus(u8::from(cx.write_all(Fd::STDOUT, line).await.is_err()))
            }),
        )
        .bin(
            "actions",
            bin(|cx: ProcContext| async move {
                let int = cx.signal_action(Signal::Int, Action::Default);
                let term = cx.signal_action(Signal::Term, Action::Default);
                let line = format!("{int:?} {term:?}");
                ExitStatus(u8::from(cx.write_all(Fd::STDOUT, line).await.is_err()))
            }),
        )
}

/// Run `f` in a child whose stdout is a pipe; return the child's pid, what it wrote and
/// its status.
async fn run_child<F, Fut>(cx: &ProcContext, f: F) -> (u32, String, ExitStatus)
where
    F: FnOnce(ProcContext) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ExitStatus> + Send + 'static,
{
    let (r, w) = cx.pipe().await.unwrap();
    let opts = SpawnOptions {
        fd_map: vec![(Fd::STDOUT, w)],
        ..Default::default()
    };
    let pid = cx.spawn_fn(argv(&["pre-exec"]), opts, f).await.unwrap();
    cx.close(w).await.unwrap();
    let out = slurp_fd(cx, r).await;
    let st = cx.wait(pid).await.unwrap();
    (pid.0, String::from_utf8_lossy(&out).into_owned(), st)
}

#[tokio::test]
async fn exec_keeps_the_process_and_runs_the_new_program() {
    let (pid, out, st) = as_init(exec_image(), |cx| async move {
        run_child(&cx, |c| async move {
            c.setpgid(warren_kernel::Pid(0), Pgid(0)).unwrap();
            c.setenv("X", "kept");
            c.chdir("/tmp").await.unwrap();
            c.setuid(Uid(7)).unwrap();
            let e = c.exec(argv(&["ids", "a", "b"])).await;
            panic!("exec returned {e:?}");
        })
        .await
    })
    .await;
    assert_eq!(st, ExitStatus(0));
    assert_eq!(out, format!("{pid} 1 1 {pid} 7 0 /tmp X=kept ids a b"));
}

#[tokio::test]
async fn exec_of_a_missing_program_returns_enoent_and_the_old_program_goes_on() {
    let (_, out, st) = as_init(exec_image(), |cx| async move {
        run_child(&cx, |c| async move {
            let e = c.exec(argv(&["no-such-program"])).await;
            let _ = c.write_all(Fd::STDOUT, format!("{e:?}")).await;
            ExitStatus(9)
        })
        .await
    })
    .await;
    assert_eq!((out.as_str(), st), ("ENOENT", ExitStatus(9)));
}

#[tokio::test]
async fn exec_without_execute_permission_is_eacces() {
    let e = as_init(exec_image(), |cx| async move {
        common::put(&cx, "/tmp/plain", "not a program").await;
        cx.exec(argv(&["/tmp/plain"])).await
    })
    .await;
    assert_eq!(e, Errno::EACCES);
}

#[tokio::test]
async fn exec_resets_caught_signals_and_keeps_ignored_ones() {
    let (_, out, _) = as_init(exec_image(), |cx| async move {
        run_child(&cx, |c| async move {
            c.signal_action(Signal::Int, Action::Catch).unwrap();
            c.signal_action(Signal::Term, Action::Ignore).unwrap();
            let e = c.exec(argv(&["actions"])).await;
            panic!("exec returned {e:?}");
        })
        .await
    })
    .await;
    assert_eq!(out, "Ok(Default) Ok(Ignore)");
}

#[tokio::test]
async fn an_execd_program_is_still_the_parents_child_and_can_be_killed() {
    let st = as_init(exec_image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fd_map: vec![(Fd::STDIN, r)],
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["x"]), opts, |c| async move {
                let e = c.exec(argv(&["cat"])).await;
                panic!("exec returned {e:?}");
            })
            .await
            .unwrap();
        cx.close(r).await.unwrap();
        let _keep_open = w;
        cx.kill(kpid(pid), Signal::Term).unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(143)));
}

#[tokio::test]
async fn exec_keeps_the_gid() {
    let (_, out, _) = as_init(exec_image(), |cx| async move {
        run_child(&cx, |c| async move {
            c.setgid(Gid(44)).unwrap();
            let e = c.exec(argv(&["ids"])).await;
            panic!("exec returned {e:?}");
        })
        .await
    })
    .await;
    assert!(out.ends_with(" 0 44 / X= ids"), "{out}");
}
